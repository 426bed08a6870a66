"""Hostile and broken input to intake: every channel refuses it with a clear reason, never a 500.

Dates out of range, NUL bytes, files in the wrong encoding, truncated or
bomb-like XLSX, lists sent for text, page and id parameters that are not
numbers, header injection through an e-mail address, two imports of one
file at once; and the tracking secret, which is kept only as a hash.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from proposal_helpers import PDF_BYTES, VALID_IIN, iin, raw_submission, submission

from atazan.core.models import AuditEntry
from atazan.proposals import actions, importer, notify
from atazan.proposals.actions import register_proposal
from atazan.proposals.importer import Mapping, MappingError, import_lock, run_import
from atazan.proposals.intake import InvalidSubmission, Submission, clean_submission
from atazan.proposals.models import Channel, IdempotencyRecord, Notification, Proposal
from atazan.proposals.selectors import find_by_tracking, work_calendar

from factories import SYSTEM

pytestmark = pytest.mark.django_db

API = "/proposals/api/v1/proposals"

MAPPING = """
source = "bad-input"
[columns]
external_id = "id"
submitter_name = "name"
title = "title"
text = "text"
received_at = "received"
[defaults]
language = "ru"
submitter_type = "citizen"
"""


@pytest.fixture
def mapping(tmp_path: Path) -> Mapping:
    path = tmp_path / "map.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return Mapping.load(path)


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "name", "title", "text", "received"])
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def row(n: int, text: str = "", received: str = "2025-12-01T10:00:00+05:00") -> list[str]:
    return [
        f"B-{n}",
        f"Иван Петров {n}",
        f"Предложение {n}",
        text or f"Предлагаю изменить статью {n} Конституции, чтобы усилить парламент.",
        received,
    ]


def errors_of(**overrides: Any) -> dict[str, str]:
    with pytest.raises(InvalidSubmission) as refused:
        clean_submission(raw_submission(**overrides))
    return refused.value.errors


def api_body(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "external_id": "EO-bad-1",
        "submitter": {"type": "citizen", "name": "Сергей Ким", "iin": VALID_IIN},
        "language": "ru",
        "title": "Об однопалатном парламенте",
        "text": "Предлагаю изменить статью 50.",
        "consents": {"publish_text": True, "publish_name": False},
    }
    data.update(overrides)
    return data


def post_api(client: Client, key: str, body: Any, idem: str = "bad-1", **extra: Any) -> Any:
    data = body if isinstance(body, bytes | str) else json.dumps(body)
    return client.post(
        API,
        data=data,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
        HTTP_IDEMPOTENCY_KEY=idem,
        **extra,
    )


# Dates out of range -----------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "0001-01-01T00:00:00+05:00",
        "0001-01-01T00:00:00+14:00",
        "1989-12-30",
        "9999-12-31T23:59:59-12:00",
        "2999-01-01",
    ],
)
def test_a_received_date_outside_1990_to_now_is_refused_and_names_the_field(value: str) -> None:
    reason = errors_of(received_at=value)["received_at"]
    assert "1990-01-01" in reason or "future" in reason


def test_the_api_refuses_a_received_date_in_year_1(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    response = post_api(client, key, api_body(received_at="0001-01-01T00:00:00+05:00"))
    assert response.status_code == 400
    assert "received_at" in response.json()["detail"]
    assert not Proposal.objects.exists()


def test_an_import_rejects_a_row_dated_year_1_and_keeps_the_others(
    tmp_path: Path, mapping: Mapping
) -> None:
    path = tmp_path / "dates.csv"
    path.write_bytes(csv_bytes([row(1), row(2, received="0001-01-01"), row(3)]))
    summary = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (summary.imported, summary.rejected) == (2, 1)
    assert [(e.line, e.field) for e in summary.errors] == [(3, "received_at")]


def test_the_operator_form_refuses_a_letter_received_in_year_1(
    client: Client, operator: Any
) -> None:
    client.force_login(operator)
    data = {
        **{k: v for k, v in raw_submission(iin="").items() if not isinstance(v, bool)},
        "consent_publish_text": "on",
        "submission_token": "tok-year-1",
        "channel": "letter",
        "received_at": "0001-01-01T10:00",
        "attachments": SimpleUploadedFile("scan.pdf", PDF_BYTES, "application/pdf"),
    }
    response = client.post(reverse("proposals:operator_entry"), data)
    assert response.status_code == 200
    assert "1990-01-01" in response.content.decode()
    assert not Proposal.objects.exists()


# NUL bytes, lists for text ------------------------------------------------------------


def test_nul_bytes_and_lists_sent_for_text_are_refused_by_the_api_with_422(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    response = post_api(client, key, api_body(text="Текст\u0000с нулём"))
    assert response.status_code == 422
    assert response.json()["error"] == "invalid_text"
    assert "NUL" in response.json()["detail"]["text"]
    response = post_api(client, key, api_body(title=["a", "b"]), idem="bad-2")
    assert response.status_code == 422 and "title" in response.json()["detail"]
    response = post_api(client, key, api_body(external_id=["EO-1"]), idem="bad-3")
    assert response.status_code == 422 and "external_id" in response.json()["detail"]
    response = post_api(client, key, api_body(submitter="Сергей Ким"), idem="bad-4")
    assert response.status_code == 422 and "submitter" in response.json()["detail"]
    response = post_api(client, key, api_body(text="\ud800 одиночный"), idem="bad-5")
    assert response.status_code == 422
    assert not Proposal.objects.exists()
    assert not IdempotencyRecord.objects.exists()


def test_an_import_rejects_rows_with_nul_and_keeps_the_good_ones(
    tmp_path: Path, mapping: Mapping
) -> None:
    rows = [row(n) for n in range(1, 61)]  # enough for PostgreSQL's COPY path
    rows[4][3] = "Текст с\x00нулём"
    rows[7][0] = "B-\x00-8"
    path = tmp_path / "nul.csv"
    path.write_bytes(csv_bytes(rows))
    summary = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (summary.imported, summary.rejected) == (58, 2)
    assert {(e.line, e.field) for e in summary.errors} == {(6, "text"), (9, "external_id")}
    # A run again stores nothing new and rejects the same rows, instead of aborting.
    again = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (again.imported, again.skipped, again.rejected) == (0, 58, 2)


def test_json_lines_with_nul_escapes_or_lists_lose_only_their_row(tmp_path: Path) -> None:
    mapping = Mapping.from_dict(
        {
            "source": "jsonl-bad",
            "columns": {"external_id": "id", "text": "text", "title": "title"},
            "defaults": {"language": "en", "submitter_type": "other"},
        }
    )
    lines = [
        {"id": "J1", "text": "A good proposal about article 5."},
        {"id": "J2", "text": "Bad \u0000 one."},
        {"id": "J3", "text": "Another", "title": {"nested": "object"}},
        {"id": "J4", "text": "Fine again."},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in lines) + "\n", encoding="utf-8")
    summary = run_import(path, "jsonl", mapping, actor=SYSTEM)
    assert (summary.imported, summary.rejected) == (2, 2)
    assert not Proposal.objects.filter(title__startswith="{").exists()


# Files in the wrong encoding ----------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "named"),
    [("windows-1251", "windows-1251"), ("koi8-r", "koi8-r"), ("utf-16", "utf-16")],
)
def test_a_file_in_another_encoding_is_refused_naming_it_and_nothing_is_stored(
    tmp_path: Path, mapping: Mapping, encoding: str, named: str
) -> None:
    path = tmp_path / "legacy.csv"
    path.write_bytes(csv_bytes([row(1), row(2)], encoding))
    with pytest.raises(MappingError) as refused:
        run_import(path, "csv", mapping, actor=SYSTEM)
    assert refused.value.field == "encoding"
    assert f'encoding = "{named}"' in refused.value.message
    assert not Proposal.objects.exists()


def test_kazakh_text_in_kz1048_is_recognised() -> None:
    text = "Құрылтай туралы 50-бапты өзгертуді ұсынамын. Сенатты жою керек, өйткені ол қажет емес."
    assert importer.likely_encoding(text.encode("kz1048")) == "kz1048"


def test_a_utf8_file_declared_as_windows_1251_is_refused_too(tmp_path: Path) -> None:
    mapping = Mapping.from_dict(
        {
            "source": "declared-1251",
            "encoding": "windows-1251",
            "columns": {"external_id": "id", "text": "text"},
            "defaults": {"language": "ru"},
        }
    )
    path = tmp_path / "utf8.csv"
    path.write_bytes(csv_bytes([row(1)]))
    with pytest.raises(MappingError, match="utf-8"):
        run_import(path, "csv", mapping, actor=SYSTEM)
    assert not Proposal.objects.exists()


def test_an_unknown_encoding_in_the_mapping_is_refused() -> None:
    with pytest.raises(MappingError) as refused:
        Mapping.from_dict({"source": "x", "encoding": "utf-9", "columns": {"text": "t"}})
    assert refused.value.field == "encoding"


def test_a_corrected_import_replaces_rows_an_earlier_import_stored_garbled(
    tmp_path: Path, mapping: Mapping
) -> None:
    # What imports stored before they read files strictly: windows-1251 read as UTF-8.
    def garbled(text: str) -> str:
        return text.encode("windows-1251").decode("utf-8", errors="replace")

    earlier = [
        actions.build_proposal(
            Submission(
                submitter_type="citizen",
                submitter_name=garbled(row(n)[1]),
                language="ru",
                title=garbled(row(n)[2]),
                text=garbled(row(n)[3]),
            ),
            channel=Channel.IMPORT,
            source=mapping.source,
            external_id=f"B-{n}",
            registered_at=timezone.now(),
            calendar=work_calendar(),
        )
        for n in (1, 2)
    ]
    actions.register_batch(SYSTEM, earlier, {})
    first = Proposal.objects.get(external_id="B-1")
    assert "\ufffd" in first.text and first.version == 1

    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes([row(1), row(2), row(3)]))
    summary = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (summary.imported, summary.skipped, summary.replaced) == (1, 2, 2)
    repaired = Proposal.objects.get(external_id="B-1")
    assert repaired.number == first.number and repaired.version == 2
    assert repaired.text == row(1)[3] and repaired.submitter_name == "Иван Петров 1"
    assert "\ufffd" not in repaired.public_text
    assert AuditEntry.objects.filter(action="proposals.replace_garbled").count() == 2
    again = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (again.imported, again.replaced) == (0, 0)


def test_text_holding_replacement_characters_is_refused_at_intake() -> None:
    assert "U+FFFD" in errors_of(text="Предлагаю \ufffd\ufffd изменить")["text"]


# Truncated and hostile XLSX; two imports at once -------------------------------------------


def _workbook(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["id", "name", "title", "text", "received"])
    for n in range(1, 6):
        sheet.append(row(n))
    path = tmp_path / "in.xlsx"
    book.save(path)
    return path


def test_a_truncated_xlsx_is_refused_with_a_message_and_nothing_is_stored(
    tmp_path: Path, mapping: Mapping
) -> None:
    whole = _workbook(tmp_path).read_bytes()
    for cut in (len(whole) // 2, len(whole) - 30, 100):
        path = tmp_path / f"cut-{cut}.xlsx"
        path.write_bytes(whole[:cut])
        with pytest.raises(MappingError, match="not a complete XLSX workbook"):
            run_import(path, "xlsx", mapping, actor=SYSTEM)
    not_a_zip = tmp_path / "text.xlsx"
    not_a_zip.write_text("id,text\n1,hello\n", encoding="utf-8")
    with pytest.raises(MappingError, match="not a complete XLSX workbook"):
        run_import(not_a_zip, "xlsx", mapping, actor=SYSTEM)
    assert not Proposal.objects.exists()


def test_an_xlsx_that_unpacks_to_far_more_than_it_weighs_is_refused_unread(
    tmp_path: Path, mapping: Mapping
) -> None:
    source = _workbook(tmp_path)
    bomb = tmp_path / "bomb.xlsx"
    with (
        zipfile.ZipFile(source) as original,
        zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as packed,
    ):
        for item in original.infolist():
            packed.writestr(item, original.read(item.filename))
        packed.writestr("xl/media/padding.bin", b"\0" * (40 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(MappingError, match="unpacks to"):
        run_import(bomb, "xlsx", mapping, actor=SYSTEM)
    assert not Proposal.objects.exists()


def test_an_xlsx_without_the_named_sheet_is_refused_naming_the_sheets(
    tmp_path: Path, mapping: Mapping
) -> None:
    path = _workbook(tmp_path)
    mapping.sheet = "Proposals"
    with pytest.raises(MappingError, match="no sheet 'Proposals'") as refused:
        run_import(path, "xlsx", mapping, actor=SYSTEM)
    assert refused.value.field == "sheet"


def test_a_second_import_of_a_file_being_imported_is_refused_at_once(
    tmp_path: Path, mapping: Mapping
) -> None:
    path = tmp_path / "busy.csv"
    path.write_bytes(csv_bytes([row(1)]))
    with import_lock(path):
        with pytest.raises(MappingError, match="Another import of busy.csv is running"):
            run_import(path, "csv", mapping, actor=SYSTEM)
        with pytest.raises(MappingError, match="Another import"):
            importer.run_parallel(path, "csv", mapping, actor=SYSTEM, workers=2)
    assert not Proposal.objects.exists()
    assert run_import(path, "csv", mapping, actor=SYSTEM).imported == 1


def test_a_batch_that_meets_rows_stored_meanwhile_is_undone_whole_and_tried_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rows = [
        actions.build_proposal(
            submission(),
            channel=Channel.IMPORT,
            source="race",
            external_id=f"R-{n}",
            registered_at=timezone.now(),
            calendar=work_calendar(),
        )
        for n in range(3)
    ]
    real_insert = actions._insert_many
    calls = []

    def insert_after_a_rival(proposals: list[Proposal]) -> None:
        calls.append(len(proposals))
        if len(calls) == 1:
            # Another import stored R-0 between the look-up and the insert.
            real_insert([proposals[0]])
            raise IntegrityError("duplicate key value violates unique constraint")
        real_insert(proposals)

    monkeypatch.setattr(actions, "_insert_many", insert_after_a_rival)
    assert actions.register_batch(SYSTEM, rows, {}) == (3, 0)
    assert calls == [3, 3]  # the first attempt was undone whole, R-0 included
    assert Proposal.objects.filter(source="race").count() == 3


# Header injection through the e-mail address -----------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        '"a\x1cb"@example.kz',
        '"a\x0cBcc: x@evil.kz"@example.kz',
        "a@example.kz\u2028Bcc: x@evil.kz",
        "a@example.kz\rBcc: x@evil.kz",
        "a @example.kz",
    ],
)
def test_an_email_address_with_a_line_break_or_control_character_is_refused(address: str) -> None:
    assert errors_of(contact_email=address)["contact_email"] == "not a valid e-mail address"


def test_a_kept_message_to_an_address_with_a_line_break_is_not_sent(citizen: Any) -> None:
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="h1")
    mail.outbox = []
    proposal = registration.proposal
    Notification.objects.filter(proposal=proposal).update(sent_at=None)
    # A message kept before addresses were checked for control characters.
    Notification.objects.filter(proposal=proposal).update(recipient='"a\x1cBcc: x@evil.kz"@b.kz')
    assert notify.deliver_pending() == 0
    assert mail.outbox == []
    kept = Notification.objects.get(proposal=proposal)
    assert "line break or a control character" in kept.error


# Page and id parameters ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "status"),
    [("²", 400), ("-1", 400), ("abc", 400), ("0", 400), ("9" * 30, 404), ("9" * 5000, 404)],
)
def test_page_numbers_that_are_not_numbers_are_400_and_huge_ones_404(
    client: Client, analyst: Any, page: str, status: int
) -> None:
    assert client.get(reverse("proposals:public_list"), {"page": page}).status_code == status
    client.force_login(analyst)
    assert client.get(reverse("proposals:case_list"), {"page": page}).status_code == status


def test_a_far_page_that_exists_as_a_number_is_an_empty_page(client: Client) -> None:
    assert client.get(reverse("proposals:public_list"), {"page": "999999"}).status_code == 200


def test_ticked_ids_and_analysts_that_are_not_numbers_are_400(
    client: Client, lead: Any, citizen: Any
) -> None:
    case = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="i1")
    pk = str(case.proposal.pk)
    client.force_login(lead)
    url = reverse("proposals:bulk_action")
    assert client.post(url, {"ids": ["²"], "action": "assign"}).status_code == 400
    assert client.post(url, {"ids": [pk], "action": "assign", "analyst": "²"}).status_code == 400
    assert client.post(url, {"ids": ["9" * 40], "action": "assign"}).status_code == 404
    act = reverse("proposals:case_action", kwargs={"number": case.proposal.number})
    answer = client.post(act, {"action": "assign", "analyst": "-3", "version": "1"})
    assert answer.status_code == 400


def test_a_case_list_filtered_by_a_strange_analyst_id_is_shown(
    client: Client, analyst: Any
) -> None:
    client.force_login(analyst)
    for value in ("²", "9" * 40):
        assert client.get(reverse("proposals:case_list"), {"assignee": value}).status_code == 200


# The partner API: bodies too large or too deep -------------------------------------------


def test_a_body_declared_larger_than_the_limit_is_413_before_it_is_read(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    response = post_api(client, key, b"{}", CONTENT_LENGTH=str(10 * 1024 * 1024))
    assert response.status_code == 413
    assert response.json()["error"] == "too_large"
    big = json.dumps(api_body(text="а" * (10 * 1024 * 1024 // 2)))
    response = post_api(client, key, big, idem="big")
    assert response.status_code == 413 and response["Content-Type"] == "application/json"
    assert not Proposal.objects.exists()


def test_json_nested_thousands_of_levels_deep_is_400(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    for depth in (20, 5000, 100_000):
        body = '{"external_id": "deep", "text": ' + "[" * depth + "]" * depth + "}"
        response = post_api(client, key, body, idem=f"deep-{depth}")
        assert response.status_code == 400, depth
        assert response.json()["error"] == "invalid_json"
    assert not Proposal.objects.exists()


def test_a_body_that_is_not_utf8_is_400(client: Client, partner_key: tuple[Any, str]) -> None:
    _, key = partner_key
    body = json.dumps(api_body(), ensure_ascii=False).encode("windows-1251")
    assert post_api(client, key, body).status_code == 400


# The IIN's birth date ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first_eleven", "reason"),
    [
        ("90014030012", "40 is not a day"),
        ("90010030012", "00 is not a day"),
        ("90130130012", "13 is not a month"),
        ("90010170012", "7 is not possible"),
    ],
)
def test_an_iin_whose_birth_date_cannot_exist_is_refused(first_eleven: str, reason: str) -> None:
    number = iin(first_eleven)
    assert number[:7] == first_eleven[:7]
    assert reason in errors_of(iin=number)["iin"]


def test_a_bin_with_an_impossible_type_digit_is_refused() -> None:
    number = iin("05041900123")  # digit 5 is 1: a person's day, not a type of entity
    assert "not a possible BIN" in errors_of(submitter_type="party", iin="", bin=number)["bin"]


def test_the_web_form_shows_why_an_iin_is_impossible(client: Client, citizen: Any) -> None:
    client.force_login(citizen)
    data = {
        **{k: v for k, v in raw_submission().items() if not isinstance(v, bool)},
        "iin": iin("90014030012"),
        "consent_publish_text": "on",
        "submission_token": "tok-day-40",
    }
    response = client.post(reverse("proposals:submit"), data)
    assert response.status_code == 200
    assert "40 is not a day" in response.content.decode()
    assert not Proposal.objects.exists()


# The tracking secret is kept only as a hash -------------------------------------------------


def test_the_idempotency_record_keeps_no_tracking_secret_yet_a_retry_gets_it(
    client: Client, partner_key: tuple[Any, str]
) -> None:
    _, key = partner_key
    first = post_api(client, key, api_body())
    secret = first.json()["tracking_secret"]
    kept = IdempotencyRecord.objects.get()
    assert secret not in json.dumps(kept.response)
    assert "tracking_secret" not in kept.response
    again = post_api(client, key, api_body())
    assert again.status_code == 201 and again.json() == first.json()
    assert find_by_tracking(first.json()["number"], secret) is not None


def test_the_kept_receipt_masks_the_secret_and_the_sent_one_carries_it(
    citizen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notify, "wake_sender", lambda: None)  # the worker comes later
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="s1")
    kept = Notification.objects.get(proposal=registration.proposal)
    assert registration.secret not in kept.body and notify.SECRET_MASK in kept.body
    assert kept.sealed_secret and registration.secret not in kept.sealed_secret
    assert notify.deliver_pending() == 1
    (sent,) = mail.outbox
    assert sent.body == kept.body.replace(notify.SECRET_MASK, registration.secret)
    kept.refresh_from_db()
    assert kept.sent_at is not None and kept.sealed_secret == ""  # sent: the seal is erased
    assert registration.secret not in kept.body


def test_a_receipt_sent_again_after_a_crash_carries_the_same_secret(
    citizen: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The worker dies after handing the batch to the mail server, before marking it sent.
    monkeypatch.setattr(notify, "wake_sender", lambda: None)
    registration = register_proposal(citizen, submission(), channel=Channel.WEB, external_id="c1")
    mark_sent = actions.mark_messages_sent
    monkeypatch.setattr(actions, "mark_messages_sent", _crash)
    with pytest.raises(RuntimeError):
        notify.deliver_pending()
    monkeypatch.setattr(actions, "mark_messages_sent", mark_sent)
    assert notify.deliver_pending() == 1
    bodies = [m.body for m in mail.outbox]
    assert len(bodies) == 2 and bodies[0] == bodies[1]
    assert registration.secret in bodies[0]


def _crash(*args: Any, **kwargs: Any) -> int:
    raise RuntimeError("worker killed")


def test_a_receipt_whose_seal_cannot_be_opened_is_not_sent_with_a_mask(
    citizen: Any, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    monkeypatch.setattr(notify, "wake_sender", lambda: None)
    register_proposal(citizen, submission(), channel=Channel.WEB, external_id="k1")
    settings.SECRET_KEY = "another-key-after-a-rotation"
    assert notify.deliver_pending() == 0
    assert mail.outbox == []
    assert "SECRET_KEY" in Notification.objects.get().error


def test_the_web_receipt_gets_the_secret_from_a_cookie_not_the_session(
    client: Client, citizen: Any
) -> None:
    from django.contrib.sessions.models import Session

    client.force_login(citizen)
    data = {
        **{k: v for k, v in raw_submission().items() if not isinstance(v, bool)},
        "consent_publish_text": "on",
        "submission_token": "tok-cookie",
    }
    response = client.post(reverse("proposals:submit"), data)
    assert response.status_code == 302
    proposal = Proposal.objects.get()
    for session in Session.objects.all():
        assert "proposals_" not in json.dumps(session.get_decoded())
    page = client.get(response["Location"]).content.decode()
    assert 'class="secret"' in page
    secret = page.split('class="secret">', 1)[1].split("<", 1)[0]
    assert find_by_tracking(proposal.number, secret) == proposal
    assert 'class="secret"' not in client.get(response["Location"]).content.decode()


# Two imports at once, for real (PostgreSQL) -----------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
def test_two_imports_of_the_same_rows_at_once_store_each_row_once(
    tmp_path: Path, mapping: Mapping
) -> None:
    rows = [row(n) for n in range(1, 121)]
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"  # two copies: no file lock helps
    first.write_bytes(csv_bytes(rows))
    second.write_bytes(csv_bytes(rows))
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def run(index: int, path: Path) -> None:
        barrier.wait()
        try:
            results[index] = run_import(path, "csv", mapping, actor=SYSTEM, batch_size=10)
        except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, p)) for i, p in enumerate((first, second))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert all(not isinstance(r, Exception) for r in results), results
    assert sum(r.imported for r in results) == 120
    assert sum(r.skipped for r in results) == 120
    assert Proposal.objects.filter(source=mapping.source).count() == 120


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
def test_the_same_file_imported_twice_at_once_is_refused_once_with_a_message(
    tmp_path: Path, mapping: Mapping
) -> None:
    path = tmp_path / "same.csv"
    path.write_bytes(csv_bytes([row(n) for n in range(1, 400)]))
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def run(index: int) -> None:
        barrier.wait()
        try:
            results[index] = run_import(path, "csv", mapping, actor=SYSTEM, batch_size=20)
        except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    refused = [r for r in results if isinstance(r, MappingError)]
    done = [r for r in results if not isinstance(r, Exception)]
    assert len(refused) == 1 and len(done) == 1, results
    assert "Another import of same.csv is running" in refused[0].message
    assert done[0].imported == Proposal.objects.filter(source=mapping.source).count() == 399
