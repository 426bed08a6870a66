"""Bulk import of proposals from CSV, JSON lines and XLSX exports.

Rows stream from the file in batches; each batch is stored in one
transaction with one audit entry, and rows already present (same source and
id) are skipped. So a killed import is simply run again: committed batches
are skipped, the interrupted one is redone, and every row ends up stored
exactly once. A bad row never stops the good ones: it is reported with its
line, field and reason.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import time
import tomllib
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.core.actors import Actor
from atazan.core.errors import InvalidInputError
from atazan.proposals.actions import build_proposal, register_batch
from atazan.proposals.intake import InvalidSubmission, clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan.proposals.selectors import work_calendar

FIELDS = (
    "external_id",
    "submitter_type",
    "submitter_name",
    "iin",
    "bin",
    "region",
    "contact_email",
    "contact_phone",
    "postal_address",
    "language",
    "topic",
    "title",
    "text",
    "cited_provisions",
    "consent_publish_text",
    "consent_publish_name",
    "received_at",
)
FORMATS = ("csv", "jsonl", "xlsx")


class MappingError(InvalidInputError):
    """The mapping file or the input file's columns cannot be used."""

    code = "invalid_mapping"


@dataclass
class Mapping:
    """How the columns of an export become the fields of a proposal (see docs/proposals.md)."""

    source: str
    columns: dict[str, str]
    defaults: dict[str, Any] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    html: list[str] = field(default_factory=list)
    datetime_formats: tuple[str, ...] = ()
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    sheet: str | None = None
    require_identity: bool = False
    require_name: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mapping:
        source = str(data.get("source", "")).strip()
        if not source:
            raise MappingError(
                "mapping: 'source' names where the rows come from, e.g. \"e-otinish\""
            )
        columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
        defaults = dict(data.get("defaults", {}))
        unknown = sorted((set(columns) | set(defaults) | set(data.get("values", {}))) - set(FIELDS))
        if unknown:
            raise MappingError(f"mapping: unknown fields {unknown}; known: {', '.join(FIELDS)}")
        if "text" not in columns:
            raise MappingError("mapping: [columns] must name the column holding 'text'")
        return cls(
            source=source,
            columns=columns,
            defaults=defaults,
            values={
                k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()
            },
            html=list(data.get("html", [])),
            datetime_formats=tuple(data.get("datetime_formats", ())),
            delimiter=str(data.get("delimiter", ",")),
            encoding=str(data.get("encoding", "utf-8-sig")),
            sheet=data.get("sheet"),
            require_identity=bool(data.get("require_identity", False)),
            require_name=bool(data.get("require_name", False)),
        )

    @classmethod
    def load(cls, path: Path) -> Mapping:
        try:
            raw = path.read_bytes()
            data = json.loads(raw) if path.suffix == ".json" else tomllib.loads(raw.decode())
        except (OSError, ValueError) as exc:
            raise MappingError(f"mapping {path}: {exc}") from exc
        return cls.from_dict(data)


@dataclass
class RowError:
    line: int
    field: str
    reason: str


@dataclass
class Summary:
    read: int = 0
    imported: int = 0
    skipped: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    #: Numbers of the proposals this run registered, when asked for (``collect_numbers``).
    numbers: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.read / self.seconds if self.seconds else 0.0


_TAG_BREAK = re.compile(r"(?i)<\s*(?:br|/p|/div|/li|/h\d)\s*/?\s*>")
_TAG = re.compile(r"<[^>]{0,2000}>")
_BLANKS = re.compile(r"[ \t\r\f\v]+")
_NEWLINES = re.compile(r"\n\s*\n\s*(?:\n\s*)+")


def strip_html(value: str) -> str:
    """Text from an HTML fragment: tags dropped, entities decoded, paragraphs kept."""
    text = _TAG.sub(" ", _TAG_BREAK.sub("\n", value))
    text = html.unescape(text)
    lines = [_BLANKS.sub(" ", line).strip() for line in text.split("\n")]
    return _NEWLINES.sub("\n\n", "\n".join(lines)).strip()


def _lookup(record: dict[str, Any], path: str) -> Any:
    value: Any = record
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


