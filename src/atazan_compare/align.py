"""Alignment of two versions of a text, article by article.

The evidence is used strongest first, and each article is paired once:

1. the permanent ``uid``, when it is unique on both sides;
2. the same text (after whitespace normalisation), so a renumbered or moved
   article is found even when the two texts were imported independently;
3. splits and merges, from how much of one article is drawn from another;
4. text similarity for the rest, with an optimal one-to-one assignment;
5. place: articles left between the same two paired neighbours on both sides
   are paired in order when they still share some text;
6. what is left is deleted (base side) or added (new side).

Sections are then matched (uid, heading, or the articles they share), and
each one-to-one pair is classified as identical, renumbered, moved or
modified. Thresholds and their reasons are in docs/comparison.md.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from atazan_compare.figures import compute_figures
from atazan_compare.redline import diff_lines, whole
from atazan_compare.result import (
    ArticleRef,
    Comparison,
    Pair,
    PreambleChange,
    Relation,
    SectionRef,
)
from atazan_compare.text import JOINERS, TOKEN_RE, features, normalise_lines, provision_lines, words
from atazan_texts.model import Document, Provision, eid_num

#: One-to-one pairing by similarity needs at least this score...
MATCH_THRESHOLD = 0.5
#: ...or this much when the article keeps its number (rewritten in place).
IN_PLACE_THRESHOLD = 0.3
#: A part of a split (or merge) draws at least this share of its text from the whole.
PART_DRAWN_THRESHOLD = 0.6
#: Each part adds at least this share of the whole not already covered by the others.
PART_PIECE_THRESHOLD = 0.15
#: The parts together cover at least this share of the whole.
COVER_THRESHOLD = 0.6
#: Between two already paired neighbours, the articles left over are paired
#: in order when they share at least this much: their place is evidence too.
NEIGHBOUR_THRESHOLD = 0.2
#: Sections are matched when their articles or headings agree this much.
SECTION_THRESHOLD = 0.5

THRESHOLDS: dict[str, float] = {
    "match": MATCH_THRESHOLD,
    "in_place": IN_PLACE_THRESHOLD,
    "neighbour": NEIGHBOUR_THRESHOLD,
    "part_drawn": PART_DRAWN_THRESHOLD,
    "part_piece": PART_PIECE_THRESHOLD,
    "cover": COVER_THRESHOLD,
    "section": SECTION_THRESHOLD,
}


@dataclass(eq=False)
class _Article:
    index: int
    ref: ArticleRef
    num_key: str
    group: int | None
    lines: list[str]
    text: str
    words: int
    letters: int
    feats: dict[str, int]
    rel_pos: float
    weight: float = 0.0


@dataclass
class _Side:
    doc: Document
    sections: list[SectionRef]
    articles: list[_Article]


@dataclass(eq=False)
class _Match:
    relation: Relation | None
    old: list[_Article]
    new: list[_Article]
    score: float
    matched_by: str


def _group_nodes(doc: Document) -> tuple[str, list[Provision]]:
    """The divisions whose identity decides whether an article moved."""
    sections = [p for p in doc.children if p.kind == "section"]
    if sections:
        return "section", sections
    return "chapter", [p for p in doc.children if p.kind == "chapter"]


def _build_side(doc: Document) -> _Side:
    kind, nodes = _group_nodes(doc)
    node_index = {id(node): i for i, node in enumerate(nodes)}
    eids: dict[int, str] = {}
    counts = [0] * len(nodes)
    located_articles = []
    for loc in doc.located():
        if id(loc.provision) in node_index:
            eids[id(loc.provision)] = loc.eid
        if loc.provision.kind == "article":
            holder = loc.section if kind == "section" else loc.chapter
            group = node_index.get(id(holder)) if holder is not None else None
            if group is not None:
                counts[group] += 1
            located_articles.append((loc, group))
    sections = [
        SectionRef(
            index=i,
            kind=kind,
            num=node.num,
            heading=" ".join(normalise_lines(node.heading)),
            eid=eids.get(id(node), ""),
            uid=node.uid,
            articles=counts[i],
        )
        for i, node in enumerate(nodes)
    ]
    articles: list[_Article] = []
    last = max(1, len(located_articles) - 1)
    for index, (loc, group) in enumerate(located_articles):
        art = loc.provision
        lines = provision_lines(art)
        text = "\n".join(lines)
        word_list = [w for w in TOKEN_RE.findall(text) if w]
        ref = ArticleRef(
            index=index,
            num=art.num,
            eid=loc.eid,
            uid=art.uid,
            section=sections[group] if group is not None else None,
        )
        articles.append(
            _Article(
                index=index,
                ref=ref,
                num_key=eid_num("article", art.num),
                group=group,
                lines=lines,
                text=text,
                words=len(word_list),
                letters=len("".join(word_list).translate(JOINERS)),
                feats=features(word_list),
                rel_pos=index / last,
            )
        )
    return _Side(doc=doc, sections=sections, articles=articles)


class _Weights:
    """Inverse document frequency of features over the articles of both sides.

    A word found in every article (``the``, ``и``, ``және``) says little about
    which articles correspond; a rare phrase says a lot. Weighting by rarity
    keeps the measure language-neutral, with no stop-word lists.
    """

    def __init__(self, articles: Sequence[_Article]) -> None:
        df: dict[str, int] = {}
        for art in articles:
            for feat in art.feats:
                df[feat] = df.get(feat, 0) + 1
        total = max(1, len(articles))
        self.df = df
        self._shared: dict[tuple[int, int], float] = {}
        self.weight = {feat: math.log(1.0 + total / count) for feat, count in df.items()}
        for art in articles:
            art.weight = self.mass(art.feats)

    def mass(self, feats: dict[str, int]) -> float:
        weight = self.weight
        return math.fsum(count * weight[feat] for feat, count in feats.items())

    def overlap(self, a: dict[str, int], b: dict[str, int]) -> float:
        """Weight of the features two articles share (counted as often as both have them).

        ``fsum`` is exact, so the result does not depend on the (hash-seeded)
        order in which the shared features are visited.
        """
        weight = self.weight
        return math.fsum((a[f] if a[f] < b[f] else b[f]) * weight[f] for f in a.keys() & b.keys())

    def shared(self, old: _Article, new: _Article) -> float:
        """``overlap`` of a base and a new article, remembered across phases."""
        key = (old.index, new.index)
        value = self._shared.get(key)
        if value is None:
            value = self._shared[key] = self.overlap(old.feats, new.feats)
        return value

    def similarity(self, old: _Article, new: _Article) -> float:
        """Weighted Dice coefficient of the two articles' features, 0..1."""
        if old.text == new.text:
            return 1.0
        mass = old.weight + new.weight
        if mass <= 0.0:
            return 0.0
        return min(1.0, 2.0 * self.shared(old, new) / mass)

    def coverage(self, whole_: _Article, parts: Iterable[_Article]) -> float:
        """Share of ``whole_``'s weight found in the parts taken together."""
        if whole_.weight <= 0.0:
            return 0.0
        pooled: dict[str, int] = {}
        for part in parts:
            for feat, count in part.feats.items():
                if feat in whole_.feats:
                    pooled[feat] = pooled.get(feat, 0) + count
        return min(1.0, self.overlap(whole_.feats, pooled) / whole_.weight)


