"""JSON: exact round trips, derived eids for readers, problems named by path."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings

from atazan_texts.errors import TextImportError
from atazan_texts.jsonio import from_json, to_json
from atazan_texts.model import Document, derive_uid
from atazan_texts.plaintext import parse_plaintext
from atazan_texts.testing import documents


def _messages(data: dict[str, object]) -> list[str]:
    with pytest.raises(TextImportError) as caught:
        from_json(data)
    return [p.message for p in caught.value.problems]


@settings(max_examples=60, deadline=None)
@given(documents())
def test_json_round_trip_is_exact(document: Document) -> None:
    assert from_json(json.loads(json.dumps(to_json(document)))) == document


def test_each_provision_carries_its_eid_which_input_ignores() -> None:
    document = parse_plaintext("Section II\nArticle 5\n1. Text.\n")
    data = to_json(document)
    paragraph = data["children"][0]["children"][0]["children"][0]
    assert paragraph["eid"] == "sec_2__art_5__para_1"
    paragraph["eid"] = "anything"
    assert from_json(data) == document


def test_missing_uids_are_derived_from_positions() -> None:
    data = {"language": "en", "work": "w", "version": "1",
            "children": [{"kind": "article", "num": "1", "text": "x"}]}  # fmt: skip
    assert from_json(data).children[0].uid == derive_uid("w:1", "art_1")


def test_text_is_cleaned_like_every_other_import() -> None:
    data = {
        "language": "en",
        "children": [{"kind": "article", "num": "1", "text": "  a   b \n\n c "}],
    }
    assert from_json(data).children[0].text == "a b\nc"


def test_shape_errors_name_the_path() -> None:
    assert _messages({"language": "en", "colour": 1, "children": [
        {"kind": "chapterette"}, {"kind": "article", "num": 1, "txt": "x"}, "text",
    ]}) == [
        "colour: unknown field",
        "children[0].kind: 'chapterette' is not one of preamble, section, chapter, article, paragraph, point",
        "children[1].txt: unknown field",
        "children[1].num: must be a string",
        "children[2]: must be an object",
    ]  # fmt: skip


def test_structure_errors_name_the_path() -> None:
    messages = _messages({"language": "en", "status": "repealed", "children": [
        {"kind": "article", "num": "1", "text": "x"},
        {"kind": "article", "num": "1", "text": "y", "children": [{"kind": "article", "num": "2"}]},
    ]})  # fmt: skip
    assert "status: status 'repealed' is not one of in_force, draft, historical" in messages
    assert (
        "children[1]: article 1 appears twice in the same place (first at children[0])" in messages
    )
    assert "children[1].children[0]: an article cannot stand inside an article" in messages
