"""The open-data files: every dataset in both formats, matching the database, with no
personal data, prepared once per change and served with validators."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from atazan.opendata import store
from atazan.opendata.datasets import BY_NAME, DATASETS
from atazan.proposals.models import Proposal, Status
from atazan_redact import find
from conftest import World, answer

pytestmark = pytest.mark.django_db


def fetch(client: Client, name: str, fmt: str, **headers: Any) -> Any:
    return client.get(reverse("opendata:download", kwargs={"name": name, "fmt": fmt}), **headers)


def body(response: Any) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def jsonl_rows(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line]


def test_every_dataset_downloads_in_both_formats_with_the_same_rows(world: World) -> None:
    client = Client()
    for dataset in DATASETS:
        as_csv = fetch(client, dataset.name, "csv")
        as_jsonl = fetch(client, dataset.name, "jsonl")
        assert as_csv.status_code == 200 and as_jsonl.status_code == 200, dataset.name
        assert as_csv["Content-Type"].startswith("text/csv")
        assert as_jsonl["Content-Type"].startswith("application/x-ndjson")
        table = csv_rows(body(as_csv))
        lines = jsonl_rows(body(as_jsonl))
        assert table, f"{dataset.name} is empty"
        assert len(table) == len(lines)
        assert list(table[0]) == dataset.field_names == list(lines[0])
        for row, line in zip(table, lines, strict=True):
            for name, value in line.items():
                expected: Any = "" if value is None else value
                if isinstance(value, bool):
                    expected = "true" if value else "false"
                cell = row[name].removeprefix("'") if row[name].startswith("'") else row[name]
                assert cell == str(expected), (dataset.name, name)


def test_the_proposals_file_matches_the_database_and_respects_consent(world: World) -> None:
    lines = {r["number"]: r for r in jsonl_rows(body(fetch(Client(), "proposals", "jsonl")))}
    stored = {p.number: p for p in Proposal.objects.all()}
    assert set(lines) == set(stored)
    for number, proposal in stored.items():
        row = lines[number]
        local = timezone.localtime(proposal.registered_at)
        assert row["registered_date"] == local.date().isoformat()
        assert row["channel"] == proposal.channel
        assert row["submitter_type"] == proposal.submitter_type
        assert row["region"] == proposal.region
        assert row["status"] == proposal.status
        assert row["deadline"] == proposal.deadline.isoformat()
        assert row["published"] is proposal.consent_publish_text
        if proposal.consent_publish_text:
            assert row["text"] == proposal.public_text
            assert row["title"] == proposal.public_title
        else:
            assert row["text"] == row["title"] == row["answer"] == row["cited_provisions"] == ""
        if proposal.consent_publish_text and proposal.consent_publish_name:
            assert row["name"] == proposal.submitter_name
        else:
            assert row["name"] == ""
        if proposal.status == Status.ANSWERED:
            assert row["outcome"] == proposal.outcome
            assert (
                row["answered_date"] == timezone.localtime(proposal.answered_at).date().isoformat()
            )
            assert row["answer"] == (
                proposal.public_answer if proposal.consent_publish_text else ""
            )
        else:
            assert row["answered_date"] is None and row["outcome"] == ""


def test_answers_links_and_votes_match_the_database(world: World) -> None:
    client = Client()
    answers = jsonl_rows(body(fetch(client, "answers", "jsonl")))
    answered = Proposal.objects.filter(status=Status.ANSWERED)
    assert sorted(r["number"] for r in answers) == sorted(p.number for p in answered)
    links = jsonl_rows(body(fetch(client, "links", "jsonl")))
    assert {(r["run"], r["number"]) for r in links} == {
        (world.run.pk, s.proposal.number) for s in world.submitted
    }
    campaigns = jsonl_rows(body(fetch(client, "campaigns", "jsonl")))
    assert campaigns == [
        {"run": world.run.pk, "key": "c1", "representative": world.submitted[1].proposal.number,
         "supporters": 2, "marked": False}
    ]  # fmt: skip
    votes = jsonl_rows(body(fetch(client, "votes", "jsonl")))
    assert [(v["vote"], v["votes_for"], v["votes_against"], v["outcome"]) for v in votes] == [
        (world.vote.pk, 2, 1, "adopted")
    ]
    roll = jsonl_rows(body(fetch(client, "roll-call", "jsonl")))
    assert sorted(r["choice"] for r in roll) == ["against", "for", "for"]


def _personal_data(text: str, known: list[str]) -> list[str]:
    found = [f"{f.kind}: {f.value}" for f in find(text, ("iin", "phone", "email", "address"))]
    digits = re.sub(r"\D", "", text)
    for value in known:
        if value in text or (value.isdigit() and len(value) >= 7 and value in digits):
            found.append(f"known: {value}")
    return found


def test_no_file_holds_personal_data(world: World) -> None:
    client = Client()
    known = [value for item in world.submitted for value in item.known]
    for dataset in DATASETS:
        for fmt in ("csv", "jsonl"):
            text = body(fetch(client, dataset.name, fmt))
            # Registered proposal numbers and dates are not personal data: drop them first.
            text = re.sub(r"\b\d{4}-\d{6}\b|\d{4}-\d{2}-\d{2}(T[\d:+]+)?", " ", text)
            assert _personal_data(text, known) == [], (dataset.name, fmt)


def test_the_scan_finds_personal_data_planted_in_a_file(world: World) -> None:
    planted = "2026-000001, call +7 701 123 45 67 or write to " + world.submitted[0].known[1]
    assert len(_personal_data(planted, world.submitted[0].known)) >= 2


def test_the_constitution_text_is_offered_as_akoma_ntoso(world: World) -> None:
    response = fetch(Client(), "constitution-kenbel-1998-en", "xml")
    assert response.status_code == 200
    xml = body(response)
    assert "akomaNtoso" in xml and 'eId="art_1"' in xml or "art_1" in xml
    versions = jsonl_rows(body(fetch(Client(), "constitution-versions", "jsonl")))
    assert [(v["work"], v["version"], v["languages"]) for v in versions] == [
        ("kenbel", "1998", "en")
    ]


def test_unknown_datasets_and_formats_are_not_found(world: World) -> None:
    client = Client()
    assert fetch(client, "nothing-here", "csv").status_code == 404
    assert fetch(client, "proposals", "xml").status_code == 404
    assert client.get("/open-data/proposals.exe").status_code == 404


def test_a_second_request_serves_the_prepared_file_and_a_change_rebuilds_it(
    world: World, monkeypatch: pytest.MonkeyPatch, send: Any
) -> None:
    builds: list[str] = []
    write_table = store.write_table

    def counted(name: str, *args: Any, **kwargs: Any) -> Any:
        builds.append(name)
        return write_table(name, *args, **kwargs)

    monkeypatch.setattr(store, "write_table", counted)
    client = Client()
    first = body(fetch(client, "proposals", "csv"))
    second = body(fetch(client, "proposals", "jsonl"))
    assert body(fetch(client, "proposals", "csv")) == first
    assert builds == ["proposals"]
    assert len(jsonl_rows(second)) == 5

    send(region="turkistan")
    after = csv_rows(body(fetch(client, "proposals", "csv")))
    assert builds == ["proposals", "proposals"]
    assert len(after) == 6 and after[-1]["region"] == "turkistan"

    answer(Proposal.objects.get(number=after[3]["number"]))
    answered = csv_rows(body(fetch(client, "proposals", "csv")))
    assert builds == ["proposals"] * 3
    assert answered[3]["status"] == "answered"


def test_the_etag_and_last_modified_answer_304_until_the_content_changes(
    world: World, send: Any
) -> None:
    client = Client()
    first = fetch(client, "meetings", "csv")
    etag, modified = first["ETag"], first["Last-Modified"]
    assert fetch(client, "meetings", "csv", HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert fetch(client, "meetings", "csv", HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    # A registration moves every revision; the meetings file is rebuilt with the same bytes,
    # so its validators stay and the client's copy is still good.
    send()
    again = fetch(client, "meetings", "csv", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    changed = fetch(client, "proposals", "csv")
    send()
    assert fetch(client, "proposals", "csv", HTTP_IF_NONE_MATCH=changed["ETag"]).status_code == 200


def test_the_command_prepares_every_file_and_then_has_nothing_to_rebuild(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = io.StringIO()
    call_command("prepare_open_data", stdout=out)
    assert all(name in out.getvalue() for name in BY_NAME)
    builds: list[str] = []
    monkeypatch.setattr(store, "write_table", lambda name, *a, **k: builds.append(name))
    call_command("prepare_open_data", stdout=io.StringIO())
    Client().get(reverse("opendata:index"))
    body(fetch(Client(), "answers", "csv"))
    assert builds == []


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_datasets_page_lists_every_dataset_in_the_readers_language(
    world: World, language: str
) -> None:
    call_command("prepare_open_data", stdout=io.StringIO())
    client = Client()
    client.cookies["django_language"] = language
    page = client.get(reverse("opendata:index"))
    assert page.status_code == 200
    html = page.content.decode()
    for dataset in DATASETS:
        for fmt in ("csv", "jsonl"):
            assert f'href="/open-data/{dataset.name}.{fmt}"' in html
    assert 'href="/open-data/constitution-kenbel-1998-en.xml"' in html
    visible = re.sub(r"<[^>]+>", " ", html)
    for code in ("jsonl", "in_force", "constitution-versions", "referendum-protocols", "CC-BY-4.0"):
        assert code not in visible
    home = client.get(reverse("portal:home")).content.decode()
    assert 'href="/open-data/"' in home


def test_a_stale_dataset_seen_on_the_page_is_queued_for_the_worker(world: World) -> None:
    from django_tasks_db.models import DBTaskResult

    Client().get(reverse("opendata:index"))
    queued = DBTaskResult.objects.filter(task_path="atazan.opendata.tasks.prepare_open_data")
    assert queued.count() == 1
    assert "proposals" in queued.get().args_kwargs["args"][0]
    Client().get(reverse("opendata:index"))
    assert queued.count() == 1


@pytest.mark.django_db
def test_anyone_may_have_open_data_prepared_since_it_holds_only_public_data() -> None:
    """opendata.prepare is open to every actor: a visitor's download may rebuild stale files."""
    from django.contrib.auth.models import AnonymousUser

    from atazan.core.actors import SystemActor, allows

    from factories import UserFactory

    assert allows(AnonymousUser(), "opendata.prepare")
    assert allows(UserFactory(), "opendata.prepare")
    assert allows(SystemActor("open data worker"), "opendata.prepare")
