"""Atazan's ballot cryptography: verifiable online voting for the referendum.

ristretto255 exponential ElGamal with 0/1 proofs, Ed25519 voter credentials,
a threshold key generated without a trusted dealer, a hash-chained bulletin
board and a homomorphic tally per voting unit. docs/ballot-crypto.md is the
specification; atazan_verify re-checks a published record independently.

Typical use (the Django app does the same, phase by phase)::

    election = Election(manifest, board_key)
    election.publish_credentials(authority.publish(election.fingerprint, voters))
    election.publish_dkg(run_dkg(trustees, election.fingerprint, t, rng))
    receipt = election.cast(prepare_ballot(election.context, cred.key, cred.unit, 1, rng).ballot)
    tally = election.close()
    election.add_partial_decryption(partial_decrypt(...))   # by t trustees
    result = election.publish_result()
    election.write_record(out_dir)
"""

from atazan_ballot.ballot import (
    AuditedBallot,
    Ballot,
    ElectionContext,
    PreparedBallot,
    audit_errors,
    ballot_errors,
    prepare_ballot,
)
from atazan_ballot.credentials import CredentialList, RegistrationAuthority, VoterCredential
from atazan_ballot.dkg import DkgTranscript, Trustee, assemble_transcript, run_dkg
from atazan_ballot.election import (
    RECORD_FILES,
    BallotRejected,
    Election,
    PhaseError,
    Receipt,
)
from atazan_ballot.manifest import Manifest, TrusteeInfo
from atazan_ballot.record import TrackingInfo, find_tracking_code, record_exists, zip_record
from atazan_ballot.rng import PythonRandom, RandomSource, SeededRandom, SystemRandom, as_source
from atazan_ballot.signing import SigningKey
from atazan_ballot.simulate import RecordSummary, UnitSummary, simulate_election
from atazan_ballot.tally import (
    EncryptedTally,
    NotEnoughTrustees,
    PartialDecryption,
    Result,
    decrypt_result,
    partial_decrypt,
)

__all__ = [
    "RECORD_FILES",
    "AuditedBallot",
    "Ballot",
    "BallotRejected",
    "CredentialList",
    "DkgTranscript",
    "Election",
    "ElectionContext",
    "EncryptedTally",
    "Manifest",
    "NotEnoughTrustees",
    "PartialDecryption",
    "PhaseError",
    "PreparedBallot",
    "PythonRandom",
    "RandomSource",
    "Receipt",
    "RecordSummary",
    "RegistrationAuthority",
    "Result",
    "SeededRandom",
    "SigningKey",
    "SystemRandom",
    "TrackingInfo",
    "Trustee",
    "TrusteeInfo",
    "UnitSummary",
    "VoterCredential",
    "as_source",
    "assemble_transcript",
    "audit_errors",
    "ballot_errors",
    "decrypt_result",
    "find_tracking_code",
    "partial_decrypt",
    "prepare_ballot",
    "record_exists",
    "run_dkg",
    "simulate_election",
    "zip_record",
]
