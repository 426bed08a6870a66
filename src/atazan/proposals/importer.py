"""Bulk import of proposals from CSV, JSON lines and XLSX exports.

Rows stream from the file in batches; each batch is stored in one
transaction with one audit entry, and rows already present (same source and
id) are skipped. So a killed import is simply run again: committed batches
are skipped, the interrupted one is redone, and every row ends up stored
exactly once. A bad row never stops the good ones: it is reported with its
line, field and reason.

A file that cannot be read as a whole is refused before any row is stored,
with a message saying why: text in another encoding than the mapping names
(the likely one is named; nothing is ever stored as U+FFFD), an XLSX file
that is truncated, damaged or unpacks to far more than it weighs, or a file
another import is reading at the same moment.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import html
import io
import json
import re
import time
import tomllib
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import connection, connections
from django.utils import timezone
from django.utils.translation import gettext as _

from atazan.core.actors import Actor
from atazan.core.errors import AtazanError, InvalidInputError
from atazan.proposals.actions import build_proposal, register_batch
from atazan.proposals.intake import InvalidSubmission, character_problem, clean_submission
from atazan.proposals.models import Channel, Proposal
from atazan.proposals.selectors import work_calendar
from atazan_analysis.fileio import CSV_DELIMITERS, CsvProblem, detect_delimiter, read_csv_rows

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
    #: The CSV delimiter; None: detected from the file (comma, semicolon or tab).
    delimiter: str | None = None
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
        encoding = str(data.get("encoding", "utf-8-sig"))
        try:
            codecs.lookup(encoding)
        except LookupError:
            raise MappingError(
                _("mapping: unknown encoding %(encoding)r; for example utf-8 or windows-1251")
                % {"encoding": encoding},
                field="encoding",
            ) from None
        delimiter = str(data["delimiter"]) if "delimiter" in data else None
        if delimiter is not None and len(delimiter) != 1:
            raise MappingError(
                _("mapping: the delimiter must be one character, such as %(examples)s")
                % {"examples": " ".join(repr(d) for d in CSV_DELIMITERS)},
                field="delimiter",
            )
        return cls(
            source=source,
            columns=columns,
            defaults=defaults,
            values={
                k: {str(a): str(b) for a, b in v.items()} for k, v in data.get("values", {}).items()
            },
            html=list(data.get("html", [])),
            datetime_formats=tuple(data.get("datetime_formats", ())),
            delimiter=delimiter,
            encoding=encoding,
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
    #: Rows stored garbled (U+FFFD) by an earlier import and replaced by this file's rows.
    replaced: int = 0
    errors: list[RowError] = field(default_factory=list)
    seconds: float = 0.0
    #: Numbers of the proposals this run registered, when asked for (``collect_numbers``).
    numbers: list[str] = field(default_factory=list)
    #: Rows whose language the file did not give, so it was detected from their text.
    languages_detected: int = 0

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


def csv_delimiter(path: Path, mapping: Mapping) -> str:
    """The mapping's delimiter, or the one detected from the start of the file."""
    if mapping.delimiter is not None:
        return mapping.delimiter
    with path.open(encoding=mapping.encoding, errors="replace", newline="") as text:
        return detect_delimiter(text.read(_SAMPLE))


def _csv_problem(path: Path, problem: CsvProblem) -> MappingError:
    return MappingError(
        _("%(file)s cannot be read as CSV: %(problem)s. Nothing was stored.")
        % {"file": path.name, "problem": problem},
        field="file",
    )


def check_csv(path: Path, mapping: Mapping) -> None:
    """Refuse a CSV file that is not well formed before a row of it is stored.

    The file is parsed once as RFC 4180 (see ``atazan_analysis.fileio``): a
    quote out of place or a row with more or fewer fields than the header
    would otherwise shift or swallow the rows after it.
    """
    delimiter = csv_delimiter(path, mapping)
    with path.open(encoding=mapping.encoding, errors="strict", newline="") as text:
        try:
            _header, rows = read_csv_rows(text, delimiter)
            for _row in rows:
                pass
        except CsvProblem as problem:
            raise _csv_problem(path, problem) from None


