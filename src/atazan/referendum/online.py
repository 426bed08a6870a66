"""The online round: elections run by the ballot core, checked by the independent verifier.

The Django app never does cryptography itself. ``atazan_ballot`` runs the
round and writes the election record; ``atazan_verify`` (which shares no code
with it) re-checks the record before the tally may join the official count.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from atazan.core.actors import Actor, require
from atazan.referendum import actions
from atazan.referendum.models import OnlineRound, Question
from atazan_ballot import (
    RecordSummary,
    TrackingInfo,
    find_tracking_code,
    record_exists,
    simulate_election,
    zip_record,
)
from atazan_verify import verify_record

#: What the tracking-code lookup returns to the page.
BoardEntry = TrackingInfo

__all__ = [
    "BoardEntry",
    "find_tracking_code",
    "record_exists",
    "run_round",
    "simulate",
    "verify",
    "zip_record",
]


def simulate(
    ballots: int,
    out_dir: Path,
    *,
    seed: int | None,
    trustees: int = 3,
    threshold: int = 2,
    progress: Callable[[str], Any] | None = None,
) -> RecordSummary:
    """A whole online election with random voters, written as a record to ``out_dir``."""
    if progress is not None:
        progress(f"running an election of {ballots} ballots, {threshold} of {trustees} trustees")
    summary = simulate_election(ballots, out_dir, seed, trustees=trustees, threshold=threshold)
    if progress is not None:
        progress(f"record written: {summary.board_entries} board entries")
    return summary


def verify(path: Path) -> tuple[bool, str]:
    """Re-check a record from scratch; (passed, the verifier's report)."""
    report = verify_record(path)
    return report.ok, report.summary()


def _credentials_per_unit(out_dir: Path) -> Counter[str]:
    data = json.loads((out_dir / "credentials.json").read_text(encoding="utf-8"))
    return Counter(item["unit"] for item in data["credentials"])


def run_round(
    actor: Actor, question: Question, *, ballots: int, out_dir: Path, seed: int | None
) -> OnlineRound:
    """Run an online round for ``question``, verify its record and store the result.

    The stored round is marked verified only when the independent verifier
    found no failure; only then may its tally join the official count.
    """
    # Checked before the costly simulation, and again by the storing action.
    require(actor, "referendum.run_online_round", question.referendum)
    summary = simulate(ballots, out_dir, seed=seed)
    report = verify_record(out_dir)
    registered = _credentials_per_unit(out_dir)
    tally = {
        unit.unit: {
            "registered": registered.get(unit.unit, 0),
            "voted": unit.counted,
            "yes": unit.yes,
            "no": unit.no,
        }
        for unit in summary.units
        if registered.get(unit.unit, 0)
    }
    return actions.record_online_round(
        actor,
        question,
        record_path=str(out_dir),
        ballots_cast=summary.ballots_cast,
        ballots_counted=summary.counted,
        manifest_hash=summary.fingerprint,
        board_head=summary.head_hash,
        tally=tally,
        verified=report.ok,
        verification_report=report.summary(),
    )
