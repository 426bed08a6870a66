"""Properties that must hold for any two texts."""

from __future__ import annotations

import copy
import random
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_compare import compare, comparison_to_json, diff_lines, new_text, old_text
from atazan_compare.text import normalise_lines, provision_lines
from atazan_texts.model import Document, Provision

VOCABULARY = (
    *("state", "law", "court", "right", "people", "citizen", "the", "of", "and", "shall"),
    *("may", "freely", "мемлекет", "құқық", "және", "азамат", "ұлттық", "өкілеттік", "һәм"),
    *("закон", "право", "гражданин", "1", "2", "33-1", "1998"),
)
PUNCTUATION = ("", "", "", ",", ";", ".", ":", " —", "!")

_FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=12)


@st.composite
def sentences(draw: st.DrawFn) -> str:
    parts = draw(words)
    out = []
    for word in parts:
        out.append(word + draw(st.sampled_from(PUNCTUATION)))
    spacer = draw(st.sampled_from([" ", "  ", " \t"]))
    return spacer.join(out)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    sections = draw(st.integers(min_value=0, max_value=3))
    number = 0

    def article() -> Provision:
        nonlocal number
        number += 1
        paragraphs = draw(st.lists(sentences(), min_size=0, max_size=3))
        own = draw(sentences()) if not paragraphs or draw(st.booleans()) else ""
        uid = draw(st.sampled_from(["", "", f"u{number}", "same"]))
        return Provision(
            kind="article",
            num=str(number),
            text=own,
            uid=uid,
            children=[
                Provision(kind="paragraph", num=str(i), text=text)
                for i, text in enumerate(paragraphs, 1)
            ],
        )

    if sections == 0:
        children = [article() for _ in range(draw(st.integers(min_value=0, max_value=6)))]
    else:
        children = [
            Provision(
                kind="section",
                num=str(s + 1),
                heading=draw(st.sampled_from(["", "Rights", "State", "Courts"])),
                children=[article() for _ in range(draw(st.integers(min_value=0, max_value=4)))],
            )
            for s in range(sections)
        ]
    return Document(title="T", language="en", children=children)


def mutate(document: Document, seed: int) -> Document:
    """A plausible next version: edits, deletions, insertions, moves, renumbering."""
    rng = random.Random(seed)
    new = copy.deepcopy(document)
    containers = [new.children] + [s.children for s in new.children if s.kind == "section"]
    for provisions in containers:
        for index in range(len(provisions) - 1, -1, -1):
            node = provisions[index]
            if node.kind != "article":
                continue
            roll = rng.random()
            if roll < 0.15:
                del provisions[index]
            elif roll < 0.35 and node.text:
                words_ = node.text.split()
                words_[rng.randrange(len(words_))] = rng.choice(VOCABULARY)
                node.text = " ".join(words_)
            elif roll < 0.45:
                provisions.insert(
                    index, Provision(kind="article", text=" ".join(rng.sample(VOCABULARY, 5)))
                )
            elif roll < 0.55 and len(containers) > 1:
                target = rng.choice(containers)
                target.insert(rng.randint(0, len(target)), provisions.pop(index))
            elif roll < 0.6:
                node.uid = ""
    for number, loc in enumerate(new.articles(), 1):
        loc.provision.num = str(number)
    return new


def article_text(document: Document, indexes: list[int]) -> str:
    articles = document.articles()
    return "\n".join(line for i in indexes for line in provision_lines(articles[i].provision))


def check_invariants(base: Document, new: Document) -> None:
    c = compare(base, new)
    old_seen = Counter(ref.index for pair in c.pairs for ref in pair.old)
    new_seen = Counter(ref.index for pair in c.pairs for ref in pair.new)
    assert old_seen == Counter(range(len(base.articles())))
    assert new_seen == Counter(range(len(new.articles())))
    f = c.figures
    for value in (f.words_changed_share, f.chars_changed_share):
        assert 0.0 <= value <= 1.0
    assert 0 <= f.words_changed <= f.words_total
    assert 0 <= f.articles_changed <= f.articles_total
    assert 0 <= f.sections_touched <= f.sections_total
    for section in c.sections:
        assert 0.0 <= section.words_changed_share <= 1.0
    for pair in c.pairs:
        assert 0.0 <= pair.similarity <= 1.0
        assert (pair.old == ()) == (pair.relation == "added")
        assert (pair.new == ()) == (pair.relation == "deleted")
        old_indexes = [ref.index for ref in pair.old]
        new_indexes = [ref.index for ref in pair.new]
        assert old_text(pair.redline) == article_text(base, old_indexes)
        assert new_text(pair.redline) == article_text(new, new_indexes)
        if pair.relation in ("identical", "renumbered"):
            assert all(op.op == "equal" for op in pair.redline)
    comparison_to_json(c)


@_FAST
@given(documents())
def test_a_text_compared_with_itself_is_identical(document: Document) -> None:
    c = compare(document, copy.deepcopy(document))
    assert {p.relation for p in c.pairs} <= {"identical"}
    assert len(c.pairs) == len(document.articles())
    assert c.figures.words_changed_share == 0.0
    assert c.figures.chars_changed_share == 0.0
    assert c.figures.articles_changed == 0
    assert c.figures.sections_touched == 0
    assert c.figures.words_added == 0


@_FAST
@given(documents(), st.integers(min_value=0, max_value=2**32))
def test_invariants_against_a_revised_version(document: Document, seed: int) -> None:
    check_invariants(document, mutate(document, seed))


@_FAST
@given(documents(), documents())
def test_invariants_between_unrelated_texts(base: Document, new: Document) -> None:
    check_invariants(base, new)


@_FAST
@given(st.lists(sentences(), max_size=5), st.lists(sentences(), max_size=5))
def test_redline_rebuilds_both_texts(old: list[str], new: list[str]) -> None:
    old_lines = [line for text in old for line in normalise_lines(text)]
    new_lines = [line for text in new for line in normalise_lines(text)]
    diff = diff_lines(old_lines, new_lines)
    assert old_text(diff.ops) == "\n".join(old_lines)
    assert new_text(diff.ops) == "\n".join(new_lines)
    kinds = [op.op for op in diff.ops]
    # Ops are merged: no two neighbours of one kind, no insert before a delete in a run.
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
    assert all(
        not (a == "insert" and b == "delete") for a, b in zip(kinds, kinds[1:], strict=False)
    )
    assert all(op.text for op in diff.ops)