def _csv_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any], float]]:
    size = max(path.stat().st_size, 1)
    delimiter = csv_delimiter(path, mapping)
    with path.open("rb") as binary:
        # Strict: the encoding was checked before the import began (check_file), and a
        # character that still cannot be read stops it rather than being stored as U+FFFD.
        text = io.TextIOWrapper(binary, encoding=mapping.encoding, newline="", errors="strict")
        try:
            header, rows = read_csv_rows(text, delimiter)
            if not header:
                return
            missing = [c for c in mapping.columns.values() if c not in header]
            if missing:
                raise MappingError(f"{path}: the file has no column {missing!r}; it has {header!r}")
            for line, row in rows:
                yield line, dict(zip(header, row, strict=True)), binary.tell() / size
        except CsvProblem as problem:
            raise _csv_problem(path, problem) from None


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


#: An XLSX file may unpack to at most this many bytes, and a large part of it to at most
#: this many times its packed size: a "zip bomb" is refused before it is unpacked.
MAX_XLSX_UNPACKED = 2 * 1024**3
MAX_XLSX_RATIO = 200
_XLSX_RATIO_FROM = 16 * 1024**2


def _damaged_xlsx(path: Path, error: object) -> MappingError:
    return MappingError(
        _(
            "%(file)s is not a complete XLSX workbook (%(error)s): it may be truncated or "
            "damaged. Save it again from the spreadsheet program and import it again."
        )
        % {"file": path.name, "error": error}
    )


