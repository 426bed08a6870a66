"""Protocols and turnout reports as CSV files, with errors that name line and field.

A file is read whole and every problem in it is reported at once, so a
commission fixes its spreadsheet in one pass. Commas or semicolons both work
(spreadsheets in Kazakh and Russian locales write semicolons), and a UTF-8
byte-order mark is ignored.

Every file written here is safe to open in a spreadsheet: a text cell that
starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or their
full-width forms) is written with a leading apostrophe, so it is shown as
text instead of run as a formula (:func:`spreadsheet_safe`). Figures are
numbers and are written as they are, negative ones included; a text cell
that is a plain number such as ``-12`` is left alone too, because a
spreadsheet reads it as that number and nothing else.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from atazan_results.anomalies import TurnoutReport
from atazan_results.protocol import FIGURE_NAMES, PRECINCT_KINDS, Figures, Protocol, check

PROTOCOL_COLUMNS: tuple[str, ...] = ("unit", "district", "precinct", "kind", *FIGURE_NAMES)
REQUIRED_COLUMNS: tuple[str, ...] = ("unit", "district", "precinct", *FIGURE_NAMES)
TURNOUT_COLUMNS: tuple[str, ...] = ("unit", "precinct", "time", "voted")


#: First characters that make a spreadsheet read a cell as a formula (or a DDE command).
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# A plain number, or a lone sign (a dash standing for "none"): read as nothing else.
_PLAIN_NUMBER = re.compile(r"(?:[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?|[+-])\Z")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that no spreadsheet runs as a formula.

    Text starting with ``= + - @``, a tab or a carriage return gets a leading
    apostrophe (OWASP's advice for CSV injection), unless it is a plain number
    (``-12``, ``+3.5``). Numbers and other non-text values pass unchanged.
    """
    formula = isinstance(value, str) and value[:1] in FORMULA_STARTS
    if formula and not _PLAIN_NUMBER.match(str(value)):
        return "'" + str(value)
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    """:func:`spreadsheet_safe` applied to every cell of a row."""
    return [spreadsheet_safe(v) for v in values]


@dataclass(frozen=True)
class CsvProblem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}, field {self.field}: {self.message}"


class CsvFileError(ValueError):
    """A file that cannot be used as it is; ``problems`` lists every one."""

    def __init__(self, problems: Sequence[CsvProblem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def _reader(text: str) -> csv.DictReader[str]:
    text = text.removeprefix("\ufeff")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    return csv.DictReader(io.StringIO(text), delimiter=delimiter)


def _header(reader: csv.DictReader[str], required: Sequence[str]) -> list[CsvProblem]:
    names = [(n or "").strip().lower() for n in (reader.fieldnames or [])]
    reader.fieldnames = names
    return [
        CsvProblem(1, column, "this column is missing from the header")
        for column in required
        if column not in names
    ]


def _whole_number(raw: str | None, line: int, name: str, problems: list[CsvProblem]) -> int:
    value = (raw or "").strip().replace("\u00a0", "").replace(" ", "")
    if not value:
        problems.append(CsvProblem(line, name, "empty; a whole number is required"))
        return 0
    if not value.isascii() or not value.lstrip("-").isdigit():
        problems.append(CsvProblem(line, name, f"{value!r} is not a whole number"))
        return 0
    number = int(value)
    if number < 0:
        problems.append(CsvProblem(line, name, f"{number} is negative"))
    return number


def read_protocols(stream: TextIO | str) -> list[Protocol]:
    """Every protocol in the file, or :class:`CsvFileError` listing each problem.

    Besides the format, each row's control relations are checked; a broken one
    is reported as the fields it involves, with the relation spelled out.
    """
    text = stream if isinstance(stream, str) else stream.read()
    reader = _reader(text)
    problems = _header(reader, REQUIRED_COLUMNS)
    if problems:
        raise CsvFileError(problems)
    protocols: list[Protocol] = []
    first_line: dict[str, int] = {}
    for row in reader:
        line = reader.line_num
        row_problems: list[CsvProblem] = []
        codes = {}
        for column in ("unit", "district", "precinct"):
            codes[column] = (row.get(column) or "").strip()
            if not codes[column]:
                row_problems.append(CsvProblem(line, column, "empty; a code is required"))
        kind = (row.get("kind") or "").strip() or "station"
        if kind not in PRECINCT_KINDS:
            row_problems.append(
                CsvProblem(line, "kind", f"{kind!r} is not one of {', '.join(PRECINCT_KINDS)}")
            )
        values = {
            name: _whole_number(row.get(name), line, name, row_problems) for name in FIGURE_NAMES
        }
        precinct = codes["precinct"]
        if precinct and precinct in first_line:
            row_problems.append(
                CsvProblem(
                    line, "precinct", f"{precinct} is already on line {first_line[precinct]}"
                )
            )
        elif precinct:
            first_line[precinct] = line
        if not row_problems:
            figures = Figures(**values)
            for broken in check(figures):
                row_problems.append(CsvProblem(line, "+".join(broken.fields), broken.message))
            protocols.append(Protocol(codes["unit"], codes["district"], precinct, figures, kind))
        problems += row_problems
    if problems:
        raise CsvFileError(problems)
    return protocols


def write_protocols(protocols: Iterable[Protocol], stream: TextIO) -> None:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(PROTOCOL_COLUMNS)
    for p in protocols:
        writer.writerow(
            safe_row(
                [
                    p.unit,
                    p.district,
                    p.precinct,
                    p.kind,
                    *(getattr(p.figures, n) for n in FIGURE_NAMES),
                ]
            )
        )


def protocols_to_csv(protocols: Iterable[Protocol]) -> str:
    out = io.StringIO()
    write_protocols(protocols, out)
    return out.getvalue()


def read_turnout(stream: TextIO | str) -> list[TurnoutReport]:
    """Running turnout reports: unit, precinct, time (HH:MM) and voters so far."""
    text = stream if isinstance(stream, str) else stream.read()
    reader = _reader(text)
    problems = _header(reader, ("precinct", "time", "voted"))
    if problems:
        raise CsvFileError(problems)
    reports = []
    for row in reader:
        line = reader.line_num
        row_problems: list[CsvProblem] = []
        precinct = (row.get("precinct") or "").strip()
        if not precinct:
            row_problems.append(CsvProblem(line, "precinct", "empty; a code is required"))
        time = (row.get("time") or "").strip()
        hours, sep, minutes = time.partition(":")
        if not (
            sep and hours.isdigit() and minutes.isdigit() and int(hours) < 24 and int(minutes) < 60
        ):
            row_problems.append(CsvProblem(line, "time", f"{time!r} is not a time HH:MM"))
        voted = _whole_number(row.get("voted"), line, "voted", row_problems)
        if not row_problems:
            reports.append(
                TurnoutReport(
                    precinct,
                    f"{int(hours):02d}:{int(minutes):02d}",
                    voted,
                    (row.get("unit") or "").strip(),
                )
            )
        problems += row_problems
    if problems:
        raise CsvFileError(problems)
    return reports


def turnout_to_csv(reports: Iterable[TurnoutReport]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(TURNOUT_COLUMNS)
    for r in reports:
        writer.writerow(safe_row([r.unit, r.precinct, r.time, r.voted]))
    return out.getvalue()
