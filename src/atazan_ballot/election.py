"""One election from setup to result, as the ballot box and the board run it.

The Django app drives this object phase by phase (credentials, key
generation, voting, tally, decryption, result); every accepted input is
checked first and appended to the bulletin board, and ``write_record``
writes the public election record that ``atazan-verify`` re-checks.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from atazan_ballot import canonical
from atazan_ballot.ballot import (
    AuditedBallot,
    Ballot,
    ElectionContext,
    audit_errors,
    ballot_errors,
)
from atazan_ballot.board import BulletinBoard
from atazan_ballot.credentials import CredentialList
from atazan_ballot.dkg import DkgTranscript, assemble_transcript, transcript_from_json
from atazan_ballot.group import IDENTITY
from atazan_ballot.hashing import normalize_tracking_code
from atazan_ballot.manifest import Manifest
from atazan_ballot.signing import SigningKey
from atazan_ballot.tally import (
    EncryptedTally,
    PartialDecryption,
    Result,
    decrypt_result,
    encrypted_tally,
    partial_is_valid,
)

#: File names of the election record, in board order.
RECORD_FILES = (
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


class BallotRejected(ValueError):
    """The ballot box refused a ballot; ``errors`` says every reason."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


class PhaseError(RuntimeError):
    """An action out of the election's order (a ballot after the tally, say)."""


@dataclass(frozen=True)
class Receipt:
    """What the voter keeps: the tracking code and where the ballot sits on the board."""

    tracking_code: str
    seq: int
    ballot_hash: str


