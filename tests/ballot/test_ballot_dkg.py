"""Threshold keys: no dealer, bad shares caught, any t decrypt, t-1 cannot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest
from ballot_setup import Setup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_ballot import (
    NotEnoughTrustees,
    SeededRandom,
    Trustee,
    partial_decrypt,
    prepare_ballot,
    run_dkg,
)
from atazan_ballot.dkg import dealing_is_valid, eval_poly
from atazan_ballot.elgamal import encrypt
from atazan_ballot.group import L, base_mul, discrete_log, lagrange_at_zero, mul, sub, sum_points
from atazan_ballot.hashing import digest
from atazan_ballot.tally import combine

FP = digest("manifest", b"dkg tests")


def team(n: int, seed: int | str) -> tuple[list[Trustee], SeededRandom]:
    rng = SeededRandom(seed)
    return [Trustee.generate(i, f"T{i}", rng) for i in range(1, n + 1)], rng


def secret_from(shares: dict[int, int]) -> int:
    idx = sorted(shares)
    return sum(lagrange_at_zero(j, idx) * shares[j] for j in idx) % L


def test_honest_dkg_keys_are_consistent() -> None:
    trustees, rng = team(4, "honest")
    tr = run_dkg(trustees, FP, 3, rng)
    assert tr.qualified == (1, 2, 3, 4)
    assert tr.complaints == () and tr.responses == ()
    for t in trustees:
        assert t.secret_share is not None
        assert base_mul(t.secret_share) == tr.verification_key(t.index)
    shares = {t.index: t.secret_share for t in trustees if t.secret_share is not None}
    assert base_mul(secret_from({j: shares[j] for j in (1, 3, 4)})) == tr.joint_key
    assert tr.joint_key == sum_points([d.commitments[0] for d in tr.dealings])


def test_bad_share_is_detected_and_dealer_disqualified() -> None:
    trustees, rng = team(3, "cheat")
    trustees[0].bad_shares_for = frozenset({2})
    tr = run_dkg(trustees, FP, 2, rng)
    assert [(c.complainant, c.dealer) for c in tr.complaints] == [(2, 1)]
    assert [(r.dealer, r.recipient) for r in tr.responses] == [(1, 2)]
    assert tr.qualified == (2, 3)
    assert tr.joint_key == sum_points(
        [tr.dealings[1].commitments[0], tr.dealings[2].commitments[0]]
    )
    # The remaining trustees still hold a working 2-of-3 sharing of the new key.
    shares = {t.index: t.secret_share for t in trustees if t.secret_share is not None}
    assert base_mul(secret_from({2: shares[2], 3: shares[3]})) == tr.joint_key
    assert base_mul(secret_from({1: shares[1], 3: shares[3]})) == tr.joint_key


def test_complaint_answered_with_the_right_share_keeps_the_dealer() -> None:
    trustees, rng = team(3, "answered")
    cheat = trustees[0]
    cheat.bad_shares_for = frozenset({3})
    infos = [t.info() for t in trustees]
    dealings = [t.deal(FP, 2, infos, rng) for t in trustees]
    complaints = [c for t in trustees for c in t.check_dealings(dealings)]
    assert [(c.complainant, c.dealer) for c in complaints] == [(3, 1)]
    cheat.bad_shares_for = frozenset()  # answers honestly in public
    responses = [r for t in trustees for r in t.respond(complaints)]
    from atazan_ballot.dkg import qualified_dealers

    assert qualified_dealers({d.dealer: d for d in dealings}, complaints, responses) == [1, 2, 3]


def test_forged_dealing_is_invalid() -> None:
    trustees, rng = team(3, "forged")
    infos = [t.info() for t in trustees]
    d = trustees[0].deal(FP, 2, infos, rng)
    assert dealing_is_valid(d, infos[0], FP, 2)
    assert not dealing_is_valid(d, infos[1], FP, 2)  # someone else's key
    assert not dealing_is_valid(d, infos[0], digest("manifest", b"other"), 2)
    swapped = replace(d, commitments=(d.commitments[1], d.commitments[0]))
    assert not dealing_is_valid(swapped, infos[0], FP, 2)


def test_t_minus_one_trustees_cannot_decrypt(make_setup: Callable[..., Setup]) -> None:
    s = make_setup(trustees=4, threshold=3, voters=3)
    e = s.election
    for v in s.voters:
        e.cast(prepare_ballot(e.context, v.key, v.unit, 1, s.rng).ballot)
    tally = e.close()
    assert e.dkg is not None
    pds = {
        t.index: partial_decrypt(
            t.index, t.secret_share or 0, e.dkg.verification_key(t.index), t.signing, tally, s.rng
        )
        for t in s.trustees
    }
    unit = s.voters[0].unit
    ct = tally.unit(unit).ciphertext
    two = {j: pds[j].share_for(unit) for j in (1, 4)}
    with pytest.raises(NotEnoughTrustees):
        combine(ct, two, 3)
    # Interpolating over only t-1 shares gives garbage, not the count.
    wrong = sub(ct.beta, sum_points([mul(lagrange_at_zero(j, [1, 4]), two[j]) for j in (1, 4)]))
    assert discrete_log(wrong, 1000) is None
    three = {j: pds[j].share_for(unit) for j in (1, 2, 4)}
    assert discrete_log(combine(ct, three, 3), 10) == tally.unit(unit).counted
    with pytest.raises(NotEnoughTrustees):
        e.add_partial_decryption(pds[1])
        e.add_partial_decryption(pds[2])
        e.publish_result()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(secret=st.integers(1, L - 1), fake=st.integers(0, L - 1), data=st.data())
def test_t_minus_one_shares_are_consistent_with_any_secret(
    secret: int, fake: int, data: st.DataObject
) -> None:
    """Shamir's secrecy: t-1 shares fit a degree t-1 polynomial through any f(0)."""
    t = data.draw(st.integers(2, 5))
    coeffs = [secret] + data.draw(st.lists(st.integers(0, L - 1), min_size=t - 1, max_size=t - 1))
    idx = data.draw(st.lists(st.integers(1, 9), min_size=t - 1, max_size=t - 1, unique=True))
    known = {j: eval_poly(coeffs, j) for j in idx}
    points = {0: fake, **known}
    xs = sorted(points)

    def interp(x: int) -> int:
        total = 0
        for xi in xs:
            num = den = 1
            for xk in xs:
                if xk != xi:
                    num = num * (x - xk) % L
                    den = den * (xi - xk) % L
            total += points[xi] * num * pow(den, -1, L)
        return total % L

    assert all(interp(j) == known[j] for j in idx)
    assert interp(0) == fake


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_t_of_n_decrypt(data: st.DataObject) -> None:
    n = data.draw(st.integers(1, 5), label="n")
    t = data.draw(st.integers(1, n), label="t")
    seed = data.draw(st.integers(0, 2**32), label="seed")
    subset = data.draw(
        st.lists(st.integers(1, n), min_size=t, max_size=t, unique=True), label="subset"
    )
    m = data.draw(st.integers(0, 50), label="m")
    trustees, rng = team(n, seed)
    tr = run_dkg(trustees, FP, t, rng)
    ct = encrypt(tr.joint_key, m, rng.random_scalar())
    shares = {j: mul(trustees[j - 1].secret_share or 0, ct.alpha) for j in subset}
    assert discrete_log(combine(ct, shares, t), 50) == m
    if t > 1:
        fewer = dict(list(shares.items())[: t - 1])
        wrong = sub(
            ct.beta,
            sum_points([mul(lagrange_at_zero(j, sorted(fewer)), d) for j, d in fewer.items()]),
        )
        assert discrete_log(wrong, 50) is None


