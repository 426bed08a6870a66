"""HTML rendering of a Document: a standalone page, or a body for templates."""

from __future__ import annotations

from html import escape

from atazan_texts.model import Document, Provision

_LABELS: dict[str, dict[str, str]] = {
    "en": {"preamble": "Preamble", "section": "Section {num}", "chapter": "Chapter {num}",
           "article": "Article {num}", "contents": "Contents"},
    "ru": {"preamble": "Преамбула", "section": "Раздел {num}", "chapter": "Глава {num}",
           "article": "Статья {num}", "contents": "Содержание"},
    "kk": {"preamble": "Кіріспе", "section": "{num} бөлім", "chapter": "{num}-тарау",
           "article": "{num}-бап", "contents": "Мазмұны"},
}  # fmt: skip

PRINT_CSS = """
@page { size: A4; margin: 2cm 2cm 2.2cm; @bottom-center { content: counter(page); font-size: 9pt; } }
body { font-family: "DejaVu Sans", "Noto Sans", sans-serif; font-size: 10.5pt; line-height: 1.45; color: #111; }
h1 { font-size: 17pt; } h2 { font-size: 13pt; margin-top: 1.4em; } h3 { font-size: 11pt; margin: 1em 0 .3em; }
.toc ol { list-style: none; padding-left: 0; } .toc li { margin: .1em 0; }
.paragraph, .point { margin: .25em 0; } .point { margin-left: 1.5em; }
.num { color: #555; margin-right: .35em; } .note { color: #555; font-style: italic; }
"""


def label(kind: str, num: str, language: str) -> str:
    if kind == "paragraph":
        return f"{num}."
    if kind == "point":
        return f"{num})"
    words = _LABELS.get(language, _LABELS["en"])
    return words.get(kind, "{num}").format(num=num)


def _lines(text: str) -> str:
    return "".join(f"<p>{escape(line)}</p>" for line in text.split("\n") if line)


def render_body_html(document: Document) -> str:
    eids = {id(loc.provision): loc.eid for loc in document.located()}
    out: list[str] = []

    def emit(node: Provision) -> None:
        eid = escape(eids[id(node)])
        name = escape(label(node.kind, node.num, document.language))
        heading = f" <span class=\"heading\">{escape(node.heading)}</span>" if node.heading else ""
        if node.kind in ("preamble", "section", "chapter"):
            out.append(f'<section class="{node.kind}" id="{eid}"><h2>{name}{heading}</h2>')
            out.append(_lines(node.text))
            for child in node.children:
                emit(child)
            out.append("</section>")
        elif node.kind == "article":
            out.append(f'<article class="article" id="{eid}"><h3>{name}{heading}</h3>')
            out.append(_lines(node.text))
            for child in node.children:
                emit(child)
            out.append("</article>")
        else:
            out.append(
                f'<div class="{node.kind}" id="{eid}"><span class="num">{name}</span>'
                f"{_lines(node.text)}"
            )
            for child in node.children:
                emit(child)
            out.append("</div>")

    for node in document.children:
        emit(node)
    return "".join(out)


def _toc(document: Document) -> str:
    items = []
    for loc in document.located():
        node = loc.provision
        if node.kind not in ("preamble", "section", "chapter", "article"):
            continue
        text = label(node.kind, node.num, document.language)
        if node.heading:
            text = f"{text}. {node.heading}"
        items.append(f'<li class="{node.kind}"><a href="#{escape(loc.eid)}">{escape(text)}</a></li>')
    title = _LABELS.get(document.language, _LABELS["en"])["contents"]
    return f'<nav class="toc"><h2>{escape(title)}</h2><ol>{"".join(items)}</ol></nav>'


def to_html(document: Document, *, standalone: bool = True) -> str:
    body = render_body_html(document)
    note = f'<p class="note">{escape(document.note)}</p>' if document.note else ""
    inner = f"<h1>{escape(document.title)}</h1>{note}{_toc(document)}{body}"
    if not standalone:
        return inner
    lang = escape(document.language or "und")
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)}</title><style>{PRINT_CSS}</style></head>"
        f"<body>{inner}</body></html>"
    )
