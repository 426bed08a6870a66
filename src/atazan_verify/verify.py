"""Re-check a whole election record from scratch, reporting every failure.

Nothing published is trusted: the fingerprint, the board chain, the joint
key, the qualified trustees, which ballots count, the encrypted tallies and
the results are all recomputed and compared with what the record claims.
Each failure names its file, its entry and the check, and checking goes on
after a failure so one run lists everything that is wrong.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from atazan_verify import spec
from atazan_verify.spec import Bad

FILES = (
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
DOC_OF_KIND = {
    "manifest": "manifest.json",
    "credentials": "credentials.json",
    "dkg": "dkg.json",
    "tally": "tally.json",
    "result": "result.json",
}
LIST_OF_KIND = {"ballot": "ballots.json", "audit": "audits.json", "decryption": "decryptions.json"}
BALLOT_KEYS = {"election", "unit", "credential", "ciphertext", "proof", "signature"}
CT_KEYS = {"alpha", "beta"}
ZO_KEYS = {"c0", "c1", "v0", "v1"}
CV_KEYS = {"c", "v"}


@dataclass(frozen=True)
class Failure:
    """One failed check: which file, which entry, which check, and why."""

    file: str
    entry: str
    check: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file} {self.entry}: [{self.check}] {self.detail}"


@dataclass
class VerificationReport:
    """Everything verify_record found: failures, notices, figures and results."""

    path: Path
    failures: list[Failure] = field(default_factory=list)
    stats: dict[str, int] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)
    tracking: dict[str, str] = field(default_factory=dict)
    #: Protocol events worth knowing that are not failures (a dealer disqualified, say).
    notices: list[Failure] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        s = self.stats
        lines = [
            f"record {self.path}: {'VALID' if self.ok else 'INVALID'}"
            f" ({len(self.failures)} failure{'s' if len(self.failures) != 1 else ''})",
            f"  board entries {s.get('board_entries', 0)}, credentials {s.get('credentials', 0)},"
            f" ballots {s.get('ballots', 0)} (valid {s.get('ballots_valid', 0)}),"
            f" audits {s.get('audits', 0)}, counted {s.get('counted', 0)}",
            f"  trustees qualified {s.get('qualified', 0)}, decryptions {s.get('decryptions', 0)},"
            f" checked in {self.seconds:.2f} s",
        ]
        for r in self.results:
            lines.append(f"  {r['unit']}: yes {r['yes']}, no {r['no']}, counted {r['counted']}")
        for n in self.notices:
            lines.append(f"  note: {n}")
        for code, state in self.tracking.items():
            lines.append(f"  tracking code {code}: {state}")
        return "\n".join(lines)


# ------------------------------------------------------------------ ballots
@dataclass(frozen=True)
class BallotContext:
    """What checking a ballot needs from the rest of the record."""

    fingerprint: bytes
    joint_key: bytes | None
    cred_unit: dict[bytes, str]
    units: frozenset[str]


@dataclass(frozen=True)
class BallotOutcome:
    """A ballot's failures and what the tally needs from it."""

    failures: list[tuple[str, str]]
    hash: bytes | None
    credential: bytes | None
    unit: str | None
    alpha: bytes | None
    beta: bytes | None


_PROOF_CHECKS = threading.local()


def _proof_check(fingerprint: bytes, joint_key: bytes) -> spec.BallotProofCheck:
    """This thread's prepared 0/1 proof check for (fingerprint, joint key)."""
    pc: spec.BallotProofCheck | None = getattr(_PROOF_CHECKS, "check", None)
    if pc is None or pc.fingerprint != fingerprint or pc.joint_key != joint_key:
        pc = spec.BallotProofCheck(fingerprint, joint_key)
        _PROOF_CHECKS.check = pc
    return pc


def check_ballot(item: Any, ctx: BallotContext, whole: bytes | None = None) -> BallotOutcome:
    """Every check on one ballot; the outcome carries what the tally needs.

    ``whole`` is the ballot's canonical bytes when the caller has them already.
    """
    fails: list[tuple[str, str]] = []
    try:
        b = spec.obj(item, BALLOT_KEYS, "ballot")
        if whole is None:
            whole = spec.canonical(b)
        bhash = spec.digest("payload/ballot", whole)
        ct = spec.obj(b["ciphertext"], CT_KEYS, "ciphertext")
        pr = spec.obj(b["proof"], ZO_KEYS, "proof")
        election = spec.hexbytes(b["election"], 32, "election")
        unit = spec.text(b["unit"], "unit")
        cred = spec.hexbytes(b["credential"], 32, "credential")
        sig = spec.hexbytes(b["signature"], 64, "signature")
        alpha = spec.hexbytes(ct["alpha"], 32, "alpha")
        beta = spec.hexbytes(ct["beta"], 32, "beta")
        c0 = spec.scalar_encoded(pr["c0"], "proof.c0")
        c1 = spec.scalar_encoded(pr["c1"], "proof.c1")
        v0 = spec.scalar_encoded(pr["v0"], "proof.v0")
        v1 = spec.scalar_encoded(pr["v1"], "proof.v1")
    except Bad as exc:
        return BallotOutcome([("ballot.format", str(exc))], None, None, None, None, None)
    if election != ctx.fingerprint:
        fails.append(("ballot.election", "made for another election (fingerprint differs)"))
    if unit not in ctx.units:
        fails.append(("ballot.unit", f"unknown unit {unit!r}"))
    registered = ctx.cred_unit.get(cred)
    if registered is None:
        fails.append(("ballot.credential", "credential is not on the published list"))
    elif registered != unit:
        fails.append(("ballot.unit", f"credential votes in {registered!r}, ballot says {unit!r}"))
    # The signed body is the canonical ballot without its signature. Keys are
    # sorted and every value was checked above, so the signature field occurs
    # exactly once, as '"signature":"<hex>",' before "unit": cutting it out
    # gives the body's canonical bytes without encoding the ballot again.
    cut = b'"signature":"' + b["signature"].encode() + b'",'
    body = whole.replace(cut, b"", 1)
    if len(body) != len(whole) - len(cut):
        body = spec.canonical({k: v for k, v in b.items() if k != "signature"})
    message = spec.SIGNED_BALLOT_PREFIX + len(body).to_bytes(4, "big") + body
    if not spec.na.ed25519_verify(sig, message, cred):
        fails.append(("ballot.signature", "Ed25519 signature by the credential does not verify"))
    points_ok = True
    for name, p in (("alpha", alpha), ("beta", beta)):
        if p == spec.ZERO:
            fails.append(("ballot.ciphertext", f"{name} is the identity"))
            points_ok = False
    if points_ok and ctx.joint_key is not None:
        proof_ok = _proof_check(ctx.fingerprint, ctx.joint_key)
        if not proof_ok(election, cred, unit.encode("utf-8"), alpha, beta, c0, c1, v0, v1):
            bad = [n for n, p in (("alpha", alpha), ("beta", beta)) if not spec.na.valid(p)]
            if bad:
                fails.append(("ballot.ciphertext", f"{', '.join(bad)} not canonical ristretto255"))
            else:
                fails.append(("ballot.proof", "0/1 proof does not verify"))
    elif ctx.joint_key is None:
        fails.append(("ballot.proof", "no joint key to check the proof against"))
    return BallotOutcome(fails, bhash, cred, unit, alpha, beta)


