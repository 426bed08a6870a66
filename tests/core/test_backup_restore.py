"""A backup made as docs/operations.md says restores into a database that verifies.

The restore drill of the operators' guide runs here on a small reform:
proposals registered and answered, their audit trail, and a signed
checkpoint kept outside the database. The database is backed up with the
documented command (`sqlite3 FILE ".backup COPY"`, or its Python
equivalent, on the embedded database; `pg_dump`/`pg_restore` on
PostgreSQL), restored into a fresh database, read back through a
connection of its own, and checked with `atazan verify_audit_log` run in
its own process against the restored copy, as an operator would.

A backup older than the newest checkpoint must not pass: the drill would
otherwise hide that a restore lost entries the checkpoint vouches for.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pytest
from django.core.management import call_command
from django.db import connection

from atazan.core.models import AuditCheckpoint, AuditEntry
from atazan.core.roles import Role
from atazan.proposals.actions import answer, register_proposal
from atazan.proposals.intake import clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan_redact import make_identifier

from factories import UserFactory

#: The drill commits, so that other connections and processes see the data.
DRILL_DB = pytest.mark.django_db(transaction=True)

#: The Python equivalent of `sqlite3 SOURCE ".backup TARGET"`, as docs/operations.md gives it.
PYTHON_BACKUP = (
    "import sqlite3, sys; s, t = sqlite3.connect(sys.argv[1]), sqlite3.connect(sys.argv[2]); "
    "s.backup(t); t.close(); s.close()"
)
OPERATIONS_GUIDE = Path(__file__).resolve().parents[2] / "docs" / "operations.md"

PROPOSAL_TEXTS = [
    ("kk", "Парламент туралы", "Парламентті бір палаталы етуді ұсынамын."),
    ("ru", "О местном самоуправлении", "Предлагаю выборность акимов районов и городов."),
    ("en", "On the ombudsman", "The ombudsman should be appointed by the Parliament."),
]


def _valid_iin() -> str:
    value = 90010230012
    while (full := make_identifier(f"{value:011d}")) is None:
        value += 1
    return full


@dataclass(frozen=True)
class Reform:
    """What was stored before the backup, and the signed checkpoint kept outside."""

    proposals: dict[str, tuple[str, str, str]]  # number -> (text, status, answer)
    entry_hashes: list[str]
    checkpoint: Path
    public_key: Path


def _register(citizen: Any, language: str, title: str, text: str, token: str) -> Proposal:
    submission = clean_submission(
        {
            "submitter_type": "citizen",
            "submitter_name": "Айгерім Сәдуақасова",
            "iin": _valid_iin(),
            "region": "astana",
            "language": language,
            "title": title,
            "text": text,
            "consent_publish_text": True,
        }
    )
    return register_proposal(citizen, submission, channel=Channel.WEB, external_id=token).proposal


def _build_reform(tmp_path: Path) -> Reform:
    """Proposals, the first one answered, and a checkpoint signed after the last."""
    citizen = UserFactory(roles=[Role.CITIZEN])
    lead = UserFactory(roles=[Role.WORKING_GROUP_LEAD])
    key = tmp_path / "keys" / "audit-signing.key"
    key.parent.mkdir()
    call_command("audit_checkpoint", "--new-key", str(key))
    checkpoint = tmp_path / "audit-checkpoint.json"
    for index, (language, title, text) in enumerate(PROPOSAL_TEXTS):
        proposal = _register(citizen, language, title, text, f"form-{index}")
        if index == 0:
            answer(
                lead,
                proposal,
                outcome="accepted",
                reason="The commission takes this up in the draft.",
                expected_version=proposal.version,
                send=False,
            )
    call_command("audit_checkpoint", "--key", str(key), "--out", str(checkpoint))
    return Reform(
        proposals={
            p.number: (p.text, p.status, p.answer) for p in Proposal.objects.order_by("number")
        },
        entry_hashes=list(
            AuditEntry.objects.order_by("sequence").values_list("entry_hash", flat=True)
        ),
        checkpoint=checkpoint,
        public_key=key.with_name(key.name + ".pub"),
    )


class Drill(Protocol):
    """One database engine's documented backup and restore."""

    def backup(self, target: Path) -> None: ...

    def restore(self, backup: Path) -> str:
        """Restore into a fresh database and answer its DATABASE_URL."""
        ...

    def rows(self, url: str, sql: str) -> list[tuple[Any, ...]]: ...


class SqliteDrill:
    """`sqlite3 SITE ".backup COPY"` (or the Python one-liner); restore by copying the file."""

    def __init__(self, work: Path, use_cli: bool) -> None:
        self.work = work
        self.use_cli = use_cli
        # The test database may live in memory: the site's file is written from it first
        # through the same online-backup API, so the documented command runs on a file.
        self.site_file = work / "site" / "atazan.sqlite3"
        self.site_file.parent.mkdir(parents=True, exist_ok=True)

    def backup(self, target: Path) -> None:
        self.site_file.unlink(missing_ok=True)
        connection.ensure_connection()
        site = sqlite3.connect(self.site_file)
        connection.connection.backup(site)
        site.close()
        if self.use_cli:
            command = ["sqlite3", str(self.site_file), f".backup '{target}'"]
        else:
            command = [sys.executable, "-c", PYTHON_BACKUP, str(self.site_file), str(target)]
        subprocess.run(command, check=True, capture_output=True, text=True)

    def restore(self, backup: Path) -> str:
        restored = self.work / f"restored-{uuid.uuid4().hex[:8]}" / "atazan.sqlite3"
        restored.parent.mkdir()
        shutil.copyfile(backup, restored)
        check = sqlite3.connect(restored)
        assert check.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        check.close()
        return f"sqlite:///{restored}"

    def rows(self, url: str, sql: str) -> list[tuple[Any, ...]]:
        db = sqlite3.connect(url.removeprefix("sqlite:///"))
        try:
            return list(db.execute(sql).fetchall())
        finally:
            db.close()


