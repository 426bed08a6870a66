"""Reading proposal exports and writing a run's results as CSV and JSON.

Exports arrive as CSV (comma, semicolon or tab; UTF-8 or, from older
Windows systems, cp1251), JSON lines or XLSX. A row that cannot be read is
reported with its line and reason; the others are analysed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atazan_analysis.records import Record, RunResult

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


class InputError(ValueError):
    """The input cannot be read as asked; the message names the field and the problem."""


@dataclass
class ReadResult:
    records: list[Record]
    rejected: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "utf-8"


def _decode(data: bytes) -> tuple[str, str]:
    try:
        return data.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:200_000].decode("cp1251", errors="replace")
    cyrillic = sum(1 for ch in sample if "\u0400" <= ch <= "\u04ff")
    letters = sum(1 for ch in sample if ch.isalpha()) or 1
    if cyrillic / letters > 0.3:
        return data.decode("cp1251", errors="replace"), "cp1251"
    # Unknown single-byte text: keep what decodes; broken bytes become U+FFFD and are flagged.
    return data.decode("utf-8", errors="replace"), "utf-8 (with undecodable bytes)"


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("csv", "jsonl", "xlsx"):
            raise InputError(f"format: {fmt!r} is not one of csv, jsonl, xlsx")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    return {"json": "jsonl", "ndjson": "jsonl", "tsv": "csv"}.get(
        suffix, suffix if suffix in ("csv", "jsonl", "xlsx") else "csv"
    )


def _rows(
    path: Path, fmt: str
) -> tuple[Iterator[tuple[int, dict[str, Any] | str]], list[str], str]:
    """(line number, row or error text) pairs, the column names, and the encoding used."""
    if fmt == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(path, read_only=True, data_only=True).active
        except Exception as error:  # openpyxl raises many kinds for a broken file
            raise InputError(f"input: {path.name} is not a readable XLSX file ({error})") from error
        if sheet is None:
            raise InputError(f"input: {path.name} has no worksheet")
        rows = sheet.iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]

        def xlsx_rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
            for number, row in enumerate(rows, start=2):
                yield (
                    number,
                    {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)},
                )

        return xlsx_rows(), header, "xlsx"
    text, encoding = _decode(path.read_bytes())
    if fmt == "jsonl":

        def json_rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
            for number, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, f"not valid JSON ({error.msg})"
                    continue
                yield number, value if isinstance(value, dict) else "not a JSON object"

        keys: list[str] = []
        for line in text.splitlines():
            if line.strip():
                try:
                    first = json.loads(line)
                    keys = list(first) if isinstance(first, dict) else []
                except json.JSONDecodeError:
                    pass
                break
        return json_rows(), keys, encoding
    try:
        dialect: Any = csv.Sniffer().sniff(text[:20_000], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text, newline=""), dialect=dialect)
    header = [h.strip() for h in reader.fieldnames or []]
    reader.fieldnames = header

    def csv_rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
        for row in reader:
            yield reader.line_num, row

    return csv_rows(), header, encoding


def read_records(
    path: str | Path,
    text_column: str,
    id_column: str | None = None,
    title_column: str | None = None,
    fmt: str | None = None,
    limit: int | None = None,
) -> ReadResult:
    """Records from an export; a missing column is an error naming it and the columns there are."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"input: {path} does not exist")
    rows, header, encoding = _rows(path, _format_of(path, fmt))
    for option, column in (
        ("--text-column", text_column),
        ("--id-column", id_column),
        ("--title-column", title_column),
    ):
        if column and header and column not in header:
            raise InputError(
                f"{option}: the input has no column {column!r}; its columns are: {', '.join(header)}"
            )
    result = ReadResult(records=[], encoding=encoding)
    seen: set[str] = set()
    for number, row in rows:
        if isinstance(row, str):
            result.rejected.append({"line": number, "field": "row", "reason": row})
            continue
        text = row.get(text_column)
        if text is None:
            result.rejected.append({"line": number, "field": text_column, "reason": "missing"})
            continue
        record_id = str(row.get(id_column) or "").strip() if id_column else f"line-{number}"
        if not record_id:
            result.rejected.append({"line": number, "field": id_column, "reason": "empty id"})
            continue
        if record_id in seen:
            result.rejected.append(
                {
                    "line": number,
                    "field": id_column,
                    "reason": f"id {record_id!r} repeats an earlier row",
                }
            )
            continue
        seen.add(record_id)
        title = str(row.get(title_column) or "") if title_column else ""
        result.records.append(Record(record_id, str(text), title))
        if limit is not None and len(result.records) >= limit:
            break
    return result