def check_xlsx(path: Path) -> None:
    """Refuse a truncated, damaged or bomb-like XLSX file before a row of it is stored."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            unpacked = sum(m.file_size for m in members)
            bomb = [
                m.filename
                for m in members
                if m.file_size > _XLSX_RATIO_FROM
                and m.file_size > MAX_XLSX_RATIO * max(m.compress_size, 1)
            ]
            if unpacked > MAX_XLSX_UNPACKED or bomb:
                raise MappingError(
                    _(
                        "%(file)s unpacks to %(size)d MB, far more than a workbook of its size "
                        "holds; it is refused unread."
                    )
                    % {"file": path.name, "size": unpacked // 1024**2}
                )
            damaged = archive.testzip()  # reads every part and checks its CRC
            if damaged is not None:
                raise _damaged_xlsx(path, _("part %(name)s is damaged") % {"name": damaged})
    except MappingError:
        raise
    except Exception as exc:  # noqa: BLE001 - zipfile and zlib raise many kinds for a damaged file
        raise _damaged_xlsx(path, exc) from None


def _xlsx_rows(path: Path, mapping: Mapping) -> Iterator[tuple[int, dict[str, Any], float]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a damaged file
        raise _damaged_xlsx(path, exc) from None
    number = 1
    try:
        if mapping.sheet and mapping.sheet not in workbook.sheetnames:
            raise MappingError(
                _("%(file)s has no sheet %(sheet)r; it has %(sheets)s")
                % {"file": path.name, "sheet": mapping.sheet, "sheets": workbook.sheetnames},
                field="sheet",
            )
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
            yield number, dict(zip(header, row, strict=False)), min(number / total, 1.0)
    except MappingError:
        raise
    except Exception as exc:  # noqa: BLE001 - a sheet damaged inside a sound archive
        raise MappingError(
            _(
                "%(file)s is damaged after row %(row)d (%(error)s). The rows before it were "
                "stored in whole batches, none half-way; repair the file and import it "
                "again: the stored rows are skipped."
            )
            % {"file": path.name, "row": number, "error": exc}
        ) from None
    finally:
        workbook.close()


# Checks of the whole file, before any row is stored ---------------------------------

#: Encodings a text file in the wrong one most likely is; on a tie the earlier one is named.
LIKELY_ENCODINGS = (
    "windows-1251",
    "kz1048",
    "koi8-r",
    "cp866",
    "mac-cyrillic",
    "iso8859-5",
    "windows-1252",
)
_RUSSIAN_AND_KAZAKH = frozenset(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі"
    + "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі".upper()
)
_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE = 1024 * 1024


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return "cyrillic" if "CYRILLIC" in name else "latin" if "LATIN" in name else "other"


def _plausibility(text: str) -> int:
    """How much ``text`` reads like Kazakh, Russian or a Latin-script language.

    A letter scores +1 when it fits (lower case, or a capital starting a word;
    letters of one script per word; Cyrillic letters of the Kazakh and Russian
    alphabets; a Latin word with some unaccented letter) and -1 otherwise;
    control characters, symbols and box drawing cost 3. Text decoded with the
    wrong table is mostly capitals, mixed scripts or symbols.
    """
    score = 0
    for word in _WORD.findall(text):
        scripts = {_script(c) for c in word}
        plain_latin = any(c.isascii() for c in word)
        short_caps = word.isupper() and len(word) <= 5
        # Cyrillic read with a Latin table is words of accented letters only ("Ïðåäëîæåíèå").
        accented_only = scripts == {"latin"} and not plain_latin and len(word) > 2
        for position, char in enumerate(word):
            fits = char.islower() or position == 0 or short_caps
            foreign = "cyrillic" in scripts and char not in _RUSSIAN_AND_KAZAKH
            mixed = len(scripts) > 1 or "other" in scripts
            score += 1 if fits and not (mixed or foreign or accented_only) else -1
    for char in text:
        category = unicodedata.category(char)
        if (
            (category[0] == "C" and char not in "\t\r\n")
            or category in ("So", "Sk")
            or 0x2500 <= ord(char) <= 0x259F
        ):
            score -= 3
    return score


def likely_encoding(data: bytes) -> str | None:
    """The encoding ``data`` (the start of a text file) is most likely in, or None."""
    head = data[:4096]
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or (
        head and head.count(b"\x00") * 10 > len(head)
    ):
        return "utf-16"
    with contextlib.suppress(UnicodeDecodeError):
        data.decode("utf-8")
        return "utf-8"
    best: tuple[int, str] | None = None
    for encoding in LIKELY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, encoding)
    return best[1] if best is not None and best[0] > 0 else None


def _wrong_encoding(path: Path, declared: str, line: int, detail: str, guess: str | None) -> None:
    if guess:
        message = _(
            "%(file)s is not %(encoding)s text (%(detail)s, line %(line)d). It is most likely "
            '%(guess)s: set encoding = "%(guess)s" in the mapping, or save the file as '
            "UTF-8, and import it again. Nothing was stored."
        )
    else:
        message = _(
            "%(file)s is not %(encoding)s text (%(detail)s, line %(line)d). Save it as UTF-8 "
            "and import it again. Nothing was stored."
        )
    raise MappingError(
        message
        % {
            "file": path.name,
            "encoding": declared,
            "detail": detail,
            "line": line,
            "guess": guess or "",
        },
        field="encoding",
    )


def check_encoding(path: Path, encoding: str) -> None:
    """Refuse a text file that is not in ``encoding`` before any row of it is stored.

    The whole file is decoded once (strictly; nothing becomes U+FFFD). A byte
    that cannot be decoded refuses the file, naming the line and the encoding
    the file most likely is in. A file declared in an 8-bit table (which can
    decode any bytes) is refused when it is in fact UTF-8 or UTF-16.
    """
    declared = codecs.lookup(encoding).name
    with path.open("rb") as binary:
        sample = binary.read(_SAMPLE)
    guess_start = likely_encoding(sample)
    if guess_start == "utf-16" and not declared.startswith("utf-16"):
        _wrong_encoding(path, encoding, 1, _("it holds NUL bytes"), "utf-16")
    decoder = codecs.getincrementaldecoder(declared)(errors="strict")
    utf8 = codecs.getincrementaldecoder("utf-8")(errors="strict")
    # An 8-bit table decodes any bytes: such a file is also tried as UTF-8.
    maybe_utf8 = not declared.startswith("utf")
    non_ascii = False
    lines = 0
    with path.open("rb") as binary:
        while chunk := binary.read(_SAMPLE):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk.count(b"\n", 0, exc.start) + 1
                byte = chunk[exc.start : exc.start + 1].hex()
                guess = likely_encoding(chunk[max(exc.start - 2000, 0) : exc.start + 60000])
                if guess == declared or guess is None:
                    guess = guess_start if guess_start not in (None, declared) else None
                _wrong_encoding(path, encoding, line, _("byte 0x%(byte)s") % {"byte": byte}, guess)
            if maybe_utf8:
                non_ascii = non_ascii or not chunk.isascii()
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError:
                    maybe_utf8 = False
            lines += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            _wrong_encoding(path, encoding, lines + 1, _("it ends inside a character"), None)
    if maybe_utf8 and non_ascii:
        _wrong_encoding(path, encoding, 1, _("it is UTF-8 text"), "utf-8")


def check_file(path: Path, fmt: str, mapping: Mapping) -> None:
    """Every check of the whole file that must pass before its first row is stored."""
    if fmt in ("csv", "jsonl"):
        check_encoding(path, mapping.encoding)
    if fmt == "csv":
        check_csv(path, mapping)
    elif fmt == "xlsx":
        check_xlsx(path)


@contextlib.contextmanager
def import_lock(path: Path) -> Iterator[None]:
    """Hold the file for one import: a second import of the same file is refused at once.

    An advisory lock on the file itself (Linux ``flock``), released when the
    import ends or its process dies. Imports of the same rows from elsewhere
    are still safe: the database keeps each row once (``register_batch``).
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux: the database still guards
        yield
        return
    with path.open("rb") as handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise MappingError(
                _(
                    "Another import of %(file)s is running. Wait until it ends; if it is "
                    "needed, run this import again then: the rows it stored are skipped."
                )
                % {"file": path.name}
            ) from None
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


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


