"""Randomness sources, always passed explicitly.

Production code uses libsodium's generator. Tests and simulations pass a
seeded source so that a record can be rebuilt byte for byte from its seed;
a seeded source must never be used for a real election.
"""

from __future__ import annotations

import hashlib
import random
from typing import Protocol, runtime_checkable

from atazan_ballot import _sodium
from atazan_ballot.group import L


@runtime_checkable
class RandomSource(Protocol):
    def random_bytes(self, n: int) -> bytes: ...

    def random_scalar(self) -> int:
        """Uniform in [1, L)."""
        ...


class SystemRandom:
    """libsodium's CSPRNG: the only source for real elections."""

    def random_bytes(self, n: int) -> bytes:
        return _sodium.random_bytes(n)

    def random_scalar(self) -> int:
        while True:
            s = int.from_bytes(_sodium.scalar_random(), "little")
            if s != 0:
                return s


class SeededRandom:
    """Deterministic stream: SHAKE-256 of the seed, read in order. For tests and simulation."""

    def __init__(self, seed: int | bytes | str) -> None:
        if isinstance(seed, int):
            material = b"int:" + str(seed).encode()
        elif isinstance(seed, str):
            material = b"str:" + seed.encode()
        else:
            material = b"bytes:" + seed
        self._key = hashlib.sha512(b"atazan-ballot/1 seeded-random\x00" + material).digest()
        self._counter = 0

    def random_bytes(self, n: int) -> bytes:
        out = hashlib.shake_256(self._key + self._counter.to_bytes(8, "big")).digest(n)
        self._counter += 1
        return out

    def random_scalar(self) -> int:
        while True:
            s = int.from_bytes(self.random_bytes(64), "little") % L
            if s != 0:
                return s

    def fork(self, label: str) -> SeededRandom:
        """An independent stream for one participant, so adding draws elsewhere changes nothing here."""
        return SeededRandom(self._key + label.encode())


class PythonRandom:
    """Adapter for a ``random.Random`` (seeded tests only)."""

    def __init__(self, rnd: random.Random) -> None:
        self._rnd = rnd

    def random_bytes(self, n: int) -> bytes:
        return self._rnd.getrandbits(8 * n).to_bytes(n, "little") if n else b""

    def random_scalar(self) -> int:
        while True:
            s = self._rnd.getrandbits(512) % L
            if s != 0:
                return s


def as_source(rng: RandomSource | random.Random | None) -> RandomSource:
    """Accept our sources or a ``random.Random``; None means the production source."""
    if rng is None:
        return SystemRandom()
    if isinstance(rng, random.Random):
        return PythonRandom(rng)
    return rng
