"""Mutation test of the verifier: change any single field of the record and it must fail.

Every leaf of every JSON file is changed in turn, keeping its type and form
(hex stays hex of the same length, a scalar stays reduced). Each change is
checked twice: as is, and after re-sealing the board (new digests, chain and
signed head, as a corrupt board operator could), which leaves only the
signatures, proofs and recomputations to catch it.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from record_tools import copy_record, get, leaves, mutated, reseal, save

from atazan_verify import verify_record

FILES = (
    "manifest.json",
    "credentials.json",
    "dkg.json",
    "ballots.json",
    "audits.json",
    "tally.json",
    "decryptions.json",
    "result.json",
    "board.json",
)


def field_name(path: tuple[object, ...]) -> str:
    return ".".join("[]" if isinstance(p, int) else str(p) for p in path)


def test_every_leaf_mutation_is_detected(small_record: Path, tmp_path: Path) -> None:
    work = copy_record(small_record, tmp_path / "work")
    originals = {name: (work / name).read_bytes() for name in FILES}
    undetected: list[str] = []
    covered: Counter[str] = Counter()
    for name in FILES:
        doc = json.loads(originals[name])
        for path in leaves(doc):
            label = f"{name}:{field_name(path)}"
            covered[label] += 1
            save(work, name, mutated(doc, path))
            if verify_record(work).ok:
                undetected.append(f"{label} {path} (as is)")
            if name != "board.json":
                reseal(work)
                if verify_record(work).ok:
                    undetected.append(f"{label} {path} (re-sealed)")
                (work / "board.json").write_bytes(originals["board.json"])
            (work / name).write_bytes(originals[name])
    assert verify_record(work).ok
    assert not undetected, undetected
    # The small record exercises every kind of field the specification defines.
    names = {label.split(":")[0] + ":" + label.split(":")[1] for label in covered}
    for expected in (
        "dkg.json:complaints.[].signature",
        "dkg.json:responses.[].share",
        "audits.json:[].randomness",
        "audits.json:[].choice",
        "ballots.json:[].proof.v1",
        "decryptions.json:[].shares.[].proof.c",
        "board.json:head.signature",
        "result.json:totals.no",
        "tally.json:units.[].counted",
        "manifest.json:trustees.[].box_key",
    ):
        assert expected in names, expected
    assert sum(covered.values()) > 250


def test_non_canonical_and_missing_files_are_detected(small_record: Path, tmp_path: Path) -> None:
    work = copy_record(small_record, tmp_path / "work")
    for name in FILES:
        original = (work / name).read_bytes()
        (work / name).write_bytes(json.dumps(json.loads(original), indent=1).encode())
        report = verify_record(work)
        assert any(f.file == name and f.check == "record.canonical_json" for f in report.failures)
        (work / name).unlink()
        report = verify_record(work)
        assert any(f.file == name and f.check == "record.file" for f in report.failures)
        (work / name).write_bytes(original)
    assert verify_record(work).ok


def test_identity_and_non_canonical_points_in_ballots(small_record: Path, tmp_path: Path) -> None:
    work = copy_record(small_record, tmp_path / "work")
    ballots = json.loads((work / "ballots.json").read_bytes())
    p = 2**255 - 19
    for bad in ("00" * 32, (p + 1).to_bytes(32, "little").hex(), "ff" * 32):
        changed = json.loads(json.dumps(ballots))
        changed[1]["ciphertext"]["alpha"] = bad
        save(work, "ballots.json", changed)
        reseal(work)
        report = verify_record(work)
        mine = [f for f in report.failures if f.entry.startswith("ballots[1]")]
        assert any(f.check == "ballot.ciphertext" for f in mine), [str(f) for f in mine]
    assert get(ballots, (0, "unit")) in ("north", "south")


def test_malformed_structure_never_crashes_the_verifier(small_record: Path, tmp_path: Path) -> None:
    """Wrong types and missing keys, once per distinct field: always a reported failure, never an exception."""
    work = copy_record(small_record, tmp_path / "work")
    done: set[tuple[str, str, str]] = set()
    for name in FILES:
        original = (work / name).read_bytes()
        doc = json.loads(original)
        for path in leaves(doc):
            for kind, replacement in (
                ("null", None),
                ("list", []),
                ("object", {}),
                ("missing", KeyError),
            ):
                key = (name, field_name(path), kind)
                if key in done:
                    continue
                done.add(key)
                changed = json.loads(original)
                parent = get(changed, path[:-1])
                if replacement is KeyError:
                    if not isinstance(parent, dict):
                        continue
                    del parent[path[-1]]
                else:
                    parent[path[-1]] = replacement
                save(work, name, changed)
                report = verify_record(work)
                assert not report.ok, key
                assert all(f.check and f.file for f in report.failures)
        (work / name).write_bytes(original)
    assert verify_record(work).ok
