"""The prepared files on disk: where they live, how they are written, and their manifests.

Each dataset has a manifest ``<name>.json`` under ``DATA_DIR/open-data``
naming its files, their sizes and SHA-256, the revision of the data they were
made from, when they were prepared and when their content last changed.
Files are named by their digest (``proposals.3f2a….csv``) and written under a
temporary name first, then renamed, and the manifest is replaced last, so a
reader sees either the old set or the new one, never half a file. A reader
that opened an old file keeps reading it after it is removed.
"""

from __future__ import annotations

import csv
import datetime as dt
import fcntl
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.utils import timezone

from atazan_results.csvio import FORMULA_STARTS, spreadsheet_safe

#: Rows gathered before one write to the files.
FLUSH_ROWS = 2000


def root() -> Path:
    path = Path(settings.DATA_DIR) / "open-data"
    path.mkdir(parents=True, exist_ok=True)
    return path


@dataclass(frozen=True)
class FileInfo:
    file: str
    bytes: int
    sha256: str


@dataclass
class Manifest:
    name: str
    revision: str
    prepared_at: str
    changed_at: str
    rows: int | None
    files: dict[str, FileInfo] = field(default_factory=dict)

    def path(self, fmt: str) -> Path:
        return root() / self.files[fmt].file

    @property
    def changed(self) -> dt.datetime:
        return dt.datetime.fromisoformat(self.changed_at)

    @property
    def size(self) -> int:
        return sum(info.bytes for info in self.files.values())


def read_manifest(name: str) -> Manifest | None:
    try:
        data = json.loads((root() / f"{name}.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return None
    files = {fmt: FileInfo(**info) for fmt, info in data.pop("files").items()}
    return Manifest(**data, files=files)


def _replace_atomically(path: Path, payload: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_bytes(payload)
    os.replace(temporary, path)


def commit(
    name: str, revision: str, rows: int | None, written: dict[str, tuple[Path, int, str]]
) -> Manifest:
    """Move the written files into place and replace the manifest; remove what it replaced.

    ``changed_at`` moves only when the content did: a rebuild that writes the
    same bytes keeps the ETag and Last-Modified clients already hold.
    """
    previous = read_manifest(name)
    now = timezone.now().replace(microsecond=0)
    files: dict[str, FileInfo] = {}
    for fmt, (temporary, size, digest) in written.items():
        final = root() / f"{name}.{digest[:16]}.{fmt}"
        os.replace(temporary, final)
        files[fmt] = FileInfo(final.name, size, digest)
    same = previous is not None and {f: i.sha256 for f, i in previous.files.items()} == {
        f: i.sha256 for f, i in files.items()
    }
    manifest = Manifest(
        name=name,
        revision=revision,
        prepared_at=now.isoformat(),
        changed_at=previous.changed_at if same and previous is not None else now.isoformat(),
        rows=rows,
        files=files,
    )
    body = asdict(manifest)
    _replace_atomically(
        root() / f"{name}.json", json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")
    )
    if previous is not None:
        kept = {info.file for info in files.values()}
        for info in previous.files.values():
            if info.file not in kept:
                (root() / info.file).unlink(missing_ok=True)
    return manifest


@contextmanager
def lock(name: str, *, wait: bool) -> Iterator[bool]:
    """An exclusive lock on preparing ``name``, across processes; yields whether it was taken.

    The lock belongs to the open file, so a process that dies releases it.
    """
    with open(root() / f".{name}.lock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _HashedFile:
    """A temporary file that hashes what it is given and writes it in large pieces."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.handle: BinaryIO = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.digest = hashlib.sha256()
        self.size = 0
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        self.parts.append(text)

    def flush(self) -> None:
        if self.parts:
            payload = "".join(self.parts).encode("utf-8")
            self.parts.clear()
            self.digest.update(payload)
            self.size += len(payload)
            self.handle.write(payload)

    def close(self) -> tuple[Path, int, str]:
        self.flush()
        self.handle.close()
        return self.path, self.size, self.digest.hexdigest()


def write_table(
    name: str,
    columns: list[str],
    rows: Iterable[tuple[Any, ...]],
    *,
    booleans: tuple[int, ...] = (),
    texts: tuple[int, ...] = (),
) -> tuple[int, dict[str, tuple[Path, int, str]]]:
    """CSV and JSON Lines from one pass over ``rows``; returns the row count and the files.

    Rows hold JSON values (text, numbers, booleans, None; times already as ISO
    text). In CSV, None is an empty cell, the columns at ``booleans`` read
    ``true``/``false``, and a text at ``texts`` that a spreadsheet would run as
    a formula gets a leading apostrophe. Memory stays constant: rows are
    written every :data:`FLUSH_ROWS`.
    """
    pid = os.getpid()
    csv_file = _HashedFile(root() / f".{name}.{pid}.csv.tmp")
    json_file = _HashedFile(root() / f".{name}.{pid}.jsonl.tmp")
    try:
        writer = csv.writer(csv_file)
        writer.writerow(columns)
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": ")).encode
        width = len(columns)
        count = 0
        for row in rows:
            if len(row) != width:
                raise ValueError(f"{name}: a row of {len(row)} values for {width} columns")
            json_file.write(dumps(dict(zip(columns, row, strict=True))))
            cells = list(row)
            for index in booleans:
                value = cells[index]
                cells[index] = "" if value is None else ("true" if value else "false")
            for index in texts:
                value = cells[index]
                if value and value[0] in FORMULA_STARTS:
                    # Texts come from anyone: no cell may run as a spreadsheet formula.
                    cells[index] = spreadsheet_safe(value)
            writer.writerow(cells)
            json_file.write("\n")
            count += 1
            if count % FLUSH_ROWS == 0:
                csv_file.flush()
                json_file.flush()
        return count, {"csv": csv_file.close(), "jsonl": json_file.close()}
    except BaseException:
        for item in (csv_file, json_file):
            item.handle.close()
            item.path.unlink(missing_ok=True)
        raise


def write_document(name: str, fmt: str, payload: bytes) -> dict[str, tuple[Path, int, str]]:
    temporary = root() / f".{name}.{os.getpid()}.{fmt}.tmp"
    temporary.write_bytes(payload)
    return {fmt: (temporary, len(payload), hashlib.sha256(payload).hexdigest())}
