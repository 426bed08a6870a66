"""Debian's belenios-tool 2.0 as a performance peer: an election of N ballots, then its verification.

belenios-tool makes the election (credentials, a trustee key, N ballots from
``election generate-ballot``), and this module writes the ballots straight
into the ``UUID.bel`` archive: ``archive add-event`` re-reads the whole
archive on every call, which is quadratic in the number of ballots. The
archive is the old-style tar that belenios writes itself (512-byte blocks,
every member stamped with the archive's timestamp), members named by the
SHA-256 of their content, events chained by their parent's hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

TOOL = "belenios-tool"
GROUP = "BELENIOS-2048"
TEMPLATE = {
    "description": "Referendum",
    "name": "Referendum",
    "questions": [{"answers": ["Yes", "No"], "min": 1, "max": 1, "question": "Do you accept?"}],
}


def available() -> bool:
    return shutil.which(TOOL) is not None


def version() -> str:
    out = subprocess.run([TOOL, "--version"], capture_output=True, text=True, check=False)
    return out.stdout.strip()


def _run(args: list[str], cwd: Path, stdin: str | None = None) -> str:
    env = {**os.environ, "BELENIOS_USE_URANDOM": "1"}
    done = subprocess.run(
        [TOOL, *args], cwd=cwd, input=stdin, capture_output=True, text=True, env=env, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"belenios-tool {' '.join(args)} failed: {done.stderr.strip()[-400:]}")
    return done.stdout


def _tar_member(name: str, data: bytes, mtime: int) -> bytes:
    """One member in the old tar layout belenios writes (no ustar magic)."""
    header = bytearray(512)
    header[0 : len(name)] = name.encode()
    header[100:108] = b"0000644\0"
    header[108:116] = b"0000000\0"
    header[116:124] = b"0000000\0"
    header[124:136] = f"{len(data):011o}\0".encode()
    header[136:148] = f"{mtime:011o}\0".encode()
    header[148:156] = b" " * 8
    header[156:157] = b"0"
    checksum = sum(header)
    header[148:156] = f"{checksum:06o}\0 ".encode()
    padding = (-len(data)) % 512
    return bytes(header) + data + b"\0" * padding


@dataclass
class ArchiveTail:
    """Where the event chain of an archive ends, to append after it."""

    mtime: int
    last_event: str
    height: int


def read_tail(path: Path) -> ArchiveTail:
    raw = path.read_bytes()
    offset = 0
    mtime = 0
    last_event = ""
    height = -1
    while offset + 512 <= len(raw):
        header = raw[offset : offset + 512]
        if header == b"\0" * 512:
            break
        name = header[:100].rstrip(b"\0").decode()
        size = int(header[124:136].rstrip(b"\0 ") or b"0", 8)
        mtime = int(header[136:148].rstrip(b"\0 ") or b"0", 8)
        body = raw[offset + 512 : offset + 512 + size]
        if name.endswith(".event.json"):
            last_event = name.removesuffix(".event.json")
            height = json.loads(body)["height"]
        offset += 512 + ((size + 511) // 512) * 512
    return ArchiveTail(mtime, last_event, height)


def append_events(path: Path, kind: str, payloads: list[bytes]) -> None:
    """Append one event of ``kind`` per payload, each data member before its event."""
    tail = read_tail(path)
    parent, height = tail.last_event, tail.height
    with path.open("ab") as out:
        for payload in payloads:
            digest = hashlib.sha256(payload).hexdigest()
            out.write(_tar_member(f"{digest}.data.json", payload, tail.mtime))
            height += 1
            event = (
                f'{{"parent":"{parent}","height":{height},"type":"{kind}","payload":"{digest}"}}'
            ).encode()
            parent = hashlib.sha256(event).hexdigest()
            out.write(_tar_member(f"{parent}.event.json", event, tail.mtime))


@dataclass
class PeerResult:
    ballots: int
    generate_seconds: float
    tally_seconds: float
    verify_seconds: float
    directory: Path

    @property
    def verify_rate(self) -> float:
        return self.ballots / self.verify_seconds if self.verify_seconds else 0.0


def run_election(
    ballots: int,
    directory: Path,
    *,
    workers: int = 2,
    progress: Callable[[str], None] = print,
) -> PeerResult:
    """Set up, cast ``ballots`` ballots, tally, decrypt, and time one full ``election verify``."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    uuid = _run(["setup", "generate-token"], directory).strip()
    group = ["--group", GROUP]
    _run(
        ["setup", "generate-credentials", "--uuid", uuid, *group, "--count", str(ballots)],
        directory,
    )
    for path in directory.glob("*.pubcreds"):
        path.rename(directory / "public_creds.json")
    for path in directory.glob("*.privcreds"):
        path.rename(directory / "private_creds.txt")
    _run(["setup", "generate-trustee-key", *group], directory)
    keys = "".join(p.read_text() for p in directory.glob("*.pubkey"))
    (directory / "public_keys.jsons").write_text(keys)
    _run(["setup", "make-trustees"], directory)
    (directory / "public_keys.jsons").unlink()
    (directory / "template.json").write_text(json.dumps(TEMPLATE))
    _run(
        ["setup", "make-election", "--uuid", uuid, *group, "--template", "template.json"], directory
    )
    _run(["archive", "init"], directory)
    for name in ("election.json", "trustees.json", "public_creds.json"):
        (directory / name).unlink(missing_ok=True)
    archive = directory / f"{uuid}.bel"

    credentials = [
        line.split()[1]
        for line in (directory / "private_creds.txt").read_text().splitlines()
        if line.strip()
    ]
    cred_dir = directory / "creds"
    cred_dir.mkdir()

    def cast(index: int) -> bytes:
        cred_file = cred_dir / f"{index}.cred"
        cred_file.write_text(credentials[index] + "\n")
        vote_file = cred_dir / f"{index}.vote"
        vote_file.write_text("[[1,0]]" if index % 7 else "[[0,1]]")
        ballot = _run(
            [
                "election",
                "generate-ballot",
                "--privcred",
                str(cred_file),
                "--ballot",
                str(vote_file),
            ],
            directory,
        )
        cred_file.unlink()
        vote_file.unlink()
        return ballot.strip().encode()

    started = time.perf_counter()
    cast_ballots: list[bytes] = []
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for done, ballot in enumerate(pool.map(cast, range(ballots)), start=1):
            cast_ballots.append(ballot)
            if done % max(1, ballots // 20) == 0:
                progress(f"  belenios: {done}/{ballots} ballots generated")
    generate_seconds = time.perf_counter() - started
    append_events(archive, "Ballot", cast_ballots)

    started = time.perf_counter()
    _run(["archive", "add-event", "--type=EndBallots"], directory, stdin="")
    tally = _run(["election", "compute-encrypted-tally"], directory)
    _run(["archive", "add-event", "--type=EncryptedTally"], directory, stdin=tally)
    privkey = next(directory.glob("*.privkey"))
    partial = _run(
        ["election", "decrypt", "--privkey", privkey.name, "--trustee-id", "1"], directory
    )
    _run(["archive", "add-event", "--type=PartialDecryption"], directory, stdin=partial)
    result = _run(["election", "compute-result"], directory)
    _run(["archive", "add-event", "--type=Result"], directory, stdin=result)
    tally_seconds = time.perf_counter() - started
    progress("  belenios: tallied; timing one full verification")

    started = time.perf_counter()
    _run(["election", "verify"], directory)
    verify_seconds = time.perf_counter() - started
    return PeerResult(ballots, generate_seconds, tally_seconds, verify_seconds, directory)
