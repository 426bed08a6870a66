"""Refusals name the field and the problem; the JSON format round-trips."""

from __future__ import annotations

import copy
import json

import pytest
from amend_texts import LANGS, article, base, each, find, uid, words

from atazan_amend import (
    AddSection,
    Amendment,
    AmendmentError,
    AmendmentSet,
    BaseMismatch,
    Delete,
    Insert,
    InvalidEdit,
    MalformedAmendments,
    Merge,
    MissingLanguage,
    Move,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
    UnknownLanguage,
    UnknownProvision,
    consolidate,
    from_json,
    loads,
    to_json,
)
from atazan_amend.errors import ERROR_CLASSES
from atazan_amend.jsonio import dumps


def test_a_missing_language_is_refused_naming_the_language_and_the_amendment() -> None:
    docs = base()
    texts = {"en": words("Capital."), "ru": words("Столица.")}
    amendments: list[Amendment] = [
        Delete(id="ok", target=uid(docs, "article", "1")),
        Replace(id="r", target=uid(docs, "article", "2"), texts=texts),
    ]
    with pytest.raises(MissingLanguage) as caught:
        consolidate(docs, amendments)
    assert caught.value.code == "missing_language"
    assert str(caught.value.problems[0]) == "amendments[1].texts: missing language 'kk'"


def test_a_language_the_base_does_not_have_is_refused() -> None:
    docs = base(("ru", "en"))
    with pytest.raises(UnknownLanguage) as caught:
        consolidate(
            docs, [Replace(id="r", target=uid(docs, "article", "2"), texts=each(words("X.")))]
        )
    assert "language 'kk' is not a language of the base" in str(caught.value)


def test_the_languages_required_are_those_the_base_has() -> None:
    docs = base(("ru", "en"))
    texts = {"ru": words("Столица — Ордатау."), "en": words("The capital is Ordatau.")}
    result = consolidate(docs, [Replace(id="r", target=uid(docs, "article", "2"), texts=texts)])
    assert sorted(result) == ["en", "ru"]


def test_an_amendment_against_a_provision_not_in_the_base_is_refused() -> None:
    docs = base()
    with pytest.raises(UnknownProvision) as caught:
        consolidate(docs, [Replace(id="r", target="x", texts=each(words("X.")))])
    assert caught.value.code == "unknown_provision"
    assert str(caught.value) == "amendments[0].target: target uid 'x' does not exist in the base"


def test_a_provision_made_only_by_a_later_amendment_cannot_be_named_earlier() -> None:
    docs = base()
    from atazan_amend import fresh_uid

    parent = uid(docs, "section", "I")
    later = fresh_uid("make", (0,))
    amendments = [
        Insert(id="use", parent=parent, after=later, texts=each(article("9", "Early."))),
        Insert(id="make", parent=parent, after=None, texts=each(article("8", "Late."))),
    ]
    with pytest.raises(UnknownProvision) as caught:
        consolidate(docs, amendments)
    assert "only created by a later amendment, amendments[1]" in str(caught.value)


def test_every_problem_is_listed_with_its_field() -> None:
    docs = base()
    amendments: list[Amendment] = [
        Replace(id="a", target="nowhere", texts={"en": words("X."), "ru": words("Y.")}),
        Delete(id="a", target=uid(docs, "article", "1")),
    ]
    with pytest.raises(AmendmentError) as caught:
        consolidate(docs, amendments)
    fields = [(p.code, p.field) for p in caught.value.problems]
    assert ("missing_language", "amendments[0].texts") in fields
    assert ("malformed", "amendments[1].id") in fields
    assert ("unknown_provision", "amendments[0].target") in fields


def test_languages_must_agree_on_structure() -> None:
    docs = base()
    texts = each(article("7", "", "One.", "Two."))
    texts["kk"] = article("7", "", "Бір.")
    with pytest.raises(InvalidEdit) as caught:
        consolidate(
            docs, [Insert(id="i", parent=uid(docs, "section", "III"), after=None, texts=texts)]
        )
    assert caught.value.problems[0].field == "amendments[0].texts.kk"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: Insert(id="i", parent=uid(d, "article", "1"), after=None, texts=each(article("9", "X."))),
         "an article cannot stand in article 1"),
        (lambda d: Move(id="m", target=uid(d, "section", "I"), parent=uid(d, "article", "1"), after=None),
         "section I cannot move into itself"),
        (lambda d: Renumber(id="n", target=uid(d, "article", "1"), num="10"),
         "numbering 'articles' numbers every article itself"),
        (lambda d: RenameSection(id="r", target=uid(d, "article", "1"), texts=each("T")),
         "article 1 is not a section or chapter"),
        (lambda d: Split(id="s", target=uid(d, "article", "2"),
                         texts=each((article("2", "A."), ProvisionText(kind="paragraph", text="B.")))),
         "splits into provisions of its own kind"),
    ],
)  # fmt: skip
def test_impossible_edits_are_refused(make: object, message: str) -> None:
    docs = base()
    with pytest.raises(InvalidEdit) as caught:
        consolidate(docs, [make(docs)], numbering="articles")  # type: ignore[operator]
    assert message in str(caught.value)


