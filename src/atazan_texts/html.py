"""HTML rendering of a Document: a standalone page, or a fragment for templates.

Every provision gets ``id`` = its position id (so ``#sec_2__art_33`` links
work) and ``data-uid`` = its permanent id (so comments and proposals can
anchor to a provision across versions). All text is escaped.
"""

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

#: Screen and print styles of the standalone page; WeasyPrint uses the same page for PDF.
CSS = """
@page { size: A4; margin: 2.2cm 2cm 2.4cm; font-family: "DejaVu Sans", "Noto Sans", sans-serif;
  @top-center { content: string(doctitle); font-size: 8pt; color: #666; }
  @bottom-center { content: counter(page) " / " counter(pages); font-size: 9pt; } }
@page :first { @top-center { content: none; } }
body { font-family: "DejaVu Sans", "Noto Sans", "Liberation Sans", Arial, sans-serif;
  font-size: 10.5pt; line-height: 1.45; color: #111; max-width: 46em; margin: 0 auto; }
h1 { font-size: 17pt; string-set: doctitle content(); }
h2 { font-size: 13pt; margin-top: 1.6em; } h3 { font-size: 12pt; } h4 { font-size: 11pt; }
h2, h3, h4, h5 { break-after: avoid; }
.toc ol { list-style: none; padding-left: 1.2em; } .toc > ol { padding-left: 0; }
.toc a { color: inherit; text-decoration: none; }
.paragraph, .point { margin: .3em 0; } .point { margin-left: 1.6em; }
.provision-text p { margin: .25em 0; }
.num { font-weight: bold; margin-right: .35em; }
.note { color: #555; font-style: italic; }
@media print { .toc { break-after: page; } }
"""


def label(kind: str, num: str, language: str) -> str:
    """How a provision is named in its language: ``Статья 5``, ``II бөлім``, ``3-1.``."""
    if kind == "paragraph":
        return f"{num}."
    if kind == "point":
        return f"{num})"
    words = _LABELS.get(language, _LABELS["en"])
    return words.get(kind, "{num}").format(num=num)


def _title(provision: Provision, language: str) -> str:
    name = label(provision.kind, provision.num, language)
    return f"{name}. {provision.heading}" if provision.heading else name


def _paragraphs(text: str, number: str = "") -> str:
    """One <p> per line; a paragraph's or point's number leads its first line."""
    lines = text.split("\n") if text else []
    if number:
        first = f'<span class="num">{escape(number)}</span>'
        lines_html = [first + (" " + escape(lines[0]) if lines else "")]
        lines_html += [escape(line) for line in lines[1:]]
    else:
        lines_html = [escape(line) for line in lines]
    return "".join(f"<p>{line}</p>" for line in lines_html)


def render_body_html(document: Document) -> str:
    """The provisions alone, in a ``<div lang=…>``: for a page that has its own title."""
    eids = {id(loc.provision): loc.eid for loc in document.located()}
    out: list[str] = []

    def attrs(node: Provision, css: str) -> str:
        uid = f' data-uid="{escape(node.uid)}"' if node.uid else ""
        return f'class="{css}" id="{escape(eids[id(node)])}"{uid}'

    def emit(node: Provision, depth: int) -> None:
        if node.kind in ("paragraph", "point"):
            number = label(node.kind, node.num, document.language)
            out.append(f"<div {attrs(node, node.kind)}>{_paragraphs(node.text, number)}")
            for child in node.children:
                emit(child, depth)
            out.append("</div>")
            return
        tag = "article" if node.kind == "article" else "section"
        level = min(depth + 2, 6)
        heading = _heading_html(node, document.language)
        out.append(f"<{tag} {attrs(node, node.kind)}><h{level}>{heading}</h{level}>")
        if node.text:
            out.append(f'<div class="provision-text">{_paragraphs(node.text)}</div>')
        for child in node.children:
            emit(child, depth + (1 if node.kind in ("section", "chapter") else 0))
        out.append(f"</{tag}>")

    for node in document.children:
        emit(node, 0)
    lang = escape(document.language or "und")
    return f'<div class="constitution-text" lang="{lang}">{"".join(out)}</div>'


def _heading_html(node: Provision, language: str) -> str:
    name = f'<span class="label">{escape(label(node.kind, node.num, language))}</span>'
    if not node.heading:
        return name
    return f'{name}. <span class="title">{escape(node.heading)}</span>'


def table_of_contents(document: Document) -> str:
    """Nested links to the preamble, sections, chapters and articles."""
    eids = {id(loc.provision): loc.eid for loc in document.located()}

    def items(nodes: list[Provision]) -> str:
        out = []
        for node in nodes:
            if node.kind not in ("preamble", "section", "chapter", "article"):
                continue
            link = (
                f'<a href="#{escape(eids[id(node)])}">{escape(_title(node, document.language))}</a>'
            )
            inner = items(node.children) if node.kind in ("section", "chapter") else ""
            out.append(f'<li class="{node.kind}">{link}{inner}</li>')
        return f"<ol>{''.join(out)}</ol>" if out else ""

    heading = _LABELS.get(document.language, _LABELS["en"])["contents"]
    return f'<nav class="toc"><h2>{escape(heading)}</h2>{items(document.children)}</nav>'


def to_html(document: Document, *, standalone: bool = True) -> str:
    """Title, note, contents and text; a whole page unless ``standalone`` is False.

    The fragment (``standalone=False``) is wrapped in ``<div lang=…>`` so it
    can sit in a page whose interface language differs from the text's.
    """
    lang = escape(document.language or "und")
    note = f'<p class="note">{escape(document.note)}</p>' if document.note else ""
    inner = (
        f"<h1>{escape(document.title)}</h1>{note}"
        f"{table_of_contents(document)}{render_body_html(document)}"
    )
    if not standalone:
        return f'<div class="constitution" lang="{lang}">{inner}</div>'
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(document.title)}</title><style>{CSS}</style></head>"
        f"<body>{inner}</body></html>\n"
    )
