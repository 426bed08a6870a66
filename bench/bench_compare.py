"""Benchmark of atazan_compare on two synthetic 100-article versions.

Builds a base text and a revised draft deterministically from a seed (edits,
renumbering, moves between sections, splits, merges, deletions, additions;
the two versions share no uids, as with two independent imports), times
``compare()`` over several runs, prints the median time, the figures, how
many base articles got the relation the generator intended, and the ratio
against a naive baseline measured in the same process: one difflib
comparison of the two whole texts as word lists.

Run: .venv/bin/python bench/bench_compare.py
"""

from __future__ import annotations

import importlib
import random
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atazan_compare import compare, summary_text  # noqa: E402
from atazan_texts.model import Document, Provision  # noqa: E402

SEED = 1998
RUNS = 7


def _vocab(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


_NOUNS = _vocab(
    "state citizen law court parliament president government right freedom duty "
    "property land language region election referendum judge prosecutor budget "
    "council office term decree constitution person child family labour health "
    "education territory border army security treaty minister commission procedure "
    "authority power people republic assembly deputy senate chamber session"
)
_VERBS = _vocab(
    "guarantees protects establishes determines exercises adopts appoints dismisses "
    "ensures regulates recognises secures limits approves submits considers"
)
_ADJS = _vocab(
    "public local national independent secular democratic social legal equal free "
    "official constitutional supreme judicial executive legislative private"
)
_FILL = _vocab("the the the of of of and and in by to for with a shall may be is")
_HEADINGS = _vocab(
    "General Provisions|The Individual and the Citizen|The President|Parliament|"
    "The Government|The Constitutional Court|Courts and Justice|Local Government|"
    "Final and Transitional Provisions",
    "|",
)


def _sentence(rng: random.Random) -> str:
    """A legal-sounding sentence; common words repeat as they do in real texts."""
    length = rng.randint(8, 24)
    out: list[str] = []
    for _ in range(length):
        roll = rng.random()
        if roll < 0.40:
            out.append(rng.choice(_FILL))
        elif roll < 0.70:
            out.append(rng.choice(_NOUNS))
        elif roll < 0.85:
            out.append(rng.choice(_ADJS))
        else:
            out.append(rng.choice(_VERBS))
        if rng.random() < 0.06:
            out[-1] += ","
    text = " ".join(out).rstrip(",")
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))


def _edit(rng: random.Random, text: str, amount: int) -> str:
    """Replace, insert or delete a few words, as a drafting committee would."""
    words = text.split(" ")
    for _ in range(amount):
        kind = rng.random()
        at = rng.randrange(len(words))
        if kind < 0.5:
            words[at] = rng.choice(_NOUNS + _ADJS)
        elif kind < 0.8:
            words.insert(at, rng.choice(_ADJS))
        elif len(words) > 4:
            del words[at]
    return " ".join(words)


@dataclass(eq=False)
class _Art:
    key: int
    paragraphs: list[str]
    expected: str = "identical"
    source: list[int] = field(default_factory=list)


