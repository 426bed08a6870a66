"""Property tests of the homomorphism the tally relies on."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from atazan_ballot.elgamal import encrypt, sum_ciphertexts
from atazan_ballot.group import L, base_mul, discrete_log, mul, sub
from atazan_ballot.hashing import hash_to_scalar
from atazan_ballot.proofs import prove_zero_one, verify_zero_one
from atazan_ballot.rng import SeededRandom

SECRET = 0x1234567890ABCDEF1234567890ABCDEF % L
Y = base_mul(SECRET)
scalars = st.integers(1, L - 1)


@settings(max_examples=40, deadline=None)
@given(m1=st.integers(0, 1000), m2=st.integers(0, 1000), r1=scalars, r2=scalars)
def test_sum_of_encryptions_encrypts_the_sum(m1: int, m2: int, r1: int, r2: int) -> None:
    assert encrypt(Y, m1, r1) + encrypt(Y, m2, r2) == encrypt(Y, m1 + m2, (r1 + r2) % L)


@settings(max_examples=15, deadline=None)
@given(votes=st.lists(st.tuples(st.integers(0, 1), scalars), max_size=30))
def test_tally_decrypts_to_number_of_yes(votes: list[tuple[int, int]]) -> None:
    total = sum_ciphertexts([encrypt(Y, m, r) for m, r in votes])
    point = sub(total.beta, mul(SECRET, total.alpha))
    assert discrete_log(point, len(votes)) == sum(m for m, _ in votes)


@settings(max_examples=20, deadline=None)
@given(m=st.integers(0, 1), seed=st.integers(0, 2**64))
def test_zero_one_proofs_verify_and_bind_context(m: int, seed: int) -> None:
    rng = SeededRandom(seed)
    r = rng.random_scalar()
    ct = encrypt(Y, m, r)
    ctx = [b"fingerprint", Y, b"credential", b"unit", ct.alpha, ct.beta]
    proof = prove_zero_one(ctx, Y, ct.alpha, ct.beta, m, r, rng)
    assert verify_zero_one(ctx, Y, ct.alpha, ct.beta, proof)
    assert not verify_zero_one(
        [*ctx[:2], b"other credential", *ctx[3:]], Y, ct.alpha, ct.beta, proof
    )


@given(tag=st.sampled_from(["a", "b"]), parts=st.lists(st.binary(max_size=40), max_size=4))
def test_framing_makes_hash_inputs_unambiguous(tag: str, parts: list[bytes]) -> None:
    joined = b"".join(parts)
    if len(parts) != 1:
        assert hash_to_scalar(tag, *parts) != hash_to_scalar(tag, joined)
    assert 0 <= hash_to_scalar(tag, *parts) < L


def test_random_random_is_accepted_as_a_seeded_source() -> None:
    import random

    from atazan_ballot.rng import SystemRandom, as_source

    a, b = as_source(random.Random(7)), as_source(random.Random(7))
    assert a.random_scalar() == b.random_scalar() and a.random_bytes(5) == b.random_bytes(5)
    assert isinstance(as_source(None), SystemRandom)
    s = SystemRandom()
    assert 0 < s.random_scalar() < L and len(s.random_bytes(24)) == 24
    forked = SeededRandom(1).fork("x")
    assert forked.random_bytes(8) == SeededRandom(1).fork("x").random_bytes(8)
    assert forked.random_bytes(8) != SeededRandom(1).fork("y").random_bytes(8)
