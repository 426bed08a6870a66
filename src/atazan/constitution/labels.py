"""How provisions are labelled in each language of the text (not of the interface).

A Kazakh text says "33-бап" even when the reader's interface is in English,
so labels follow the text's language and are not gettext strings.
"""

from __future__ import annotations

_TEMPLATES: dict[str, dict[str, str]] = {
    "en": {
        "preamble": "Preamble",
        "section": "Section {num}",
        "chapter": "Chapter {num}",
        "article": "Article {num}",
    },
    "ru": {
        "preamble": "Преамбула",
        "section": "Раздел {num}",
        "chapter": "Глава {num}",
        "article": "Статья {num}",
    },
    "kk": {
        "preamble": "Кіріспе",
        "section": "{num} бөлім",
        "chapter": "{num}-тарау",
        "article": "{num}-бап",
    },
}


def provision_label(kind: str, num: str, language: str) -> str:
    if kind == "paragraph":
        return f"{num}."
    if kind == "point":
        return f"{num})"
    template = _TEMPLATES.get(language, _TEMPLATES["en"]).get(kind, "{num}")
    return template.format(num=num)
