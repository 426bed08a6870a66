"""Threshold key generation without a trusted dealer (joint Feldman / Pedersen DKG).

Each trustee i deals a random polynomial f_i of degree t-1: it publishes
Feldman commitments C_ik = a_ik·G, a Schnorr proof that it knows f_i(0) (so no
one can choose its key as a function of the others'), and f_i(j) for every
other trustee j, sealed to j's box key. Each recipient checks its share
against the commitments and complains publicly if it fails; the dealer must
then reveal that share, and everyone checks it. A dealer with an
unanswered complaint or a revealed share that does not match its
commitments is disqualified. The joint key is the sum of the qualified
dealers' C_i0; trustee j's secret share is the sum of what it received from
them, and its public verification key is computable by anyone from the
commitments. Any t trustees can decrypt by Lagrange interpolation at 0; t-1
learn nothing about the key.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from atazan_ballot import canonical
from atazan_ballot.group import (
    L,
    Point,
    add,
    base_mul,
    bytes_from_hex,
    mul,
    point_from_hex,
    scalar_bytes,
    scalar_from_bytes,
    scalar_from_hex,
    scalar_hex,
    sum_points,
)
from atazan_ballot.hashing import u32
from atazan_ballot.manifest import TrusteeInfo
from atazan_ballot.proofs import TAG_DKG_POK, SchnorrProof, prove_schnorr, verify_schnorr
from atazan_ballot.rng import RandomSource
from atazan_ballot.signing import BoxKey, SigningKey, seal_to, verify_signature

TAG_DEALING = "dkg-dealing"
TAG_COMPLAINT = "dkg-complaint"
TAG_RESPONSE = "dkg-response"


def eval_poly(coeffs: list[int], x: int) -> int:
    """f(x) mod L by Horner's rule."""
    acc = 0
    for a in reversed(coeffs):
        acc = (acc * x + a) % L
    return acc


def commitment_eval(commitments: list[Point], j: int) -> Point:
    """Σ_k j^k·C_k: what f(j)·G must be if the dealer is honest."""
    acc = commitments[0]
    power = 1
    for c in commitments[1:]:
        power = power * j % L
        acc = add(acc, mul(power, c))
    return acc


def pok_context(fingerprint: bytes, dealer: int, c0: Point) -> list[bytes]:
    return [fingerprint, u32(dealer), c0]


@dataclass(frozen=True)
class SealedShare:
    """f_i(j) sealed to trustee j: only j can read it, everyone can see it was sent."""

    recipient: int
    ephemeral: bytes
    nonce: bytes
    box: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient,
            "ephemeral": self.ephemeral.hex(),
            "nonce": self.nonce.hex(),
            "box": self.box.hex(),
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> SealedShare:
        return cls(
            int(obj["recipient"]),
            bytes_from_hex(obj["ephemeral"], 32),
            bytes_from_hex(obj["nonce"], 24),
            bytes_from_hex(obj["box"], 48),
        )


@dataclass(frozen=True)
class Dealing:
    """A trustee's signed round-one message: commitments, proof of knowledge, sealed shares."""

    dealer: int
    fingerprint: bytes
    commitments: tuple[Point, ...]
    pok: SchnorrProof
    shares: tuple[SealedShare, ...]
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "dealer": self.dealer,
            "fingerprint": self.fingerprint.hex(),
            "commitments": [c.hex() for c in self.commitments],
            "pok": self.pok.to_json(),
            "shares": [s.to_json() for s in self.shares],
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Dealing:
        return cls(
            int(obj["dealer"]),
            bytes_from_hex(obj["fingerprint"], 32),
            tuple(point_from_hex(c) for c in obj["commitments"]),
            SchnorrProof.from_json(obj["pok"]),
            tuple(SealedShare.from_json(s) for s in obj["shares"]),
            bytes_from_hex(obj["signature"], 64),
        )


@dataclass(frozen=True)
class Complaint:
    """A trustee's signed accusation that a dealer's share did not match its commitments."""

    complainant: int
    dealer: int
    fingerprint: bytes
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "complainant": self.complainant,
            "dealer": self.dealer,
            "fingerprint": self.fingerprint.hex(),
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}


@dataclass(frozen=True)
class Response:
    """A dealer's public answer to a complaint: the disputed share in the clear."""

    dealer: int
    recipient: int
    fingerprint: bytes
    share: int
    signature: bytes = b""

    def body(self) -> dict[str, Any]:
        return {
            "dealer": self.dealer,
            "recipient": self.recipient,
            "fingerprint": self.fingerprint.hex(),
            "share": scalar_hex(self.share),
        }

    def to_json(self) -> dict[str, Any]:
        return {**self.body(), "signature": self.signature.hex()}


