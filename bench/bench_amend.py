"""Benchmark of atazan_amend: 500 amendments consolidated into a 100-article text in kk, ru and en.

Builds a base text deterministically from a seed (10 sections, 100 articles
of one to seven paragraphs, about a third of the paragraphs citing another
article in each language's own style) and 500 adopted, conflict-free
amendments of every kind: paragraphs reworded and renumbered, articles
inserted, moved, deleted, split and merged, sections added and renamed.
It times ``consolidate()`` with consecutive article numbering (so every
cross-reference is followed), ``find_conflicts()`` and a ``derive()`` of the
result back from the base, each the median of several runs, and compares
them with baselines measured in the same process: deep-copying the three
documents, and parsing them from plain text.

Run: .venv/bin/python bench/bench_amend.py
"""

from __future__ import annotations

import copy
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from atazan_amend import (  # noqa: E402
    AddSection,
    Amendment,
    Delete,
    Insert,
    Merge,
    Move,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
    consolidate,
    derive,
    find_conflicts,
    fresh_uid,
)
from atazan_texts.model import Document, Provision, assign_missing_uids, int_to_roman  # noqa: E402
from atazan_texts.plaintext import parse_plaintext, to_plaintext  # noqa: E402

SEED = 2026
RUNS = 5
LANGS = ("kk", "ru", "en")
AMENDMENTS = 500
T = TypeVar("T")

_VOCAB = {
    "en": [
        "state",
        "citizen",
        "law",
        "court",
        "parliament",
        "right",
        "freedom",
        "duty",
        "land",
        "language",
        "region",
        "election",
        "referendum",
        "judge",
        "budget",
        "council",
        "office",
        "term",
        "people",
        "republic",
        "assembly",
    ],
    "ru": [
        "государство",
        "гражданин",
        "закон",
        "суд",
        "парламент",
        "право",
        "свобода",
        "обязанность",
        "земля",
        "язык",
        "регион",
        "выборы",
        "референдум",
        "судья",
        "бюджет",
        "совет",
        "должность",
        "срок",
        "народ",
        "республика",
    ],
    "kk": [
        "мемлекет",
        "азамат",
        "заң",
        "сот",
        "парламент",
        "құқық",
        "бостандық",
        "міндет",
        "жер",
        "тіл",
        "өңір",
        "сайлау",
        "референдум",
        "судья",
        "бюджет",
        "кеңес",
        "лауазым",
        "мерзім",
        "халық",
        "республика",
    ],
}
_CITE = {
    "en": "under Article {n}",
    "ru": "в соответствии со статьёй {n}",
    "kk": "{n}-бапқа сәйкес",
}


def _sentence(rng: random.Random, language: str) -> str:
    words = [rng.choice(_VOCAB[language]) for _ in range(rng.randint(6, 16))]
    return " ".join(words).capitalize() + "."


def _paragraph_text(rng: random.Random, language: str, cite: int | None) -> str:
    text = " ".join(_sentence(rng, language) for _ in range(rng.randint(1, 2)))
    if cite is not None:
        text = text[:-1] + ", " + _CITE[language].format(n=cite) + "."
    return text


