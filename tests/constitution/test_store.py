"""Storing texts: identities, translations, versions, errors and idempotency."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from atazan.constitution.actions import TextStoreError, import_text
from atazan.constitution.convert import document_from_expression
from atazan.constitution.models import Expression, Provision, Version
from atazan.core.errors import PermissionDeniedError
from atazan.core.models import AuditEntry
from atazan.core.roles import Role
from atazan_texts.akn import parse_akn, to_akn
from atazan_texts.io import load_document

from factories import UserFactory
from sample_charters import BASE_EN, MALFORMED_EN, store

pytestmark = pytest.mark.django_db


def _uid(expression: Expression, eid: str) -> str:
    return Provision.objects.get(expression=expression, eid=eid).uid


def test_a_stored_text_keeps_its_structure_and_position_ids(lakes) -> None:  # type: ignore[no-untyped-def]
    base = lakes["base_en"]
    eids = list(base.provisions.values_list("eid", flat=True))
    assert "preamble" in eids
    assert "sec_2__art_3__para_2-1" in eids
    assert "sec_2__art_4__para_2__point_2" in eids
    point = Provision.objects.get(expression=base, eid="sec_2__art_4__para_2__point_2")
    assert point.parent is not None and point.parent.eid == "sec_2__art_4__para_2"


def test_translations_of_one_version_share_permanent_ids(lakes) -> None:  # type: ignore[no-untyped-def]
    for eid in ["sec_1__art_1", "sec_2__art_3__para_2-1", "sec_2__art_4__para_2__point_1"]:
        assert (
            _uid(lakes["base_en"], eid)
            == _uid(lakes["base_ru"], eid)
            == _uid(lakes["base_kk"], eid)
        )


def test_a_new_version_inherits_identities_of_renumbered_and_moved_articles(lakes) -> None:  # type: ignore[no-untyped-def]
    base, draft = lakes["base_en"], lakes["draft_en"]
    # Article 3 became Article 2; Article 2 moved to the new Section III as Article 4.
    assert _uid(draft, "sec_2__art_2") == _uid(base, "sec_2__art_3")
    assert _uid(draft, "sec_2__art_2__para_2-1") == _uid(base, "sec_2__art_3__para_2-1")
    assert _uid(draft, "sec_3__art_4") == _uid(base, "sec_1__art_2")
    assert _uid(draft, "sec_1__art_1") == _uid(base, "sec_1__art_1")
    assert draft.version.based_on == base.version


def test_stored_text_round_trips_through_akoma_ntoso(lakes) -> None:  # type: ignore[no-untyped-def]
    document = document_from_expression(lakes["base_kk"])
    assert parse_akn(to_akn(document)) == document


def test_importing_the_same_source_twice_changes_nothing(lakes) -> None:  # type: ignore[no-untyped-def]
    entries = AuditEntry.objects.count()
    provisions = Provision.objects.count()
    again = store(BASE_EN, "en")
    assert again == lakes["base_en"]
    assert AuditEntry.objects.count() == entries
    assert Provision.objects.count() == provisions


def test_a_different_text_for_a_stored_language_needs_replace(lakes) -> None:  # type: ignore[no-untyped-def]
    changed = BASE_EN.replace("Tasbulak", "Zhanakala")
    with pytest.raises(TextStoreError, match="language"):
        store(changed, "en")
    replaced = store(changed, "en", replace=True)
    assert "Zhanakala" in Provision.objects.get(expression=replaced, eid="sec_1__art_2").text


def test_an_unknown_base_version_is_refused_and_nothing_is_stored(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(TextStoreError, match="based_on"):
        store(BASE_EN, "en", based_on="1900")
    assert not Version.objects.exists()
    assert not Provision.objects.exists()


def test_importing_needs_permission(db) -> None:  # type: ignore[no-untyped-def]
    citizen = UserFactory(roles=[Role.CITIZEN])
    document = load_document(BASE_EN.encode(), "txt", language="en")
    with pytest.raises(PermissionDeniedError):
        import_text(citizen, document)
    secretary = UserFactory(roles=[Role.COMMISSION_SECRETARY])
    expression = import_text(secretary, document)
    entry = AuditEntry.objects.get(action="constitution.import_text")
    assert entry.actor_label == secretary.username
    assert entry.target_id == str(expression.pk)


def test_the_import_command_reports_every_problem_by_line_and_stores_nothing(
    db,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text(MALFORMED_EN, encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        call_command("constitution", "import", str(bad), "--work", "x", "--version", "1")
    message = str(caught.value)
    assert "line 3" in message
    assert "line 7" in message
    assert not Expression.objects.exists()
    assert not AuditEntry.objects.exists()


def test_the_import_and_export_commands_round_trip(db, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "lakes.en.txt"
    source.write_text(BASE_EN, encoding="utf-8")
    call_command("constitution", "import", str(source), "--lang", "en")
    out = tmp_path / "lakes.xml"
    call_command(
        "constitution", "export", "lakes:2001", "--lang", "en", "--format", "akn", "--out", str(out)
    )
    stored = document_from_expression(Expression.objects.get())
    assert parse_akn(out.read_bytes()) == stored
    call_command("constitution", "list")
    assert "2001" in capsys.readouterr().out


def test_two_files_are_compared_without_a_database(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """No django_db mark: touching the database here would fail the test."""
    from sample_charters import DRAFT_EN

    old, new = tmp_path / "old.txt", tmp_path / "new.md"
    old.write_text(BASE_EN.replace("% work: lakes\n", ""), encoding="utf-8")
    new.write_text(DRAFT_EN.replace("% work: lakes\n", ""), encoding="utf-8")
    call_command("constitution", "compare", str(old), str(new), "--lang", "en", "--json")
    data = json.loads(capsys.readouterr().out)
    assert data["articles_total"] == 5
    relations = {
        (tuple(p["old"] or []), tuple(p["new"] or [])): p["relation"] for p in data["pairs"]
    }
    assert relations[(("3",), ("2",))] == "renumbered"
    assert relations[(("2",), ("4",))] == "moved"
    assert relations[(("5",), ())] == "deleted"
    assert relations[(("1",), ("1",))] == "modified"


def test_comparing_a_missing_stored_version_names_it(db) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CommandError, match="lakes:1066"):
        call_command("constitution", "compare", "lakes:1066", "lakes:2001", "--lang", "en")