@dataclass
class Trustee:
    """One trustee's private state through key generation and decryption."""

    index: int
    name: str
    signing: SigningKey
    box: BoxKey
    #: Test hook: recipients this trustee sends a wrong share to (a cheating dealer).
    bad_shares_for: frozenset[int] = frozenset()
    _coeffs: list[int] = field(default_factory=list, repr=False)
    _received: dict[int, int] = field(default_factory=dict, repr=False)
    secret_share: int | None = field(default=None, repr=False)

    @classmethod
    def generate(cls, index: int, name: str, rng: RandomSource) -> Trustee:
        return cls(index, name, SigningKey.generate(rng), BoxKey.generate(rng))

    def info(self) -> TrusteeInfo:
        return TrusteeInfo(self.index, self.name, self.signing.public, self.box.public)

    def deal(
        self, fingerprint: bytes, threshold: int, trustees: list[TrusteeInfo], rng: RandomSource
    ) -> Dealing:
        self._coeffs = [rng.random_scalar() for _ in range(threshold)]
        commitments = tuple(base_mul(a) for a in self._coeffs)
        pok = prove_schnorr(
            TAG_DKG_POK, pok_context(fingerprint, self.index, commitments[0]), self._coeffs[0], rng
        )
        shares = []
        for t in trustees:
            if t.index == self.index:
                continue
            s = self.share_for(t.index)
            eph, nonce, box = seal_to(t.box_key, scalar_bytes(s), rng)
            shares.append(SealedShare(t.index, eph, nonce, box))
        self._received[self.index] = eval_poly(self._coeffs, self.index)
        unsigned = Dealing(self.index, fingerprint, commitments, pok, tuple(shares))
        sig = self.signing.sign(TAG_DEALING, canonical.dumps(unsigned.body()))
        return Dealing(self.index, fingerprint, commitments, pok, tuple(shares), sig)

    def share_for(self, recipient: int) -> int:
        s = eval_poly(self._coeffs, recipient)
        if recipient in self.bad_shares_for:
            s = (s + 1) % L
        return s

    def check_dealings(self, dealings: Iterable[Dealing]) -> list[Complaint]:
        """Open the shares sent to us; complain about every one that fails its commitments."""
        complaints = []
        for d in dealings:
            if d.dealer == self.index:
                continue
            share = self._open(d)
            if share is None or base_mul(share) != commitment_eval(list(d.commitments), self.index):
                complaints.append(self._complain(d.dealer, d.fingerprint))
            else:
                self._received[d.dealer] = share
        return complaints

    def _open(self, d: Dealing) -> int | None:
        sealed = next((s for s in d.shares if s.recipient == self.index), None)
        if sealed is None:
            return None
        raw = self.box.open(sealed.box, sealed.nonce, sealed.ephemeral)
        if raw is None:
            return None
        try:
            return scalar_from_bytes(raw)
        except ValueError:
            return None

    def _complain(self, dealer: int, fingerprint: bytes) -> Complaint:
        c = Complaint(self.index, dealer, fingerprint)
        sig = self.signing.sign(TAG_COMPLAINT, canonical.dumps(c.body()))
        return Complaint(self.index, dealer, fingerprint, sig)

    def respond(self, complaints: Iterable[Complaint]) -> list[Response]:
        out = []
        for c in complaints:
            if c.dealer != self.index:
                continue
            r = Response(self.index, c.complainant, c.fingerprint, self.share_for(c.complainant))
            sig = self.signing.sign(TAG_RESPONSE, canonical.dumps(r.body()))
            out.append(Response(r.dealer, r.recipient, r.fingerprint, r.share, sig))
        return out

    def finalize(self, qualified: list[int], responses: Iterable[Response]) -> int:
        for r in responses:
            if r.recipient == self.index:
                self._received[r.dealer] = r.share
        missing = [i for i in qualified if i not in self._received]
        if missing:
            raise RuntimeError(f"trustee {self.index} has no valid share from {missing}")
        self.secret_share = sum(self._received[i] for i in qualified) % L
        return self.secret_share


@dataclass(frozen=True)
class DkgTranscript:
    """Everything the trustees published; anyone can recompute its outcome."""

    fingerprint: bytes
    threshold: int
    dealings: tuple[Dealing, ...]
    complaints: tuple[Complaint, ...]
    responses: tuple[Response, ...]
    qualified: tuple[int, ...]
    joint_key: Point
    verification_keys: tuple[tuple[int, Point], ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint.hex(),
            "threshold": self.threshold,
            "dealings": [d.to_json() for d in self.dealings],
            "complaints": [c.to_json() for c in self.complaints],
            "responses": [r.to_json() for r in self.responses],
            "qualified": list(self.qualified),
            "joint_key": self.joint_key.hex(),
            "verification_keys": [
                {"trustee": j, "key": k.hex()} for j, k in self.verification_keys
            ],
        }

    def verification_key(self, trustee: int) -> Point:
        return dict(self.verification_keys)[trustee]


def dealing_is_valid(d: Dealing, info: TrusteeInfo, fingerprint: bytes, threshold: int) -> bool:
    """Signed by its dealer, for this election, t commitments, proof of knowledge holds."""
    if d.fingerprint != fingerprint or len(d.commitments) != threshold:
        return False
    if not verify_signature(info.signing_key, TAG_DEALING, canonical.dumps(d.body()), d.signature):
        return False
    return verify_schnorr(
        TAG_DKG_POK, pok_context(fingerprint, d.dealer, d.commitments[0]), d.commitments[0], d.pok
    )


