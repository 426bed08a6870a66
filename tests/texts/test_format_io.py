"""Reading and writing through one entry point: detection, aliases, encodings."""

from __future__ import annotations

from pathlib import Path

import pytest

from atazan_texts.errors import TextImportError
from atazan_texts.io import detect_format, dump_document, load_document
from atazan_texts.model import derive_uid
from atazan_texts.plaintext import parse_plaintext

SAMPLE = "% title: Charter\n% language: en\n% work: lakes\n% version: 2001\nSection I\nArticle 1\n1. Text.\n"


@pytest.mark.parametrize("fmt", ["akn", "json", "txt"])
def test_each_format_is_detected_from_its_content_and_read_back(fmt: str) -> None:
    document = parse_plaintext(SAMPLE)
    data = dump_document(document, fmt)
    assert detect_format(data) == fmt
    assert load_document(data) == document


@pytest.mark.parametrize(("name", "fmt"), [("a.xml", "akn"), ("a.json", "json"), ("a.txt", "txt"),
                                           ("a.md", "txt"), ("a", "txt")])  # fmt: skip
def test_the_format_is_detected_from_the_file_extension(
    tmp_path: Path, name: str, fmt: str
) -> None:
    document = parse_plaintext(SAMPLE)
    path = tmp_path / name
    path.write_bytes(dump_document(document, fmt))
    assert load_document(path) == document
    assert load_document(str(path)) == document


def test_format_aliases_are_accepted() -> None:
    document = parse_plaintext(SAMPLE)
    assert load_document(dump_document(document, "xml"), "xml") == document
    assert load_document(SAMPLE.encode(), "md") == document


def test_html_and_pdf_are_output_formats_only() -> None:
    document = parse_plaintext(SAMPLE)
    assert dump_document(document, "html").startswith(b"<!DOCTYPE html>")
    assert dump_document(document, "pdf").startswith(b"%PDF")
    with pytest.raises(TextImportError, match="not one of akn, json, txt"):
        load_document(b"<html/>", "html")
    with pytest.raises(ValueError, match="not one of"):
        dump_document(document, "docx")


def test_keywords_reach_the_parser() -> None:
    document = load_document(b"Article 1\nText.\n", "txt", language="kk",
                             defaults={"work": "w", "version": "1"})  # fmt: skip
    assert (document.language, document.work, document.version) == ("kk", "w", "1")
    named = load_document(b"Article 1\nText.\n", "txt", language="en", uid_namespace="ns")
    assert named.children[0].uid == derive_uid("ns", "art_1")


def test_utf16_with_a_byte_order_mark_is_read() -> None:
    assert load_document(SAMPLE.encode("utf-16"), "txt") == parse_plaintext(SAMPLE)


def test_bytes_that_are_not_utf8_are_refused_with_their_line() -> None:
    with pytest.raises(TextImportError, match="line 2: the file is not valid UTF-8 text"):
        load_document(b"Article 1\n\xff\xfe broken\n", "txt")


def test_invalid_json_is_refused_with_its_line() -> None:
    with pytest.raises(TextImportError, match="line 2: not valid JSON"):
        load_document(b'{"language": "en",\n oops}', "json")


def test_a_missing_file_is_a_clear_problem(tmp_path: Path) -> None:
    with pytest.raises(TextImportError, match="No such file"):
        load_document(tmp_path / "absent.txt")