def test_key_generation_fails_with_fewer_than_t_qualified() -> None:
    trustees, rng = team(3, "two cheats")
    trustees[0].bad_shares_for = frozenset({2})
    trustees[1].bad_shares_for = frozenset({3})
    with pytest.raises(RuntimeError, match="qualified"):
        run_dkg(trustees, FP, 2, rng)


def test_board_refuses_unsigned_dkg_messages() -> None:
    from atazan_ballot import assemble_transcript

    trustees, rng = team(3, "refuse")
    trustees[0].bad_shares_for = frozenset({2})
    infos = [t.info() for t in trustees]
    dealings = [t.deal(FP, 2, infos, rng) for t in trustees]
    complaints = [c for t in trustees for c in t.check_dealings(dealings)]
    responses = [r for t in trustees for r in t.respond(complaints)]
    assert assemble_transcript(infos, FP, 2, dealings, complaints, responses).qualified == (2, 3)
    with pytest.raises(ValueError, match="complaint"):
        assemble_transcript(infos, FP, 2, dealings, [replace(complaints[0], dealer=3)], responses)
    with pytest.raises(ValueError, match="response"):
        assemble_transcript(infos, FP, 2, dealings, complaints, [replace(responses[0], share=5)])
    with pytest.raises(ValueError, match="dealing"):
        assemble_transcript(infos, FP, 2, [*dealings, dealings[0]], complaints, responses)