def qualified_dealers(
    dealings: dict[int, Dealing],
    complaints: Iterable[Complaint],
    responses: Iterable[Response],
) -> list[int]:
    """Dealers whose every complaint was answered with a share matching their commitments."""
    answer = {(r.dealer, r.recipient): r.share for r in responses}
    bad: set[int] = set()
    for c in complaints:
        d = dealings.get(c.dealer)
        share = answer.get((c.dealer, c.complainant))
        if (
            d is None
            or share is None
            or base_mul(share) != commitment_eval(list(d.commitments), c.complainant)
        ):
            bad.add(c.dealer)
    return sorted(i for i in dealings if i not in bad)


def complaint_is_valid(c: Complaint, info: TrusteeInfo, fingerprint: bytes) -> bool:
    return c.fingerprint == fingerprint and verify_signature(
        info.signing_key, TAG_COMPLAINT, canonical.dumps(c.body()), c.signature
    )


def response_is_valid(r: Response, info: TrusteeInfo, fingerprint: bytes) -> bool:
    return r.fingerprint == fingerprint and verify_signature(
        info.signing_key, TAG_RESPONSE, canonical.dumps(r.body()), r.signature
    )


def assemble_transcript(
    trustees: list[TrusteeInfo],
    fingerprint: bytes,
    threshold: int,
    dealings: list[Dealing],
    complaints: list[Complaint],
    responses: list[Response],
) -> DkgTranscript:
    """What the board publishes once the rounds are over: QUAL, the joint key, every Y_j.

    Trustees run ``deal``, ``check_dealings``, ``respond`` and ``finalize`` on
    their own machines; the board collects their signed messages here and
    refuses any message that is not validly signed or well formed.
    """
    by_index = {t.index: t for t in trustees}
    seen: set[int] = set()
    for d in dealings:
        info = by_index.get(d.dealer)
        if (
            info is None
            or d.dealer in seen
            or not dealing_is_valid(d, info, fingerprint, threshold)
        ):
            raise ValueError(f"dealing by trustee {d.dealer} is not valid")
        seen.add(d.dealer)
    for c in complaints:
        info = by_index.get(c.complainant)
        if info is None or c.dealer not in by_index or not complaint_is_valid(c, info, fingerprint):
            raise ValueError(f"complaint by trustee {c.complainant} is not valid")
    for r in responses:
        info = by_index.get(r.dealer)
        if (
            info is None
            or r.recipient not in by_index
            or not response_is_valid(r, info, fingerprint)
        ):
            raise ValueError(f"response by trustee {r.dealer} is not valid")
    valid = {d.dealer: d for d in dealings}
    qualified = qualified_dealers(valid, complaints, responses)
    if len(qualified) < threshold:
        raise RuntimeError(
            f"{len(qualified)} qualified dealers, {threshold} needed: key generation failed"
        )
    per_degree = [
        sum_points([valid[i].commitments[k] for i in qualified]) for k in range(threshold)
    ]
    keys = tuple((t.index, commitment_eval(per_degree, t.index)) for t in trustees)
    return DkgTranscript(
        fingerprint,
        threshold,
        tuple(sorted(dealings, key=lambda d: d.dealer)),
        tuple(complaints),
        tuple(responses),
        tuple(qualified),
        per_degree[0],
        keys,
    )


def run_dkg(
    trustees: list[Trustee], fingerprint: bytes, threshold: int, rng: RandomSource
) -> DkgTranscript:
    """All rounds of key generation in one process (simulation, tests, a single-site ceremony)."""
    infos = [t.info() for t in trustees]
    dealings = [t.deal(fingerprint, threshold, infos, rng) for t in trustees]
    complaints = [c for t in trustees for c in t.check_dealings(dealings)]
    responses = [r for t in trustees for r in t.respond(complaints)]
    transcript = assemble_transcript(infos, fingerprint, threshold, dealings, complaints, responses)
    for t in trustees:
        t.finalize(list(transcript.qualified), responses)
    return transcript


def transcript_from_json(obj: dict[str, Any]) -> DkgTranscript:
    """Parse dkg.json (encodings checked; validity is checked by assemble_transcript)."""
    return DkgTranscript(
        bytes_from_hex(obj["fingerprint"], 32),
        int(obj["threshold"]),
        tuple(Dealing.from_json(d) for d in obj["dealings"]),
        tuple(
            Complaint(
                int(c["complainant"]),
                int(c["dealer"]),
                bytes_from_hex(c["fingerprint"], 32),
                bytes_from_hex(c["signature"], 64),
            )
            for c in obj["complaints"]
        ),
        tuple(
            Response(
                int(r["dealer"]),
                int(r["recipient"]),
                bytes_from_hex(r["fingerprint"], 32),
                scalar_from_hex(r["share"]),
                bytes_from_hex(r["signature"], 64),
            )
            for r in obj["responses"]
        ),
        tuple(int(i) for i in obj["qualified"]),
        point_from_hex(obj["joint_key"]),
        tuple((int(v["trustee"]), point_from_hex(v["key"])) for v in obj["verification_keys"]),
    )
