"""Reading proposal exports and writing a run's results as CSV and JSON.

Exports arrive as CSV (comma, semicolon or tab; UTF-8 or, from older
Windows systems, cp1251), JSON lines or XLSX. A row that cannot be read is
reported with its line and reason; the others are analysed.

CSV is always parsed as RFC 4180 (fields in double quotes may hold the
delimiter, line breaks and doubled quotes ``""``); only the delimiter is
detected, by counting candidates outside quoted fields. Guessing a whole
dialect instead once turned a spreadsheet export with ``""`` inside fields
into more records than it had rows, silently. Now the rows of the file are
counted independently of the parser, every row must have as many fields as
the header, and any disagreement stops the read with the line and field.
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
from typing import Any, TextIO

from atazan_analysis.records import Record, RunResult

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))

#: The delimiters a CSV export may use, in the order preferred on a tie.
CSV_DELIMITERS = (",", ";", "\t")
#: How much of a file the delimiter is detected from.
_DELIMITER_SAMPLE = 64 * 1024
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class InputError(ValueError):
    """The input cannot be read as asked; the message names the field and the problem."""


class CsvProblem(InputError):
    """A CSV file that is not well formed: where (line, field) and what is wrong."""

    def __init__(self, line: int, field_number: int | None, column: str, reason: str) -> None:
        self.line = line
        self.field_number = field_number
        self.column = column
        self.reason = reason
        where = f"line {line}"
        if field_number is not None:
            where += f", field {field_number}" + (f" ({column!r})" if column else "")
        super().__init__(f"CSV {where}: {reason}")


@dataclass
class ReadResult:
    records: list[Record]
    rejected: list[dict[str, Any]] = field(default_factory=list)
    encoding: str = "utf-8"
    #: Data rows found in the file (blank rows aside); each became a record or a rejection.
    rows_read: int = 0
    #: The CSV delimiter used ("" for JSON lines and XLSX).
    delimiter: str = ""


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


# CSV ------------------------------------------------------------------------------


def _quoted_field(delimiters: str) -> re.Pattern[str]:
    """A double-quoted field: its quote opens a field, and its own quotes are doubled."""
    starts = re.escape(delimiters)
    return re.compile(rf'(?<![^{starts}\r\n])"[^"]*(?:""[^"]*)*"')


def outside_quotes(text: str, delimiters: str) -> str:
    """``text`` with each quoted field replaced by ``q``, or by nothing when it holds only blanks.

    What is left has a line per row and only the delimiters that separate
    fields, so rows and delimiters can be counted without the parser.
    """

    def placeholder(match: re.Match[str]) -> str:
        return "q" if match.group(0)[1:-1].replace('""', '"').strip() else ""

    return _quoted_field(delimiters).sub(placeholder, text)


def detect_delimiter(sample: str) -> str:
    """Comma, semicolon or tab: the candidate the header has that the rows repeat most often.

    Counted outside quoted fields, so commas inside texts do not vote. A
    single-column file (no candidate in its header) reads the same with any,
    and is given the comma.
    """
    head = sample[:_DELIMITER_SAMPLE]
    lines = [
        line
        for line in _LINE_BREAK.split(outside_quotes(head, "".join(CSV_DELIMITERS)))
        if line.strip()
    ]
    if len(sample) > len(head) and len(lines) > 2:
        lines = lines[:-1]  # the sample may end inside a row
    if not lines:
        return CSV_DELIMITERS[0]
    header, rows = lines[0], lines[1:]

    def evidence(delimiter: str) -> tuple[bool, int, int, int]:
        width = header.count(delimiter)
        agreeing = sum(1 for row in rows if row.count(delimiter) == width)
        return width > 0, agreeing, width, -CSV_DELIMITERS.index(delimiter)

    return max(CSV_DELIMITERS, key=evidence)


def csv_reader(lines: Any, delimiter: str) -> Any:
    """The RFC 4180 reader: double quotes, doubled inside; anything else in quotes is an error."""
    return csv.reader(
        lines,
        delimiter=delimiter,
        quotechar='"',
        doublequote=True,
        skipinitialspace=False,
        strict=True,
    )


class _LineTape:
    """The lines a CSV reader takes, kept for the row being read so a fault can be located."""

    KEEP = 10_000

    def __init__(self, handle: TextIO) -> None:
        self._lines = iter(handle)
        self.current: list[str] = []

    def __iter__(self) -> _LineTape:
        return self

    def __next__(self) -> str:
        line = next(self._lines)
        if len(self.current) < self.KEEP:
            self.current.append(line)
        return line


def _locate_fault(row_text: str, delimiter: str) -> tuple[int, int, str] | None:
    """(field number, lines before the fault, reason) of a row the strict reader refused."""
    number, position, start = 1, 0, True
    while position < len(row_text):
        char = row_text[position]
        if start and char == '"':
            opening = position
            position += 1
            while True:
                quote = row_text.find('"', position)
                if quote < 0:
                    return (
                        number,
                        len(_LINE_BREAK.findall(row_text, 0, opening)),
                        "a quoted field is never closed (a double quote opens it and no "
                        "double quote ends it)",
                    )
                if row_text.startswith('""', quote):
                    position = quote + 2
                    continue
                position = quote + 1
                break
            if position < len(row_text) and row_text[position] not in f"{delimiter}\r\n":
                return (
                    number,
                    len(_LINE_BREAK.findall(row_text, 0, position)),
                    f"{row_text[position]!r} follows the closing quote; a double quote inside "
                    'a quoted field must be doubled ("")',
                )
            start = False
            continue
        if char == delimiter:
            number += 1
            start = True
        elif char not in "\r\n":
            start = False
        position += 1
    return None


def read_csv_rows(
    handle: TextIO, delimiter: str
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the (first line, fields) of each row that is not blank.

    Every row has exactly the header's fields (empty cells an export adds
    after the last column aside); a row with more or fewer, or with a quote
    out of place, raises :class:`CsvProblem` naming its line and field.
    """
    tape = _LineTape(handle)
    reader = csv_reader(tape, delimiter)

    def fault(error: csv.Error, first_line: int, header: list[str]) -> CsvProblem:
        located = _locate_fault("".join(tape.current), delimiter)
        if located is None:
            return CsvProblem(first_line, None, "", f"not a CSV row ({error})")
        number, lines_before, reason = located
        column = header[number - 1] if 0 < number <= len(header) else ""
        if lines_before:
            reason += f" (the row starts on line {first_line})"
        return CsvProblem(first_line + lines_before, number, column, reason)

    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        return [], iter(())
    except csv.Error as error:
        raise fault(error, 1, []) from None
    width = len(header)

    def rows() -> Iterator[tuple[int, list[str]]]:
        last_line = reader.line_num
        while True:
            first_line = last_line + 1
            tape.current = []
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise fault(error, first_line, header) from None
            last_line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) > width and not any(cell.strip() for cell in row[width:]):
                row = row[:width]
            if len(row) != width:
                shown = min(len(row), width) + 1
                raise CsvProblem(
                    first_line,
                    shown,
                    header[shown - 1] if shown <= width else "",
                    f"the row has {_fields(len(row))} and the header {width} (delimiter "
                    f"{delimiter!r}); a field holding the delimiter, a double quote or a line "
                    "break must be in double quotes",
                )
            yield first_line, row

    return header, rows()


