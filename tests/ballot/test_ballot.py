"""Ballots: what the ballot box accepts and, above all, what it refuses."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from ballot_setup import Setup

from atazan_ballot import (
    AuditedBallot,
    Ballot,
    BallotRejected,
    PhaseError,
    SigningKey,
    audit_errors,
    ballot_errors,
    prepare_ballot,
)
from atazan_ballot import canonical as cj
from atazan_ballot.ballot import TAG_BALLOT_SIGNATURE, proof_context
from atazan_ballot.elgamal import Ciphertext, encrypt
from atazan_ballot.group import IDENTITY, EncodingError, G, L, base_mul
from atazan_ballot.proofs import ZeroOneProof, prove_zero_one


def resign(b: Ballot, key: SigningKey) -> Ballot:
    unsigned = replace(b, credential=key.public, signature=b"")
    return replace(unsigned, signature=key.sign(TAG_BALLOT_SIGNATURE, cj.dumps(unsigned.body())))


def test_valid_ballot_is_cast_and_tracked(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    prepared = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng)
    assert ballot_errors(e.context, prepared.ballot, e.credentials.unit_of()) == []  # type: ignore[union-attr]
    receipt = e.cast(prepared.ballot)
    assert receipt.tracking_code == prepared.tracking_code
    assert len(receipt.tracking_code) == 19
    assert e.find_tracking_code(receipt.tracking_code.lower().replace("-", " ")) == receipt
    assert Ballot.from_json(cj.loads(prepared.ballot.canonical_bytes())) == prepared.ballot


def forged_two(setup: Setup) -> Ballot:
    """A cheating client encrypts 2 and proves it with the 'is 1' branch run on r."""
    e, v = setup.election, setup.voters[0]
    ctx = e.context
    r = setup.rng.random_scalar()
    ct = encrypt(ctx.joint_key, 2, r)
    pctx = proof_context(ctx.fingerprint, ctx.joint_key, v.public, v.unit, ct)
    proof = prove_zero_one(pctx, ctx.joint_key, ct.alpha, ct.beta, 1, r, setup.rng)
    unsigned = Ballot(ctx.fingerprint, v.unit, v.public, ct, proof)
    return resign(unsigned, v.key)


def test_ballot_encrypting_two_is_rejected(setup: Setup) -> None:
    with pytest.raises(BallotRejected, match="0/1 proof"):
        setup.election.cast(forged_two(setup))


def test_proof_refuses_to_prove_two(setup: Setup) -> None:
    ctx = setup.election.context
    ct = encrypt(ctx.joint_key, 2, 5)
    with pytest.raises(ValueError):
        prove_zero_one([], ctx.joint_key, ct.alpha, ct.beta, 2, 5, setup.rng)


def test_ballot_replayed_under_another_credential_is_rejected(setup: Setup) -> None:
    e = setup.election
    a, b = setup.voters[0], setup.voters[3]  # same unit (index 0 and 3 of 3 units)
    assert a.unit == b.unit
    original = prepare_ballot(e.context, a.key, a.unit, 1, setup.rng).ballot
    # Copied as is: the signature is not b's.
    copied = replace(original, credential=b.public)
    errors = ballot_errors(e.context, copied, e.credentials.unit_of())  # type: ignore[union-attr]
    assert "bad signature" in errors and "0/1 proof does not verify" in errors
    # Re-signed by b: the proof still binds a's credential.
    with pytest.raises(BallotRejected) as exc:
        e.cast(resign(original, b.key))
    assert exc.value.errors == ["0/1 proof does not verify"]


def test_ballot_replayed_into_another_election_is_rejected(
    make_setup: Callable[..., Setup],
) -> None:
    first = make_setup(seed=5, election_id="first")
    second = make_setup(seed=5, election_id="second")
    assert first.election.fingerprint != second.election.fingerprint
    v = first.voters[0]
    b = prepare_ballot(first.election.context, v.key, v.unit, 0, first.rng).ballot
    with pytest.raises(BallotRejected) as exc:
        second.election.cast(b)
    assert "made for another election" in exc.value.errors
    assert "0/1 proof does not verify" in exc.value.errors


def test_wrong_election_context_in_proof_is_rejected(setup: Setup) -> None:
    """Proof made against another fingerprint but labelled with this one."""
    e, v = setup.election, setup.voters[1]
    wrong = replace(e.context, fingerprint=bytes(32))
    b = prepare_ballot(wrong, v.key, v.unit, 1, setup.rng).ballot
    relabelled = Ballot(e.fingerprint, b.unit, b.credential, b.ciphertext, b.proof)
    signed = resign(relabelled, v.key)
    with pytest.raises(BallotRejected) as exc:
        e.cast(signed)
    assert exc.value.errors == ["0/1 proof does not verify"]


def test_wrong_unit_is_rejected(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    other = next(u for u in e.manifest.units if u != v.unit)
    b = prepare_ballot(e.context, v.key, other, 1, setup.rng).ballot
    with pytest.raises(BallotRejected, match="votes in"):
        e.cast(b)


def test_unlisted_credential_is_rejected(setup: Setup) -> None:
    e = setup.election
    stranger = SigningKey.generate(setup.rng)
    b = prepare_ballot(e.context, stranger, "astana", 1, setup.rng).ballot
    with pytest.raises(BallotRejected, match="not on the published list"):
        e.cast(b)


def test_bad_signature_is_rejected(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    b = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot
    sig = bytearray(b.signature)
    sig[0] ^= 1
    with pytest.raises(BallotRejected) as exc:
        e.cast(replace(b, signature=bytes(sig)))
    assert exc.value.errors == ["bad signature"]
    # A signature by the right key over different content fails too.
    other = prepare_ballot(e.context, v.key, v.unit, 0, setup.rng).ballot
    with pytest.raises(BallotRejected, match="bad signature"):
        e.cast(replace(b, signature=other.signature))


def test_identity_ciphertext_is_rejected(setup: Setup) -> None:
    """r = 0 would publish the vote in the clear: alpha must not be the identity."""
    e, v = setup.election, setup.voters[0]
    ctx = e.context
    ct = Ciphertext(IDENTITY, G)  # Enc(1; r = 0)
    pctx = proof_context(ctx.fingerprint, ctx.joint_key, v.public, v.unit, ct)
    proof = prove_zero_one(pctx, ctx.joint_key, ct.alpha, ct.beta, 1, 0, setup.rng)
    b = resign(Ballot(ctx.fingerprint, v.unit, v.public, ct, proof), v.key)
    with pytest.raises(BallotRejected, match="identity"):
        e.cast(b)
    with pytest.raises(EncodingError):
        Ballot.from_json(b.to_json())


def test_non_canonical_point_in_ballot_json_is_rejected(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    raw = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot.to_json()
    p = 2**255 - 19
    for bad in ((p + 3).to_bytes(32, "little").hex(), "ff" * 32, (3).to_bytes(32, "little").hex()):
        tampered = {**raw, "ciphertext": {**raw["ciphertext"], "beta": bad}}
        with pytest.raises(EncodingError):
            Ballot.from_json(tampered)


def test_unreduced_scalar_in_proof_is_rejected(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    raw = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot.to_json()
    c0 = int.from_bytes(bytes.fromhex(raw["proof"]["c0"]), "little") + L
    if c0 < 2**256:
        tampered = {**raw, "proof": {**raw["proof"], "c0": c0.to_bytes(32, "little").hex()}}
        with pytest.raises(EncodingError):
            Ballot.from_json(tampered)


def test_tampered_proof_fails(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    b = prepare_ballot(e.context, v.key, v.unit, 0, setup.rng).ballot
    p = b.proof
    for q in (
        ZeroOneProof(p.c1, p.c0, p.v0, p.v1),
        ZeroOneProof(p.c0, p.c1, p.v1, p.v0),
        ZeroOneProof(p.c0, p.c1, (p.v0 + 1) % L, p.v1),
        ZeroOneProof(0, 0, 0, 0),
    ):
        with pytest.raises(BallotRejected, match="0/1 proof"):
            e.cast(resign(replace(b, proof=q, signature=b""), v.key))


def test_revote_last_ballot_counts(setup: Setup) -> None:
    e = setup.election
    v = setup.voters[0]
    e.cast(prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot)
    e.cast(prepare_ballot(e.context, v.key, v.unit, 0, setup.rng).ballot)
    w = setup.voters[1]
    e.cast(prepare_ballot(e.context, w.key, w.unit, 1, setup.rng).ballot)
    tally = e.close()
    assert tally.unit(v.unit).counted == 1
    for t in setup.trustees[:2]:
        from atazan_ballot import partial_decrypt

        assert t.secret_share is not None
        e.add_partial_decryption(
            partial_decrypt(
                t.index,
                t.secret_share,
                e.dkg.verification_key(t.index),
                t.signing,
                tally,
                setup.rng,
            )  # type: ignore[union-attr]
        )
    result = e.publish_result()
    by_unit = {u.unit: u for u in result.units}
    assert (by_unit[v.unit].yes, by_unit[v.unit].no) == (0, 1)
    assert (by_unit[w.unit].yes, by_unit[w.unit].no) == (1, 0)
    assert result.totals == {"counted": 2, "yes": 1, "no": 1}


def test_exact_replay_of_same_ballot_is_rejected(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    b = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot
    e.cast(b)
    with pytest.raises(BallotRejected, match="already on the board"):
        e.cast(b)


def test_audit_checks_the_choice_and_audited_ballot_cannot_be_cast(setup: Setup) -> None:
    e, v = setup.election, setup.voters[2]
    prepared = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng)
    audited = prepared.audit()
    unit_of = e.credentials.unit_of()  # type: ignore[union-attr]
    assert audit_errors(e.context, audited, unit_of) == []
    # A device that encrypted "no" while the voter chose "yes" is caught.
    lie = AuditedBallot(audited.ballot, 0, audited.randomness)
    assert audit_errors(e.context, lie, unit_of) == [
        "ciphertext does not encrypt the stated choice with the revealed randomness"
    ]
    wrong_r = AuditedBallot(audited.ballot, 1, (audited.randomness + 1) % L)
    assert audit_errors(e.context, wrong_r, unit_of)
    e.audit(audited)
    with pytest.raises(BallotRejected, match="audited"):
        e.cast(prepared.ballot)
    assert AuditedBallot.from_json(cj.loads(cj.dumps(audited.to_json()))) == audited
    # A fresh ballot after the audit is cast normally.
    e.cast(prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot)


def test_cast_ballot_cannot_be_audited(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    prepared = prepare_ballot(e.context, v.key, v.unit, 1, setup.rng)
    e.cast(prepared.ballot)
    with pytest.raises(BallotRejected, match="cast ballot"):
        e.audit(prepared.audit())


def test_no_ballots_after_close(setup: Setup) -> None:
    e, v = setup.election, setup.voters[0]
    e.close()
    with pytest.raises(PhaseError):
        e.cast(prepare_ballot(e.context, v.key, v.unit, 1, setup.rng).ballot)


def test_encryption_is_exponential_elgamal(setup: Setup) -> None:
    y = setup.election.context.joint_key
    ct = encrypt(y, 1, 42)
    assert ct.alpha == base_mul(42)
    from atazan_ballot.group import add, mul

    assert ct.beta == add(mul(42, y), G)
