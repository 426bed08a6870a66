"""Bulk import: formats, mapping, bad rows, re-runs, a real export, and a SIGKILL."""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from proposal_helpers import VALID_BIN, VALID_IIN

from atazan.core.models import AuditEntry
from atazan.proposals.importer import Mapping, MappingError, run_import, strip_html
from atazan.proposals.models import Proposal

from factories import SYSTEM

MAPPING = """
source = "otinish-export"
require_identity = true
datetime_formats = ["%d.%m.%Y %H:%M"]
[columns]
external_id = "Номер"
submitter_type = "Тип"
submitter_name = "ФИО"
iin = "ИИН"
bin = "БИН"
region = "Регион"
language = "Язык"
title = "Тема"
text = "Текст"
received_at = "Дата"
consent_publish_text = "Публиковать"
[values.submitter_type]
"Гражданин" = "citizen"
"Партия" = "party"
[values.region]
"Астана" = "astana"
"Алматы" = "almaty_city"
[defaults]
language = "ru"
"""
HEADER = [
    "Номер",
    "Тип",
    "ФИО",
    "ИИН",
    "БИН",
    "Регион",
    "Язык",
    "Тема",
    "Текст",
    "Дата",
    "Публиковать",
]


def good_row(n: int) -> list[str]:
    return [
        f"E-{n}",
        "Гражданин",
        f"Иван Иванов {n}",
        VALID_IIN,
        "",
        "Астана",
        "",
        f"Тема {n}",
        f"Предложение номер {n} о статье 33.",
        "01.12.2025 10:30",
        "да",
    ]


@pytest.fixture
def mapping_file(tmp_path: Path) -> Path:
    path = tmp_path / "map.toml"
    path.write_text(MAPPING, encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.mark.django_db
def test_bad_rows_are_reported_with_line_field_and_reason_and_good_rows_stored(
    tmp_path: Path, mapping_file: Path
) -> None:
    rows = [good_row(1), good_row(2), good_row(3), good_row(4)]
    rows[1][3] = VALID_IIN[:11] + str((int(VALID_IIN[11]) + 1) % 10)  # wrong check digit
    rows[2][1] = "Партия"  # a party without BIN
    rows[3][8] = "Многострочный\nтекст"  # a quoted field over two lines
    rows.append(good_row(5))
    rows[4][5] = "Марс"
    path = write_csv(tmp_path / "in.csv", rows)
    summary = run_import(path, "csv", Mapping.load(mapping_file), actor=SYSTEM)
    assert (summary.imported, summary.rejected) == (2, 3)
    reported = {(e.line, e.field) for e in summary.errors}
    # line 1 is the header; row 4 spans lines 5-6, so the fifth row starts on line 7
    assert reported == {(3, "iin"), (4, "bin"), (7, "region")}
    assert "check digit" in next(e.reason for e in summary.errors if e.field == "iin")
    stored = Proposal.objects.get(external_id="E-1")
    assert stored.region == "astana" and stored.language == "ru" and stored.consent_publish_text
    assert timezone.localtime(stored.received_at).strftime("%d.%m.%Y %H:%M") == "01.12.2025 10:30"


@pytest.mark.django_db
def test_importing_the_same_file_twice_adds_nothing(tmp_path: Path, mapping_file: Path) -> None:
    path = write_csv(tmp_path / "in.csv", [good_row(n) for n in range(25)])
    first = run_import(path, "csv", Mapping.load(mapping_file), actor=SYSTEM, batch_size=10)
    second = run_import(path, "csv", Mapping.load(mapping_file), actor=SYSTEM, batch_size=10)
    assert (first.imported, first.skipped) == (25, 0)
    assert (second.imported, second.skipped) == (0, 25)
    assert Proposal.objects.count() == 25
    assert (
        AuditEntry.objects.filter(action="proposals.register_batch").count() == 6
    )  # one per batch


@pytest.mark.django_db
def test_rows_without_an_id_are_recognised_by_their_content(tmp_path: Path) -> None:
    mapping = Mapping.from_dict(
        {"source": "minutes", "columns": {"text": "t"}, "defaults": {"language": "kk"}}
    )
    path = tmp_path / "rows.jsonl"
    path.write_text(
        "\n".join(json.dumps({"t": f"Ұсыныс {n}"}, ensure_ascii=False) for n in range(3)), "utf-8"
    )
    assert run_import(path, "jsonl", mapping, actor=SYSTEM).imported == 3
    assert run_import(path, "jsonl", mapping, actor=SYSTEM).skipped == 3


@pytest.mark.django_db
def test_json_lines_with_nested_fields_and_broken_lines(tmp_path: Path) -> None:
    mapping = Mapping.from_dict(
        {
            "source": "egov",
            "columns": {
                "external_id": "id",
                "submitter_type": "author.kind",
                "submitter_name": "author.name",
                "bin": "author.bin",
                "text": "body",
                "language": "lang",
            },
            "require_identity": True,
            "require_name": True,
        }
    )
    lines = [
        json.dumps(
            {
                "id": 1,
                "author": {"kind": "party", "name": "Партия", "bin": VALID_BIN},
                "body": "Мәтін",
                "lang": "kk",
            }
        ),
        "{broken json",
        json.dumps([1, 2]),
        json.dumps(
            {
                "id": 2,
                "author": {"kind": "citizen", "name": "Аноним"},
                "body": "Текст",
                "lang": "ru",
            }
        ),
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines), "utf-8")
    summary = run_import(path, "jsonl", mapping, actor=SYSTEM)
    assert summary.imported == 1
    assert sorted((e.line, e.field) for e in summary.errors) == [(2, "-"), (3, "-"), (4, "iin")]