_CTX: BallotContext | None = None
_PAIRS: list[tuple[Any, bytes]] = []


def _set_context(ctx: BallotContext, pairs: list[tuple[Any, bytes]]) -> None:
    """Set before forking, so worker processes inherit them instead of receiving them pickled."""
    global _CTX, _PAIRS
    _CTX, _PAIRS = ctx, pairs


def _check_chunk(spans: list[tuple[int, int]]) -> list[BallotOutcome]:
    """Check the ballots _PAIRS[lo:hi] for each (lo, hi): only the bounds cross to a worker."""
    assert _CTX is not None
    return [check_ballot(x, _CTX, w) for lo, hi in spans for x, w in _PAIRS[lo:hi]]


def _check_chunk_in(ctx: BallotContext, items: list[tuple[Any, bytes]]) -> list[BallotOutcome]:
    """For an executor: the context travels with the chunk."""
    return [check_ballot(x, ctx, w) for x, w in items]


def _context_for(ctx: BallotContext, items: list[tuple[Any, bytes]]) -> BallotContext:
    """ctx with only the credentials these ballots name: what a remote chunk needs to receive.

    A credential that is not on the published list stays absent, so every
    ballot gets the verdict it gets against the whole list.
    """
    wanted: dict[bytes, str] = {}
    for x, _ in items:
        try:
            cred = spec.hexbytes(x["credential"], 32, "credential")
        except (Bad, KeyError, TypeError):
            continue  # check_ballot reports the malformed ballot without looking it up
        unit = ctx.cred_unit.get(cred)
        if unit is not None:
            wanted[cred] = unit
    return BallotContext(ctx.fingerprint, ctx.joint_key, wanted, ctx.units)


def _sum_ciphertexts(pairs: Iterable[tuple[str, bytes, bytes]]) -> dict[str, tuple[bytes, bytes]]:
    acc: dict[str, tuple[bytes, bytes]] = {}
    for unit, a, b in pairs:
        if unit in acc:
            pa, pb = acc[unit]
            acc[unit] = (spec.padd(pa, a), spec.padd(pb, b))
        else:
            acc[unit] = (a, b)
    return acc


def _valid_keys(pks: list[bytes]) -> list[bool]:
    return [spec.na.ed25519_valid(pk) for pk in pks]


def _sum_chunk_items(pairs: list[tuple[str, bytes, bytes]]) -> list[dict[str, tuple[bytes, bytes]]]:
    return [_sum_ciphertexts(pairs)]


