"""The verifier on good and bad records, and its command line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from record_tools import copy_record, load, reseal, save

from atazan_verify import verify_record
from atazan_verify.cli import main


def checks(report: object) -> set[str]:
    return {f.check for f in report.failures}  # type: ignore[attr-defined]


def test_valid_record_verifies(small_record: Path) -> None:
    report = verify_record(small_record)
    assert report.ok, [str(f) for f in report.failures]
    assert report.stats["ballots"] == 6 and report.stats["counted"] == 5
    assert report.stats["qualified"] == 2 and report.stats["audits"] == 1
    assert sum(r["counted"] for r in report.results) == 5
    result = load(small_record, "result.json")
    assert [r["yes"] for r in report.results] == [u["yes"] for u in result["units"]]


def test_parallel_verification_agrees(small_record: Path, tmp_path: Path) -> None:
    from atazan_ballot import simulate_election

    simulate_election(70, tmp_path, seed=5, units=["a", "b", "c"], revotes=5, audits=0)
    one, two = verify_record(tmp_path), verify_record(tmp_path, jobs=2)
    assert one.ok and two.ok and one.results == two.results
    ballots = load(tmp_path, "ballots.json")
    ballots[3]["unit"] = "zzz"
    save(tmp_path, "ballots.json", ballots)
    bad1, bad2 = verify_record(tmp_path), verify_record(tmp_path, jobs=2)
    assert [str(f) for f in bad1.failures] == [str(f) for f in bad2.failures]
    assert "ballot.signature" in checks(bad1)


def test_forged_encrypted_tally_is_caught(small_record: Path, tmp_path: Path) -> None:
    """Belenios 2.0's verify forgets this comparison; the published tally must equal the recomputed sum."""
    rec = copy_record(small_record, tmp_path / "r")
    tally = load(rec, "tally.json")
    a, b = tally["units"]
    a["ciphertext"], b["ciphertext"] = b["ciphertext"], a["ciphertext"]
    save(rec, "tally.json", tally)
    reseal(rec)
    report = verify_record(rec)
    assert "tally.ciphertext" in checks(report)
    assert all(f.file != "board.json" for f in report.failures)


def test_every_failure_is_reported(small_record: Path, tmp_path: Path) -> None:
    rec = copy_record(small_record, tmp_path / "r")
    ballots = load(rec, "ballots.json")
    ballots[0]["signature"] = "00" * 64
    ballots[2]["proof"]["c0"] = ballots[1]["proof"]["c0"]
    save(rec, "ballots.json", ballots)
    result = load(rec, "result.json")
    result["totals"]["yes"] += 7
    save(rec, "result.json", result)
    report = verify_record(rec)
    found = {(f.file, f.entry.split()[0], f.check) for f in report.failures}
    assert ("ballots.json", "ballots[0]", "ballot.signature") in found
    assert ("ballots.json", "ballots[2]", "ballot.signature") in found
    assert ("ballots.json", "ballots[2]", "ballot.proof") in found
    assert ("result.json", "totals", "result.totals.yes") in found
    assert ("ballots.json", "ballots[0]", "board.digest") in found
    assert ("result.json", "-", "board.digest") in found


def test_ballot_copied_to_another_credential_is_caught(small_record: Path, tmp_path: Path) -> None:
    rec = copy_record(small_record, tmp_path / "r")
    ballots = load(rec, "ballots.json")
    creds = load(rec, "credentials.json")["credentials"]
    victim = ballots[0]
    other = next(
        c for c in creds if c["credential"] != victim["credential"] and c["unit"] == victim["unit"]
    )
    ballots.append({**victim, "credential": other["credential"]})
    save(rec, "ballots.json", ballots)
    board = load(rec, "board.json")
    # Insert a board entry for it before the tally, then re-seal.
    entries = board["entries"]
    at = next(i for i, e in enumerate(entries) if e["kind"] == "tally")
    entries.insert(at, {"seq": 0, "kind": "ballot", "prev": "00" * 32, "digest": "00" * 32})
    save(rec, "board.json", board)
    reseal(rec)
    report = verify_record(rec)
    bad = [f for f in report.failures if f.entry.startswith(f"ballots[{len(ballots) - 1}]")]
    assert {f.check for f in bad} >= {"ballot.signature", "ballot.proof", "ballot.replay"}