@pytest.mark.django_db
def test_xlsx_exports_are_read_with_the_same_mapping(tmp_path: Path, mapping_file: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for n in range(3):
        sheet.append(good_row(n))
    sheet.append([None] * len(HEADER))
    bad = good_row(9)
    bad[8] = ""
    bad[7] = ""
    sheet.append(bad)
    path = tmp_path / "in.xlsx"
    workbook.save(path)
    summary = run_import(path, "xlsx", Mapping.load(mapping_file), actor=SYSTEM)
    assert summary.imported == 3
    assert [(e.line, e.field) for e in summary.errors] == [(6, "text")]


def test_a_mapping_naming_unknown_fields_or_missing_columns_is_refused(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match="unknown fields"):
        Mapping.from_dict({"source": "x", "columns": {"text": "a", "colour": "b"}})
    with pytest.raises(MappingError, match="source"):
        Mapping.from_dict({"columns": {"text": "a"}})


@pytest.mark.django_db
def test_a_column_missing_from_the_file_stops_before_importing(
    tmp_path: Path, mapping_file: Path
) -> None:
    path = tmp_path / "in.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(MappingError, match="no column"):
        run_import(path, "csv", Mapping.load(mapping_file), actor=SYSTEM)


def test_html_is_reduced_to_text_with_paragraphs() -> None:
    assert strip_html("<p>Uno &amp; dos</p><p>tres<br>cuatro</p>") == "Uno & dos\ntres\ncuatro"


@pytest.mark.django_db
def test_the_command_prints_progress_and_a_summary(tmp_path: Path, mapping_file: Path) -> None:
    rows = [good_row(n) for n in range(5)]
    rows[2][3] = "123"
    path = write_csv(tmp_path / "in.csv", rows)
    errors = tmp_path / "errors.csv"
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "proposals",
        "import",
        str(path),
        "--format",
        "csv",
        "--mapping",
        str(mapping_file),
        "--errors",
        str(errors),
        stdout=out,
        stderr=err,
    )
    assert "imported 4, skipped as already present 0, rejected 1" in out.getvalue()
    assert "line 4: iin: must be 12 digits" in out.getvalue()
    assert "100%" in err.getvalue()
    assert errors.read_text(encoding="utf-8").splitlines()[1] == "4,iin,must be 12 digits"


MADRID_MAPPING = {
    "source": "decide-madrid",
    "delimiter": ";",
    "html": ["title", "text"],
    "datetime_formats": ["%d/%m/%Y"],
    "columns": {
        "external_id": "id",
        "title": "title",
        "text": "description",
        "received_at": "created_at",
    },
    "defaults": {"submitter_type": "other", "language": "other", "consent_publish_text": True},
}


