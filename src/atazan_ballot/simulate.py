"""A whole simulated election written to disk: for the demo, tests and benchmarks.

With a seed the record is identical byte for byte on every run; without one
it uses libsodium's randomness. A seeded record's secrets are derivable from
its seed, so it must never stand for a real vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from atazan_ballot.ballot import prepare_ballot
from atazan_ballot.credentials import RegistrationAuthority, VoterCredential
from atazan_ballot.dkg import Trustee, run_dkg
from atazan_ballot.election import Election
from atazan_ballot.manifest import Manifest
from atazan_ballot.rng import RandomSource, SeededRandom, SystemRandom
from atazan_ballot.signing import SigningKey
from atazan_ballot.tally import partial_decrypt

DEFAULT_QUESTION = "Do you approve the new Constitution of the Republic?"


def default_units() -> list[str]:
    """The 20 voting units of the referendum law, then voters abroad."""
    from atazan_results.units import UNITS_2026

    return [u.code for u in UNITS_2026]


@dataclass(frozen=True)
class UnitSummary:
    unit: str
    counted: int
    yes: int
    no: int


@dataclass(frozen=True)
class RecordSummary:
    """What ``simulate_election`` wrote, and the outcome its record proves."""

    out_dir: Path
    election_id: str
    fingerprint: str
    voters: int
    ballots_cast: int
    revotes: int
    audits: int
    counted: int
    yes: int
    no: int
    units: tuple[UnitSummary, ...]
    trustees: int
    threshold: int
    qualified: tuple[int, ...]
    decrypted_by: tuple[int, ...]
    board_entries: int
    head_hash: str
    tracking_codes: tuple[str, ...]


def _fork(rng: RandomSource, label: str) -> RandomSource:
    return rng.fork(label) if isinstance(rng, SeededRandom) else rng


def _below(rng: RandomSource, n: int) -> int:
    return int.from_bytes(rng.random_bytes(8), "big") % n


def board_key_for(seed: int) -> SigningKey:
    """The board's key in a seeded simulation (tests use it to re-seal a tampered record)."""
    return SigningKey.generate(SeededRandom(seed).fork("board"))


def simulate_election(
    ballots: int,
    out_dir: Path,
    seed: int | None,
    trustees: int = 3,
    threshold: int = 2,
    units: list[str] | None = None,
    *,
    revotes: int | None = None,
    audits: int | None = None,
    yes_per_mille: int = 600,
    faulty_dealer: int | None = None,
    decrypting: list[int] | None = None,
    election_id: str | None = None,
    question: str = DEFAULT_QUESTION,
) -> RecordSummary:
    """Run a whole election with ``ballots`` voters and write its record to ``out_dir``.

    About one voter in ten votes again (the last ballot counts) unless
    ``revotes`` says otherwise, and ``audits`` prepared ballots are audited
    instead of cast. ``faulty_dealer`` makes that trustee deal a bad share,
    so key generation disqualifies it.
    """
    if ballots < 0:
        raise ValueError("ballots must be >= 0")
    root: RandomSource = SeededRandom(seed) if seed is not None else SystemRandom()
    unit_list = list(units) if units is not None else default_units()
    n_revotes = ballots // 10 if revotes is None else revotes
    n_audits = min(2, ballots) if audits is None else audits
    if n_revotes and not ballots:
        raise ValueError("re-votes need voters")

    board_key = SigningKey.generate(_fork(root, "board"))
    authority = RegistrationAuthority(SigningKey.generate(_fork(root, "authority")))
    trustee_rng = _fork(root, "trustees")
    team = [Trustee.generate(i, f"Trustee {i}", trustee_rng) for i in range(1, trustees + 1)]
    if faulty_dealer is not None:
        victim = faulty_dealer % trustees + 1
        team[faulty_dealer - 1].bad_shares_for = frozenset({victim})
    eid = election_id or (f"simulation-{seed}" if seed is not None else "simulation")
    manifest = Manifest(
        election_id=eid,
        title="Republican referendum (simulation)",
        question=question,
        units=tuple(unit_list),
        threshold=threshold,
        trustees=tuple(t.info() for t in team),
        registration_authority=authority.public,
        board_key=board_key.public,
    )
    election = Election(manifest, board_key)

    voter_rng = _fork(root, "voters")
    voters: list[VoterCredential] = [
        authority.issue(unit_list[_below(voter_rng, len(unit_list))], voter_rng)
        for _ in range(ballots)
    ]
    election.publish_credentials(authority.publish(election.fingerprint, voters))
    transcript = run_dkg(team, election.fingerprint, threshold, _fork(root, "dkg"))
    election.publish_dkg(transcript)
    ctx = election.context

    device_rng = _fork(root, "devices")
    codes: list[str] = []

    def choice() -> int:
        return 1 if _below(device_rng, 1000) < yes_per_mille else 0

    for k in range(n_audits):
        v = voters[k % len(voters)]
        prepared = prepare_ballot(ctx, v.key, v.unit, choice(), device_rng)
        election.audit(prepared.audit())
    for v in voters:
        codes.append(
            election.cast(
                prepare_ballot(ctx, v.key, v.unit, choice(), device_rng).ballot
            ).tracking_code
        )
    for _ in range(n_revotes):
        v = voters[_below(device_rng, len(voters))]
        codes.append(
            election.cast(
                prepare_ballot(ctx, v.key, v.unit, choice(), device_rng).ballot
            ).tracking_code
        )

    tally = election.close()
    chosen = decrypting or list(transcript.qualified[:threshold])
    decrypt_rng = _fork(root, "decryption")
    for j in chosen:
        t = team[j - 1]
        assert t.secret_share is not None
        election.add_partial_decryption(
            partial_decrypt(
                j, t.secret_share, transcript.verification_key(j), t.signing, tally, decrypt_rng
            )
        )
    result = election.publish_result()
    election.write_record(Path(out_dir))
    totals = result.totals
    return RecordSummary(
        out_dir=Path(out_dir),
        election_id=eid,
        fingerprint=election.fingerprint.hex(),
        voters=ballots,
        ballots_cast=len(election.ballots),
        revotes=n_revotes,
        audits=n_audits,
        counted=totals["counted"],
        yes=totals["yes"],
        no=totals["no"],
        units=tuple(UnitSummary(u.unit, u.counted, u.yes, u.no) for u in result.units),
        trustees=trustees,
        threshold=threshold,
        qualified=transcript.qualified,
        decrypted_by=result.trustees,
        board_entries=len(election.board.entries),
        head_hash=election.board.head_hash.hex(),
        tracking_codes=tuple(codes),
    )
