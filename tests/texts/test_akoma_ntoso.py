"""Akoma Ntoso 3.0: lossless round trips, ids, metadata, other tools' files, errors."""

from __future__ import annotations

from typing import Any, cast

import pytest
from hypothesis import given, settings
from lxml import etree

from atazan_texts.akn import AKN_NS, parse_akn, to_akn
from atazan_texts.errors import TextImportError
from atazan_texts.model import Document, Provision, derive_uid
from atazan_texts.plaintext import parse_plaintext
from atazan_texts.testing import documents

NS = {"a": AKN_NS}

SAMPLE = """% title: Хартия <Озёрных> кантонов & Co
% language: ru
% work: lakes
% version: 2001
% date: 2001-05-01
% status: draft
% note: Образец.
Преамбула
Мы, жители озёр,
принимаем эту Хартию.
Раздел I. Основы
Статья 1
1. Власть принадлежит народу.
2. Исключения:
1) первое;
2) второе.
Статья 2
Столица — Тасбулак.
"""


def _nodes(root: etree._Element, path: str, **variables: str) -> list[Any]:
    """XPath results with the AKN prefix ``a:`` bound, typed loosely for tests."""
    return cast(list[Any], root.xpath(path, namespaces=NS, **variables))  # type: ignore[arg-type]


def _problems(xml: bytes, **kwargs: str) -> list[tuple[int | None, str]]:
    with pytest.raises(TextImportError) as caught:
        parse_akn(xml, **kwargs)
    return [(p.line, p.message) for p in caught.value.problems]


def _act(body: str, meta: str = "") -> bytes:
    """A minimal act from another tool, the body starting on line 3."""
    return (
        f'<akomaNtoso xmlns="{AKN_NS}"><act name="act"><meta><identification source="#x">'
        f'<FRBRExpression><FRBRlanguage language="eng"/></FRBRExpression></identification>{meta}'
        f"</meta>\n<body>\n{body}\n</body></act></akomaNtoso>"
    ).encode()


@settings(max_examples=60, deadline=None)
@given(documents())
def test_export_then_import_gives_back_the_same_document(document: Document) -> None:
    assert parse_akn(to_akn(document)) == document


def test_the_sample_round_trips_with_its_metadata() -> None:
    document = parse_plaintext(SAMPLE)
    assert parse_akn(to_akn(document)) == document


def test_provisions_carry_position_ids_as_eid_and_permanent_ids_as_wid() -> None:
    document = parse_plaintext(SAMPLE)
    root = etree.fromstring(to_akn(document))
    for loc in document.located():
        [element] = _nodes(root, "//*[@eId=$eid]", eid=loc.eid)
        assert element.get("wId") == loc.provision.uid
        assert etree.QName(element).localname == loc.provision.kind
    point = _nodes(root, "//a:point[@eId='sec_1__art_1__para_2__point_2']")[0]
    assert str(point.xpath("string(a:num)", namespaces=NS)) == "2)"
    assert _nodes(point, "a:content/a:p/text()") == ["второе."]


def test_text_before_children_is_an_intro_and_every_line_its_own_p() -> None:
    root = etree.fromstring(to_akn(parse_plaintext(SAMPLE)))
    assert _nodes(root, "//a:preamble/a:p/text()") == [
        "Мы, жители озёр,", "принимаем эту Хартию.",
    ]  # fmt: skip
    paragraph = _nodes(root, "//a:paragraph[@eId='sec_1__art_1__para_2']")[0]
    assert _nodes(paragraph, "a:intro/a:p/text()") == ["Исключения:"]
    assert _nodes(paragraph, "a:num/text()") == ["2."]


def test_frbr_metadata_names_the_work_expression_and_language() -> None:
    root = etree.fromstring(to_akn(parse_plaintext(SAMPLE)))
    act = root.find(f"{{{AKN_NS}}}act")
    assert act is not None and act.get("name") == "constitution"

    def value(path: str) -> str:
        return str(root.xpath(f"string(//a:{path})", namespaces=NS))

    assert value("FRBRWork/a:FRBRuri/@value") == "/akn/xx/act/constitution/lakes"
    assert (
        value("FRBRExpression/a:FRBRthis/@value") == "/akn/xx/act/constitution/lakes/rus@2001/!main"
    )
    assert value("FRBRExpression/a:FRBRlanguage/@language") == "rus"
    assert value("FRBRExpression/a:FRBRversionNumber/@value") == "2001"
    assert value("FRBRExpression/a:FRBRdate/@date") == "2001-05-01"
    assert value("FRBRWork/a:FRBRcountry/@value") == "xx"
    assert value("FRBRManifestation/a:FRBRauthor/@href") == "#atazan"
    assert value("preface//a:docTitle") == "Хартия <Озёрных> кантонов & Co"
    [own] = _nodes(root, "//a:proprietary[@source='#atazan']/*")
    assert (own.get("status"), own.get("note")) == ("draft", "Образец.")


def test_an_unknown_date_is_marked_and_read_back_as_unknown() -> None:
    document = parse_plaintext("% language: en\nArticle 1\nText.\n")
    xml = to_akn(document)
    assert b'name="unknown"' in xml
    assert parse_akn(xml).date == ""


