"""Exact and near duplicates, and form-letter campaigns.

A campaign is one template sent by many people, each copy with small edits:
a greeting added, a sentence moved, a word changed, a name signed. Word-pair
shingles survive all of that in large part, so the copies keep a high
overlap while unrelated proposals share almost none. Candidates come from
MinHash with banding (locality-sensitive hashing), so the work grows with the
number of proposals, not its square; every candidate pair is then checked on
its real shingle sets before two proposals are joined.

Groups of ``campaign_min_size`` or more become campaigns: one idea with as
many supporters as members. Smaller groups are near duplicates of their
earliest member.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from atazan_analysis.records import Campaign, Corrections

#: Texts with fewer words than this are matched only when identical.
MIN_WORDS_FOR_NEAR = 8
#: Campaigns need a real template (a letter), not a short phrase many people happen to write.
MIN_WORDS_FOR_CAMPAIGN = 30
_PERMUTATIONS = 64
_BANDS = 16
_ROWS = _PERMUTATIONS // _BANDS
_LARGE_BUCKET = 20


@dataclass(frozen=True)
class DuplicateSettings:
    """Thresholds, recorded with every run."""

    campaign_min_size: int = 5
    jaccard: float = 0.42
    containment: float = 0.75
    seed: int = 2026


@dataclass
class DuplicateResult:
    duplicate_of: dict[str, str]
    campaigns: list[Campaign]
    campaign_of: dict[str, str]


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # The earlier record stays the root, so groups are named by their first member.
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def shingles(words: Sequence[str]) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word pairs (of the words, for one-word texts)."""
    if len(words) >= 2:
        items = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    else:
        items = list(words)
    hashed = {zlib.crc32(item.encode("utf-8")) for item in items}
    return np.fromiter(sorted(hashed), dtype=np.uint64, count=len(hashed))


