"""Exact and near duplicates, and form-letter campaigns.

A campaign is one template sent by many people, each copy with small edits:
a greeting added, a sentence dropped or moved, a typo, a name signed. Two
signals decide whether two proposals are copies of one text:

* how much they share: character 5-grams of their words, weighted by rarity
  (IDF). A typo changes only the few 5-grams across it, so short letters that
  lost a sentence still share most of their text;
* whether what they share is specific to them. Many proposals are built from
  common phrases ("I propose to amend article ..."): two letters asking for
  different things can share half their text. A campaign's word pairs sit in
  texts that are copies of each other, a common phrase's in texts that differ.
  Each word pair's *concentration* measures that: the share of the texts
  containing it that agree with each other on a MinHash value (a phrase only
  two or three texts share counts as concentrated anyway). Two proposals are
  joined only when a large enough part (``specificity``) of the
  rarity-weighted word pairs they share is concentrated. Concentration is a
  share, not a count, so one threshold serves small and large corpora.

Candidates come from MinHash with banding, so the work grows with the number of
proposals, not its square; groups are split into stars around central members
so that chains do not join unrelated texts. Groups of ``campaign_min_size`` or
more become campaigns; smaller groups are near duplicates of their earliest
member, and a link always points at a record that is not itself a duplicate.
"""

from __future__ import annotations

import zlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from atazan_analysis.records import Campaign, Corrections

#: Texts with fewer words than this are matched only when identical.
MIN_WORDS_FOR_NEAR = 8
#: Campaigns need a real template (a letter), not a short phrase many people happen to write.
MIN_WORDS_FOR_CAMPAIGN = 30
_GRAM = 5
_PERMUTATIONS = 48
_BANDS = 16
_ROWS = _PERMUTATIONS // _BANDS
#: Buckets up to this size give all their pairs; larger ones two pairs per member.
_SMALL_BUCKET = 8
#: Signature columns used to measure how concentrated a word pair is.
_CONCENTRATION_COLUMNS = 16
_CHUNK = 20_000
_PAIR_BATCH = 50_000


@dataclass(frozen=True)
class DuplicateSettings:
    """Thresholds, recorded with every run."""

    campaign_min_size: int = 5
    jaccard: float = 0.35
    containment: float = 0.55
    #: Share of the shared (IDF-weighted) word pairs that must be concentrated.
    specificity: float = 0.4
    #: One character 5-gram in ``sample`` is kept (chosen by hash, so the same everywhere).
    sample: int = 2
    seed: int = 2026


@dataclass
class DuplicateResult:
    duplicate_of: dict[str, str]
    campaigns: list[Campaign]
    campaign_of: dict[str, str]


def _gram_hashes(texts: list[str], sample: int) -> tuple[np.ndarray, np.ndarray]:
    """Owner (position in ``texts``) and 64-bit hash of each sampled character 5-gram."""
    joined = "\x00".join(texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.zeros(len(texts) + 1, dtype=np.int64)
    starts[1:] = np.cumsum([len(t) + 1 for t in texts])
    windows = len(codes) - _GRAM + 1
    if windows <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.uint64)
    hashed = np.zeros(windows, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(_GRAM):
            hashed = hashed * np.uint64(0x100000001B3) + codes[offset : offset + windows]
        hashed ^= hashed >> np.uint64(29)
        hashed *= np.uint64(0xBF58476D1CE4E5B9)
        hashed ^= hashed >> np.uint64(32)
    owner = np.searchsorted(starts, np.arange(windows), side="right") - 1
    # A window that runs past the end of its text (into the separator) is not a 5-gram.
    inside = np.arange(windows) + _GRAM <= starts[owner + 1] - 1
    keep = inside & (hashed % np.uint64(sample) == 0)
    return owner[keep], hashed[keep]


def _word_pair_hashes(texts: list[Sequence[str]]) -> tuple[np.ndarray, np.ndarray]:
    """Owner and hash of each word pair (of the word, for one-word texts)."""
    owners: list[int] = []
    hashes: list[int] = []
    for k, words in enumerate(texts):
        items = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)] or list(words)
        owners.extend([k] * len(items))
        hashes.extend(zlib.crc32(item.encode("utf-8")) for item in items)
    return np.asarray(owners, dtype=np.int64), np.asarray(hashes, dtype=np.uint64)