def test_act_from_another_tool_is_read() -> None:
    xml = b"""<?xml version="1.0"?>
<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0"><act name="act">
<meta><identification source="#x">
<FRBRWork><FRBRthis value="/akn/za/act/1996/constitution/!main"/>
<FRBRuri value="/akn/za/act/1996/constitution"/></FRBRWork>
<FRBRExpression><FRBRdate date="1996-12-18" name="x"/><FRBRversionNumber value="1996"/>
<FRBRlanguage language="eng"/></FRBRExpression></identification></meta>
<preface><longTitle><p>The <docTitle>Basic   Law</docTitle></p></longTitle></preface>
<preamble><recitals><recital><p>We, the people,</p></recital>
<recital><p>adopt <i>this</i> law.</p></recital></recitals></preamble>
<body><part eId="part_1"><num>Part 1</num><heading>General</heading>
<article eId="art_1"><num>Article 1</num><paragraph><content><p>Unnumbered text.</p></content></paragraph></article>
<article eId="art_2"><num>Art. 2</num>
<paragraph eId="art_2__para_1"><num>(1)</num><list><intro><p>The state protects:</p></intro>
<point eId="art_2__para_1__point_a"><num>a)</num><content><p>life;</p></content></point>
<point><num>b)</num><content><p>liberty<eol/>and property.</p></content></point></list></paragraph>
</article></part></body></act></akomaNtoso>"""
    document = parse_akn(xml)
    assert (document.title, document.language, document.work, document.version, document.date) == (
        "Basic Law", "en", "constitution", "1996", "1996-12-18",
    )  # fmt: skip
    assert document.children[0].text == "We, the people,\nadopt this law."
    assert [(loc.eid, loc.provision.text) for loc in document.located()][1:] == [
        ("sec_1", ""),
        ("sec_1__art_1", "Unnumbered text."),
        ("sec_1__art_2", ""),
        ("sec_1__art_2__para_1", "The state protects:"),
        ("sec_1__art_2__para_1__point_a", "life;"),
        ("sec_1__art_2__para_1__point_b", "liberty and property."),
    ]
    point_a = document.by_eid()["sec_1__art_2__para_1__point_a"]
    assert point_a.uid == derive_uid("constitution:1996", "art_2__para_1__point_a")
    assert len({p.uid for p in document.walk()}) == len(list(document.walk()))


def test_missing_wid_is_derived_from_the_eid_in_the_given_namespace() -> None:
    document = parse_akn(_act('<article eId="art_9"><num>9</num><content><p>x</p></content></article>'),
                         uid_namespace="ns")  # fmt: skip
    assert document.children[0].uid == derive_uid("ns", "art_9")


def test_unknown_elements_in_the_body_are_reported_with_name_and_line() -> None:
    problems = _problems(_act(
        '<article eId="art_1"><num>1</num><content><p>x</p></content></article>\n'
        "<hcontainer name='annex'><content><p>y</p></content></hcontainer>\n"
        '<article eId="art_2"><num>2</num><content><p>x</p><table/></content></article>'
    ))  # fmt: skip
    assert problems == [
        (4, "<hcontainer> inside <body> is not supported"),
        (5, "<table> inside <content> is not supported"),
    ]


def test_structural_problems_are_reported_with_their_lines() -> None:
    problems = _problems(_act(
        '<article wId="same"><num>1</num><content><p>x</p></content></article>\n'
        '<article wId="same"><num>1</num><content><p>y</p></content></article>\n'
        '<article><num>2</num><chapter><num>1</num></chapter></article>\n'
        '<article><num>3</num><intro><p>a</p></intro><point><num>1)</num><content><p>b</p>'
        "</content></point><wrapUp><p>c</p></wrapUp></article>"
    ))  # fmt: skip
    assert (4, "article 1 appears twice in the same place (first on line 3)") in problems
    assert any(line == 4 and "permanent id 'same' is used twice" in m for line, m in problems)
    assert any(
        line == 5 and "a chapter cannot stand inside an article" in m for line, m in problems
    )
    assert any(line == 6 and "<wrapUp>" in m for line, m in problems)


def test_malformed_xml_reports_the_parsers_line() -> None:
    assert _problems(b"<akomaNtoso>\n<act>\n<body>\n</act>") == [
        (4, "not well-formed XML: Opening and ending tag mismatch: body line 3 and act"),
    ]
    assert _problems(b"") == [(1, "not well-formed XML: Document is empty")]


def test_other_roots_and_namespaces_are_refused() -> None:
    assert (
        "only Akoma Ntoso 3.0"
        in _problems(b"<akomaNtoso xmlns='http://www.akomantoso.org/2.0'/>")[0][1]
    )
    assert _problems(b"<html/>") == [(1, "the root element is <html>, not <akomaNtoso>")]


def test_external_entities_are_not_resolved() -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        + _act("<article><num>1</num><content><p>&x;</p></content></article>").split(b"\n", 1)[1]
    )
    with pytest.raises(TextImportError) as caught:
        parse_akn(xml)
    assert "root:" not in str(caught.value)


def test_the_language_asked_for_fills_a_gap_and_must_agree_with_the_file() -> None:
    bare = f'<akomaNtoso xmlns="{AKN_NS}"><act><body><article><num>1</num><content><p>x</p>'
    bare += "</content></article></body></act></akomaNtoso>"
    assert parse_akn(bare.encode(), language="kk").language == "kk"
    assert "no language is given" in _problems(bare.encode())[0][1]
    assert "but 'ru' was asked for" in _problems(_act(
        '<article><num>1</num><content><p>x</p></content></article>'), language="ru")[0][1]  # fmt: skip


def test_an_empty_leaf_and_an_empty_section_survive_the_round_trip() -> None:
    document = Document(
        title="", language="en",
        children=[
            Provision(kind="section", num="I", uid="s1"),
            Provision(kind="article", num="1", uid="a1",
                      children=[Provision(kind="point", num="1", uid="p1"),
                                Provision(kind="point", num="2", text="x", uid="p2")]),
        ],
    )  # fmt: skip
    assert parse_akn(to_akn(document)) == document
