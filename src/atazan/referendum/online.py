"""Placeholder replaced once the ballot core's API is on disk."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class BoardEntry:
    position: int
    tracking_code: str
    kind: str
    counted: bool = False
    superseded: bool = False
    detail: dict[str, Any] = field(default_factory=dict)


def record_exists(path: str) -> bool:
    return bool(path) and Path(path).is_dir()


def find_tracking_code(path: str, code: str) -> BoardEntry | None:
    return None


def zip_record(path: str) -> io.BytesIO:
    return io.BytesIO()


class BallotCoreMissing(RuntimeError):
    pass


def run_round(actor: Any, question: Any, *, ballots: int, out_dir: Path, seed: int) -> Any:
    raise BallotCoreMissing("atazan_ballot is not installed yet")