def _signatures(sets: list[np.ndarray], seed: int) -> np.ndarray:
    """MinHash signatures, one row per set, computed for all sets at once."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63 - 1, size=_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=_PERMUTATIONS, dtype=np.uint64)
    lengths = np.array([len(s) for s in sets], dtype=np.int64)
    flat = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint64)
    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    out = np.empty((len(sets), _PERMUTATIONS), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(_PERMUTATIONS):
            values = (a[k] * flat + b[k]) >> np.uint64(32)
            out[:, k] = np.minimum.reduceat(values, offsets)
    return out


def _candidate_pairs(signatures: np.ndarray) -> set[tuple[int, int]]:
    """Pairs that agree on at least one band of their signatures."""
    pairs: set[tuple[int, int]] = set()
    for band in range(_BANDS):
        block = np.ascontiguousarray(signatures[:, band * _ROWS : (band + 1) * _ROWS])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * _ROWS))).ravel()
        _, inverse, counts = np.unique(keys, return_inverse=True, return_counts=True)
        shared = np.flatnonzero(counts[inverse] > 1)
        if not len(shared):
            continue
        buckets: dict[int, list[int]] = defaultdict(list)
        for index in shared.tolist():
            buckets[int(inverse[index])].append(index)
        for members in buckets.values():
            if len(members) <= _LARGE_BUCKET:
                for i, first in enumerate(members):
                    for second in members[i + 1 :]:
                        pairs.add((first, second))
            else:
                # A big bucket is almost surely one campaign: two stars and a chain link it
                # without checking every pair.
                anchors = (members[0], members[len(members) // 2])
                for left, right in zip(members, members[1:], strict=False):
                    pairs.add((left, right))
                    for anchor in anchors:
                        if anchor != right:
                            pairs.add((min(anchor, right), max(anchor, right)))
    return pairs


class _ShingleSets:
    """Each text's shingles as a Python set, with the inverse document frequency of each shingle.

    Phrases everyone writes ("Dear Commission") weigh little; Python's set intersection is the
    fastest way to compare the few dozen shingles of two proposals.
    """

    def __init__(self, arrays: list[np.ndarray]) -> None:
        self.sets = [frozenset(a.tolist()) for a in arrays]
        self.idf: dict[int, float] = {}
        if arrays:
            values, counts = np.unique(np.concatenate(arrays), return_counts=True)
            weights = np.log((len(arrays) + 1) / (counts + 1)) + 1.0
            self.idf = dict(zip(values.tolist(), weights.tolist(), strict=True))
        self.totals = [sum(self.idf[h] for h in s) for s in self.sets]

    def similarity(self, a: int, b: int) -> tuple[float, float]:
        """Weighted Jaccard and weighted containment (of the smaller in the larger)."""
        common = self.sets[a] & self.sets[b]
        if not common:
            return 0.0, 0.0
        idf = self.idf
        shared = sum(idf[h] for h in common)
        total_a, total_b = self.totals[a], self.totals[b]
        return shared / (total_a + total_b - shared), shared / min(total_a, total_b)

    def similar(self, a: int, b: int, settings: DuplicateSettings) -> bool:
        jaccard, containment = self.similarity(a, b)
        smaller = min(len(self.sets[a]), len(self.sets[b]))
        return jaccard >= settings.jaccard or (
            smaller >= 10 and containment >= settings.containment
        )


def _stars(
    members: list[int], neighbours: dict[int, set[int]], close: Callable[[int, int], bool]
) -> list[list[int]]:
    """Split a linked group into stars around central members, so chains A~B~C do not join A and C.

    A star is a centre, its confirmed neighbours still unassigned, and their neighbours that
    are close to the centre too; centres are taken by how many confirmed neighbours they
    have, so the template of a campaign comes first.
    """
    remaining = set(members)
    stars = []
    for centre in sorted(members, key=lambda m: (-len(neighbours.get(m, ())), m)):
        if centre not in remaining:
            continue
        star = [centre] + sorted(n for n in neighbours.get(centre, ()) if n in remaining)
        remaining.difference_update(star)
        # Neighbours of neighbours join when they are close to the centre itself.
        reach = {n for member in star[1:] for n in neighbours.get(member, ()) if n in remaining}
        joined = sorted(n for n in reach if close(centre, n))
        remaining.difference_update(joined)
        star.extend(joined)
        stars.append(sorted(star))
    return stars


def find_duplicates(
    ids: Sequence[str],
    words: Sequence[Sequence[str]],
    settings: DuplicateSettings | None = None,
    corrections: Corrections | None = None,
) -> DuplicateResult:
    """Duplicate links and campaigns for records given in a stable order."""
    settings = settings or DuplicateSettings()
    corrections = corrections or Corrections()
    index_of = {record_id: i for i, record_id in enumerate(ids)}
    exact_first: dict[str, int] = {}
    exact_of: dict[int, int] = {}
    copies: dict[int, list[int]] = defaultdict(list)
    for i, tokens in enumerate(words):
        if not tokens:
            continue
        first = exact_first.setdefault(" ".join(tokens), i)
        if first != i:
            exact_of[i] = first
            copies[first].append(i)

    # Near duplicates among the distinct texts long enough to judge.
    distinct = [
        i
        for i, tokens in enumerate(words)
        if len(tokens) >= MIN_WORDS_FOR_NEAR and i not in exact_of
    ]
    sets = [shingles(words[i]) for i in distinct]
    compared = _ShingleSets(sets)
    union = _UnionFind(len(ids))
    neighbours: dict[int, set[int]] = defaultdict(set)
    if len(distinct) > 1:
        signatures = _signatures(sets, settings.seed)
        for left, right in sorted(_candidate_pairs(signatures)):
            if compared.similar(left, right, settings):
                a, b = distinct[left], distinct[right]
                union.union(a, b)
                neighbours[a].add(b)
                neighbours[b].add(a)
    degree = {m: len(n) for m, n in neighbours.items()}
    position = {record: k for k, record in enumerate(distinct)}

    def close(a: int, b: int) -> bool:
        ka, kb = position[a], position[b]
        return compared.similar(ka, kb, settings)

    components: dict[int, list[int]] = defaultdict(list)
    for i in distinct:
        components[union.find(i)].append(i)
    groups: list[list[int]] = []
    for members in components.values():
        if len(members) == 1:
            groups.append(members)
        else:
            groups.extend(_stars(members, neighbours, close))
    # Exact copies join the group of the text they copy; short texts form groups of their own.
    grouped = {m for g in groups for m in g}
    for first in copies:
        if first not in grouped:
            groups.append([first])
    for group in groups:
        group.extend(c for m in list(group) for c in copies.get(m, []))
        group.sort()

    # Analysts' corrections: marked groups are campaigns as they stand; unmarked proposals never are.
    forced: list[list[int]] = []
    taken: set[int] = set()
    for marked_group in corrections.campaign_groups:
        members = sorted({index_of[m] for m in marked_group if m in index_of})
        if len(members) >= 2:
            forced.append(members)
            taken.update(members)
    groups = [[m for m in g if m not in taken] for g in groups]

    duplicate_of: dict[str, str] = {}
    campaign_of: dict[str, str] = {}
    campaigns: list[Campaign] = []

    def add_campaign(members: list[int], marked: bool) -> None:
        centre = max(members, key=lambda m: (degree.get(m, 0), -m))
        campaign_id = f"C{len(campaigns) + 1:04d}"
        campaigns.append(
            Campaign(
                campaign_id, ids[centre], " ".join(words[centre]), [ids[m] for m in members], marked
            )
        )
        for m in members:
            campaign_of[ids[m]] = campaign_id
            if m in exact_of and exact_of[m] in members:
                duplicate_of[ids[m]] = ids[exact_of[m]]

    pending = [(g[0], g, True) for g in forced] + [(g[0], g, False) for g in groups if len(g) >= 2]
    for _first, group, marked in sorted(pending, key=lambda item: item[0]):
        if marked:
            add_campaign(group, True)
            continue
        eligible = [m for m in group if ids[m] not in corrections.not_campaign]
        if (
            len(eligible) >= settings.campaign_min_size
            and len(words[eligible[0]]) >= MIN_WORDS_FOR_CAMPAIGN
        ):
            add_campaign(eligible, False)
            for m in group:
                if m not in eligible:
                    duplicate_of[ids[m]] = ids[exact_of.get(m, eligible[0])]
        else:
            for m in group[1:]:
                duplicate_of[ids[m]] = ids[exact_of.get(m, group[0])]
    return DuplicateResult(duplicate_of=duplicate_of, campaigns=campaigns, campaign_of=campaign_of)
