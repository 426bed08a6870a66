"""Properties over random amendment sequences: valid trees, stable uids, exact round trips."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from amend_texts import LANGS, base, shape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atazan_amend import (
    AddSection,
    Amendment,
    Delete,
    Insert,
    Merge,
    Move,
    Numbering,
    ProvisionText,
    RenameSection,
    Replace,
    Rewording,
    Split,
    consolidate,
    derive,
    find_conflicts,
)
from atazan_amend.derive import first_difference
from atazan_amend.model import created_uids
from atazan_texts.model import Document, Provision, find_flaws

WORDS = ("law", "court", "vote", "land", "right", "duty", "people", "state", "office")


def _words(draw: Any, language: str) -> str:
    chosen = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=4))
    return f"{' '.join(chosen).capitalize()} [{language}]."


def _each(draw: Any, make: Any) -> dict[str, Any]:
    """Content per language: the same structure, words marked with their language."""
    seed = draw(st.integers(0, 10**6))
    return {lang: make(lang, seed) for lang in LANGS}


def _article(seed: int, language: str, paragraphs: int) -> ProvisionText:
    children = tuple(
        ProvisionText(kind="paragraph", num=str(i), text=f"Paragraph {seed}.{i} [{language}].")
        for i in range(1, paragraphs + 1)
    )
    text = "" if children else f"Article text {seed} [{language}]."
    return ProvisionText(kind="article", num="x", text=text, children=children)


def _articles(paragraphs: int) -> Callable[[str, int], ProvisionText]:
    return lambda language, seed: _article(seed, language, paragraphs)


def _parts(count: int) -> Callable[[str, int], tuple[ProvisionText, ...]]:
    return lambda language, seed: tuple(_article(seed + i, language, i % 2) for i in range(count))


def _rewording(paragraphs: int, kept: str) -> Callable[[str, int], Rewording]:
    """New words for an article; its first paragraph continues ``kept`` when given."""

    def make(language: str, seed: int) -> Rewording:
        made = _article(seed, language, paragraphs)
        children = tuple(
            replace(child, uid=kept if index == 0 else "")
            for index, child in enumerate(made.children)
        )
        return Rewording(text=made.text, children=children)

    return make


def _subtree_uids(provision: Provision) -> set[str]:
    return {p.uid for p in provision.walk()}


def random_amendments(draw: Any, docs: dict[str, Document], steps: int) -> list[Amendment]:
    """Valid, conflict-free amendments, each chosen against the text as it stands."""
    amendments: list[Amendment] = []
    touched: set[str] = set()
    for step in range(steps):
        current = consolidate(docs, amendments, numbering="full")["en"]
        articles = [p for p in current.walk() if p.kind == "article"]
        sections = [p for p in current.children if p.kind == "section"]
        fresh = [a for a in articles if not _subtree_uids(a) & touched]
        free_sections = [s for s in sections if not _subtree_uids(s) & touched]
        kind = draw(st.sampled_from(
            ["replace", "insert", "delete", "move", "split", "merge", "add_section", "rename",
             "preamble", "move_section"]
        ))  # fmt: skip
        name = f"a{step}"
        amendment: Amendment | None = None
        if kind == "replace" and fresh:
            target = draw(st.sampled_from(fresh))
            paragraphs = draw(st.integers(0, 3))
            kept = [c.uid for c in target.children if c.kind == "paragraph"]
            keep_first = bool(kept) and paragraphs > 0 and draw(st.booleans())

            reword = _rewording(paragraphs, kept[0] if keep_first else "")
            amendment = Replace(id=name, target=target.uid, texts=_each(draw, reword))
            touched |= _subtree_uids(target)
        elif kind == "insert" and sections:
            section = draw(st.sampled_from(sections))
            anchors = [None, *[c.uid for c in section.children]]
            paragraphs = draw(st.integers(0, 2))
            amendment = Insert(id=name, parent=section.uid, after=draw(st.sampled_from(anchors)),
                               texts=_each(draw, _articles(paragraphs)))  # fmt: skip
        elif kind == "delete" and (fresh or free_sections):
            target = draw(st.sampled_from(fresh + free_sections))
            if len(articles) - sum(1 for p in target.walk() if p.kind == "article") >= 1:
                amendment = Delete(id=name, target=target.uid)
        elif kind == "move" and articles and sections:
            movable = [a for a in articles if a.uid not in touched]
            if movable:
                target = draw(st.sampled_from(movable))
                section = draw(st.sampled_from(sections))
                anchors = [None, *[c.uid for c in section.children if c.uid != target.uid]]
                amendment = Move(id=name, target=target.uid, parent=section.uid,
                                 after=draw(st.sampled_from(anchors)))  # fmt: skip
                touched.add(target.uid)
        elif kind == "split" and fresh:
            target = draw(st.sampled_from(fresh))
            parts = draw(st.integers(2, 3))
            amendment = Split(id=name, target=target.uid, texts=_each(draw, _parts(parts)))
            touched |= _subtree_uids(target)
        elif kind == "merge" and len(fresh) >= 2:
            pair = draw(
                st.lists(st.sampled_from(fresh), min_size=2, max_size=2, unique_by=lambda a: a.uid)
            )
            amendment = Merge(id=name, targets=tuple(a.uid for a in pair),
                              texts=_each(draw, lambda lang, seed: _article(seed, lang, 1)))  # fmt: skip
            touched |= _subtree_uids(pair[0]) | _subtree_uids(pair[1])
        elif kind == "add_section":
            after = draw(st.sampled_from([None, *[s.uid for s in sections]]))
            amendment = AddSection(id=name, after=after, texts=_each(
                draw, lambda lang, seed: ProvisionText(kind="section", num="x", heading=f"S{seed} {lang}")
            ))  # fmt: skip
        elif kind == "rename" and sections:
            choices = [s for s in sections if s.uid not in touched]
            if choices:
                target = draw(st.sampled_from(choices))
                amendment = RenameSection(id=name, target=target.uid,
                                          texts=_each(draw, lambda lang, seed: f"Title {seed} {lang}"))  # fmt: skip
                touched.add(target.uid)
        elif kind == "preamble" and current.children[0].kind == "preamble":
            preamble = current.children[0]
            if preamble.uid not in touched:
                amendment = Replace(id=name, target=preamble.uid, texts=_each(
                    draw, lambda lang, seed: Rewording(text=f"We adopt {seed} [{lang}].")
                ))  # fmt: skip
                touched.add(preamble.uid)
        elif kind == "move_section" and len(sections) >= 2:
            choices = [s for s in sections if s.uid not in touched]
            if choices:
                target = draw(st.sampled_from(choices))
                anchors = [c.uid for c in current.children if c.uid != target.uid]
                amendment = Move(id=name, target=target.uid, parent=None,
                                 after=draw(st.sampled_from(anchors)))  # fmt: skip
                touched.add(target.uid)
        if amendment is not None:
            amendments.append(amendment)
            touched |= set(created_uids(amendment))
    return amendments


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_valid_amendments_keep_every_language_valid_and_uids_stable(
    data: st.DataObject,
) -> None:
    docs = base()
    amendments = random_amendments(data.draw, docs, data.draw(st.integers(1, 12)))
    assert find_conflicts(docs, amendments) == []
    result = consolidate(docs, amendments, numbering="full")
    removed: set[str] = set()
    for amendment in amendments:
        if isinstance(amendment, Delete):
            removed |= {p.uid for p in docs["en"].walk() if p.uid == amendment.target}
    for language in LANGS:
        assert find_flaws(result[language]) == []
        assert shape(result[language]) == shape(result["en"])
        uids = [p.uid for p in result[language].walk()]
        assert len(uids) == len(set(uids))
    untouched_articles = {p.uid for p in docs["en"].walk() if p.kind == "article"} - {
        t for a in amendments for t in _targets(a)
    }
    present = {p.uid for p in result["en"].walk()}
    assert untouched_articles - _inside_deleted(docs["en"], amendments) <= present


def _targets(amendment: Amendment) -> tuple[str, ...]:
    if isinstance(amendment, Merge):
        return amendment.targets
    target = getattr(amendment, "target", None)
    return (target,) if target else ()


def _inside_deleted(document: Document, amendments: list[Amendment]) -> set[str]:
    deleted = {a.target for a in amendments if isinstance(a, Delete)}
    out: set[str] = set()
    for provision in document.walk():
        if provision.uid in deleted:
            out |= _subtree_uids(provision)
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_derive_then_consolidate_reproduces_random_edits_exactly(data: st.DataObject) -> None:
    docs = base()
    amendments = random_amendments(data.draw, docs, data.draw(st.integers(1, 12)))
    numbering: Numbering = data.draw(st.sampled_from(["articles", "full"]))
    gaps = data.draw(st.booleans())  # numbers with gaps: derive must keep and renumber
    target = dict(consolidate(docs, amendments, numbering=numbering))
    for document in target.values():
        for provision in document.walk():
            provision.uid = ""  # the target's identities must not matter
            if gaps and provision.kind in ("article", "section"):
                provision.num = (
                    str(int(provision.num) * 10) if provision.num.isdigit() else provision.num + "0"
                )
    derived = derive(base(), target)
    result = consolidate(base(), derived)
    for language in LANGS:
        assert first_difference(result[language], target[language]) == ""