def build_base(seed: int = SEED, articles: int = 100, sections: int = 10) -> dict[str, Document]:
    """The same structure in three languages, with shared uids, as an import gives."""
    shape_rng = random.Random(seed)
    plan = [(shape_rng.randint(1, 7), shape_rng.random() < 0.35) for _ in range(articles)]
    cites = [[shape_rng.randint(1, articles) if shape_rng.random() < 0.35 else None
              for _ in range(count)] for count, _ in plan]  # fmt: skip
    documents = {}
    for language in LANGS:
        rng = random.Random(f"{seed}-{language}")
        children = []
        for s in range(sections):
            arts = []
            for a in range(s * articles // sections, (s + 1) * articles // sections):
                count, _ = plan[a]
                paragraphs = [
                    Provision(kind="paragraph", num=str(i + 1),
                              text=_paragraph_text(rng, language, cites[a][i]))
                    for i in range(count)
                ]  # fmt: skip
                arts.append(Provision(kind="article", num=str(a + 1), children=paragraphs))
            children.append(
                Provision(kind="section", num=int_to_roman(s + 1),
                          heading=_sentence(rng, language)[:-1], children=arts)
            )  # fmt: skip
        document = Document(title="Synthetic constitution", language=language, work="bench",
                            version="base", children=children)  # fmt: skip
        documents[language] = assign_missing_uids(document, "bench:base")
    return documents


def _texts(rng: random.Random, make: Callable[[random.Random, str], T]) -> dict[str, T | None]:
    """Content per language, the same structure drawn with a language's own words."""
    state = rng.random()
    return {lang: make(random.Random(f"{state}-{lang}"), lang) for lang in LANGS}


def _article_text(paragraphs: int) -> Callable[[random.Random, str], ProvisionText]:
    def make(rng: random.Random, language: str) -> ProvisionText:
        return ProvisionText(
            kind="article", num="0",
            children=tuple(ProvisionText(kind="paragraph", num=str(i + 1),
                                         text=_paragraph_text(rng, language, None))
                           for i in range(paragraphs)),
        )  # fmt: skip

    return make


def _paragraph(num: str) -> Callable[[random.Random, str], ProvisionText]:
    def make(rng: random.Random, language: str) -> ProvisionText:
        return ProvisionText(kind="paragraph", num=num, text=_paragraph_text(rng, language, None))

    return make


def build_amendments(
    docs: dict[str, Document], seed: int = SEED, count: int = AMENDMENTS
) -> list[Amendment]:
    """Adopted amendments that never conflict: no provision is edited by two of them.

    Paragraph-level edits go to one part of the articles, whole-article edits
    (delete, split, merge, move) to the other, new articles anywhere.
    """
    rng = random.Random(seed)
    english = docs["en"]
    sections = [p for p in english.children if p.kind == "section"]
    articles = [p for p in english.walk() if p.kind == "article"]
    section_of = {a.uid: s for s in sections for a in s.children}
    order = list(articles)
    rng.shuffle(order)
    whole_pool = order[:45]
    paragraphs = [(a, p) for a in order[45:] for p in a.children]
    rng.shuffle(paragraphs)
    quiet = {a.uid for a in order[45:]}  # never moved or removed: safe anchors
    free = {a.uid for a in whole_pool}
    schedule = (["rename"] * 10 + ["add_section"] * 5 + ["split"] * 10 + ["merge"] * 10
                + ["delete"] * 12 + ["move"] * 12 + ["reword"] * 170 + ["renumber"] * 25
                + ["add_paragraph"] * 40)  # fmt: skip
    schedule += ["insert"] * (count - len(schedule))
    rng.shuffle(schedule)
    out: list[Amendment] = []
    new_sections: list[str] = []
    renamed = 0
    for index, kind in enumerate(schedule):
        name = f"B{index:03d}"
        available = [a for a in whole_pool if a.uid in free]
        if kind == "rename":
            out.append(RenameSection(id=name, target=sections[renamed].uid,
                                     texts=_texts(rng, lambda r, lang: _sentence(r, lang)[:-1])))  # fmt: skip
            renamed += 1
        elif kind == "add_section":
            out.append(AddSection(id=name, after=rng.choice(sections).uid, texts=_texts(
                rng, lambda r, lang: ProvisionText(kind="section", num="0",
                                                   heading=_sentence(r, lang)[:-1]))))  # fmt: skip
            new_sections.append(fresh_uid(name, (0,)))
        elif kind in ("split", "delete", "move", "merge") and available:
            target = rng.choice(available)
            free.discard(target.uid)
            partner = next((a for a in section_of[target.uid].children if a.uid in free), None)
            if kind == "split":
                out.append(Split(id=name, target=target.uid, texts=_texts(
                    rng, lambda r, lang: (_article_text(1)(r, lang), _article_text(2)(r, lang)))))  # fmt: skip
            elif kind == "move":
                home = rng.choice(sections)
                anchors = [None, *[a.uid for a in home.children if a.uid in quiet]]
                out.append(
                    Move(id=name, target=target.uid, parent=home.uid, after=rng.choice(anchors))
                )
            elif kind == "merge" and partner is not None:
                free.discard(partner.uid)
                out.append(Merge(id=name, targets=(target.uid, partner.uid),
                                 texts=_texts(rng, _article_text(2))))  # fmt: skip
            else:
                out.append(Delete(id=name, target=target.uid))
        elif kind in ("reword", "renumber", "add_paragraph") and paragraphs:
            owner, paragraph = paragraphs.pop()
            if kind == "reword":
                out.append(Replace(id=name, target=paragraph.uid, texts=_texts(
                    rng, lambda r, lang: Rewording(text=_paragraph_text(r, lang, None)))))  # fmt: skip
            elif kind == "renumber":
                out.append(Renumber(id=name, target=paragraph.uid, num=f"{paragraph.num}-9"))
            else:
                new = _paragraph(f"{paragraph.num}-{index}")
                out.append(Insert(id=name, parent=owner.uid, after=paragraph.uid,
                                  texts=_texts(rng, new)))  # fmt: skip
        else:
            if new_sections and rng.random() < 0.2:
                parent, after = rng.choice(new_sections), None
            else:
                home = rng.choice(sections)
                parent = home.uid
                after = rng.choice([None, *[a.uid for a in home.children if a.uid in quiet]])
            size = rng.randint(1, 4)
            out.append(Insert(id=name, parent=parent, after=after,
                              texts=_texts(rng, _article_text(size))))  # fmt: skip
    return out


def _median(action: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    docs = build_base()
    amendments = build_amendments(docs)
    plain = {lang: to_plaintext(doc) for lang, doc in docs.items()}
    kinds = Counter(a.kind for a in amendments)
    print(f"base: {len(docs['en'].articles())} articles, "
          f"{sum(1 for p in docs['en'].walk() if p.kind == 'paragraph')} paragraphs, "
          f"languages {', '.join(LANGS)}, {sum(len(t) for t in plain.values()):,} characters")  # fmt: skip
    print(
        f"amendments: {len(amendments)} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))})"
    )
    conflicts = find_conflicts(docs, amendments)
    assert not conflicts, conflicts[:3]
    result = consolidate(docs, amendments, numbering="articles")
    print(f"result: {len(result['en'].articles())} articles, {len(result.renumbered)} renumbered, "
          f"{len(result.warnings)} reference warnings")  # fmt: skip

    took = _median(lambda: consolidate(docs, amendments, numbering="articles"))
    conflicts_took = _median(lambda: find_conflicts(docs, amendments))
    copying = _median(lambda: copy.deepcopy(docs))
    parsing = _median(lambda: [parse_plaintext(text) for text in plain.values()])
    target = {lang: result[lang] for lang in LANGS}
    derive_took = _median(lambda: derive(docs, target), runs=3)
    print(f"consolidate() median of {RUNS}: {took * 1000:.0f} ms (target < 2000 ms)")
    print(f"find_conflicts() median of {RUNS}: {conflicts_took * 1000:.0f} ms")
    print(f"baseline deepcopy of the 3 documents: {copying * 1000:.0f} ms; "
          f"ratio {took / copying:.1f}x")  # fmt: skip
    print(f"baseline parse_plaintext of the 3 texts: {parsing * 1000:.0f} ms; "
          f"ratio {took / parsing:.2f}x")  # fmt: skip
    print(f"derive() of the result back from the base, median of 3: {derive_took * 1000:.0f} ms")


if __name__ == "__main__":
    main()
