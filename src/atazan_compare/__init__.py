"""Comparison of two versions of a constitution: alignment, redlines, figures.

Pure and Django-free: ``compare(base, new)`` takes two
``atazan_texts.model.Document`` objects in the same language and returns a
``Comparison``; ``comparison_to_json`` and ``summary_text`` present it. The
definitions behind every figure are in docs/comparison.md.
"""

from atazan_compare.align import THRESHOLDS, compare
from atazan_compare.redline import (
    Diff,
    Op,
    diff_lines,
    diff_texts,
    new_text,
    old_text,
    redline_html,
    redline_json,
)
from atazan_compare.report import comparison_to_json, pair_to_json, summary_text
from atazan_compare.result import (
    RELATIONS,
    ArticleRef,
    Comparison,
    Figures,
    Pair,
    PreambleChange,
    Relation,
    SectionFigures,
    SectionRef,
)
from atazan_compare.text import count_words, provision_lines, tokenize

__all__ = [
    "RELATIONS",
    "THRESHOLDS",
    "ArticleRef",
    "Comparison",
    "Diff",
    "Figures",
    "Op",
    "Pair",
    "PreambleChange",
    "Relation",
    "SectionFigures",
    "SectionRef",
    "compare",
    "comparison_to_json",
    "count_words",
    "diff_lines",
    "diff_texts",
    "new_text",
    "old_text",
    "pair_to_json",
    "provision_lines",
    "redline_html",
    "redline_json",
    "summary_text",
    "tokenize",
]
