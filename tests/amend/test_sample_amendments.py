"""The demo's amendments turn the 1998 texts into the 2026 draft, in every language."""

from __future__ import annotations

from pathlib import Path

import pytest

from atazan_amend import consolidate, derive, find_conflicts, load
from atazan_amend.derive import first_difference
from atazan_amend.jsonio import dumps
from atazan_texts.model import LANGUAGES, Document
from atazan_texts.plaintext import parse_plaintext, to_plaintext

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "atazan" / "constitution" / "samples"
AMENDMENTS = SAMPLES / "kenbel-2026-amendments.json"
REGENERATE = (
    "regenerate it: python -m atazan_amend derive src/atazan/constitution/samples/kenbel-1998 "
    "src/atazan/constitution/samples/kenbel-2026-draft "
    "--out src/atazan/constitution/samples/kenbel-2026-amendments.json"
)


def _texts(version: str) -> dict[str, Document]:
    found = {}
    for language in LANGUAGES:
        path = SAMPLES / f"kenbel-{version}.{language}.txt"
        if path.exists():
            found[language] = parse_plaintext(path.read_text(encoding="utf-8"))
    if not found:
        pytest.skip(f"no kenbel-{version} texts")
    return found


@pytest.fixture(scope="module")
def versions() -> tuple[dict[str, Document], dict[str, Document]]:
    if not AMENDMENTS.exists():
        pytest.skip("no sample amendments")
    return _texts("1998"), _texts("2026-draft")


def test_the_sample_amendments_cover_every_language_of_both_texts(
    versions: tuple[dict[str, Document], dict[str, Document]],
) -> None:
    base, draft = versions
    common = {lang for lang in base if lang in draft}
    assert set(load(AMENDMENTS).languages) == common, REGENERATE


def test_the_sample_amendments_applied_to_1998_give_the_draft_in_every_language(
    versions: tuple[dict[str, Document], dict[str, Document]],
) -> None:
    base, draft = versions
    amendments = load(AMENDMENTS)
    languages = [lang for lang in amendments.languages if lang in base and lang in draft]
    result = consolidate({lang: base[lang] for lang in languages}, amendments)
    assert languages == ["kk", "ru", "en"]
    for language in languages:
        assert first_difference(result[language], draft[language]) == "", (
            f"{language}: {REGENERATE}"
        )
        assert to_plaintext(result[language]) == to_plaintext(draft[language])
    assert result.warnings == ()
    assert result.untranslated == {lang: () for lang in languages}


def test_the_sample_amendments_are_article_sized_and_explained() -> None:
    amendments = load(AMENDMENTS)
    assert amendments.numbering == "articles"
    kinds = {a.kind for a in amendments.amendments}
    assert {"replace", "insert", "delete", "move", "split", "merge", "add_section",
            "rename_section"} <= kinds  # fmt: skip
    assert all(a.rationale and a.rationale.endswith(".") for a in amendments.amendments)
    assert len({a.id for a in amendments.amendments}) == len(amendments.amendments)


def test_the_sample_amendments_do_not_conflict(
    versions: tuple[dict[str, Document], dict[str, Document]],
) -> None:
    base, _ = versions
    amendments = load(AMENDMENTS)
    assert find_conflicts({lang: base[lang] for lang in amendments.languages}, amendments) == []


def test_deriving_again_gives_the_shipped_file_byte_for_byte(
    versions: tuple[dict[str, Document], dict[str, Document]],
) -> None:
    base, draft = versions
    assert dumps(derive(base, draft)) == AMENDMENTS.read_text(encoding="utf-8"), REGENERATE