#: First characters that make a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# A plain number, or a lone sign (a dash standing for "none"): read as nothing else.
_PLAIN_NUMBER = re.compile(r"(?:[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?|[+-])\Z")


def spreadsheet_safe(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs as a formula (the rule of atazan_results.csvio).

    Text starting with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe, unless it is a plain number; numbers pass unchanged. The
    proposals' ids, theme labels and representative texts come from people.
    """
    formula = isinstance(value, str) and value[:1] in FORMULA_STARTS
    if formula and not _PLAIN_NUMBER.match(str(value)):
        return "'" + str(value)
    return value


class _SafeWriter:
    """``csv.writer`` whose every cell passes :func:`spreadsheet_safe`."""

    def __init__(self, handle: Any) -> None:
        self._writer = csv.writer(handle)

    def writerow(self, row: Any) -> Any:
        return self._writer.writerow([spreadsheet_safe(v) for v in row])


def _links_cell(result: Any) -> str:
    return "; ".join(f"{link.eid} {link.score:.3f} {link.reason}" for link in result.links)


def write_outputs(result: RunResult, out_dir: str | Path) -> list[Path]:
    """DIR/proposals.csv, themes.csv, campaigns.csv, coverage.csv and run.json."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    path = out / "proposals.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = _SafeWriter(handle)
        writer.writerow(
            [
                "id",
                "language",
                "mixed",
                "flags",
                "cited_provisions",
                "linked_provisions",
                "duplicate_of",
                "campaign_id",
                "theme_id",
                "taxonomy_label",
                "taxonomy_score",
            ]
        )
        for r in result.proposals:
            writer.writerow(
                [
                    r.id,
                    r.language,
                    int(r.mixed),
                    " ".join(r.flags),
                    " ".join(r.cited),
                    _links_cell(r),
                    r.duplicate_of or "",
                    r.campaign or "",
                    r.theme or "",
                    r.taxonomy_label or "",
                    f"{r.taxonomy_score:.4f}" if r.taxonomy_label else "",
                ]
            )
    written.append(path)
    path = out / "themes.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = _SafeWriter(handle)
        writer.writerow(["id", "label", "language", "size", "supporters", "keywords", "summary"])
        for t in result.themes:
            summary = " ".join(f"{s.text} [{s.proposal_id}]" for s in t.summary)
            writer.writerow(
                [t.id, t.label, t.language, t.size, t.supporters, ", ".join(t.keywords), summary]
            )
    written.append(path)
    path = out / "campaigns.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = _SafeWriter(handle)
        writer.writerow(["id", "representative_id", "representative_text", "supporters", "members"])
        for c in result.campaigns:
            writer.writerow(
                [
                    c.id,
                    c.representative_id,
                    c.representative_text,
                    c.supporters,
                    " ".join(c.members),
                ]
            )
    written.append(path)
    if result.coverage:
        path = out / "coverage.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = _SafeWriter(handle)
            writer.writerow(["provision", "eid", "kind", "label", "proposals", "supporters"])
            for row in result.coverage:
                writer.writerow(
                    [row.provision, row.eid, row.kind, row.label, row.proposals, row.supporters]
                )
        written.append(path)
    path = out / "run.json"
    path.write_text(
        json.dumps(result.info, ensure_ascii=False, indent=2, default=str), encoding="utf-8"
    )
    written.append(path)
    return written
