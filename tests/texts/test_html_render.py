"""HTML: escaped text, anchors equal to eids, contents, language attributes."""

from __future__ import annotations

from lxml import html as lxml_html

from atazan_texts.html import render_body_html, to_html
from atazan_texts.plaintext import parse_plaintext

SAMPLE = """% title: Хартия <Озёрных> кантонов & "Co"
% language: ru
% note: <script>alert(1)</script>
Преамбула
Мы & <вы>.
Раздел I. Основы <b>
Статья 1. Власть "народа"
1. Власть принадлежит народу.
2. Исключения:
1) <img src=x onerror=alert(1)>;
2) второе.
Статья 2
Столица — Тасбулак.
"""


def test_every_piece_of_text_is_escaped() -> None:
    page = to_html(parse_plaintext(SAMPLE))
    assert "<script>" not in page and "<img" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Хартия &lt;Озёрных&gt; кантонов &amp; &quot;Co&quot;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;;" in page


def test_every_provision_is_anchored_by_its_eid_and_linked_from_the_contents() -> None:
    document = parse_plaintext(SAMPLE)
    tree = lxml_html.fromstring(to_html(document))
    ids = tree.xpath("//*[@id]/@id")
    assert ids == [loc.eid for loc in document.located()]
    links = tree.xpath("//nav[@class='toc']//a/@href")
    assert links == ["#preamble", "#sec_1", "#sec_1__art_1", "#sec_1__art_2"]
    point = tree.get_element_by_id("sec_1__art_1__para_2__point_1")  # type: ignore[attr-defined]
    assert point.get("data-uid") == document.by_eid()["sec_1__art_1__para_2__point_1"].uid


def test_headings_and_numbers_are_labelled_in_the_texts_language() -> None:
    tree = lxml_html.fromstring(to_html(parse_plaintext(SAMPLE)))
    assert tree.xpath("string(//section[@id='sec_1']/h2)") == "Раздел I. Основы <b>"
    assert tree.xpath("string(//article[@id='sec_1__art_1']/h3)") == 'Статья 1. Власть "народа"'
    assert tree.xpath("string(//*[@id='sec_1__art_1__para_2']/p)") == "2. Исключения:"
    assert tree.xpath("string(//nav/h2)") == "Содержание"


def test_the_page_and_the_fragments_carry_the_language() -> None:
    document = parse_plaintext(SAMPLE)
    assert to_html(document).startswith('<!DOCTYPE html>\n<html lang="ru">')
    fragment = to_html(document, standalone=False)
    assert fragment.startswith('<div class="constitution" lang="ru">') and "<html" not in fragment
    body = render_body_html(document)
    assert body.startswith('<div class="constitution-text" lang="ru">')
    assert "<h1>" not in body and "toc" not in body


def test_each_line_of_text_is_its_own_paragraph() -> None:
    document = parse_plaintext("% language: en\nArticle 1\nFirst line\nsecond line\n")
    tree = lxml_html.fromstring(render_body_html(document))
    assert tree.xpath("//article[@id='art_1']//p/text()") == ["First line", "second line"]