def _external_id(raw: dict[str, Any], mapping: Mapping) -> tuple[str, str]:
    """The row's id from the mapped column (popped from ``raw``), and why it is refused."""
    if "external_id" not in mapping.columns:
        return "", ""
    value = raw.pop("external_id", "")
    if value is not None and not isinstance(value, str | int | float):
        return "", _("the id must be text, not %(kind)s") % {"kind": type(value).__name__}
    external_id = str(value or "").strip()
    if not external_id:
        return "", _("the row has no id")
    if len(external_id) > 200:
        return "", _("the id is longer than 200 characters")
    problem = character_problem(external_id)
    return (external_id, "") if problem is None else ("", problem)


def fill_languages(raws: list[dict[str, Any]]) -> int:
    """Give each row without a language the one detected from its text; returns how many.

    Exports often have no language column. The analysis's identifier decides,
    for the whole batch at once (its character model runs in parallel). It
    answers kk, ru, en or other, every one a language a proposal may have.
    """
    missing = [
        raw
        for raw in raws
        if not str(raw.get("language") or "").strip()
        and str(raw.get("text") or raw.get("title") or "").strip()
    ]
    if not missing:
        return 0
    from atazan_analysis.language import detect_many

    guesses = detect_many([str(raw.get("text") or raw.get("title")) for raw in missing])
    for raw, guess in zip(missing, guesses, strict=True):
        raw["language"] = guess.language
    return len(missing)


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
) -> tuple[int, int, int]:
    replaced: list[str] = []
    stored, skipped = register_batch(actor, batch, meta, replaced=replaced)
    if numbers is not None:
        # Only the rows stored now were given a number; those already present were not.
        numbers.extend(p.number for p in batch if p.number)
    if analyze:
        refresh_statistics()
    return stored, skipped, len(replaced)


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
    checked: bool = False,
) -> Summary:
    """Import ``path``; returns counts and the first ``keep_errors`` row errors.

    With ``collect_numbers`` the summary also lists the registration numbers
    of the proposals this run stored (not those skipped as already present).

    With ``shard=(k, n)`` only every n-th run of ``batch_size`` rows, starting
    with the k-th, is imported: n processes share one file (see run_parallel).

    The file is checked whole (:func:`check_file`) and held against a second
    import of it (:func:`import_lock`) first, unless ``checked`` says the
    caller has done both (run_parallel, for its workers).
    """
    if fmt not in READERS:
        raise MappingError(f"--format must be one of {', '.join(FORMATS)}")
    if not checked:
        with import_lock(path):
            check_file(path, fmt, mapping)
            return run_import(
                path,
                fmt,
                mapping,
                actor=actor,
                batch_size=batch_size,
                progress=progress,
                on_error=on_error,
                keep_errors=keep_errors,
                pipeline=pipeline,
                shard=shard,
                collect_numbers=collect_numbers,
                checked=True,
            )
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
    pending: Future[tuple[int, int, int]] | None = None
    submitted = 0
    next_analyze = FIRST_ANALYZE

    def settle() -> None:
        nonlocal pending
        if pending is None:
            return
        stored, skipped, replaced = pending.result()
        pending = None
        summary.imported += stored
        summary.skipped += skipped
        summary.replaced += replaced
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
            done: Future[tuple[int, int, int]] = Future()
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
    # Rows wait here until a batch of them has its missing languages detected at once.
    staged: list[tuple[int, dict[str, Any], str]] = []

    def register(line: int, raw: dict[str, Any], external_id: str) -> None:
        nonlocal first_line, last_line, registered_at
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
            return
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

    def register_staged() -> None:
        summary.languages_detected += fill_languages([raw for _, raw, _ in staged])
        for line, raw, external_id in staged:
            register(line, raw, external_id)
        staged.clear()

    try:
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
            external_id, problem = _external_id(raw, mapping)
            if problem:
                summary.rejected += 1
                reject(line, "external_id", problem)
                continue
            staged.append((line, raw, external_id))
            if len(staged) >= batch_size:
                register_staged()
        register_staged()
        flush()
        settle()
    finally:
        if writer is not None:
            # A file that breaks off half-way: the batch being written is finished (or
            # undone) whole before the error is reported, and the thread ends with it.
            with contextlib.suppress(Exception):
                if pending is not None:
                    pending.result()
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
            checked=True,  # by the parent, which also holds the file's lock
        )
        events.put(("done", shard[0], summary, 1.0))
    except AtazanError as exc:  # a refusal: its message says what to do
        events.put(("failed", shard[0], exc.message, 0.0))
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
    with import_lock(path):
        check_file(path, fmt, mapping)
        return _run_workers(
            path,
            fmt,
            mapping,
            actor=actor,
            workers=workers,
            batch_size=batch_size,
            progress=progress,
            on_error=on_error,
            collect_numbers=collect_numbers,
        )


def _run_workers(
    path: Path,
    fmt: str,
    mapping: Mapping,
    *,
    actor: Actor,
    workers: int,
    batch_size: int,
    progress: Callable[[Summary, float], None] | None,
    on_error: Callable[[RowError], None] | None,
    collect_numbers: bool,
) -> Summary:
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
        summary.replaced += part.replaced
        summary.languages_detected += part.languages_detected
        summary.errors += part.errors
        summary.numbers += part.numbers
    summary.errors.sort(key=lambda e: e.line)
    summary.seconds = time.monotonic() - started
    if on_error:
        for error in summary.errors:
            on_error(error)
    return summary
