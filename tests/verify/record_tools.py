"""Make small records, tamper with them, and re-seal them as a corrupt board would.

Re-sealing recomputes every board digest, the hash chain and the board's
signed head after a change, so that only the verifier's semantic checks
(signatures, proofs, recomputed tallies and results) can catch it.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from atazan_ballot import canonical, simulate_election
from atazan_ballot.board import GENESIS, BoardEntry, SignedHead, payload_digest
from atazan_ballot.simulate import board_key_for

SEED = 20260315
LIST_FILES = {"ballot": "ballots.json", "audit": "audits.json", "decryption": "decryptions.json"}


def make_small_record(path: Path, seed: int = SEED) -> Path:
    """Five voters in two units, one re-vote, one audit, a disqualified dealer (complaint and response)."""
    simulate_election(
        5,
        path,
        seed,
        trustees=3,
        threshold=2,
        units=["north", "south"],
        revotes=1,
        audits=1,
        faulty_dealer=3,
    )
    return path


def copy_record(src: Path, dst: Path) -> Path:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    return dst


def load(path: Path, name: str) -> Any:
    return json.loads((path / name).read_bytes())


def save(path: Path, name: str, obj: Any) -> None:
    (path / name).write_bytes(canonical.dumps(obj))


def reseal(path: Path, seed: int = SEED) -> None:
    """Rebuild the board over the files as they now are, signed with the board's key."""
    board = load(path, "board.json")
    lists = {kind: iter(load(path, name)) for kind, name in LIST_FILES.items()}
    prev = GENESIS
    entries = []
    for i, e in enumerate(board["entries"]):
        kind = e["kind"]
        if kind in LIST_FILES:
            payload = canonical.dumps(next(lists[kind]))
        else:
            payload = (path / f"{kind}.json").read_bytes()
        entry = BoardEntry(i, kind, prev, payload_digest(kind, payload))
        entries.append(entry.to_json())
        prev = entry.hash
    fingerprint = bytes.fromhex(board["head"]["fingerprint"])
    key = board_key_for(seed)
    unsigned = SignedHead(fingerprint, len(entries) - 1, prev, b"")
    head = SignedHead(
        fingerprint, unsigned.seq, prev, key.sign("board-head", canonical.dumps(unsigned.body()))
    )
    save(path, "board.json", {"entries": entries, "head": head.to_json()})


Leaf = tuple[str, tuple[Any, ...]]


def leaves(obj: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaves(v, (*prefix, k))
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from leaves(v, (*prefix, i))
    else:
        yield prefix


def get(obj: Any, path: tuple[Any, ...]) -> Any:
    for p in path:
        obj = obj[p]
    return obj


def mutate_value(v: Any) -> Any:
    """A different value of the same type; hex keeps its length and form."""
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, str):
        if v and len(v) % 2 == 0 and all(c in "0123456789abcdef" for c in v):
            # Change the first digit: for a scalar, the least significant byte,
            # so the value stays reduced and only its meaning changes.
            return ("1" if v[0] != "1" else "2") + v[1:]
        return v + "x"
    if v is None:
        return 0
    raise TypeError(type(v))


def mutated(doc: Any, path: tuple[Any, ...]) -> Any:
    doc = json.loads(json.dumps(doc))
    parent = get(doc, path[:-1])
    parent[path[-1]] = mutate_value(parent[path[-1]])
    return doc
