"""Small elections built in memory, for the ballot-core tests."""

from __future__ import annotations

from dataclasses import dataclass

from atazan_ballot import (
    Election,
    Manifest,
    RegistrationAuthority,
    SeededRandom,
    SigningKey,
    Trustee,
    VoterCredential,
    run_dkg,
)

UNITS = ("astana", "almaty", "abroad")


@dataclass
class Setup:
    election: Election
    authority: RegistrationAuthority
    voters: list[VoterCredential]
    trustees: list[Trustee]
    rng: SeededRandom


def build(
    voters: int = 4,
    trustees: int = 3,
    threshold: int = 2,
    seed: int | str = 1,
    faulty_dealer: int | None = None,
    election_id: str = "test-election",
    units: tuple[str, ...] = UNITS,
) -> Setup:
    rng = SeededRandom(seed)
    board_key = SigningKey.generate(rng)
    authority = RegistrationAuthority(SigningKey.generate(rng))
    team = [Trustee.generate(i, f"T{i}", rng) for i in range(1, trustees + 1)]
    if faulty_dealer is not None:
        team[faulty_dealer - 1].bad_shares_for = frozenset({faulty_dealer % trustees + 1})
    manifest = Manifest(
        election_id=election_id,
        title="Test referendum",
        question="Yes or no?",
        units=units,
        threshold=threshold,
        trustees=tuple(t.info() for t in team),
        registration_authority=authority.public,
        board_key=board_key.public,
    )
    election = Election(manifest, board_key)
    creds = [authority.issue(units[i % len(units)], rng) for i in range(voters)]
    election.publish_credentials(authority.publish(election.fingerprint, creds))
    election.publish_dkg(run_dkg(team, election.fingerprint, threshold, rng))
    return Setup(election, authority, creds, team, rng)