# Readers: each yields (line number, record, fraction of the file read) ----------


def _csv_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any], float]]:
    size = max(path.stat().st_size, 1)
    with path.open("rb") as binary:
        text = io.TextIOWrapper(binary, encoding=mapping.encoding, newline="", errors="replace")
        reader = csv.reader(text, delimiter=mapping.delimiter)
        try:
            header = next(reader)
        except StopIteration:
            return
        missing = [c for c in mapping.columns.values() if c not in header]
        if missing:
            raise MappingError(f"{path}: the file has no column {missing!r}; it has {header!r}")
        last_line = reader.line_num
        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            yield line, dict(zip(header, row, strict=False)), binary.tell() / size


def _jsonl_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any], float]]:
    size = max(path.stat().st_size, 1)
    with path.open("rb") as binary:
        for number, raw in enumerate(binary, start=1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw.decode(mapping.encoding.replace("-sig", "")))
            except (ValueError, UnicodeDecodeError) as exc:
                yield (
                    number,
                    {"__error__": _("not a JSON object: %(error)s") % {"error": exc}},
                    binary.tell() / size,
                )
                continue
            if not isinstance(record, dict):
                yield number, {"__error__": _("not a JSON object")}, binary.tell() / size
                continue
            yield number, record, binary.tell() / size


def _xlsx_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any], float]]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook[mapping.sheet] if mapping.sheet else workbook.worksheets[0]
        total = max(sheet.max_row or 1, 1)
        rows = sheet.iter_rows(values_only=True)
        try:
            header = ["" if c is None else str(c).strip() for c in next(rows)]
        except StopIteration:
            return
        missing = [c for c in mapping.columns.values() if c not in header]
        if missing:
            raise MappingError(f"{path}: the sheet has no column {missing!r}; it has {header!r}")
        for number, row in enumerate(rows, start=2):
            if all(c is None or str(c).strip() == "" for c in row):
                continue
            yield number, dict(zip(header, row, strict=False)), number / total
    finally:
        workbook.close()


READERS: dict[str, Callable[[Path, Mapping], Iterator[tuple[int, dict[str, Any], float]]]] = {
    "csv": _csv_rows,
    "jsonl": _jsonl_rows,
    "xlsx": _xlsx_rows,
}


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def map_record(record: dict[str, Any], mapping: Mapping) -> dict[str, Any]:
    """The proposal fields of one input record, with defaults, value tables and HTML stripped."""
    raw: dict[str, Any] = dict(mapping.defaults)
    for name, column in mapping.columns.items():
        value = _cell(_lookup(record, column) if "." in column else record.get(column))
        if value != "" or name not in raw:
            raw[name] = value
    for name, table in mapping.values.items():
        value = str(raw.get(name, "")).strip()
        if value in table:
            raw[name] = table[value]
    for name in mapping.html:
        if isinstance(raw.get(name), str):
            raw[name] = strip_html(raw[name])
    return raw


def row_id(raw: dict[str, Any]) -> str:
    """A stable id for rows without one: a digest of what they say."""
    content = json.dumps(
        {k: str(raw.get(k, "")) for k in FIELDS if k != "external_id"}, sort_keys=True
    )
    return "sha256:" + hashlib.sha256(content.encode()).hexdigest()[:40]


#: Rows stored before the planner's statistics are first refreshed; then at each doubling.
FIRST_ANALYZE = 10_000


def refresh_statistics() -> None:
    """Let PostgreSQL's planner see the table as it is now.

    A table emptied or created before a big import looks empty to the planner
    until it is analysed (autovacuum may be off, or too slow), and then the
    check for rows already present degrades into a scan of every row of the
    source. Analysing at each doubling keeps it an index look-up.
    """
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {connection.ops.quote_name(Proposal._meta.db_table)}")


def _store_batch(
    actor: Actor,
    batch: list[Proposal],
    meta: dict[str, Any],
    analyze: bool,
    numbers: list[str] | None = None,
) -> tuple[int, int]:
    result = register_batch(actor, batch, meta)
    if numbers is not None:
        # Only the rows stored now were given a number; those already present were not.
        numbers.extend(p.number for p in batch if p.number)
    if analyze:
        refresh_statistics()
    return result


