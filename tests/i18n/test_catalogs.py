"""The kk, ru and en catalogs are complete: every interface string is translated."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

import atazan

PACKAGE = Path(atazan.__file__).resolve().parent
LOCALE = PACKAGE / "locale"
LANGUAGES = ["kk", "ru", "en"]


def _catalog(language: str) -> polib.POFile:
    path = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert path.exists(), f"missing catalog {path}"
    return polib.pofile(str(path))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalog_entry_has_a_translation(language: str) -> None:
    catalog = _catalog(language)
    missing = []
    for entry in catalog:
        if entry.obsolete:
            continue
        if "fuzzy" in entry.flags:
            missing.append(f"fuzzy: {entry.msgid!r}")
        elif entry.msgid_plural:
            if not entry.msgstr_plural or not all(entry.msgstr_plural.values()):
                missing.append(entry.msgid)
        elif not entry.msgstr.strip():
            missing.append(entry.msgid)
    assert not missing, f"{language}: {len(missing)} untranslated: {missing[:10]}"


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_translations_keep_the_placeholders(language: str) -> None:
    import re

    placeholder = re.compile(r"%\(\w+\)s|\{\{\s*\w+\s*\}\}|%s|%d")
    problems = []
    for entry in _catalog(language):
        if entry.msgstr and sorted(placeholder.findall(entry.msgid)) != sorted(
            placeholder.findall(entry.msgstr)
        ):
            problems.append(entry.msgid)
    assert not problems, problems[:10]


def test_catalogs_contain_every_string_in_the_source(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Extract the strings afresh and check none is missing from the catalogs."""
    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    copy = tmp_path / "atazan"
    shutil.copytree(
        PACKAGE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static", "samples")
    )
    (copy / "locale").mkdir()
    monkeypatch.chdir(copy)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["en"], verbosity=0, no_location=True)
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/en/LC_MESSAGES/django.po"))}
    for language in LANGUAGES:
        present = {e.msgid for e in _catalog(language) if not e.obsolete}
        missing = sorted(extracted - present)
        assert not missing, f"{language}: run `make messages`; not in catalog: {missing[:10]}"
