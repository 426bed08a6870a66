"""The simulation, the record files and the voter's tracking-code look-up."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from atazan_ballot import (
    RECORD_FILES,
    canonical,
    find_tracking_code,
    record_exists,
    simulate_election,
    zip_record,
)
from atazan_ballot.simulate import default_units


def test_simulation_writes_a_deterministic_record(tmp_path: Path) -> None:
    a = simulate_election(12, tmp_path / "a", seed=3, units=["u1", "u2"], revotes=3, audits=1)
    b = simulate_election(12, tmp_path / "b", seed=3, units=["u1", "u2"], revotes=3, audits=1)
    for name in RECORD_FILES:
        data = (tmp_path / "a" / name).read_bytes()
        assert data == (tmp_path / "b" / name).read_bytes(), name
        canonical.loads(data)  # every file is canonical JSON
    assert a == b.__class__(**{**b.__dict__, "out_dir": a.out_dir})
    assert a.counted == 12 and a.ballots_cast == 15 and a.audits == 1
    assert a.yes + a.no == a.counted == sum(u.counted for u in a.units)
    c = simulate_election(12, tmp_path / "c", seed=4, units=["u1", "u2"])
    assert c.fingerprint != a.fingerprint


def test_unseeded_simulation_runs(tmp_path: Path) -> None:
    s = simulate_election(3, tmp_path, seed=None, units=["x"], trustees=2, threshold=2)
    assert s.counted == 3 and record_exists(tmp_path)


def test_default_units_are_the_twenty_and_abroad() -> None:
    units = default_units()
    assert len(units) == 21 and units[-1] == "abroad"


def test_tracking_code_lookup_in_record(tmp_path: Path) -> None:
    s = simulate_election(6, tmp_path, seed=9, units=["u1", "u2"], revotes=2, audits=1)
    infos = [find_tracking_code(tmp_path, code) for code in s.tracking_codes]
    assert all(i is not None and i.kind == "ballot" for i in infos)
    counted = [i for i in infos if i is not None and i.counted]
    superseded = [i for i in infos if i is not None and i.superseded]
    assert len(counted) == 6 and len(superseded) == 2
    assert find_tracking_code(tmp_path, s.tracking_codes[0].lower()) == infos[0]
    assert find_tracking_code(tmp_path, "AAAA-AAAA-AAAA-AAAA") is None
    with zipfile.ZipFile(zip_record(tmp_path)) as zf:
        assert sorted(zf.namelist()) == sorted(RECORD_FILES)


def test_faulty_dealer_is_disqualified_and_election_completes(tmp_path: Path) -> None:
    s = simulate_election(4, tmp_path, seed=2, units=["u1"], faulty_dealer=1)
    assert s.qualified == (2, 3) and s.decrypted_by == (2, 3) and s.counted == 4


def test_bad_parameters() -> None:
    with pytest.raises(ValueError):
        simulate_election(-1, Path("/nonexistent"), seed=1)
    with pytest.raises(ValueError):
        simulate_election(2, Path("/nonexistent"), seed=1, trustees=2, threshold=3)


def test_election_restores_from_its_payloads(make_setup) -> None:  # type: ignore[no-untyped-def]
    from atazan_ballot import Election, partial_decrypt, prepare_ballot

    s = make_setup(voters=3)
    e = s.election
    for v in s.voters:
        e.cast(prepare_ballot(e.context, v.key, v.unit, 1, s.rng).ballot)
    e.audit(prepare_ballot(e.context, s.voters[0].key, s.voters[0].unit, 0, s.rng).audit())
    stored = e.payloads()
    again = Election.restore(e.manifest, e.board._key, stored)
    assert again.board.head_hash == e.board.head_hash
    tally = again.close()
    for t in s.trustees[:2]:
        again.add_partial_decryption(
            partial_decrypt(
                t.index,
                t.secret_share or 0,
                again.dkg.verification_key(t.index),
                t.signing,
                tally,
                s.rng,
            )  # type: ignore[union-attr]
        )
    assert again.publish_result().totals == {"counted": 3, "yes": 3, "no": 0}
    full = Election.restore(e.manifest, e.board._key, again.payloads())
    assert full.result == again.result
    tampered = list(stored)
    kind, data = tampered[3]
    tampered[3] = (kind, data.replace(b'"unit":"', b'"unit":"x', 1))
    with pytest.raises(ValueError):
        Election.restore(e.manifest, e.board._key, tampered)