def _incidence(owner: np.ndarray, hashed: np.ndarray, rows: int) -> sparse.csr_matrix:
    """Binary text × item matrix; columns are the distinct items in hash order."""
    _, column = np.unique(hashed, return_inverse=True)
    columns = int(column.max()) + 1 if len(column) else 0
    matrix = sparse.csr_matrix(
        (np.ones(len(owner), dtype=np.float32), (owner, column.ravel())), shape=(rows, columns)
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def _idf(present: sparse.csr_matrix) -> np.ndarray:
    frequency = np.bincount(present.indices, minlength=present.shape[1])
    return (np.log((present.shape[0] + 1) / (frequency + 1)) + 1.0).astype(np.float32)


def _signatures(present: sparse.csr_matrix, seed: int) -> np.ndarray:
    """MinHash signatures (one row per text) over the columns of ``present``."""
    rng = np.random.default_rng(seed)
    a = rng.integers(1, 2**63 - 1, size=_PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63 - 1, size=_PERMUTATIONS, dtype=np.uint64)
    items = present.indices.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15)
    lengths = np.diff(present.indptr)
    out = np.full((present.shape[0], _PERMUTATIONS), np.iinfo(np.uint32).max, dtype=np.uint32)
    filled = np.flatnonzero(lengths)
    if not len(filled):
        return out
    offsets = present.indptr[:-1][filled]
    with np.errstate(over="ignore"):
        for k in range(_PERMUTATIONS):
            values = ((a[k] * items + b[k]) >> np.uint64(32)).astype(np.uint32)
            out[filled, k] = np.minimum.reduceat(values, offsets)
    return out