def test_missing_and_broken_files(small_record: Path, tmp_path: Path) -> None:
    rec = copy_record(small_record, tmp_path / "r")
    (rec / "dkg.json").unlink()
    (rec / "tally.json").write_bytes(b'{"fingerprint": 1}')
    report = verify_record(rec)
    assert ("dkg.json", "record.file") in {(f.file, f.check) for f in report.failures}
    assert ("tally.json", "record.canonical_json") in {(f.file, f.check) for f in report.failures}
    assert not report.ok
    assert not verify_record(tmp_path / "nowhere").ok


def test_cli_exit_codes(
    small_record: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main([str(small_record)]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "north" in out
    code = load(small_record, "ballots.json")
    from atazan_ballot import find_tracking_code  # only to learn a code to look up

    assert find_tracking_code(small_record, "AAAA") is None
    assert main([str(small_record), "--tracking-code", "AAAA-BBBB-CCCC-DDDD"]) == 1
    assert "tracking.code" in capsys.readouterr().out
    rec = copy_record(small_record, tmp_path / "r")
    code[0]["unit"] = "south" if code[0]["unit"] == "north" else "north"
    save(rec, "ballots.json", code)
    assert main([str(rec), "--json"]) == 1
    assert '"ok": false' in capsys.readouterr().out


def test_console_script_runs(small_record: Path) -> None:
    exe = Path(sys.executable).with_name("atazan-verify")
    cmd = [str(exe)] if exe.exists() else [sys.executable, "-m", "atazan_verify.cli"]
    done = subprocess.run([*cmd, str(small_record)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    bad = subprocess.run(
        [*cmd, str(small_record / "missing")], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 1


def test_verifier_does_not_import_the_ballot_core(small_record: Path) -> None:
    code = (
        "import sys, builtins\n"
        "real = builtins.__import__\n"
        "def guard(name, *a, **k):\n"
        "    if name.split('.')[0] == 'atazan_ballot': raise ImportError('forbidden: ' + name)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = guard\n"
        "from atazan_verify.cli import main\n"
        f"rc = main([{str(small_record)!r}])\n"
        "assert not any(m.startswith('atazan_ballot') for m in sys.modules)\n"
        "sys.exit(rc)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    src = Path(__file__).resolve().parents[2] / "src" / "atazan_verify"
    for py in src.glob("*.py"):
        text = py.read_text()
        assert (
            "atazan_ballot"
            not in text.replace("not import atazan_ballot", "").replace(
                "never imports atazan_ballot", ""
            )
            or "import atazan_ballot" not in text
        ), py


def test_result_from_fewer_than_t_trustees_is_refused(small_record: Path, tmp_path: Path) -> None:
    rec = copy_record(small_record, tmp_path / "r")
    result = load(rec, "result.json")
    result["trustees"] = result["trustees"][:1]
    save(rec, "result.json", result)
    reseal(rec)
    report = verify_record(rec)
    assert [f.check for f in report.failures] == ["result.trustees"]


def test_disqualified_dealer_cannot_be_readmitted(small_record: Path, tmp_path: Path) -> None:
    """The record's dealer 3 dealt a bad share; listing it as qualified (and re-signing the board) fails."""
    report = verify_record(small_record)
    assert any(n.check == "dkg.qualified" and "dealer 3" in n.entry for n in report.notices)
    rec = copy_record(small_record, tmp_path / "r")
    dkg = load(rec, "dkg.json")
    assert dkg["qualified"] == [1, 2]
    dkg["qualified"] = [1, 2, 3]
    save(rec, "dkg.json", dkg)
    reseal(rec)
    assert "dkg.qualified" in checks(verify_record(rec))
    # Dropping the complaint instead makes the recomputed key differ from the published one.
    dkg = load(small_record, "dkg.json")
    dkg["complaints"] = []
    save(rec, "dkg.json", dkg)
    reseal(rec)
    assert {"dkg.qualified", "dkg.joint_key", "dkg.verification_keys"} <= checks(verify_record(rec))


def test_an_audited_ballots_tracking_code_is_found_as_audited(small_record: Path) -> None:
    from atazan_ballot.ballot import AuditedBallot  # only to learn the audited ballot's code

    audited = AuditedBallot.from_json(load(small_record, "audits.json")[0])
    code = audited.ballot.tracking_code
    report = verify_record(small_record, tracking_codes=[code.lower().replace("-", "")])
    assert report.ok, [str(f) for f in report.failures]
    state = report.tracking[code.lower().replace("-", "")]
    assert state.startswith("on the board, audited in audits[0]") and "not counted" in state


def test_the_json_report_keeps_the_notices(
    small_record: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    # The small record's election disqualifies a dealer: the report notes it.
    notices = [vars(n) for n in verify_record(small_record).notices]
    assert notices
    assert main([str(small_record), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["notices"] == notices