def _fields(count: int) -> str:
    return f"{count} field" if count == 1 else f"{count} fields"


def count_csv_rows(text: str, delimiter: str) -> int:
    """Rows of a CSV text below the header that are not blank, counted without the parser."""
    lines = _LINE_BREAK.split(outside_quotes(text, delimiter))
    return sum(1 for line in lines[1:] if line.replace(delimiter, "").strip())


# Any format -------------------------------------------------------------------------


def _format_of(path: Path, fmt: str | None) -> str:
    if fmt:
        if fmt not in ("csv", "jsonl", "xlsx"):
            raise InputError(f"format: {fmt!r} is not one of csv, jsonl, xlsx")
        return fmt
    suffix = path.suffix.lower().lstrip(".")
    return {"json": "jsonl", "ndjson": "jsonl", "tsv": "csv"}.get(
        suffix, suffix if suffix in ("csv", "jsonl", "xlsx") else "csv"
    )


@dataclass
class _Rows:
    """What a reader found: rows (line and row, or line and why it cannot be read), and more."""

    rows: Iterator[tuple[int, dict[str, Any] | str]]
    header: list[str]
    encoding: str
    delimiter: str = ""
    #: Rows counted without the parser (CSV only), to check the parser against.
    expected_rows: int | None = None


def _xlsx(path: Path) -> _Rows:
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
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            yield (
                number,
                {h: ("" if v is None else str(v)) for h, v in zip(header, row, strict=False)},
            )

    return _Rows(xlsx_rows(), header, "xlsx")


