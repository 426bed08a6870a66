"""Akoma Ntoso, JSON, HTML and PDF: lossless round trips and clear errors."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from atazan_texts.akn import parse_akn, to_akn
from atazan_texts.errors import TextImportError
from atazan_texts.html import to_html
from atazan_texts.io import dump_document, load_document
from atazan_texts.jsonio import from_json, to_json
from atazan_texts.plaintext import parse_plaintext
from atazan_texts.testing import documents

SAMPLE = """% title: Хартия <Озёрных> кантонов & Co
% work: lakes
% version: 2001
Раздел I. Основы
Статья 1
1. Власть принадлежит народу.
2. Исключения:
1) первое;
2) второе.
Статья 2
Столица — Тасбулак.
"""


@settings(max_examples=80, deadline=None)
@given(documents())
def test_akoma_ntoso_round_trip_is_lossless(document) -> None:  # type: ignore[no-untyped-def]
    assert parse_akn(to_akn(document)) == document


@settings(max_examples=80, deadline=None)
@given(documents())
def test_json_round_trip_is_lossless(document) -> None:  # type: ignore[no-untyped-def]
    assert from_json(json.loads(json.dumps(to_json(document)))) == document


def test_akoma_ntoso_carries_position_and_permanent_ids() -> None:
    document = parse_plaintext(SAMPLE)
    xml = to_akn(document).decode()
    article = document.articles()[0].provision
    assert f'eId="sec_1__art_1" wId="{article.uid}"' in xml
    assert "<num>1)</num>" in xml
    assert 'language="rus"' in xml


def test_akoma_ntoso_from_another_tool_is_read() -> None:
    xml = b"""<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act">
<meta><identification source="#x"><FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression></identification></meta>
<preface><p><docTitle>Basic Law</docTitle></p></preface>
<body><part eId="part_1"><num>Part 1</num><heading>General</heading>
<article eId="art_1"><num>Article 1</num>
<paragraph eId="art_1__para_1"><num>1.</num><list><intro><p>The state protects:</p></intro>
<point eId="art_1__para_1__point_a"><num>1)</num><content><p>life;</p></content></point></list></paragraph>
</article></part></body></act></akomaNtoso>"""
    document = parse_akn(xml)
    assert document.title == "Basic Law"
    assert document.language == "en"
    paragraph = document.articles()[0].provision.children[0]
    assert paragraph.text == "The state protects:"
    assert paragraph.children[0].text == "life;"
    assert all(p.uid for p in document.walk())


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(TextImportError) as caught:
        parse_akn(b"<akomaNtoso>\n<act>\n<body>\n</act>")
    assert caught.value.problems[0].line is not None


def test_unknown_elements_in_the_body_are_reported_with_their_line() -> None:
    xml = (
        b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act><body>\n'
        b"<article><num>1</num><content><p>x</p></content></article>\n"
        b"<hcontainer name='annex'/>\n</body></act></akomaNtoso>"
    )
    with pytest.raises(TextImportError) as caught:
        parse_akn(xml)
    assert caught.value.problems[0].line == 3
    assert "hcontainer" in caught.value.problems[0].message


def test_json_errors_name_the_field() -> None:
    with pytest.raises(TextImportError, match=r"children\[0\]\.kind"):
        from_json({"title": "x", "children": [{"kind": "chapterette"}]})


def test_html_escapes_the_text_and_anchors_every_provision() -> None:
    html = to_html(parse_plaintext(SAMPLE))
    assert "&lt;Озёрных&gt;" in html and "&amp; Co" in html
    assert 'id="sec_1__art_1__para_2__point_2"' in html
    assert 'href="#sec_1__art_2"' in html
    assert '<html lang="ru">' in html


def test_pdf_export_produces_a_pdf() -> None:
    pdf = dump_document(parse_plaintext(SAMPLE), "pdf")
    assert pdf.startswith(b"%PDF")
    assert pdf.rstrip().endswith(b"%%EOF")
    assert len(pdf) > 2000


def test_load_document_detects_the_format() -> None:
    document = parse_plaintext(SAMPLE)
    for fmt in ("akn", "json", "txt"):
        loaded = load_document(dump_document(document, fmt))
        assert [p.text for p in loaded.walk()] == [p.text for p in document.walk()]


def test_non_utf8_text_is_refused_with_its_line() -> None:
    with pytest.raises(TextImportError, match="line 2"):
        load_document(b"Article 1\n\xff\xfe broken\n", "txt")
