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


#: Paragraphs and points named in running text ("Article 33, paragraph 2").
_IN_TEXT: dict[str, dict[str, str]] = {
    "en": {"paragraph": "paragraph {num}", "point": "point {num}"},
    "ru": {"paragraph": "пункт {num}", "point": "подпункт {num}"},
    "kk": {"paragraph": "{num}-тармақ", "point": "{num}-тармақша"},
}


def cited_label(kind: str, num: str, language: str) -> str:
    """The label of a provision as a sentence names it: paragraphs and points by word."""
    template = _IN_TEXT.get(language, _IN_TEXT["en"]).get(kind)
    return template.format(num=num) if template else provision_label(kind, num, language)