class PostgresDrill:
    """`pg_dump --format=custom`, then `pg_restore --no-owner` into a new database."""

    def __init__(self) -> None:
        self.settings = connection.settings_dict
        self.created: list[str] = []

    def _url(self, name: str) -> str:
        s = self.settings
        user = s.get("USER") or ""
        password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
        auth = f"{user}{password}@" if user else ""
        port = f":{s['PORT']}" if s.get("PORT") else ""
        return f"postgres://{auth}{s.get('HOST') or ''}{port}/{name}"

    def backup(self, target: Path) -> None:
        subprocess.run(
            [
                "pg_dump",
                "--format=custom",
                f"--file={target}",
                f"--dbname={self._url(self.settings['NAME'])}",
            ],
            check=True,
            capture_output=True,
            text=True,
        )

    def restore(self, backup: Path) -> str:
        import psycopg

        name = f"{self.settings['NAME']}_restored_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(self._url("postgres"), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        url = self._url(name)
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={url}", str(backup)],
            check=True,
            capture_output=True,
            text=True,
        )
        return url

    def rows(self, url: str, sql: str) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(url) as db:
            return list(db.execute(sql).fetchall())

    def drop_restored(self) -> None:
        import psycopg

        with psycopg.connect(self._url("postgres"), autocommit=True) as admin:
            for name in self.created:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_tools_missing() -> str | None:
    missing = [tool for tool in ("pg_dump", "pg_restore") if shutil.which(tool) is None]
    return f"{' and '.join(missing)} not installed" if missing else None


@pytest.fixture(params=["sqlite3 command", "python one-liner", "pg_dump"])
def drill(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Drill]:
    method = request.param
    if connection.vendor == "sqlite":
        if method == "pg_dump":
            pytest.skip("the database is SQLite: pg_dump/pg_restore is the PostgreSQL drill")
        if method == "sqlite3 command" and shutil.which("sqlite3") is None:
            pytest.skip("the sqlite3 command-line shell is not installed")
        yield SqliteDrill(tmp_path, use_cli=method == "sqlite3 command")
        return
    if connection.vendor == "postgresql":
        if method != "pg_dump":
            pytest.skip("the database is PostgreSQL: the SQLite commands do not apply")
        reason = _postgres_tools_missing()
        if reason:
            pytest.skip(reason)
        postgres = PostgresDrill()
        try:
            yield postgres
        finally:
            postgres.drop_restored()
        return
    pytest.skip(f"no documented backup for the {connection.vendor} database")


def _verify_restored(url: str, tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """`atazan verify_audit_log` in its own process, with DATABASE_URL naming the restored copy."""
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "ATAZAN_DATA_DIR": str(tmp_path / "data"),
        "LC_ALL": "C",
    }
    environment.pop("ATAZAN_AUDIT_PUBLIC_KEY_FILE", None)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from atazan.cli import main; main()",
            "verify_audit_log",
            *options,
        ],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )


@DRILL_DB
def test_restored_backup_holds_the_proposals_and_its_audit_log_verifies(
    drill: Drill, tmp_path: Path
) -> None:
    reform = _build_reform(tmp_path)
    assert any(status == "answered" for _, status, _ in reform.proposals.values())
    backup = tmp_path / "backup.bin"
    drill.backup(backup)

    url = drill.restore(backup)

    proposals = drill.rows(
        url,
        f"SELECT number, text, status, answer FROM {Proposal._meta.db_table} ORDER BY number",
    )
    assert {number: (text, status, ans) for number, text, status, ans in proposals} == (
        reform.proposals
    )
    hashes = drill.rows(
        url, f"SELECT entry_hash FROM {AuditEntry._meta.db_table} ORDER BY sequence"
    )
    assert [h for (h,) in hashes] == reform.entry_hashes
    assert drill.rows(url, f"SELECT COUNT(*) FROM {AuditCheckpoint._meta.db_table}") == [(1,)]

    result = _verify_restored(
        url,
        tmp_path,
        "--checkpoint",
        str(reform.checkpoint),
        "--published",
        "--public-key",
        str(reform.public_key),
    )
    assert result.returncode == 0, result.stderr
    assert f"audit log intact: {len(reform.entry_hashes)} entries verified" in result.stdout


@DRILL_DB
def test_a_backup_older_than_the_newest_checkpoint_is_reported_after_restore(
    drill: Drill, tmp_path: Path
) -> None:
    citizen = UserFactory(roles=[Role.CITIZEN])
    _register(citizen, "ru", "О референдуме", "Предлагаю снизить порог явки.", "early")
    older = tmp_path / "older-backup.bin"
    drill.backup(older)
    reform = _build_reform(tmp_path)  # more proposals, then the checkpoint that vouches for them

    url = drill.restore(older)
    result = _verify_restored(
        url,
        tmp_path,
        "--checkpoint",
        str(reform.checkpoint),
        "--public-key",
        str(reform.public_key),
    )

    assert result.returncode == 1
    assert "(missing)" in result.stderr, result.stderr


def test_the_drill_runs_the_backup_commands_the_operators_guide_gives() -> None:
    guide = OPERATIONS_GUIDE.read_text(encoding="utf-8")
    assert f"python3 -c '{PYTHON_BACKUP}'" in guide
    for command in ("\".backup '", "pg_dump --format=custom", "pg_restore --no-owner"):
        assert command in guide, command