class Election:
    """The ballot box and the board for one election; refuses anything invalid or out of order."""

    def __init__(self, manifest: Manifest, board_key: SigningKey) -> None:
        if board_key.public != manifest.board_key:
            raise ValueError("the board key is not the manifest's")
        self.manifest = manifest
        self.fingerprint = manifest.fingerprint
        self.board = BulletinBoard(self.fingerprint, board_key)
        self.board.append("manifest", manifest.canonical_bytes())
        self.credentials: CredentialList | None = None
        self.dkg: DkgTranscript | None = None
        self.ballots: list[Ballot] = []
        self.audits: list[AuditedBallot] = []
        self.tally: EncryptedTally | None = None
        self.partials: list[PartialDecryption] = []
        self.result: Result | None = None
        self._unit_of: dict[bytes, str] = {}
        self._cast_hashes: set[bytes] = set()
        self._alphas: set[bytes] = set()
        self._audited_alphas: set[bytes] = set()

    # -- setup ---------------------------------------------------------------
    def publish_credentials(self, credentials: CredentialList) -> None:
        if self.credentials is not None:
            raise PhaseError("credentials are already published")
        if credentials.fingerprint != self.fingerprint:
            raise ValueError("credential list made for another election")
        if not credentials.verify(self.manifest.registration_authority):
            raise ValueError("credential list is not validly signed by the registration authority")
        if any(u not in self.manifest.units for _, u in credentials.entries):
            raise ValueError("credential list names an unknown unit")
        self.credentials = credentials
        self._unit_of = credentials.unit_of()
        self.board.append("credentials", canonical.dumps(credentials.to_json()))

    def publish_dkg(self, transcript: DkgTranscript) -> None:
        if self.credentials is None or self.dkg is not None:
            raise PhaseError("key generation follows the credentials, once")
        if transcript.fingerprint != self.fingerprint:
            raise ValueError("key generation made for another election")
        if len(transcript.qualified) < self.manifest.threshold:
            raise ValueError("fewer qualified trustees than the threshold")
        again = assemble_transcript(
            list(self.manifest.trustees),
            self.fingerprint,
            self.manifest.threshold,
            list(transcript.dealings),
            list(transcript.complaints),
            list(transcript.responses),
        )
        if again != transcript:
            raise ValueError("key generation transcript does not match its messages")
        if transcript.joint_key == IDENTITY:
            raise ValueError("the joint key is the identity")
        self.dkg = transcript
        self.board.append("dkg", canonical.dumps(transcript.to_json()))

    @property
    def context(self) -> ElectionContext:
        if self.dkg is None:
            raise PhaseError("no joint key yet")
        return ElectionContext(self.fingerprint, self.dkg.joint_key, self.manifest.units)

    # -- voting --------------------------------------------------------------
    def _check_open(self) -> ElectionContext:
        if self.tally is not None:
            raise PhaseError("voting is closed")
        return self.context

    def cast(self, ballot: Ballot) -> Receipt:
        ctx = self._check_open()
        errors = ballot_errors(ctx, ballot, self._unit_of)
        if ballot.hash in self._cast_hashes:
            errors.append("this exact ballot is already on the board")
        elif ballot.ciphertext.alpha in self._alphas:
            errors.append("ciphertext already used by another ballot")
        if ballot.ciphertext.alpha in self._audited_alphas:
            errors.append("this ballot was audited and can never be cast")
        if errors:
            raise BallotRejected(errors)
        entry = self.board.append("ballot", ballot.canonical_bytes())
        self.ballots.append(ballot)
        self._cast_hashes.add(ballot.hash)
        self._alphas.add(ballot.ciphertext.alpha)
        return Receipt(ballot.tracking_code, entry.seq, ballot.hash.hex())

    def audit(self, audited: AuditedBallot) -> Receipt:
        """Publish a spoiled ballot with its opening; it is never counted."""
        ctx = self._check_open()
        errors = audit_errors(ctx, audited, self._unit_of)
        if audited.ballot.ciphertext.alpha in self._alphas:
            errors.append("a cast ballot cannot be audited")
        if errors:
            raise BallotRejected(errors)
        entry = self.board.append("audit", canonical.dumps(audited.to_json()))
        self.audits.append(audited)
        self._audited_alphas.add(audited.ballot.ciphertext.alpha)
        return Receipt(audited.ballot.tracking_code, entry.seq, audited.ballot.hash.hex())

    # -- counting ------------------------------------------------------------
    def close(self) -> EncryptedTally:
        self._check_open()
        self.tally = encrypted_tally(self.fingerprint, self.manifest.units, self.ballots)
        self.board.append("tally", canonical.dumps(self.tally.to_json()))
        return self.tally

    def add_partial_decryption(self, pd: PartialDecryption) -> None:
        if self.tally is None or self.dkg is None or self.result is not None:
            raise PhaseError("partial decryptions come after the tally and before the result")
        if pd.trustee not in self.dkg.qualified:
            raise ValueError(f"trustee {pd.trustee} is not qualified")
        if any(p.trustee == pd.trustee for p in self.partials):
            raise ValueError(f"trustee {pd.trustee} already decrypted")
        info = self.manifest.trustees[pd.trustee - 1]
        if not partial_is_valid(
            pd, self.tally, self.dkg.verification_key(pd.trustee), info.signing_key
        ):
            raise ValueError(f"trustee {pd.trustee}'s partial decryption does not verify")
        self.partials.append(pd)
        self.board.append("decryption", canonical.dumps(pd.to_json()))

    def publish_result(self) -> Result:
        if self.tally is None or self.result is not None:
            raise PhaseError("the result follows the tally, once")
        self.result = decrypt_result(self.tally, self.partials, self.manifest.threshold)
        self.board.append("result", canonical.dumps(self.result.to_json()))
        return self.result

    # -- persistence ---------------------------------------------------------
    def payloads(self) -> list[tuple[str, bytes]]:
        """The board's entries as (kind, canonical payload), in order: what an application stores."""
        return [(e.kind, p) for e, p in zip(self.board.entries, self.board.payloads, strict=True)]

    @classmethod
    def restore(
        cls, manifest: Manifest, board_key: SigningKey, payloads: Iterable[tuple[str, bytes]]
    ) -> Election:
        """Rebuild an election from its stored payloads, re-checking every one as when first accepted."""
        election = cls(manifest, board_key)
        it = iter(payloads)
        first = next(it, None)
        if first != ("manifest", manifest.canonical_bytes()):
            raise ValueError("stored payloads do not start with this manifest")
        for kind, data in it:
            obj = canonical.loads(data)
            if kind == "credentials":
                election.publish_credentials(CredentialList.from_json(obj))
            elif kind == "dkg":
                election.publish_dkg(transcript_from_json(obj))
            elif kind == "ballot":
                election.cast(Ballot.from_json(obj))
            elif kind == "audit":
                election.audit(AuditedBallot.from_json(obj))
            elif kind == "tally":
                election.close()
            elif kind == "decryption":
                election.add_partial_decryption(PartialDecryption.from_json(obj))
            elif kind == "result":
                election.publish_result()
            else:
                raise ValueError(f"unknown payload kind {kind!r}")
            if election.board.payloads[-1] != data:
                raise ValueError(f"stored {kind} differs from what the election recomputes")
        return election

    # -- publication ---------------------------------------------------------
    def record_documents(self) -> dict[str, bytes]:
        """The record's files, name to canonical bytes."""
        if (
            self.credentials is None
            or self.dkg is None
            or self.tally is None
            or self.result is None
        ):
            raise PhaseError("the record is complete only after the result")
        return {
            "manifest.json": self.manifest.canonical_bytes(),
            "credentials.json": canonical.dumps(self.credentials.to_json()),
            "dkg.json": canonical.dumps(self.dkg.to_json()),
            "ballots.json": canonical.dumps([b.to_json() for b in self.ballots]),
            "audits.json": canonical.dumps([a.to_json() for a in self.audits]),
            "tally.json": canonical.dumps(self.tally.to_json()),
            "decryptions.json": canonical.dumps([p.to_json() for p in self.partials]),
            "result.json": canonical.dumps(self.result.to_json()),
            "board.json": canonical.dumps(self.board.to_json()),
        }

    def write_record(self, out_dir: Path) -> Path:
        out_dir = Path(out_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        for name, data in self.record_documents().items():
            (out_dir / name).write_bytes(data)
        return out_dir

    def find_tracking_code(self, code: str) -> Receipt | None:
        wanted = normalize_tracking_code(code)
        seqs = [e.seq for e in self.board.entries if e.kind == "ballot"]
        for seq, b in zip(seqs, self.ballots, strict=True):
            if b.tracking_code == wanted:
                return Receipt(b.tracking_code, seq, b.hash.hex())
        return None
