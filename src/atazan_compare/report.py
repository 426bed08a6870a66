"""The comparison as JSON data and as an English sentence for the command line."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from atazan_compare.redline import redline_json
from atazan_compare.result import RELATIONS, Comparison, Pair, SectionRef
from atazan_texts.model import Document

#: Bumped whenever a definition or threshold changes, so that stored figures
#: can always be traced to the method that produced them.
METHOD_VERSION = 1


def _document_meta(doc: Document) -> dict[str, str]:
    return {
        "title": doc.title,
        "version": doc.version,
        "language": doc.language,
        "work": doc.work,
        "date": doc.date,
        "status": doc.status,
    }


def _section_json(section: SectionRef | None) -> dict[str, Any] | None:
    if section is None:
        return None
    return {
        "num": section.num,
        "heading": section.heading,
        "eid": section.eid,
        "uid": section.uid,
        "kind": section.kind,
        "articles": section.articles,
    }


def pair_to_json(pair: Pair) -> dict[str, Any]:
    return {
        "relation": pair.relation,
        "old": [ref.num for ref in pair.old] or None,
        "new": [ref.num for ref in pair.new] or None,
        "old_eids": [ref.eid for ref in pair.old],
        "new_eids": [ref.eid for ref in pair.new],
        "old_uids": [ref.uid for ref in pair.old],
        "new_uids": [ref.uid for ref in pair.new],
        "old_sections": [ref.section_num for ref in pair.old],
        "new_sections": [ref.section_num for ref in pair.new],
        "similarity": pair.similarity,
        "text_changed": pair.text_changed,
        "renumbered": pair.renumbered,
        "matched_by": pair.matched_by,
        "words_changed": pair.words_changed,
        "words_added": pair.words_added,
        "redline": redline_json(pair.redline),
    }


def comparison_to_json(c: Comparison) -> dict[str, Any]:
    """Plain JSON-ready data: figures at the top level, then sections and pairs."""
    data: dict[str, Any] = {
        "base": _document_meta(c.base),
        "new": _document_meta(c.new),
        "method": {
            "name": "atazan_compare",
            "version": METHOD_VERSION,
            "thresholds": dict(c.thresholds),
        },
    }
    data.update(asdict(c.figures))
    counts = dict.fromkeys(RELATIONS, 0)
    for pair in c.pairs:
        counts[pair.relation] += 1
    data["relations"] = counts
    data["sections"] = [
        {
            "section": _section_json(s.section),
            "counterpart": _section_json(s.counterpart),
            "heading_changed": s.heading_changed,
            "articles_total": s.articles_total,
            "articles_changed": s.articles_changed,
            "articles_moved_out": s.articles_moved_out,
            "articles_moved_in": s.articles_moved_in,
            "articles_added": s.articles_added,
            "words_total": s.words_total,
            "words_changed": s.words_changed,
            "words_changed_share": s.words_changed_share,
            "touched": s.touched,
        }
        for s in c.sections
    ]
    matched_new = set(c.section_map.values())
    data["new_sections_without_counterpart"] = [
        _section_json(s) for s in c.new_sections if s.index not in matched_new
    ]
    if c.preamble is None:
        data["preamble"] = None
    else:
        data["preamble"] = {
            "relation": c.preamble.relation,
            "words_changed": c.preamble.words_changed,
            "words_added": c.preamble.words_added,
            "redline": redline_json(c.preamble.diff.ops),
        }
    data["pairs"] = [pair_to_json(pair) for pair in c.pairs]
    return data


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def summary_text(c: Comparison) -> str:
    """One or two English sentences with the headline figures.

    For example: "The changes touch 77 of 98 articles and 9 of 9 sections,
    84.0% of the words of the base text."
    """
    f = c.figures
    articles = f"{f.articles_changed} of {_plural(f.articles_total, 'article', 'articles')}"
    where = articles
    if f.sections_total:
        where += f" and {f.sections_touched} of {_plural(f.sections_total, 'section', 'sections')}"
    value = f.words_changed_share * 100
    # A real but tiny change must not read as "0.0%".
    percent = "less than 0.1%" if 0 < value < 0.05 else f"{value:.1f}%"
    text = f"The changes touch {where}, {percent} of the words of the base text."
    extras: list[str] = []
    if f.articles_added:
        extras.append(f"{_plural(f.articles_added, 'article is', 'articles are')} added")
    if f.articles_moved:
        extras.append(f"{_plural(f.articles_moved, 'article is', 'articles are')} moved")
    if f.articles_renumbered:
        extras.append(
            f"{_plural(f.articles_renumbered, 'article is', 'articles are')} renumbered "
            "with no change of text"
        )
    if extras:
        joined = extras[0] if len(extras) == 1 else ", ".join(extras[:-1]) + " and " + extras[-1]
        text += " " + joined[0].upper() + joined[1:] + "."
    return text