@pytest.mark.django_db
def test_the_decide_madrid_export_imports_with_html_removed(shared_data: Path) -> None:
    path = shared_data / "decide-madrid-proposals.csv"
    mapping = Mapping.from_dict(MADRID_MAPPING)
    summary = run_import(path, "csv", mapping, actor=SYSTEM)
    assert summary.read == 2738
    assert summary.imported + summary.rejected == 2738
    assert summary.imported >= 2700
    for error in summary.errors:
        assert error.line > 1 and error.field and error.reason
    assert not Proposal.objects.filter(text__contains="<p>").exists()
    again = run_import(path, "csv", mapping, actor=SYSTEM)
    assert (again.imported, again.skipped) == (0, summary.imported)


# Killed half-way -------------------------------------------------------------------


def _separate_database(tmp_path: Path) -> tuple[str, Any]:
    """A database the subprocesses can share: a SQLite file, or a fresh PostgreSQL database."""
    if connection.vendor == "postgresql":
        import psycopg

        settings_dict = connection.settings_dict
        name = f"atazan_killtest_{os.getpid()}"
        params = {
            "host": settings_dict["HOST"] or "127.0.0.1",
            "port": settings_dict["PORT"] or 5432,
            "user": settings_dict["USER"],
            "dbname": "postgres",
        }
        if settings_dict.get("PASSWORD"):
            params["password"] = settings_dict["PASSWORD"]
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        password = f":{params['password']}" if "password" in params else ""
        url = f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"

        def count() -> int:
            with psycopg.connect(**{**params, "dbname": name}) as conn:
                row = conn.execute(
                    "SELECT count(*), count(DISTINCT number) FROM proposals_proposal"
                ).fetchone()
                assert row is not None and row[0] == row[1]
                return int(row[0])

        def drop() -> None:
            with psycopg.connect(**params, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        return url, (count, drop)
    path = tmp_path / "kill.sqlite3"

    def count_sqlite() -> int:
        with sqlite3.connect(path, timeout=30) as conn:
            total, numbers = conn.execute(
                "SELECT count(*), count(DISTINCT number) FROM proposals_proposal"
            ).fetchone()
            assert total == numbers
            return int(total)

    return f"sqlite:///{path}", (count_sqlite, lambda: None)


@pytest.mark.django_db
@pytest.mark.slow
def test_an_import_killed_half_way_completes_exactly_once_when_run_again(
    tmp_path: Path, mapping_file: Path
) -> None:
    total, batch = 8000, 250
    path = write_csv(tmp_path / "big.csv", [good_row(n) for n in range(total)])
    url, (count, drop) = _separate_database(tmp_path)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "atazan.settings",
        "ATAZAN_DATA_DIR": str(tmp_path),
    }
    command = [sys.executable, "-m", "atazan.cli"]
    try:
        subprocess.run(
            [*command, "migrate", "--skip-checks", "-v0"], env=env, check=True, timeout=120
        )
        importer = [
            *command,
            "proposals",
            "--skip-checks",
            "import",
            str(path),
            "--format",
            "csv",
            "--mapping",
            str(mapping_file),
            "--batch-size",
            str(batch),
            "--quiet",
        ]
        process = subprocess.Popen(
            importer, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + 120
        stored = 0
        while time.monotonic() < deadline and process.poll() is None:
            try:
                stored = count()
            except (sqlite3.OperationalError, Exception):  # noqa: BLE001 - table may be busy
                stored = 0
            if stored >= 3 * batch:
                break
            time.sleep(0.02)
        assert process.poll() is None, "the import finished before it could be killed"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        half = count()
        assert 0 < half < total
        assert half % batch == 0, "a batch was half stored"
        # The second run shares the file between two processes: the outcome is the same.
        rerun = subprocess.run(
            [*importer, "--workers", "2"],
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=True,
        )
        assert f"imported {total - half:,}, skipped as already present {half:,}" in rerun.stdout
        assert count() == total
    finally:
        drop()