def _candidates(
    olds: Sequence[_Article], news: Sequence[_Article], weights: _Weights, total: int
) -> list[tuple[_Article, _Article]]:
    """Pairs worth scoring: they share a rare feature, or the article number.

    Scoring every pair would be quadratic in feature work; articles that
    share no rare word or phrase cannot reach the thresholds anyway.
    """
    rare_limit = max(4, total // 10)
    by_feat: dict[str, list[_Article]] = {}
    for art in olds:
        for feat in art.feats:
            if weights.df.get(feat, 0) <= rare_limit:
                by_feat.setdefault(feat, []).append(art)
    by_num: dict[str, list[_Article]] = {}
    for art in olds:
        by_num.setdefault(art.num_key, []).append(art)
    seen: set[tuple[int, int]] = set()
    out: list[tuple[_Article, _Article]] = []
    for new in news:
        found: list[_Article] = []
        for feat in new.feats:
            found.extend(by_feat.get(feat, ()))
        found.extend(by_num.get(new.num_key, ()))
        for old in found:
            key = (old.index, new.index)
            if key not in seen:
                seen.add(key)
                out.append((old, new))
    out.sort(key=lambda pair: (pair[0].index, pair[1].index))
    return out


def _hungarian(cost: list[list[float]]) -> list[int]:
    """Minimum-cost assignment of rows to columns (rows <= columns).

    Returns, for each row, its column. The classic potentials method,
    O(rows^2 * columns); components here are small.
    """
    n = len(cost)
    m = len(cost[0]) if n else 0
    inf = float("inf")
    u = [0.0] * (n + 1)
    v = [0.0] * (m + 1)
    p = [0] * (m + 1)
    way = [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0 = p[j0]
            delta = inf
            j1 = 0
            row = cost[i0 - 1]
            for j in range(1, m + 1):
                if not used[j]:
                    cur = row[j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j] = cur
                        way[j] = j0
                    if minv[j] < delta:
                        delta = minv[j]
                        j1 = j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


def _assign(
    edges: list[tuple[_Article, _Article, float]],
) -> list[tuple[_Article, _Article, float]]:
    """The set of one-to-one pairs with the greatest total score.

    Solved per connected component of the candidate graph; a component with a
    single edge (by far the most common) needs no solver.
    """
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for old, new, _ in edges:
        for node in ((0, old.index), (1, new.index)):
            parent.setdefault(node, node)
        ra, rb = find((0, old.index)), find((1, new.index))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    components: dict[tuple[int, int], list[tuple[_Article, _Article, float]]] = {}
    for edge in edges:
        components.setdefault(find((0, edge[0].index)), []).append(edge)
    chosen: list[tuple[_Article, _Article, float]] = []
    for _, group in sorted(components.items()):
        if len(group) == 1:
            chosen.extend(group)
            continue
        rows = sorted({e[0].index for e in group})
        cols = sorted({e[1].index for e in group})
        transpose = len(rows) > len(cols)
        if transpose:
            rows, cols = cols, rows
        row_at = {r: i for i, r in enumerate(rows)}
        col_at = {c: i for i, c in enumerate(cols)}
        cost = [[0.0] * len(cols) for _ in rows]
        by_cell: dict[tuple[int, int], tuple[_Article, _Article, float]] = {}
        for edge in group:
            r, c = edge[0].index, edge[1].index
            if transpose:
                r, c = c, r
            cell = (row_at[r], col_at[c])
            cost[cell[0]][cell[1]] = -edge[2]
            by_cell[cell] = edge
        for r, c in enumerate(_hungarian(cost)):
            if (r, c) in by_cell:
                chosen.append(by_cell[(r, c)])
    chosen.sort(key=lambda e: (e[0].index, e[1].index))
    return chosen


def _increasing_chain(links: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of links increasing on both sides (links sorted by old).

    Moved articles break the order; the chain keeps the pairs that still
    stand in sequence, which are the trustworthy neighbours.
    """
    tails: list[int] = []
    tail_at: list[int] = []
    before: list[int] = [-1] * len(links)
    for k, (_, new) in enumerate(links):
        pos = bisect_left(tails, new)
        if pos == len(tails):
            tails.append(new)
            tail_at.append(k)
        else:
            tails[pos] = new
            tail_at[pos] = k
        before[k] = tail_at[pos - 1] if pos else -1
    chain: list[tuple[int, int]] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(links[k])
        k = before[k]
    chain.reverse()
    # Several links of one split or merge share an old (or new) index; keep
    # the chain strictly increasing on both sides.
    strict: list[tuple[int, int]] = []
    for link in chain:
        if not strict or (link[0] > strict[-1][0] and link[1] > strict[-1][1]):
            strict.append(link)
    return strict


def _monotone_pairs(scores: list[list[float]], threshold: float) -> list[tuple[int, int]]:
    """Pairs in order on both sides with the greatest total score above ``threshold``."""
    rows = len(scores)
    cols = len(scores[0]) if rows else 0
    best = [[0.0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows - 1, -1, -1):
        for j in range(cols - 1, -1, -1):
            value = max(best[i + 1][j], best[i][j + 1])
            if scores[i][j] >= threshold:
                value = max(value, scores[i][j] + best[i + 1][j + 1])
            best[i][j] = value
    out: list[tuple[int, int]] = []
    i = j = 0
    while i < rows and j < cols:
        if scores[i][j] >= threshold and best[i][j] == scores[i][j] + best[i + 1][j + 1]:
            out.append((i, j))
            i += 1
            j += 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return out


class _Aligner:
    def __init__(self, base: _Side, new: _Side) -> None:
        self.base = base
        self.new = new
        self.weights = _Weights([*base.articles, *new.articles])
        self.total = len(base.articles) + len(new.articles)
        self.old_taken: dict[int, _Match] = {}
        self.new_taken: dict[int, _Match] = {}
        self.matches: list[_Match] = []

    def _take(self, match: _Match) -> None:
        self.matches.append(match)
        for art in match.old:
            self.old_taken[art.index] = match
        for art in match.new:
            self.new_taken[art.index] = match

    def _release(self, match: _Match) -> None:
        self.matches = [m for m in self.matches if m is not match]
        for art in match.old:
            del self.old_taken[art.index]
        for art in match.new:
            del self.new_taken[art.index]

    def free_old(self) -> list[_Article]:
        return [a for a in self.base.articles if a.index not in self.old_taken]

    def free_new(self) -> list[_Article]:
        return [a for a in self.new.articles if a.index not in self.new_taken]

    # 1. permanent identity ---------------------------------------------------
    def by_uid(self) -> None:
        def unique(arts: list[_Article]) -> dict[str, _Article]:
            seen: dict[str, list[_Article]] = {}
            for art in arts:
                if art.ref.uid:
                    seen.setdefault(art.ref.uid, []).append(art)
            return {uid: found[0] for uid, found in seen.items() if len(found) == 1}

        new_by_uid = unique(self.new.articles)
        for uid, old in unique(self.base.articles).items():
            new = new_by_uid.get(uid)
            if new is not None:
                score = self.weights.similarity(old, new)
                self._take(_Match(None, [old], [new], score, "uid"))

    # 2. same text --------------------------------------------------------------
    def by_text(self) -> None:
        new_by_text: dict[str, list[_Article]] = {}
        for art in self.free_new():
            new_by_text.setdefault(art.text, []).append(art)
        old_by_text: dict[str, list[_Article]] = {}
        for art in self.free_old():
            if art.text in new_by_text:
                old_by_text.setdefault(art.text, []).append(art)
        for text, olds in old_by_text.items():
            options = sorted(
                ((o, n) for o in olds for n in new_by_text[text]),
                key=lambda p: (
                    p[0].num_key != p[1].num_key,
                    abs(p[0].rel_pos - p[1].rel_pos),
                    p[0].index,
                    p[1].index,
                ),
            )
            for old, new in options:
                if old.index in self.old_taken or new.index in self.new_taken:
                    continue
                self._take(_Match(None, [old], [new], 1.0, "text"))

    # 3. splits and merges ------------------------------------------------------
    def splits_and_merges(self) -> None:
        uid_changed = [
            m for m in self.matches if m.matched_by == "uid" and m.old[0].text != m.new[0].text
        ]
        uid_old = {m.old[0].index: m for m in uid_changed}
        uid_new = {m.new[0].index: m for m in uid_changed}
        pool_old = [
            a for a in self.base.articles if a.index not in self.old_taken or a.index in uid_old
        ]
        pool_new = [
            a for a in self.new.articles if a.index not in self.new_taken or a.index in uid_new
        ]
        if not pool_old or not pool_new:
            return
        overlap: dict[tuple[int, int], float] = {}
        for old, new in _candidates(pool_old, pool_new, self.weights, self.total):
            value = self.weights.shared(old, new)
            if value > 0.0:
                overlap[(old.index, new.index)] = value

        def partner_ok(
            a: _Article, b: _Article, uid_map: dict[int, _Match], other_side: int
        ) -> bool:
            """A part is free, or already tied to the whole by uid."""
            match = uid_map.get(b.index)
            if match is None:
                return True
            tied = match.old[0] if other_side == 0 else match.new[0]
            return tied.index == a.index

        proposals: list[_Match] = []
        for kind in ("split", "merge"):
            wholes = pool_old if kind == "split" else pool_new
            parts_pool = pool_new if kind == "split" else pool_old
            part_uid = uid_new if kind == "split" else uid_old
            whole_uid = uid_old if kind == "split" else uid_new

            def shared(w: _Article, p: _Article, kind: str = kind) -> float:
                key = (w.index, p.index) if kind == "split" else (p.index, w.index)
                return overlap.get(key, 0.0)

            # Where does each part draw most of its text from?
            best_source: dict[int, int] = {}
            for part in parts_pool:
                if part.weight <= 0.0:
                    continue
                best_value, best_index = 0.0, -1
                for candidate in wholes:
                    value = shared(candidate, part)
                    if value > best_value:
                        best_value, best_index = value, candidate.index
                if best_index >= 0:
                    best_source[part.index] = best_index
            for whole_ in wholes:
                if whole_.weight <= 0.0:
                    continue
                ranked = sorted(
                    (
                        (-shared(whole_, p), p.index, p)
                        for p in parts_pool
                        if best_source.get(p.index) == whole_.index
                        and shared(whole_, p) / p.weight >= PART_DRAWN_THRESHOLD
                        and partner_ok(whole_, p, part_uid, 0 if kind == "split" else 1)
                    ),
                    key=lambda item: (item[0], item[1]),
                )
                if len(ranked) < 2:
                    continue
                chosen: list[_Article] = []
                covered = 0.0
                for _, _, part in ranked:
                    cover = self.weights.coverage(whole_, [*chosen, part])
                    if cover - covered >= PART_PIECE_THRESHOLD:
                        chosen.append(part)
                        covered = cover
                if len(chosen) < 2 or covered < COVER_THRESHOLD:
                    continue
                tied = whole_uid.get(whole_.index)
                if tied is not None:
                    partner = tied.new[0] if kind == "split" else tied.old[0]
                    if all(p.index != partner.index for p in chosen):
                        continue
                chosen.sort(key=lambda p: p.index)
                if kind == "split":
                    proposals.append(_Match("split", [whole_], chosen, covered, "split"))
                else:
                    proposals.append(_Match("merged", chosen, [whole_], covered, "merge"))
        proposals.sort(key=lambda m: (-m.score, m.old[0].index, m.new[0].index))
        for proposal in proposals:
            involved = [(0, a) for a in proposal.old] + [(1, a) for a in proposal.new]
            blocked = False
            releases: list[_Match] = []
            for side, art in involved:
                taken = (self.old_taken if side == 0 else self.new_taken).get(art.index)
                if taken is None:
                    continue
                if taken.matched_by != "uid" or taken.relation is not None:
                    blocked = True
                    break
                releases.append(taken)
            if blocked:
                continue
            for match in releases:
                if any(m is match for m in self.matches):
                    self._release(match)
            self._take(proposal)

    # 4. similarity -------------------------------------------------------------
    def by_similarity(self) -> None:
        olds, news = self.free_old(), self.free_new()
        if not olds or not news:
            return
        edges: list[tuple[_Article, _Article, float]] = []
        for old, new in _candidates(olds, news, self.weights, self.total):
            score = self.weights.similarity(old, new)
            in_place = old.num_key == new.num_key
            if score >= MATCH_THRESHOLD or (in_place and score >= IN_PLACE_THRESHOLD):
                # Tiny preferences break ties deterministically: the same
                # number, then the nearer relative position.
                bonus = 1e-3 * in_place + 1e-4 * (1.0 - abs(old.rel_pos - new.rel_pos))
                edges.append((old, new, score + bonus))
        for old, new, _ in _assign(edges):
            self._take(_Match(None, [old], [new], self.weights.similarity(old, new), "similarity"))

    # 5. place between paired neighbours ----------------------------------------
    def by_neighbours(self) -> None:
        links = sorted((o.index, n.index) for m in self.matches for o in m.old for n in m.new)
        anchors = [
            (-1, -1),
            *_increasing_chain(links),
            (len(self.base.articles), len(self.new.articles)),
        ]
        free_old = self.free_old()
        free_new = self.free_new()
        if not free_old or not free_new:
            return
        candidates = set()
        for old, new in _candidates(free_old, free_new, self.weights, self.total):
            candidates.add((old.index, new.index))
        for (a1, b1), (a2, b2) in zip(anchors, anchors[1:], strict=False):
            olds = [a for a in free_old if a1 < a.index < a2]
            news = [a for a in free_new if b1 < a.index < b2]
            if not olds or not news:
                continue
            scores = [
                [
                    self.weights.similarity(o, n) if (o.index, n.index) in candidates else 0.0
                    for n in news
                ]
                for o in olds
            ]
            for i, j in _monotone_pairs(scores, NEIGHBOUR_THRESHOLD):
                self._take(_Match(None, [olds[i]], [news[j]], scores[i][j], "position"))

    # 6. the rest ---------------------------------------------------------------
    def leftovers(self) -> None:
        for art in self.free_old():
            self._take(_Match("deleted", [art], [], 0.0, ""))
        for art in self.free_new():
            self._take(_Match("added", [], [art], 0.0, ""))

    def run(self) -> list[_Match]:
        self.by_uid()
        self.by_text()
        self.splits_and_merges()
        self.by_similarity()
        self.by_neighbours()
        self.leftovers()
        return self.matches


def _heading_similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    fa, fb = features(words(a)), features(words(b))
    common = sum(min(c, fb.get(f, 0)) for f, c in fa.items())
    total = sum(fa.values()) + sum(fb.values())
    return 2.0 * common / total if total else 0.0


def _match_sections(base: _Side, new: _Side, matches: Sequence[_Match]) -> dict[int, int]:
    """Which base section became which new section, by identity not number."""
    mapping: dict[int, int] = {}
    taken_new: set[int] = set()

    def take(old: int, new_: int) -> None:
        mapping[old] = new_
        taken_new.add(new_)

    old_uids: dict[str, list[int]] = {}
    for s in base.sections:
        if s.uid:
            old_uids.setdefault(s.uid, []).append(s.index)
    new_uids: dict[str, list[int]] = {}
    for s in new.sections:
        if s.uid:
            new_uids.setdefault(s.uid, []).append(s.index)
    for uid, olds in old_uids.items():
        news = new_uids.get(uid, [])
        if len(olds) == 1 and len(news) == 1:
            take(olds[0], news[0])

    links: dict[tuple[int, int], int] = {}
    for match in matches:
        for o in match.old:
            for n in match.new:
                if o.group is not None and n.group is not None:
                    key = (o.group, n.group)
                    links[key] = links.get(key, 0) + 1
    options: list[tuple[float, bool, float, int, int]] = []
    last_old = max(1, len(base.sections) - 1)
    last_new = max(1, len(new.sections) - 1)
    for so in base.sections:
        if so.index in mapping:
            continue
        for sn in new.sections:
            if sn.index in taken_new:
                continue
            size = so.articles + sn.articles
            shared = 2.0 * links.get((so.index, sn.index), 0) / size if size else 0.0
            score = max(shared, _heading_similarity(so.heading.casefold(), sn.heading.casefold()))
            if score >= SECTION_THRESHOLD:
                distance = abs(so.index / last_old - sn.index / last_new)
                options.append((-score, so.num != sn.num, distance, so.index, sn.index))
    for _, _, _, oi, ni in sorted(options):
        if oi not in mapping and ni not in taken_new:
            take(oi, ni)
    # Last resort for sections that hold no articles: the same number and title.
    for so in base.sections:
        if so.index in mapping:
            continue
        for sn in new.sections:
            if sn.index not in taken_new and (so.num, so.heading) == (sn.num, sn.heading):
                take(so.index, sn.index)
                break
    return mapping


def _spread(
    changes: Sequence[tuple[int, int]], arts: Sequence[_Article]
) -> tuple[list[int], list[int]]:
    """Changed words and their letters, per article of a side joined by line breaks."""
    words_ = [0] * len(arts)
    letters = [0] * len(arts)
    if not changes:
        return words_, letters
    bounds: list[int] = []
    offset = 0
    for art in arts:
        offset += len(art.text) + 1
        bounds.append(offset)
    k = 0
    for start, count in changes:
        while start >= bounds[k]:
            k += 1
        words_[k] += 1
        letters[k] += count
    return words_, letters


def _finish(match: _Match, section_map: dict[int, int]) -> Pair:
    olds, news = match.old, match.new
    relation: Relation
    renumbered = False
    if match.relation == "deleted":
        relation, diff = "deleted", whole("delete", olds[0].lines)
        text_changed = True
    elif match.relation == "added":
        relation, diff = "added", whole("insert", news[0].lines)
        text_changed = True
    else:
        old_lines = [line for art in olds for line in art.lines]
        new_lines = [line for art in news for line in art.lines]
        diff = diff_lines(old_lines, new_lines)
        text_changed = "\n".join(old_lines) != "\n".join(new_lines)
        if match.relation is not None:
            relation = match.relation
        else:
            old, new = olds[0], news[0]
            renumbered = old.num_key != new.num_key
            if old.group is None or new.group is None:
                same_place = old.group is None and new.group is None
            else:
                same_place = section_map.get(old.group) == new.group
            if not same_place:
                relation = "moved"
            elif text_changed:
                relation = "modified"
            else:
                relation = "renumbered" if renumbered else "identical"
    changed, chars_changed = _spread(diff.deleted_words, olds)
    added, _ = _spread(diff.inserted_words, news)
    return Pair(
        relation=relation,
        old=tuple(a.ref for a in olds),
        new=tuple(a.ref for a in news),
        similarity=round(match.score, 4),
        text_changed=text_changed,
        renumbered=renumbered,
        matched_by=match.matched_by,
        diff=diff,
        old_words=tuple(a.words for a in olds),
        old_words_changed=tuple(changed),
        old_chars=tuple(a.letters for a in olds),
        old_chars_changed=tuple(chars_changed),
        new_words=tuple(a.words for a in news),
        new_words_added=tuple(added),
    )


def _order(pairs: list[Pair]) -> list[Pair]:
    """Pairs in the new text's order; a deleted article follows the article before it.

    Moved articles are out of sequence by definition, so a deletion is placed
    after the nearest earlier base article that was not moved.
    """
    placed: dict[int, int] = {}
    for pair in pairs:
        if pair.new and pair.relation != "moved":
            anchor = min(ref.index for ref in pair.new)
            for ref in pair.old:
                placed[ref.index] = anchor
    n_old = 1 + max((ref.index for p in pairs for ref in p.old), default=-1)
    preceding: list[int] = [-1] * n_old
    last = -1
    for index in range(n_old):
        preceding[index] = last
        last = placed.get(index, last)

    def key(pair: Pair) -> tuple[int, int, int]:
        if pair.new:
            return (min(ref.index for ref in pair.new), 0, 0)
        old_index = pair.old[0].index
        return (preceding[old_index], 1, old_index)

    return sorted(pairs, key=key)


def _preamble_lines(doc: Document) -> list[str] | None:
    found = [p for p in doc.children if p.kind == "preamble"]
    if not found:
        return None
    return [line for p in found for line in provision_lines(p)]


def _compare_preamble(base: Document, new: Document) -> PreambleChange | None:
    old_lines, new_lines = _preamble_lines(base), _preamble_lines(new)
    if old_lines is None and new_lines is None:
        return None
    if old_lines is None:
        diff = whole("insert", new_lines or [])
        return PreambleChange("added", diff, 0, len(diff.inserted_words))
    if new_lines is None:
        diff = whole("delete", old_lines)
        return PreambleChange("deleted", diff, len(diff.deleted_words), 0)
    diff = diff_lines(old_lines, new_lines)
    relation: Literal["identical", "modified"] = (
        "identical" if old_lines == new_lines else "modified"
    )
    return PreambleChange(relation, diff, len(diff.deleted_words), len(diff.inserted_words))


def compare(base: Document, new: Document) -> Comparison:
    """Align two versions of one text in one language, and measure the change.

    Pure and deterministic: the same two documents always give the same pairs,
    redlines and figures.
    """
    if base.language and new.language and base.language != new.language:
        raise ValueError(
            f"compare two texts in the same language, not {base.language!r} and {new.language!r}"
        )
    base_side = _build_side(base)
    new_side = _build_side(new)
    matches = _Aligner(base_side, new_side).run()
    section_map = _match_sections(base_side, new_side, matches)
    pairs = _order([_finish(m, section_map) for m in matches])
    base_sections = tuple(base_side.sections)
    new_sections = tuple(new_side.sections)
    figures, sections = compute_figures(pairs, base_sections, new_sections, section_map)
    return Comparison(
        base=base,
        new=new,
        pairs=pairs,
        base_sections=base_sections,
        new_sections=new_sections,
        section_map=section_map,
        figures=figures,
        sections=sections,
        preamble=_compare_preamble(base, new),
        thresholds=dict(THRESHOLDS),
    )
