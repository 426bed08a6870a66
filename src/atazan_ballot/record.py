"""Reading a published election record: tracking-code look-ups and archives.

The verifier (atazan_verify) re-checks a record independently; this module
serves the ballot core's own users: the voter's "is my ballot there, and
does it count?" and the download of the whole record.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.ballot import AuditedBallot, Ballot
from atazan_ballot.election import RECORD_FILES
from atazan_ballot.hashing import normalize_tracking_code


@dataclass(frozen=True)
class TrackingInfo:
    """Where a tracking code sits on the board and what became of its ballot."""

    position: int
    tracking_code: str
    kind: str  # "ballot" or "audit"
    counted: bool = False
    superseded: bool = False
    detail: dict[str, Any] = field(default_factory=dict)


def record_exists(path: str | Path) -> bool:
    p = Path(path)
    return p.is_dir() and (p / "board.json").is_file()


def _load(path: Path, name: str) -> Any:
    return canonical.loads((path / name).read_bytes())


def find_tracking_code(path: str | Path, code: str) -> TrackingInfo | None:
    """Look a voter's tracking code up in a record directory."""
    path = Path(path)
    wanted = normalize_tracking_code(code)
    entries = _load(path, "board.json")["entries"]
    ballot_seqs = [e["seq"] for e in entries if e["kind"] == "ballot"]
    audit_seqs = [e["seq"] for e in entries if e["kind"] == "audit"]
    ballots = [Ballot.from_json(b) for b in _load(path, "ballots.json")]
    last_seq: dict[bytes, int] = {}
    for seq, b in zip(ballot_seqs, ballots, strict=True):
        last_seq[b.credential] = seq
    for seq, b in zip(ballot_seqs, ballots, strict=True):
        if b.tracking_code == wanted:
            superseded = last_seq[b.credential] != seq
            return TrackingInfo(
                seq,
                b.tracking_code,
                "ballot",
                counted=not superseded,
                superseded=superseded,
                detail={"unit": b.unit, "ballot_hash": b.hash.hex()},
            )
    for seq, raw in zip(audit_seqs, _load(path, "audits.json"), strict=True):
        a = AuditedBallot.from_json(raw)
        if a.ballot.tracking_code == wanted:
            return TrackingInfo(
                seq,
                a.ballot.tracking_code,
                "audit",
                detail={
                    "unit": a.ballot.unit,
                    "choice": a.choice,
                    "ballot_hash": a.ballot.hash.hex(),
                },
            )
    return None


def zip_record(path: str | Path) -> io.BytesIO:
    """The record's files in one zip archive, for download."""
    path = Path(path)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name in RECORD_FILES:
            if (path / name).is_file():
                zf.write(path / name, arcname=name)
    buf.seek(0)
    return buf