def test_a_set_for_another_base_version_is_refused() -> None:
    docs = base()
    amendment_set = AmendmentSet(amendments=(), languages=LANGS, base_work="demo", base_version="2")
    with pytest.raises(BaseMismatch, match="version '2'"):
        consolidate(docs, amendment_set)


def test_error_codes_are_stable() -> None:
    assert {code: cls.__name__ for code, cls in ERROR_CLASSES.items()} == {
        "malformed": "MalformedAmendments",
        "missing_language": "MissingLanguage",
        "unknown_language": "UnknownLanguage",
        "unknown_provision": "UnknownProvision",
        "invalid_edit": "InvalidEdit",
        "base_mismatch": "BaseMismatch",
        "invalid_result": "InvalidResult",
        "derive_failed": "DeriveError",
    }


# ---------------------------------------------------------------------------- JSON


def _every_kind() -> AmendmentSet:
    docs = base()
    paragraph = find(docs["en"], "article", "4").children[1].uid
    amendments = (
        Replace(id="A1", target=uid(docs, "article", "2"), texts=each(Rewording(heading="", text="X.")),
                themes=("t-7",), proposals=("P-2026-00012", "P-2026-00031"), rationale="Why."),
        Insert(id="A2", parent=uid(docs, "section", "I"), after=None, texts=each(article("0", "", "A."))),
        Delete(id="A3", target=uid(docs, "article", "1"), status="proposed"),
        Move(id="A4", target=uid(docs, "article", "6"), parent=uid(docs, "section", "II"), after=None),
        Split(id="A5", target=uid(docs, "article", "4"),
              texts=each((article("4", "T."), ProvisionText(kind="article", num="4-1", children=(
                  ProvisionText(kind="paragraph", num="1", text="S.", uid=paragraph),))))),
        Merge(id="A6", targets=(uid(docs, "article", "3"), uid(docs, "article", "5")),
              texts=each(article("3", "M."))),
        Renumber(id="A7", target=uid(docs, "section", "III"), num="IV"),
        AddSection(id="A8", after=uid(docs, "section", "II"),
                   texts={**each(ProvisionText(kind="section", num="III", heading="New")), "kk": None}),
        RenameSection(id="A9", target=uid(docs, "section", "I"), texts=each(lambda lang: f"Basics {lang}")),
    )  # fmt: skip
    return AmendmentSet(
        amendments=amendments, languages=LANGS, base_work="demo", base_version="1",
        numbering="keep", result={"en": {"version": "2", "status": "draft"}},
    )  # fmt: skip


def test_json_round_trip_is_exact_for_every_kind() -> None:
    amendment_set = _every_kind()
    text = dumps(amendment_set)
    assert loads(text) == amendment_set
    assert dumps(loads(text)) == text
    assert consolidate(base(), loads(text))["en"].version == "2"


def test_json_problems_name_the_field() -> None:
    data = to_json(_every_kind())
    broken = copy.deepcopy(data)
    broken["amendments"][0]["texts"].pop("kk")
    broken["amendments"][1]["kind"] = "rewrite"
    broken["amendments"][2]["colour"] = "red"
    broken["amendments"][3]["after"] = 7
    broken["amendments"][4]["texts"]["en"][0]["kind"] = "clause"
    broken["numbering"] = "roman"
    with pytest.raises(MalformedAmendments) as caught:
        from_json(json.loads(json.dumps(broken)))
    listed = {str(p) for p in caught.value.problems}
    assert "amendments[1].kind: must be one of " + ", ".join(
        ["replace", "insert", "delete", "move", "split", "merge", "renumber", "add_section",
         "rename_section"]) in listed  # fmt: skip
    assert "amendments[2].colour: is not a known field" in listed
    assert "amendments[3].after: must be a uid or null" in listed
    assert any(p.startswith("amendments[4].texts.en[0].kind: must be one of") for p in listed)
    assert "numbering: must be one of keep, articles, full" in listed


def test_json_missing_language_is_named() -> None:
    data = to_json(_every_kind())
    data["amendments"][0]["texts"].pop("kk")
    with pytest.raises(MissingLanguage) as caught:
        from_json(data)
    assert str(caught.value) == "amendments[0].texts: missing language 'kk'"


def test_null_is_an_explicit_language_without_text_yet() -> None:
    """A language given as null leaves the provisions out of that language's text."""
    result = consolidate(base(), _every_kind())
    sections = [p.heading for p in result["kk"].children if p.kind == "section"]
    assert "New" not in sections
    assert "New" in [p.heading for p in result["en"].children if p.kind == "section"]
    assert len(result.untranslated["kk"]) == 1 and result.untranslated["en"] == ()
