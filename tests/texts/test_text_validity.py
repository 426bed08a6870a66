"""What a valid document is, and that the shared test strategy only draws valid ones."""

from __future__ import annotations

from hypothesis import given, settings

from atazan_texts.model import Document, Provision, clean_line, clean_text, find_flaws
from atazan_texts.testing import documents


def _messages(document: Document) -> list[str]:
    return [flaw.message for flaw in find_flaws(document)]


def test_clean_lines_keep_typographic_spaces_but_not_controls_or_runs() -> None:
    assert clean_line("  a \t b\u00a0—\x07c\u2028d  ") == "a b\u00a0— c d"
    assert clean_text(" one \n\n  two\r\n") == "one\ntwo"


def test_a_valid_document_has_no_flaws() -> None:
    article = Provision(kind="article", num="1", text="Text.", uid="a")
    assert find_flaws(Document(title="T", language="kk", children=[article])) == []


def test_flaws_name_what_is_wrong() -> None:
    document = Document(
        title="T", language="de", status="repealed", date="1998",
        children=[
            Provision(kind="article", num="1", text="x", uid="a"),
            Provision(kind="preamble", text="late", uid="b"),
            Provision(kind="article", num="1", text="y", uid="a"),
            Provision(kind="article", num="", text=" z", uid="c",
                      children=[Provision(kind="chapter", num="1", uid="d")]),
            Provision(kind="article", num="2", uid="")
        ],
    )  # fmt: skip
    assert _messages(document) == [
        "status 'repealed' is not one of in_force, draft, historical",
        "language 'de' is not one of kk, ru, en",
        "date '1998' is not a date written YYYY-MM-DD",
        "the preamble must come before everything else",
        "an article without a number",
        "article: text has empty lines or stray spaces",
        "a chapter cannot stand inside an article",
        "article 2 has no text",
        "article 2 has no permanent id",
        "article 1 appears twice in the same place",
        "permanent id 'a' is used twice",
    ]


@settings(max_examples=40, deadline=None)
@given(documents())
def test_the_shared_strategy_draws_only_valid_documents(document: Document) -> None:
    assert find_flaws(document) == []


@settings(max_examples=40, deadline=None)
@given(documents(plaintext=True))
def test_the_plain_text_strategy_draws_only_valid_documents(document: Document) -> None:
    assert find_flaws(document) == []
    assert any(p.kind == "article" for p in document.walk())