def build_versions(
    seed: int = SEED, articles: int = 100, sections: int = 9, edited: int = 20, rewrite: float = 0.0
) -> tuple[Document, Document, dict[int, str]]:
    """The base, the draft, and the relation intended for each base article.

    ``edited`` articles get word-level edits; ``rewrite`` is the chance that
    an edited paragraph is instead rewritten from scratch (a heavy redraft).
    """
    rng = random.Random(seed)
    base_secs: list[list[_Art]] = [[] for _ in range(sections)]
    for key in range(articles):
        art = _Art(key, [_paragraph(rng) for _ in range(rng.randint(1, 4))])
        base_secs[min(sections - 1, key * sections // articles)].append(art)
    expected: dict[int, str] = {}

    new_secs: list[list[_Art]] = [[_Art(a.key, list(a.paragraphs)) for a in s] for s in base_secs]
    flat = [a for s in new_secs for a in s]
    by_key = {a.key: a for a in flat}
    original = {a.key: list(a.paragraphs) for a in flat}
    divisible = [a.key for a in flat if len(a.paragraphs) >= 2]
    split = rng.sample(divisible, 3)
    rest = rng.sample([k for k in range(articles) if k not in split], edited + 14)
    moved, moved_edit, merged, deleted = rest[:3], rest[3:5], rest[5:9], rest[9:14]
    for key in rest[14:]:
        art = by_key[key]
        kept = False
        for p in range(len(art.paragraphs)):
            if p and rng.random() < 0.5:
                kept = True
                continue
            if rng.random() < rewrite:
                art.paragraphs[p] = _paragraph(rng)
            else:
                art.paragraphs[p] = _edit(rng, art.paragraphs[p], rng.randint(1, 5))
                kept = True
        if rng.random() < 0.2:
            art.paragraphs.append(_paragraph(rng))
        # An article whose every paragraph was rewritten has no text left to
        # recognise it by: it is honestly a deletion and an addition.
        expected[key] = "modified" if kept else "deleted"
    for key in moved + moved_edit:
        art = by_key[key]
        home = next(s for s in new_secs if art in s)
        home.remove(art)
        target = rng.choice([s for s in new_secs if s is not home])
        target.insert(rng.randint(0, len(target)), art)
        if key in moved_edit:
            art.paragraphs[0] = _edit(rng, art.paragraphs[0], 2)
        expected[key] = "moved"
    for key in split:
        art = by_key[key]
        half = len(art.paragraphs) // 2
        tail = _Art(-1, art.paragraphs[half:], "split")
        art.paragraphs = art.paragraphs[:half]
        home = next(s for s in new_secs if art in s)
        home.insert(home.index(art) + 1, tail)
        expected[key] = "split"
    for key in merged:
        if key in expected:
            continue
        art = by_key[key]
        home = next(s for s in new_secs if art in s)
        at = home.index(art)
        if at + 1 >= len(home) or home[at + 1].key in expected or home[at + 1].key < 0:
            continue
        other = home.pop(at + 1)
        art.paragraphs.extend(other.paragraphs)
        expected[key] = expected[other.key] = "merged"
    for key in deleted:
        if key in expected:
            continue
        art = by_key[key]
        home = next(s for s in new_secs if art in s)
        home.remove(art)
        expected[key] = "deleted"
    for _ in range(5):
        target = rng.choice(new_secs)
        target.insert(rng.randint(0, len(target)), _Art(-2, [_paragraph(rng)]))
    # An edit may by chance give back the same words; then nothing changed.
    for key, rel in list(expected.items()):
        if rel == "modified" and by_key[key].paragraphs == original[key]:
            del expected[key]
    # Everything after the first change is renumbered, as in a real redraft.
    position = {a.key: i for i, a in enumerate(x for s in base_secs for x in s)}
    new_position = {a.key: i for i, a in enumerate(x for s in new_secs for x in s) if a.key >= 0}
    for key in range(articles):
        if key not in expected and key in new_position and new_position[key] != position[key]:
            expected[key] = "renumbered"
        expected.setdefault(key, "identical")

    def document(secs: list[list[_Art]], version: str) -> Document:
        counter = 0
        children = []
        for index, arts in enumerate(secs):
            provisions = []
            for art in arts:
                counter += 1
                paragraphs = [
                    Provision(kind="paragraph", num=str(i), text=text)
                    for i, text in enumerate(art.paragraphs, 1)
                ]
                if len(paragraphs) == 1:
                    provisions.append(
                        Provision(kind="article", num=str(counter), text=art.paragraphs[0])
                    )
                else:
                    provisions.append(
                        Provision(kind="article", num=str(counter), children=paragraphs)
                    )
            children.append(
                Provision(
                    kind="section",
                    num=_roman(index + 1),
                    heading=_HEADINGS[index % len(_HEADINGS)],
                    children=provisions,
                )
            )
        return Document(
            title="Synthetic constitution", language="en", version=version, children=children
        )

    return document(base_secs, "base"), document(new_secs, "draft"), expected


def _roman(value: int) -> str:
    numerals = ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = ""
    for number, letters in numerals:
        while value >= number:
            out += letters
            value -= number
    return out


def _median_seconds(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _plain_words(doc: Document) -> list[str]:
    return " ".join(p.text for p in doc.walk() if p.text).split()


def _naive(base: Document, new: Document) -> float:
    return SequenceMatcher(None, _plain_words(base), _plain_words(new)).ratio()


def _naive_share(base: Document, new: Document) -> float:
    """Share of base words a whole-text diff reports as changed (moves count twice)."""
    old = _plain_words(base)
    matcher = SequenceMatcher(None, old, _plain_words(new))
    kept = sum(block.size for block in matcher.get_matching_blocks())
    return 1 - kept / len(old) if old else 0.0


def _report(label: str, base: Document, new: Document, expected: dict[int, str] | None) -> None:
    result = compare(base, new)
    took = _median_seconds(lambda: compare(base, new))
    baseline = _median_seconds(lambda: _naive(base, new))
    f = result.figures
    print(f"== {label}")
    print(f"articles: {f.articles_total} -> {f.articles_new_total}")
    print(f"compare() median of {RUNS}: {took * 1000:.1f} ms")
    print(f"naive difflib over whole texts: {baseline * 1000:.1f} ms; ratio {took / baseline:.2f}x")
    print(
        f"share of base words changed: {f.words_changed_share:.4f} aligned, "
        f"{_naive_share(base, new):.4f} by the naive whole-text diff"
    )
    print(summary_text(result))
    print(
        "figures: "
        + ", ".join(
            f"{name}={getattr(f, name)}"
            for name in (
                "articles_changed",
                "articles_identical",
                "articles_renumbered",
                "articles_moved",
                "articles_modified",
                "articles_split",
                "articles_merged",
                "articles_deleted",
                "articles_added",
                "sections_total",
                "sections_touched",
                "words_total",
                "words_changed",
                "words_changed_share",
                "chars_changed_share",
                "words_added",
            )
        )
    )
    if expected is not None:
        got: dict[int, str] = {}
        for pair in result.pairs:
            for ref in pair.old:
                got[ref.index] = pair.relation
        agree = sum(1 for key, rel in expected.items() if got.get(key) == rel)
        print(f"relations as intended by the generator: {agree} of {len(expected)}")
        for key in sorted(expected):
            if got.get(key) != expected[key]:
                print(f"  base article {key + 1}: intended {expected[key]}, found {got.get(key)}")


def _samples() -> None:
    """The demo's real-size texts, when they and the parser are present."""
    folder = ROOT / "src" / "atazan" / "constitution" / "samples"
    base_path = folder / "kenbel-1998.en.txt"
    draft_path = folder / "kenbel-2026-draft.en.txt"
    if not (base_path.is_file() and draft_path.is_file()):
        return
    try:
        plaintext = importlib.import_module("atazan_texts.plaintext")
    except ImportError:
        return
    parse = getattr(plaintext, "parse_plaintext", None)
    if parse is None:
        return
    documents = []
    for path in (base_path, draft_path):
        parsed = parse(path.read_text(encoding="utf-8"))
        # The parser may return the document itself or a result holding it.
        document = parsed if isinstance(parsed, Document) else getattr(parsed, "document", None)
        if not isinstance(document, Document):
            return
        documents.append(document)
    _report("Kenbel 1998 -> 2026 draft (demo texts)", documents[0], documents[1], None)


def main() -> None:
    base, draft, expected = build_versions()
    _report(f"synthetic redraft, 100 articles, seed {SEED}, no shared uids", base, draft, expected)
    base, draft, expected = build_versions(edited=70, rewrite=0.5)
    _report(
        "synthetic heavy redraft (70 articles edited, half the edits rewrites)",
        base,
        draft,
        expected,
    )
    base, draft, expected = build_versions(articles=400, sections=12, edited=80)
    _report("synthetic redraft, 400 articles (scaling)", base, draft, expected)
    _samples()


if __name__ == "__main__":
    main()