def run_import(
    path: Path,
    fmt: str,
    mapping: Mapping,
    *,
    actor: Actor,
    batch_size: int = 2000,
    progress: Callable[[Summary, float], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
    keep_errors: int = 10_000,
    pipeline: bool | None = None,
    shard: tuple[int, int] = (0, 1),
    collect_numbers: bool = False,
) -> Summary:
    """Import ``path``; returns counts and the first ``keep_errors`` row errors.

    With ``collect_numbers`` the summary also lists the registration numbers
    of the proposals this run stored (not those skipped as already present).

    With ``shard=(k, n)`` only every n-th run of ``batch_size`` rows, starting
    with the k-th, is imported: n processes share one file (see run_parallel).
    """
    if fmt not in READERS:
        raise MappingError(f"--format must be one of {', '.join(FORMATS)}")
    calendar = work_calendar()
    summary = Summary()
    numbers = summary.numbers if collect_numbers else None
    started = time.monotonic()
    batch: list[Proposal] = []
    first_line = 0
    last_line = 0
    fraction = 0.0

    def reject(line: int, field_name: str, reason: str) -> None:
        error = RowError(line, field_name, reason)
        if len(summary.errors) < keep_errors:
            summary.errors.append(error)
        if on_error:
            on_error(error)

    # On PostgreSQL, outside a transaction, one batch is written by a second thread
    # while the next is parsed: the database works while Python does.
    if pipeline is None:
        pipeline = connection.vendor == "postgresql" and not connection.in_atomic_block
    writer = ThreadPoolExecutor(max_workers=1) if pipeline else None
    pending: Future[tuple[int, int]] | None = None
    submitted = 0
    next_analyze = FIRST_ANALYZE

    def settle() -> None:
        nonlocal pending
        if pending is None:
            return
        stored, skipped = pending.result()
        pending = None
        summary.imported += stored
        summary.skipped += skipped
        summary.seconds = time.monotonic() - started
        if progress:
            progress(summary, fraction)

    def flush() -> None:
        nonlocal batch, pending, submitted, next_analyze
        if not batch:
            return
        meta = {
            "file": path.name,
            "source": mapping.source,
            "format": fmt,
            "first_line": first_line,
            "last_line": last_line,
        }
        submitted += len(batch)
        analyze = submitted >= next_analyze
        if analyze:
            next_analyze *= 2
        if writer is None:
            pending_result = _store_batch(actor, batch, meta, analyze, numbers)
            batch = []
            done: Future[tuple[int, int]] = Future()
            done.set_result(pending_result)
            pending = done
            settle()
            return
        settle()
        pending = writer.submit(_store_batch, actor, batch, meta, analyze, numbers)
        batch = []

    registered_at = timezone.now()
    own, shards = shard
    index = -1
    for line, record, position in READERS[fmt](path, mapping):
        fraction = position
        index += 1
        if shards > 1 and (index // batch_size) % shards != own:
            continue
        summary.read += 1
        if "__error__" in record:
            summary.rejected += 1
            reject(line, "-", str(record["__error__"]))
            continue
        raw = map_record(record, mapping)
        external_id = (
            str(raw.pop("external_id", "") or "").strip()
            if "external_id" in mapping.columns
            else ""
        )
        if "external_id" in mapping.columns and not external_id:
            summary.rejected += 1
            reject(line, "external_id", _("the row has no id"))
            continue
        if len(external_id) > 200:
            summary.rejected += 1
            reject(line, "external_id", _("the id is longer than 200 characters"))
            continue
        try:
            submission = clean_submission(
                raw,
                require_identity=mapping.require_identity,
                require_name=mapping.require_name,
                datetime_formats=mapping.datetime_formats,
            )
        except InvalidSubmission as exc:
            summary.rejected += 1
            for name, reason in exc.errors.items():
                reject(line, name, str(reason))
            continue
        if not batch:
            first_line = line
            registered_at = timezone.now()
        last_line = line
        batch.append(
            build_proposal(
                submission,
                channel=Channel.IMPORT,
                source=mapping.source,
                external_id=external_id or row_id(raw),
                registered_at=registered_at,
                calendar=calendar,
            )
        )
        if len(batch) >= batch_size:
            flush()
    try:
        flush()
        settle()
    finally:
        if writer is not None:
            writer.submit(connections.close_all).result()
            writer.shutdown()
    summary.seconds = time.monotonic() - started
    if progress:
        progress(summary, 1.0)
    return summary


# Several processes --------------------------------------------------------------


def _die_with_parent() -> None:
    """On Linux, a worker is killed with its parent, so a killed import stops whole."""
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _shard_main(
    path: Path,
    fmt: str,
    mapping: Mapping,
    shard: tuple[int, int],
    batch_size: int,
    events: Any,
    actor: Actor,
    collect_numbers: bool = False,
) -> None:
    _die_with_parent()
    try:
        summary = run_import(
            path,
            fmt,
            mapping,
            actor=actor,
            batch_size=batch_size,
            shard=shard,
            collect_numbers=collect_numbers,
            progress=lambda s, f: events.put(
                ("progress", shard[0], (s.read, s.imported, s.skipped, s.rejected), f)
            ),
        )
        events.put(("done", shard[0], summary, 1.0))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which fails the import
        events.put(("failed", shard[0], f"{type(exc).__name__}: {exc}", 0.0))
    finally:
        connections.close_all()


def run_parallel(
    path: Path,
    fmt: str,
    mapping: Mapping,
    *,
    actor: Actor,
    workers: int,
    batch_size: int = 2000,
    progress: Callable[[Summary, float], None] | None = None,
    on_error: Callable[[RowError], None] | None = None,
    collect_numbers: bool = False,
) -> Summary:
    """Import with ``workers`` processes, each taking every n-th batch of the file.

    Parsing, checking and masking run on every core while the database
    writes; each batch is still one transaction, so a re-run after a crash
    works exactly as with one process.
    """
    if workers <= 1:
        return run_import(
            path,
            fmt,
            mapping,
            actor=actor,
            batch_size=batch_size,
            progress=progress,
            on_error=on_error,
            collect_numbers=collect_numbers,
        )
    import multiprocessing
    import queue as queue_module

    context = multiprocessing.get_context("fork")
    events = context.Queue()
    connections.close_all()
    processes = [
        context.Process(
            target=_shard_main,
            args=(path, fmt, mapping, (k, workers), batch_size, events, actor, collect_numbers),
        )
        for k in range(workers)
    ]
    started = time.monotonic()
    for process in processes:
        process.start()
    counts = {k: (0, 0, 0, 0) for k in range(workers)}
    fractions = {k: 0.0 for k in range(workers)}
    finished: dict[int, Summary] = {}
    try:
        while len(finished) < workers:
            try:
                kind, worker, payload, fraction = events.get(timeout=5)
            except queue_module.Empty:
                if any(not p.is_alive() and k not in finished for k, p in enumerate(processes)):
                    raise MappingError("an import worker stopped unexpectedly") from None
                continue
            if kind == "failed":
                raise MappingError(str(payload))
            if kind == "done":
                finished[worker] = payload
                counts[worker] = (payload.read, payload.imported, payload.skipped, payload.rejected)
            else:
                counts[worker] = payload
            fractions[worker] = fraction
            if progress:
                sums = [sum(c[i] for c in counts.values()) for i in range(4)]
                total = Summary(read=sums[0], imported=sums[1], skipped=sums[2], rejected=sums[3])
                total.seconds = time.monotonic() - started
                progress(total, min(fractions.values()))
    finally:
        for process in processes:
            if process.is_alive() and len(finished) < workers:
                process.kill()
            process.join()
    summary = Summary()
    for part in finished.values():
        summary.read += part.read
        summary.imported += part.imported
        summary.skipped += part.skipped
        summary.rejected += part.rejected
        summary.errors += part.errors
        summary.numbers += part.numbers
    summary.errors.sort(key=lambda e: e.line)
    summary.seconds = time.monotonic() - started
    if on_error:
        for error in summary.errors:
            on_error(error)
    return summary