def _jsonl(text: str, encoding: str) -> _Rows:
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
    return _Rows(json_rows(), keys, encoding)


def _csv(text: str, encoding: str) -> _Rows:
    delimiter = detect_delimiter(text)
    header, rows = read_csv_rows(io.StringIO(text, newline=""), delimiter)

    def csv_rows() -> Iterator[tuple[int, dict[str, Any] | str]]:
        for line, row in rows:
            yield line, dict(zip(header, row, strict=True))

    return _Rows(csv_rows(), header, encoding, delimiter, count_csv_rows(text, delimiter))


def _rows(path: Path, fmt: str) -> _Rows:
    if fmt == "xlsx":
        return _xlsx(path)
    text, encoding = _decode(path.read_bytes())
    if fmt == "jsonl":
        return _jsonl(text, encoding)
    return _csv(text, encoding)


def read_records(
    path: str | Path,
    text_column: str,
    id_column: str | None = None,
    title_column: str | None = None,
    fmt: str | None = None,
    limit: int | None = None,
) -> ReadResult:
    """Records from an export; a missing column is an error naming it and the columns there are.

    Every data row becomes a record or a rejected row (with its line and
    reason); a CSV file whose rows the parser and an independent count do
    not agree on is refused (:class:`CsvProblem`), never half-read.
    """
    path = Path(path)
    if not path.exists():
        raise InputError(f"input: {path} does not exist")
    found = _rows(path, _format_of(path, fmt))
    header = found.header
    for option, column in (
        ("--text-column", text_column),
        ("--id-column", id_column),
        ("--title-column", title_column),
    ):
        if column and header and column not in header:
            raise InputError(
                f"{option}: the input has no column {column!r}; its columns are: {', '.join(header)}"
            )
    result = ReadResult(records=[], encoding=found.encoding, delimiter=found.delimiter)
    seen: set[str] = set()
    for number, row in found.rows:
        result.rows_read += 1
        rejection = _rejection(row, text_column, id_column, seen)
        if rejection is not None:
            result.rejected.append({"line": number, **rejection})
            continue
        assert isinstance(row, dict)  # a string row is always rejected
        record_id = str(row.get(id_column) or "").strip() if id_column else f"line-{number}"
        seen.add(record_id)
        title = str(row.get(title_column) or "") if title_column else ""
        result.records.append(Record(record_id, str(row[text_column]), title))
        if limit is not None and len(result.records) >= limit:
            return result
    if found.expected_rows is not None and found.expected_rows != result.rows_read:
        raise InputError(
            f"input: {path.name} has {found.expected_rows} rows outside quoted fields, but "
            f"{result.rows_read} were read as CSV rows; the file was not analysed"
        )
    return result


def _rejection(
    row: dict[str, Any] | str, text_column: str, id_column: str | None, seen: set[str]
) -> dict[str, Any] | None:
    """Why a row cannot become a record (field and reason), or None when it can."""
    if isinstance(row, str):
        return {"field": "row", "reason": row}
    if row.get(text_column) is None:
        return {"field": text_column, "reason": "missing"}
    if not id_column:
        return None
    record_id = str(row.get(id_column) or "").strip()
    if not record_id:
        return {"field": id_column, "reason": "empty id"}
    if record_id in seen:
        return {"field": id_column, "reason": f"id {record_id!r} repeats an earlier row"}
    return None


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
                "taxonomy_top3",
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
                    "; ".join(f"{label} ({score:.4f})" for label, score in r.taxonomy_top3),
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