def _chunks(xs: list[Any], n: int) -> list[list[Any]]:
    size = max(1, -(-len(xs) // n))
    return [xs[i : i + size] for i in range(0, len(xs), size)]


# ------------------------------------------------------------------ the verifier
class _Verifier:
    def __init__(self, path: Path, jobs: int, executor: Executor | None = None) -> None:
        self.path = path
        self.jobs = max(1, jobs)
        self.executor = executor
        self.report = VerificationReport(path)
        self.raw: dict[str, bytes] = {}
        self.doc: dict[str, Any] = {}
        self.fp = b""
        self.units: list[str] = []
        self.t = 0
        self.n = 0
        self.trustee_sign: dict[int, bytes] = {}
        self.ra_key: bytes | None = None
        self.board_key: bytes | None = None
        self.cred_unit: dict[bytes, str] = {}
        self.qual: list[int] = []
        self.commitments: dict[int, list[bytes]] = {}
        self.joint_key: bytes | None = None
        self.vkeys: dict[int, bytes] = {}
        self.ballot_entries: list[int] = []
        self.audit_entries: list[int] = []
        self.valid_ballots: list[tuple[int, bytes, str, bytes, bytes]] = []
        self.ballot_info: list[BallotOutcome] = []
        #: Tracking codes of audited (spoiled) ballots and their place in audits.json.
        self.audited_codes: dict[str, int] = {}
        self.tally: dict[str, tuple[bytes, bytes, int]] = {}
        self.dshares: dict[int, dict[str, bytes]] = {}
        self.item_bytes: dict[str, list[bytes]] = {}

    def parallel(
        self,
        fn: Callable[[list[Any]], list[Any]],
        items: list[Any],
        minimum: int,
        *,
        whole_chunks: bool = False,
    ) -> list[Any]:
        """fn over chunks of items, in ``jobs`` forked processes when worth it; results in order.

        With an executor, the chunks (``jobs`` times 4 of them) go to it instead.
        """
        if self.executor is not None and len(items) >= minimum:
            parts = _chunks(items, self.jobs if whole_chunks else self.jobs * 4)
            return [x for part in self.executor.map(fn, parts) for x in part]
        if self.jobs <= 1 or len(items) < minimum:
            return fn(items)
        parts = _chunks(items, self.jobs if whole_chunks else self.jobs * 4)
        with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
            return [x for part in pool.map(fn, parts) for x in part]

    def fail(self, file: str, entry: str, check: str, detail: str) -> None:
        self.report.failures.append(Failure(file, entry, check, detail))

    def guarded(self, file: str, entry: str, check: str, fn: Callable[[], None]) -> None:
        """Run one section; a malformed field fails that section, never the whole run."""
        try:
            fn()
        except Bad as exc:
            self.fail(file, entry, check, str(exc))
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
            self.fail(file, entry, check, f"malformed: {type(exc).__name__} {exc}")

    # -- files
    def load(self) -> None:
        for name in FILES:
            p = self.path / name
            if not p.is_file():
                self.fail(name, "-", "record.file", "missing")
                continue
            self.raw[name] = p.read_bytes()
            try:
                if name in LIST_OF_KIND.values():
                    self.load_list(name)
                else:
                    self.doc[name] = spec.parse_canonical(self.raw[name])
            except Bad as exc:
                self.fail(name, "-", "record.canonical_json", str(exc))

    def load_list(self, name: str) -> None:
        """A list file is canonical iff it is '[' + the items' canonical bytes joined by ',' + ']'.

        Checking it that way keeps each item's bytes, which the board digests
        and ballot hashes need, so no ballot is encoded twice.
        """
        items = spec.parse_json(self.raw[name])
        if not isinstance(items, list):
            raise Bad("expected a list")
        parts = [spec.canonical(x) for x in items]
        if b"[" + b",".join(parts) + b"]" != self.raw[name]:
            raise Bad("not canonical JSON (sorted keys, no spaces, UTF-8)")
        self.doc[name] = items
        self.item_bytes[name] = parts

    # -- manifest
    def manifest(self) -> None:
        name = "manifest.json"
        if name not in self.raw:
            return
        self.fp = spec.digest("manifest", self.raw[name])
        if name not in self.doc:
            return
        keys = {
            "version", "election_id", "title", "question", "units", "group", "hash",
            "threshold", "trustees", "registration_authority", "board_key",
        }  # fmt: skip

        def run() -> None:
            m = spec.obj(self.doc[name], keys, "manifest")
            if m["version"] != "atazan-ballot/1":
                raise Bad(f"unsupported version {m['version']!r}")
            if m["group"] != "ristretto255" or m["hash"] != "sha512":
                raise Bad("group must be ristretto255 and hash sha512")
            spec.text(m["election_id"], "election_id")
            spec.text(m["title"], "title")
            q = spec.obj(m["question"], {"text", "answers"}, "question")
            spec.text(q["text"], "question.text")
            if q["answers"] != ["no", "yes"]:
                raise Bad('question.answers must be ["no","yes"] (0 = no, 1 = yes)')
            units = [spec.text(u, "unit") for u in spec.lst(m["units"], "units")]
            if not units or len(set(units)) != len(units):
                raise Bad("units must be distinct and non-empty")
            trustees = spec.lst(m["trustees"], "trustees")
            self.n = len(trustees)
            t = spec.integer(m["threshold"], "threshold", 1, max(1, self.n))
            for i, tr in enumerate(trustees, start=1):
                tr = spec.obj(tr, {"index", "name", "signing_key", "box_key"}, f"trustees[{i - 1}]")
                if spec.integer(tr["index"], "index") != i:
                    raise Bad(f"trustees[{i - 1}].index must be {i}")
                spec.text(tr["name"], "name")
                spec.hexbytes(tr["box_key"], 32, "box_key")
                self.trustee_sign[i] = spec.ed25519_key(tr["signing_key"], "signing_key")
            self.ra_key = spec.ed25519_key(m["registration_authority"], "registration_authority")
            self.board_key = spec.ed25519_key(m["board_key"], "board_key")
            self.units, self.t = units, t

        self.guarded(name, "-", "manifest.format", run)

    def expect_fp(self, file: str, entry: str, value: Any) -> None:
        try:
            if spec.hexbytes(value, 32, "fingerprint") != self.fp:
                self.fail(file, entry, "context.fingerprint", "not this election's fingerprint")
        except Bad as exc:
            self.fail(file, entry, "context.fingerprint", str(exc))

    # -- board
    def board(self) -> None:
        name = "board.json"
        if name not in self.doc:
            return

        def run() -> None:
            bd = spec.obj(self.doc[name], {"entries", "head"}, "board")
            entries = spec.lst(bd["entries"], "entries")
            prev = spec.GENESIS
            kinds: list[str] = []
            digests: list[bytes] = []
            for i, e in enumerate(entries):
                where = f"entries[{i}]"
                try:
                    e = spec.obj(e, {"seq", "kind", "prev", "digest"}, where)
                    if spec.integer(e["seq"], "seq") != i:
                        self.fail(name, where, "board.chain", f"seq is {e['seq']}, expected {i}")
                    if spec.hexbytes(e["prev"], 32, "prev") != prev:
                        self.fail(
                            name, where, "board.chain", "prev is not the previous entry's hash"
                        )
                    kind = spec.text(e["kind"], "kind")
                    kinds.append(kind)
                    digests.append(spec.hexbytes(e["digest"], 32, "digest"))
                    # canonical(e), written out: the four fields were checked
                    # above, so only the kind needs JSON string encoding.
                    encoded = (
                        f'{{"digest":"{e["digest"]}","kind":{spec.json_string(kind)},'
                        f'"prev":"{e["prev"]}","seq":{e["seq"]}}}'
                    ).encode()
                    prev = spec.digest("board-entry", encoded)
                except Bad as exc:
                    self.fail(name, where, "board.format", str(exc))
                    kinds.append("?")
                    digests.append(b"")
                    prev = b"?"
            self.report.stats["board_entries"] = len(entries)
            self.board_grammar(kinds)
            self.board_digests(kinds, digests)
            head = spec.obj(bd["head"], {"fingerprint", "seq", "hash", "signature"}, "head")
            self.expect_fp(name, "head", head["fingerprint"])
            if spec.integer(head["seq"], "head.seq") != len(entries) - 1:
                self.fail(name, "head", "board.head", "head seq is not the last entry")
            if spec.hexbytes(head["hash"], 32, "head.hash") != prev:
                self.fail(name, "head", "board.head", "head hash is not the last entry's hash")
            sig = spec.hexbytes(head["signature"], 64, "head.signature")
            body = {k: v for k, v in head.items() if k != "signature"}
            if self.board_key is None or not spec.signature_ok(
                self.board_key, "board-head", body, sig
            ):
                self.fail(
                    name,
                    "head",
                    "board.head_signature",
                    "board's signature on the head does not verify",
                )

        self.guarded(name, "-", "board.format", run)

    def board_grammar(self, kinds: list[str]) -> None:
        """manifest, credentials, dkg, (ballot | audit)*, tally, decryption+, result."""
        fixed = ["manifest", "credentials", "dkg"]
        stage = 0
        for i, k in enumerate(kinds):
            where = f"entries[{i}]"
            if i < 3:
                if k != fixed[i]:
                    self.fail("board.json", where, "board.order", f"expected {fixed[i]}, found {k}")
                continue
            allowed = {
                0: {"ballot", "audit", "tally"},
                1: {"decryption"},
                2: {"decryption", "result"},
                3: set(),
            }[stage]
            if k not in allowed:
                self.fail("board.json", where, "board.order", f"{k} not allowed here")
                continue
            if k == "tally":
                stage = 1
            elif k == "decryption":
                stage = 2
            elif k == "result":
                stage = 3
            if k == "ballot":
                self.ballot_entries.append(i)
            elif k == "audit":
                self.audit_entries.append(i)
        if stage != 3:
            self.fail(
                "board.json",
                "-",
                "board.order",
                "the board does not end with tally, decryptions and result",
            )

    def board_digests(self, kinds: list[str], digests: list[bytes]) -> None:
        seen: dict[str, list[int]] = {}
        for i, k in enumerate(kinds):
            seen.setdefault(k, []).append(i)
        for kind, file in DOC_OF_KIND.items():
            idx = seen.get(kind, [])
            if len(idx) != 1:
                self.fail(
                    "board.json", "-", "board.digest", f"{len(idx)} {kind} entries, expected 1"
                )
                continue
            if (
                file in self.raw
                and spec.digest("payload/" + kind, self.raw[file]) != digests[idx[0]]
            ):
                self.fail(
                    file, "-", "board.digest", f"file does not match the board's entry {idx[0]}"
                )
        for kind, file in LIST_OF_KIND.items():
            idx = seen.get(kind, [])
            items = self.doc.get(file)
            if not isinstance(items, list):
                if file in self.doc:
                    self.fail(file, "-", "record.format", "expected a list")
                continue
            if len(items) != len(idx):
                self.fail(
                    file,
                    "-",
                    "board.digest",
                    f"{len(items)} items but {len(idx)} {kind} entries on the board",
                )
            for j, (item, i) in enumerate(zip(self.item_bytes[file], idx, strict=False)):
                if spec.digest("payload/" + kind, item) != digests[i]:
                    self.fail(
                        file,
                        f"{file.removesuffix('.json')}[{j}]",
                        "board.digest",
                        f"does not match the board's entry {i}",
                    )

    # -- credentials
    def credentials(self) -> None:
        name = "credentials.json"
        if name not in self.doc:
            return

        def run() -> None:
            c = spec.obj(self.doc[name], {"fingerprint", "credentials", "signature"}, "credentials")
            self.expect_fp(name, "-", c["fingerprint"])
            sig = spec.hexbytes(c["signature"], 64, "signature")
            body = {k: v for k, v in c.items() if k != "signature"}
            if self.ra_key is None or not spec.signature_ok(self.ra_key, "credentials", body, sig):
                self.fail(
                    name,
                    "-",
                    "credentials.signature",
                    "registration authority's signature does not verify",
                )
            prev = b""
            keys: list[tuple[int, bytes]] = []
            for i, e in enumerate(spec.lst(c["credentials"], "credentials")):
                where = f"credentials[{i}]"
                try:
                    e = spec.obj(e, {"credential", "unit"}, where)
                    pk = spec.hexbytes(e["credential"], 32, "credential")
                    unit = spec.text(e["unit"], "unit")
                except Bad as exc:
                    self.fail(name, where, "credentials.key", str(exc))
                    continue
                if unit not in self.units:
                    self.fail(name, where, "credentials.unit", f"unknown unit {unit!r}")
                if pk in self.cred_unit:
                    self.fail(name, where, "credentials.duplicate", "credential listed twice")
                    continue
                if (pk, unit) <= (prev, ""):
                    self.fail(name, where, "credentials.order", "list is not sorted by credential")
                prev = pk
                self.cred_unit[pk] = unit
                keys.append((i, pk))
            # Subgroup membership costs a scalar multiplication per key: done in bulk.
            flags = self.parallel(_valid_keys, [pk for _, pk in keys], 256)
            for (i, pk), good in zip(keys, flags, strict=True):
                if not good:
                    self.fail(
                        name,
                        f"credentials[{i}]",
                        "credentials.key",
                        "credential: not a valid Ed25519 public key",
                    )
                    del self.cred_unit[pk]
            self.report.stats["credentials"] = len(self.cred_unit)

        self.guarded(name, "-", "credentials.format", run)

    # -- key generation
    def dkg(self) -> None:
        name = "dkg.json"
        if name not in self.doc:
            return
        keys = {
            "fingerprint", "threshold", "dealings", "complaints", "responses",
            "qualified", "joint_key", "verification_keys",
        }  # fmt: skip

        def run() -> None:
            d = spec.obj(self.doc[name], keys, "dkg")
            self.expect_fp(name, "-", d["fingerprint"])
            if spec.integer(d["threshold"], "threshold") != self.t:
                self.fail(name, "-", "dkg.threshold", "threshold differs from the manifest")
            for i, x in enumerate(spec.lst(d["dealings"], "dealings")):
                self.guarded(name, f"dealings[{i}]", "dkg.dealing", partial(self.dealing, x, i))
            complaints: list[tuple[int, int]] = []
            for i, x in enumerate(spec.lst(d["complaints"], "complaints")):
                self.guarded(
                    name,
                    f"complaints[{i}]",
                    "dkg.complaint",
                    partial(self.complaint, x, i, complaints),
                )
            answers: dict[tuple[int, int], int] = {}
            for i, x in enumerate(spec.lst(d["responses"], "responses")):
                self.guarded(
                    name,
                    f"responses[{i}]",
                    "dkg.response",
                    partial(self.response, x, i, answers),
                )
            bad = set()
            for complainant, dealer in complaints:
                share = answers.get((dealer, complainant))
                if dealer not in self.commitments:
                    continue
                if share is None or spec.gmul(share) != self.feldman(
                    self.commitments[dealer], complainant
                ):
                    bad.add(dealer)
            self.qual = sorted(i for i in self.commitments if i not in bad)
            for i in sorted(bad):
                self.report.notices.append(
                    Failure(
                        name,
                        f"dealer {i}",
                        "dkg.qualified",
                        "disqualified by an unresolved complaint",
                    )
                )
            published = [
                spec.integer(q, "qualified") for q in spec.lst(d["qualified"], "qualified")
            ]
            if published != self.qual:
                self.fail(
                    name,
                    "qualified",
                    "dkg.qualified",
                    f"published {published}, recomputed {self.qual}",
                )
            if len(self.qual) < max(self.t, 1):
                self.fail(
                    name,
                    "qualified",
                    "dkg.qualified",
                    f"{len(self.qual)} qualified trustees, threshold {self.t}",
                )
                if not self.qual:
                    return
            agg = []
            for k in range(self.t):
                acc = spec.ZERO
                for i in self.qual:
                    acc = spec.padd(acc, self.commitments[i][k])
                agg.append(acc)
            self.joint_key = agg[0]
            if self.joint_key == spec.ZERO:
                self.fail(name, "joint_key", "dkg.joint_key", "joint key is the identity")
                self.joint_key = None
            if spec.hexbytes(d["joint_key"], 32, "joint_key") != self.joint_key:
                self.fail(
                    name,
                    "joint_key",
                    "dkg.joint_key",
                    "joint key is not the sum of the qualified dealers' constant terms",
                )
            self.vkeys = {j: self.feldman(agg, j) for j in range(1, self.n + 1)}
            vks = spec.lst(d["verification_keys"], "verification_keys")
            if len(vks) != self.n:
                self.fail(
                    name,
                    "verification_keys",
                    "dkg.verification_keys",
                    f"{len(vks)} keys for {self.n} trustees",
                )
            for i, vk in enumerate(vks):
                where = f"verification_keys[{i}]"
                try:
                    vk = spec.obj(vk, {"trustee", "key"}, where)
                    j = spec.integer(vk["trustee"], "trustee")
                    if j != i + 1 or spec.hexbytes(vk["key"], 32, "key") != self.vkeys.get(j):
                        self.fail(
                            name, where, "dkg.verification_keys", "does not match the commitments"
                        )
                except Bad as exc:
                    self.fail(name, where, "dkg.verification_keys", str(exc))
            self.report.stats["qualified"] = len(self.qual)

        self.guarded(name, "-", "dkg.format", run)

    @staticmethod
    def feldman(commitments: list[bytes], j: int) -> bytes:
        acc = commitments[0]
        power = 1
        for c in commitments[1:]:
            power = power * j % spec.L
            term = spec.pmul(power, c)
            if term is None:
                raise Bad("invalid commitment")
            acc = spec.padd(acc, term)
        return acc

    def dealing(self, x: Any, i: int) -> None:
        name, where = "dkg.json", f"dealings[{i}]"
        d = spec.obj(
            x, {"dealer", "fingerprint", "commitments", "pok", "shares", "signature"}, where
        )
        dealer = spec.integer(d["dealer"], "dealer", 1, self.n)
        self.expect_fp(name, where, d["fingerprint"])
        ok = spec.hexbytes(d["fingerprint"], 32, "fingerprint") == self.fp
        if dealer in self.commitments:
            raise Bad(f"second dealing by trustee {dealer}")
        cs = [spec.point(c, "commitment") for c in spec.lst(d["commitments"], "commitments")]
        if len(cs) != self.t:
            self.fail(name, where, "dkg.commitments", f"{len(cs)} commitments, threshold {self.t}")
            ok = False
        pok = spec.obj(d["pok"], CV_KEYS, "pok")
        c, v = spec.scalar(pok["c"], "pok.c"), spec.scalar(pok["v"], "pok.v")
        if cs and not spec.schnorr_ok("dkg-pok", [self.fp, spec.u32(dealer), cs[0]], cs[0], c, v):
            self.fail(
                name, where, "dkg.pok", "proof of knowledge of the constant term does not verify"
            )
            ok = False
        recipients = []
        for k, s in enumerate(spec.lst(d["shares"], "shares")):
            s = spec.obj(s, {"recipient", "ephemeral", "nonce", "box"}, f"shares[{k}]")
            recipients.append(spec.integer(s["recipient"], "recipient"))
            spec.hexbytes(s["ephemeral"], 32, "ephemeral")
            spec.hexbytes(s["nonce"], 24, "nonce")
            spec.hexbytes(s["box"], 48, "box")
        if recipients != [j for j in range(1, self.n + 1) if j != dealer]:
            self.fail(
                name, where, "dkg.shares", "must seal one share to every other trustee, in order"
            )
            ok = False
        sig = spec.hexbytes(d["signature"], 64, "signature")
        body = {k: v for k, v in d.items() if k != "signature"}
        if not spec.signature_ok(self.trustee_sign.get(dealer, b""), "dkg-dealing", body, sig):
            self.fail(name, where, "dkg.signature", f"trustee {dealer}'s signature does not verify")
            ok = False
        if ok:
            self.commitments[dealer] = cs

    def complaint(self, x: Any, i: int, out: list[tuple[int, int]]) -> None:
        name, where = "dkg.json", f"complaints[{i}]"
        c = spec.obj(x, {"complainant", "dealer", "fingerprint", "signature"}, where)
        who = spec.integer(c["complainant"], "complainant", 1, self.n)
        dealer = spec.integer(c["dealer"], "dealer", 1, self.n)
        self.expect_fp(name, where, c["fingerprint"])
        sig = spec.hexbytes(c["signature"], 64, "signature")
        body = {k: v for k, v in c.items() if k != "signature"}
        if not spec.signature_ok(self.trustee_sign.get(who, b""), "dkg-complaint", body, sig):
            self.fail(name, where, "dkg.signature", f"trustee {who}'s signature does not verify")
            return
        out.append((who, dealer))

    def response(self, x: Any, i: int, out: dict[tuple[int, int], int]) -> None:
        name, where = "dkg.json", f"responses[{i}]"
        r = spec.obj(x, {"dealer", "recipient", "fingerprint", "share", "signature"}, where)
        dealer = spec.integer(r["dealer"], "dealer", 1, self.n)
        recipient = spec.integer(r["recipient"], "recipient", 1, self.n)
        self.expect_fp(name, where, r["fingerprint"])
        share = spec.scalar(r["share"], "share")
        sig = spec.hexbytes(r["signature"], 64, "signature")
        body = {k: v for k, v in r.items() if k != "signature"}
        if not spec.signature_ok(self.trustee_sign.get(dealer, b""), "dkg-response", body, sig):
            self.fail(name, where, "dkg.signature", f"trustee {dealer}'s signature does not verify")
            return
        cs = self.commitments.get(dealer)
        if cs is not None and spec.gmul(share) != self.feldman(cs, recipient):
            self.report.notices.append(
                Failure(
                    name,
                    where,
                    "dkg.response",
                    f"revealed share does not match dealer {dealer}'s commitments",
                )
            )
        out[(dealer, recipient)] = share

    # -- ballots
    def ballots(self) -> None:
        name = "ballots.json"
        items = self.doc.get(name)
        if not isinstance(items, list):
            return
        ctx = BallotContext(self.fp, self.joint_key, self.cred_unit, frozenset(self.units))
        pairs = list(zip(items, self.item_bytes[name], strict=True))
        if self.executor is not None and len(pairs) >= 64:
            parts = _chunks(pairs, self.jobs * 4)
            contexts = [_context_for(ctx, part) for part in parts]
            outcomes = [
                o for done in self.executor.map(_check_chunk_in, contexts, parts) for o in done
            ]
        elif self.jobs <= 1 or len(pairs) < 64:
            outcomes = _check_chunk_in(ctx, pairs)
        else:
            _set_context(ctx, pairs)
            size = -(-len(pairs) // (self.jobs * 4))
            spans = [[(lo, min(lo + size, len(pairs)))] for lo in range(0, len(pairs), size)]
            try:
                with multiprocessing.get_context("fork").Pool(self.jobs) as pool:
                    outcomes = [o for part in pool.map(_check_chunk, spans) for o in part]
            finally:
                _set_context(ctx, [])
        self.ballot_info = outcomes
        seen_hash: set[bytes] = set()
        seen_alpha: set[bytes] = set()
        for i, o in enumerate(outcomes):
            where = f"ballots[{i}]" + (f" {spec.tracking_code(o.hash)}" if o.hash else "")
            fails = list(o.failures)
            if o.hash is not None and o.hash in seen_hash:
                fails.append(("ballot.replay", "the same ballot appears earlier on the board"))
            elif o.alpha is not None and o.alpha in seen_alpha:
                fails.append(("ballot.replay", "ciphertext copied from an earlier ballot"))
            for check, detail in fails:
                self.fail(name, where, check, detail)
            if o.hash is not None:
                seen_hash.add(o.hash)
            if o.alpha is not None:
                seen_alpha.add(o.alpha)
            if not fails and o.credential is not None and o.unit is not None and o.alpha and o.beta:
                self.valid_ballots.append((i, o.credential, o.unit, o.alpha, o.beta))
        self.report.stats["ballots"] = len(items)

    def audits(self) -> None:
        name = "audits.json"
        items = self.doc.get(name)
        if not isinstance(items, list):
            return
        ctx = BallotContext(self.fp, self.joint_key, self.cred_unit, frozenset(self.units))
        audited_alphas: dict[bytes, int] = {}
        for i, x in enumerate(items):
            where = f"audits[{i}]"

            def run(x: Any = x, where: str = where, i: int = i) -> None:
                a = spec.obj(x, {"ballot", "choice", "randomness"}, "audit")
                o = check_ballot(a["ballot"], ctx)
                if o.hash is not None:
                    code = spec.tracking_code(o.hash)
                    where += f" {code}"
                    self.audited_codes[code] = i
                for check, detail in o.failures:
                    self.fail(name, where, check.replace("ballot.", "audit."), detail)
                m = spec.integer(a["choice"], "choice", 0, 1)
                r = spec.scalar(a["randomness"], "randomness")
                if r == 0 or self.joint_key is None or o.alpha is None or o.beta is None:
                    raise Bad("cannot re-encrypt: randomness zero or ballot malformed")
                ry = spec.pmul(r, self.joint_key)
                beta = ry if m == 0 or ry is None else spec.padd(ry, spec.G)
                if spec.gmul(r) != o.alpha or beta != o.beta:
                    self.fail(
                        name,
                        where,
                        "audit.opening",
                        f"ciphertext does not encrypt {m} with the revealed randomness",
                    )
                audited_alphas[o.alpha] = i

            self.guarded(name, where, "audit.format", run)
        for i, _cred, _unit, alpha, _beta in self.valid_ballots:
            if alpha in audited_alphas:
                self.fail(
                    "ballots.json",
                    f"ballots[{i}]",
                    "ballot.audited",
                    f"casts the ballot audited in audits[{audited_alphas[alpha]}]",
                )
        self.valid_ballots = [v for v in self.valid_ballots if v[3] not in audited_alphas]
        self.report.stats["audits"] = len(items)

    # -- tally
    def tally_check(self) -> None:
        last: dict[bytes, tuple[int, bytes, str, bytes, bytes]] = {}
        for v in self.valid_ballots:
            last[v[1]] = v
        counted = sorted(last.values())
        per_unit_count = {u: 0 for u in self.units}
        for _, _, unit, _, _ in counted:
            per_unit_count[unit] += 1
        pairs = [(u, a, b) for _, _, u, a, b in counted]
        sums: dict[str, tuple[bytes, bytes]] = {}
        for part in self.parallel(_sum_chunk_items, pairs, 256, whole_chunks=True):
            for u, (a, b) in part.items():
                sums[u] = (
                    (spec.padd(sums[u][0], a), spec.padd(sums[u][1], b)) if u in sums else (a, b)
                )
        for u in self.units:
            a, b = sums.get(u, (spec.ZERO, spec.ZERO))
            self.tally[u] = (a, b, per_unit_count[u])
        self.report.stats["ballots_valid"] = len(self.valid_ballots)
        self.report.stats["counted"] = len(counted)
        name = "tally.json"
        if name not in self.doc:
            return

        def run() -> None:
            t = spec.obj(self.doc[name], {"fingerprint", "units"}, "tally")
            self.expect_fp(name, "-", t["fingerprint"])
            published = spec.lst(t["units"], "units")
            if len(published) != len(self.units):
                self.fail(
                    name,
                    "units",
                    "tally.units",
                    f"{len(published)} units, manifest has {len(self.units)}",
                )
            for i, (u, pu) in enumerate(zip(self.units, published, strict=False)):
                where = f"units[{i}]"
                try:
                    pu = spec.obj(pu, {"unit", "counted", "ciphertext"}, where)
                    if pu["unit"] != u:
                        self.fail(
                            name, where, "tally.units", f"unit {pu['unit']!r}, expected {u!r}"
                        )
                    a, b, n = self.tally[u]
                    if spec.integer(pu["counted"], "counted") != n:
                        self.fail(
                            name,
                            where,
                            "tally.counted",
                            f"published {pu['counted']} ballots, recomputed {n}",
                        )
                    ct = spec.obj(pu["ciphertext"], CT_KEYS, "ciphertext")
                    if (
                        spec.hexbytes(ct["alpha"], 32, "alpha") != a
                        or spec.hexbytes(ct["beta"], 32, "beta") != b
                    ):
                        self.fail(
                            name,
                            where,
                            "tally.ciphertext",
                            "published encrypted tally differs from the sum of the counted ballots",
                        )
                except Bad as exc:
                    self.fail(name, where, "tally.format", str(exc))

        self.guarded(name, "-", "tally.format", run)

    # -- decryption
    def decryptions(self) -> None:
        name = "decryptions.json"
        items = self.doc.get(name)
        if not isinstance(items, list):
            return
        for i, x in enumerate(items):
            self.guarded(
                name, f"decryptions[{i}]", "decryption.format", partial(self.decryption, x, i)
            )
        self.report.stats["decryptions"] = len(self.dshares)

    def decryption(self, x: Any, i: int) -> None:
        name, where = "decryptions.json", f"decryptions[{i}]"
        d = spec.obj(x, {"trustee", "fingerprint", "shares", "signature"}, "decryption")
        j = spec.integer(d["trustee"], "trustee", 1, self.n)
        where = f"decryptions[{i}] trustee {j}"
        ok = True
        self.expect_fp(name, where, d["fingerprint"])
        if j not in self.qual:
            self.fail(name, where, "decryption.trustee", f"trustee {j} is not qualified")
            ok = False
        if j in self.dshares:
            self.fail(name, where, "decryption.trustee", f"trustee {j} decrypted twice")
            ok = False
        sig = spec.hexbytes(d["signature"], 64, "signature")
        body = {k: v for k, v in d.items() if k != "signature"}
        if not spec.signature_ok(self.trustee_sign.get(j, b""), "partial-decryption", body, sig):
            self.fail(
                name, where, "decryption.signature", f"trustee {j}'s signature does not verify"
            )
            ok = False
        shares = spec.lst(d["shares"], "shares")
        if len(shares) != len(self.units):
            self.fail(
                name, where, "decryption.units", f"{len(shares)} shares for {len(self.units)} units"
            )
            ok = False
        out: dict[str, bytes] = {}
        vk = self.vkeys.get(j)
        for k, (u, s) in enumerate(zip(self.units, shares, strict=False)):
            sw = f"{where} shares[{k}]"
            try:
                s = spec.obj(s, {"unit", "share", "proof"}, "share")
                if s["unit"] != u:
                    self.fail(name, sw, "decryption.units", f"unit {s['unit']!r}, expected {u!r}")
                    ok = False
                dpt = spec.point(s["share"], "share", identity_ok=True)
                pr = spec.obj(s["proof"], CV_KEYS, "proof")
                c, v = spec.scalar(pr["c"], "proof.c"), spec.scalar(pr["v"], "proof.v")
                alpha = self.tally[u][0]
                ctx = [self.fp, spec.u32(j), u.encode("utf-8"), vk or b"", alpha, dpt]
                if vk is None or not spec.dleq_ok("decryption-proof", ctx, vk, alpha, dpt, c, v):
                    self.fail(
                        name, sw, "decryption.proof", "proof of correct decryption does not verify"
                    )
                    ok = False
                out[u] = dpt
            except (Bad, KeyError) as exc:
                self.fail(name, sw, "decryption.format", str(exc))
                ok = False
        if ok:
            self.dshares[j] = out

    # -- result
    def result(self) -> None:
        name = "result.json"
        if name not in self.doc:
            return

        def run() -> None:
            r = spec.obj(self.doc[name], {"fingerprint", "trustees", "units", "totals"}, "result")
            self.expect_fp(name, "-", r["fingerprint"])
            chosen = [spec.integer(j, "trustee") for j in spec.lst(r["trustees"], "trustees")]
            usable = len(chosen) == self.t and len(set(chosen)) == len(chosen)
            if not usable:
                self.fail(
                    name,
                    "trustees",
                    "result.trustees",
                    f"must name {self.t} distinct trustees, names {chosen}",
                )
            missing = [j for j in chosen if j not in self.dshares]
            if missing:
                self.fail(
                    name,
                    "trustees",
                    "result.trustees",
                    f"no valid decryption from trustees {missing}",
                )
                usable = False
            units = spec.lst(r["units"], "units")
            if len(units) != len(self.units):
                self.fail(
                    name,
                    "units",
                    "result.units",
                    f"{len(units)} units, manifest has {len(self.units)}",
                )
            totals = {"counted": 0, "yes": 0, "no": 0}
            for i, u in enumerate(self.units):
                a, b, n = self.tally[u]
                yes: int | None = None
                if usable:
                    lag = spec.ZERO
                    for j in chosen:
                        term = spec.pmul(spec.lagrange0(j, chosen), self.dshares[j][u])
                        lag = spec.padd(lag, term or spec.ZERO)
                    yes = spec.bsgs(spec.psub(b, lag), n)
                    if yes is None:
                        self.fail(
                            name,
                            f"units[{i}]",
                            "result.decode",
                            f"combined decryption of {u} is not in [0, {n}]",
                        )
                computed = {
                    "unit": u,
                    "counted": n,
                    "yes": yes,
                    "no": None if yes is None else n - yes,
                }
                if yes is not None:
                    self.report.results.append(computed)
                    totals = {
                        "counted": totals["counted"] + n,
                        "yes": totals["yes"] + yes,
                        "no": totals["no"] + n - yes,
                    }
                if i >= len(units):
                    continue
                try:
                    pu = spec.obj(units[i], {"unit", "counted", "yes", "no"}, f"units[{i}]")
                    for key in ("unit", "counted", "yes", "no"):
                        want = computed[key]
                        if key != "unit":
                            spec.integer(pu[key], key)
                        if want is not None and pu[key] != want:
                            self.fail(
                                name,
                                f"units[{i}]",
                                f"result.{key}",
                                f"published {pu[key]!r}, recomputed {want!r}",
                            )
                except Bad as exc:
                    self.fail(name, f"units[{i}]", "result.format", str(exc))
            tot = spec.obj(r["totals"], {"counted", "yes", "no"}, "totals")
            for key in ("counted", "yes", "no"):
                spec.integer(tot[key], f"totals.{key}")
                column = [u.get(key) if isinstance(u, dict) else None for u in units]
                values = [x for x in column if isinstance(x, int) and not isinstance(x, bool)]
                if len(values) == len(column) and tot[key] != sum(values):
                    self.fail(
                        name,
                        "totals",
                        f"result.totals.{key}",
                        f"published {tot[key]}, but the published units add up to {sum(values)}",
                    )
            if usable and not any(f.check == "result.decode" for f in self.report.failures):
                for key, want in totals.items():
                    if tot[key] != want:
                        self.fail(
                            name,
                            "totals",
                            f"result.totals.{key}",
                            f"published {tot[key]!r}, recomputed {want}",
                        )

        self.guarded(name, "-", "result.format", run)

    # -- voters' own checks
    def tracking(self, codes: Iterable[str]) -> None:
        counted = {}
        for i, cred, _u, _a, _b in self.valid_ballots:
            counted[cred] = i
        for code in codes:
            want = spec.normalize_code(code)
            state = None
            for i, o in enumerate(self.ballot_info):
                if o.hash is not None and spec.tracking_code(o.hash) == want:
                    state = (
                        "on the board, counted"
                        if o.credential is not None and counted.get(o.credential) == i
                        else "on the board, not counted (replaced by a later ballot or invalid)"
                    )
            if state is None and want in self.audited_codes:
                # A voter who chose to audit the ballot looks it up too: it is published
                # with its opening, never cast.
                state = f"on the board, audited in audits[{self.audited_codes[want]}] (not cast, not counted)"
            if state is None:
                self.fail("board.json", code, "tracking.code", "tracking code is not on the board")
                state = "NOT on the board"
            self.report.tracking[code] = state

    def run(self, codes: Iterable[str]) -> None:
        self.load()
        self.manifest()
        self.board()
        self.credentials()
        self.dkg()
        self.ballots()
        self.audits()
        self.tally_check()
        self.decryptions()
        self.result()
        self.tracking(codes)


def verify_record(
    path: str | os.PathLike[str],
    *,
    jobs: int = 1,
    tracking_codes: Iterable[str] = (),
    executor: Executor | None = None,
) -> VerificationReport:
    """Check everything in the record at ``path``; ``report.ok`` only if every check passed.

    ``jobs`` forked processes share the bulk work (credential keys, ballots,
    tally sums). Or an ``executor`` (any ``concurrent.futures.Executor``: a
    process pool, or a Dask cluster's ``client.get_executor()``) takes it, in
    ``jobs * 4`` chunks, each ballot chunk with the credentials it names. The
    report is the same either way.
    """
    import time

    started = time.perf_counter()
    v = _Verifier(Path(path), jobs, executor)
    try:
        v.run(tracking_codes)
    except Bad as exc:  # a section left data too broken to go on
        v.fail("-", "-", "record.structure", str(exc))
    v.report.seconds = time.perf_counter() - started
    return v.report


def check_tracking_code(path: str | os.PathLike[str], code: str) -> bool:
    """A voter's check: is this tracking code on the board of a record that verifies?"""
    report = verify_record(path, tracking_codes=[code])
    return report.ok