def _candidate_pairs(signatures: np.ndarray) -> np.ndarray:
    """Pairs (left < right) that agree on at least one band of their signatures.

    A large bucket pairs each member with its first member and its predecessor, so the
    work per text stays bounded while a campaign's copies still end up linked.
    """
    found: list[np.ndarray] = []
    for band in range(_BANDS):
        block = np.ascontiguousarray(signatures[:, band * _ROWS : (band + 1) * _ROWS])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * _ROWS))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        new_bucket = np.ones(len(order), dtype=bool)
        new_bucket[1:] = sorted_keys[1:] != sorted_keys[:-1]
        bucket = np.cumsum(new_bucket) - 1
        first_of = np.flatnonzero(new_bucket)
        size = np.diff(np.append(first_of, len(order)))[bucket]
        rank = np.arange(len(order)) - first_of[bucket]
        # Consecutive members and each member with its bucket's first member.
        follows = np.flatnonzero(rank > 0)
        found.append(np.stack([order[follows - 1], order[follows]], axis=1))
        found.append(np.stack([order[first_of[bucket[follows]]], order[follows]], axis=1))
        # Small buckets: every pair.
        for gap in range(2, _SMALL_BUCKET):
            later = np.flatnonzero((rank >= gap) & (size <= _SMALL_BUCKET))
            if not len(later):
                break
            found.append(np.stack([order[later - gap], order[later]], axis=1))
    if not found:
        return np.zeros((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    pairs = np.sort(pairs, axis=1)
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    return np.unique(pairs, axis=0)


def _concentration(present: sparse.csr_matrix, signatures: np.ndarray) -> np.ndarray:
    """Per column: how consistently the texts containing it agree with one another.

    For a few signature columns, the largest set of texts containing the item that share
    one MinHash value, as a share of the others containing it ((best - 1) / (df - 1)), or
    one over (df - 1) when that is more; an item in only one text has none.
    """
    columns = present.indices.astype(np.uint64)
    owners = np.repeat(np.arange(present.shape[0]), np.diff(present.indptr))
    frequency = np.bincount(present.indices, minlength=present.shape[1])
    total = np.zeros(present.shape[1])
    for k in range(min(_CONCENTRATION_COLUMNS, signatures.shape[1])):
        key = (columns << np.uint64(32)) | signatures[owners, k].astype(np.uint64)
        values, counts = np.unique(key, return_counts=True)
        best = np.zeros(present.shape[1], dtype=np.int64)
        np.maximum.at(best, (values >> np.uint64(32)).astype(np.int64), counts)
        total += (best - 1) / np.maximum(frequency - 1, 1)
    agreement = total / min(_CONCENTRATION_COLUMNS, signatures.shape[1])
    # An item few texts share is specific to them whether or not they agree elsewhere:
    # two texts alone in sharing a phrase are as concentrated as a phrase can be.
    scarcity = np.where(frequency >= 2, 1.0 / np.maximum(frequency - 1, 1), 0.0)
    return np.maximum(agreement, scarcity)


class _Compared:
    """The texts' shingles and word pairs, with what a pair check needs."""

    def __init__(self, texts: list[Sequence[str]], settings: DuplicateSettings) -> None:
        rows = len(texts)
        owners, hashes = [], []
        for start in range(0, rows, _CHUNK):
            chunk = [" ".join(words) for words in texts[start : start + _CHUNK]]
            owner, hashed = _gram_hashes(chunk, max(settings.sample, 1))
            owners.append(owner + start)
            hashes.append(hashed)
        self.grams = _incidence(np.concatenate(owners), np.concatenate(hashes), rows)
        gram_idf = _idf(self.grams)
        self.weighted_grams = sparse.csr_matrix(self.grams.multiply(gram_idf[None, :]))
        self.gram_totals = np.asarray(self.weighted_grams.sum(axis=1)).ravel()
        self.gram_counts = np.diff(self.grams.indptr)
        self.signatures = _signatures(self.grams, settings.seed)
        self.pairs = _incidence(*_word_pair_hashes(texts), rows)
        pair_idf = _idf(self.pairs)
        concentration = _concentration(self.pairs, self.signatures)
        self.weighted_pairs = sparse.csr_matrix(self.pairs.multiply(pair_idf[None, :]))
        self.specific_pairs = sparse.csr_matrix(
            self.pairs.multiply((pair_idf * concentration).astype(np.float32)[None, :])
        )
        self.settings = settings

    def similar(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """Which pairs (left[i], right[i]) are copies of one text."""
        verdict = np.zeros(len(left), dtype=bool)
        settings = self.settings
        for start in range(0, len(left), _PAIR_BATCH):
            a = left[start : start + _PAIR_BATCH]
            b = right[start : start + _PAIR_BATCH]
            shared = np.asarray(self.weighted_grams[a].multiply(self.grams[b]).sum(axis=1)).ravel()
            total_a, total_b = self.gram_totals[a], self.gram_totals[b]
            jaccard = shared / np.maximum(total_a + total_b - shared, 1e-12)
            containment = shared / np.maximum(np.minimum(total_a, total_b), 1e-12)
            enough = np.minimum(self.gram_counts[a], self.gram_counts[b]) >= 10
            close = (jaccard >= settings.jaccard) | (enough & (containment >= settings.containment))
            shared_pairs = np.asarray(
                self.weighted_pairs[a].multiply(self.pairs[b]).sum(axis=1)
            ).ravel()
            specific = np.asarray(
                self.specific_pairs[a].multiply(self.pairs[b]).sum(axis=1)
            ).ravel()
            concentrated = specific >= settings.specificity * np.maximum(shared_pairs, 1e-12)
            verdict[start : start + _PAIR_BATCH] = close & concentrated
        return verdict


def _stars(
    members: list[int], neighbours: dict[int, set[int]], compared: _Compared
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
        reach = sorted(
            {n for member in star[1:] for n in neighbours.get(member, ()) if n in remaining}
        )
        if reach:
            others = np.asarray(reach, dtype=np.int64)
            close = compared.similar(np.full(len(others), centre, dtype=np.int64), others)
            joined = others[close].tolist()
            remaining.difference_update(joined)
            star.extend(joined)
        stars.append(sorted(star))
    return stars


def _near_groups(
    distinct: list[int], words: list[Sequence[str]], settings: DuplicateSettings
) -> tuple[list[list[int]], dict[int, int]]:
    """Groups of near copies among ``distinct`` (record positions) and each record's degree."""
    if len(distinct) < 2:
        return [[i] for i in distinct], {}
    compared = _Compared([words[i] for i in distinct], settings)
    candidates = _candidate_pairs(compared.signatures)
    confirmed = candidates[compared.similar(candidates[:, 0], candidates[:, 1])]
    size = len(distinct)
    graph = sparse.csr_matrix(
        (np.ones(len(confirmed)), (confirmed[:, 0], confirmed[:, 1])), shape=(size, size)
    )
    _count, label = connected_components(graph, directed=False)
    neighbours: dict[int, set[int]] = defaultdict(set)
    for a, b in confirmed.tolist():
        neighbours[a].add(b)
        neighbours[b].add(a)
    components: dict[int, list[int]] = defaultdict(list)
    for k in range(size):
        components[int(label[k])].append(k)
    groups: list[list[int]] = []
    for members in components.values():
        if len(members) == 1:
            groups.append(members)
        else:
            groups.extend(_stars(members, neighbours, compared))
    degree = {distinct[k]: len(n) for k, n in neighbours.items()}
    return [[distinct[k] for k in group] for group in groups], degree


def find_duplicates(
    ids: Sequence[str],
    words: Iterable[Sequence[str]],
    settings: DuplicateSettings | None = None,
    corrections: Corrections | None = None,
) -> DuplicateResult:
    """Duplicate links and campaigns for records given in a stable order."""
    settings = settings or DuplicateSettings()
    corrections = corrections or Corrections()
    words = [list(tokens) for tokens in words]
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
    groups, degree = _near_groups(distinct, words, settings)
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
        members = sorted({index_of[m] for m in marked_group if m in index_of} - taken)
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
        longest = max((len(words[m]) for m in eligible), default=0)
        if len(eligible) >= settings.campaign_min_size and longest >= MIN_WORDS_FOR_CAMPAIGN:
            add_campaign(eligible, False)
            for m in group:
                if m not in eligible:
                    duplicate_of[ids[m]] = ids[exact_of.get(m, eligible[0])]
        else:
            for m in group[1:]:
                duplicate_of[ids[m]] = ids[group[0]]
    return DuplicateResult(
        duplicate_of=_to_roots(duplicate_of), campaigns=campaigns, campaign_of=campaign_of
    )


def _to_roots(links: dict[str, str]) -> dict[str, str]:
    """Every link points at the first text of its chain, a record that links nowhere."""
    resolved: dict[str, str] = {}
    for record_id in links:
        target, seen = links[record_id], {record_id}
        while target in links and target not in seen:
            seen.add(target)
            target = links[target]
        if target != record_id and target not in links:
            resolved[record_id] = target
    return resolved
