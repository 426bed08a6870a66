"""Comparison of two stored versions, prepared for the comparison page."""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from atazan.constitution import selectors
from atazan.constitution.labels import provision_label
from atazan.constitution.models import Version
from atazan_compare import compare, comparison_to_json


def comparison_json(base: Version, new: Version, lang: str) -> dict[str, Any]:
    """The comparison as JSON data, cached until either text is re-imported."""
    base_expr = selectors.get_expression(base, lang)
    new_expr = selectors.get_expression(new, lang)
    if base_expr is None or new_expr is None:
        raise LookupError(lang)
    key = f"atazan:cmp:{base_expr.pk}:{base_expr.source_sha256}:{new_expr.pk}:{new_expr.source_sha256}"
    data: dict[str, Any] | None = cache.get(key)
    if data is None:
        result = compare(selectors.document_for(base_expr), selectors.document_for(new_expr))
        data = comparison_to_json(result)
        cache.set(key, data, 3600)
    return data


def _render_ops(ops: list[dict[str, str]], keep: set[str]) -> SafeString:
    out = []
    for op in ops:
        kind = op["op"]
        if kind not in keep:
            continue
        text = escape(op["text"])
        if kind == "insert":
            out.append(f"<ins>{text}</ins>")
        elif kind == "delete":
            out.append(f"<del>{text}</del>")
        else:
            out.append(text)
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _refs(nums: list[str] | None, eids: list[str] | None, lang: str) -> list[dict[str, str]]:
    return [
        {"label": provision_label("article", num, lang), "eid": eid}
        for num, eid in zip(nums or [], eids or [], strict=False)
    ]


RELATION_LABELS = {
    "identical": lambda: _("identical"),
    "renumbered": lambda: _("renumbered"),
    "moved": lambda: _("moved"),
    "modified": lambda: _("modified"),
    "split": lambda: _("split"),
    "merged": lambda: _("merged"),
    "added": lambda: _("added"),
    "deleted": lambda: _("deleted"),
}


def comparison_context(base: Version, new: Version, lang: str) -> dict[str, Any]:
    data = comparison_json(base, new, lang)
    pairs = []
    counts: dict[str, int] = dict.fromkeys(RELATION_LABELS, 0)
    for pair in data["pairs"]:
        relation = pair["relation"]
        counts[relation] = counts.get(relation, 0) + 1
        ops = pair.get("redline") or []
        pairs.append(
            {
                "relation": relation,
                "relation_label": RELATION_LABELS.get(relation, lambda r=relation: r)(),
                "old_refs": _refs(pair.get("old"), pair.get("old_eids"), lang),
                "new_refs": _refs(pair.get("new"), pair.get("new_eids"), lang),
                "old_html": _render_ops(ops, {"equal", "delete"}),
                "new_html": _render_ops(ops, {"equal", "insert"}),
                "inline_html": _render_ops(ops, {"equal", "delete", "insert"}),
                "changed": relation != "identical",
            }
        )
    relation_filters = [
        {"code": code, "label": label(), "count": counts.get(code, 0)}
        for code, label in RELATION_LABELS.items()
    ]
    sections = [
        {
            "label": provision_label("section", row["section"]["num"], lang),
            "heading": row["section"]["heading"],
            "eid": row["section"]["eid"],
            "articles_total": row["articles_total"],
            "articles_changed": row["articles_changed"],
            "moved_out": row["articles_moved_out"],
            "added": row["articles_added"],
            "percent_words_changed": round(100 * row["words_changed_share"], 1),
            "touched": row["touched"],
        }
        for row in data.get("sections", [])
        if row.get("section")
    ]
    return {
        "comparison": data,
        "pairs": pairs,
        "relation_filters": relation_filters,
        "sections": sections,
        "percent_words_changed": round(100 * data["words_changed_share"], 1),
        "percent_chars_changed": round(100 * data["chars_changed_share"], 1),
    }
