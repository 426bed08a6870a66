"""Reads of stored constitution texts."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from atazan.constitution.convert import document_from_expression
from atazan.constitution.labels import provision_label
from atazan.constitution.models import Expression, Provision, Version, Work
from atazan_texts import model as text_model


def works_with_versions(user: Any) -> list[tuple[Work, list[Version]]]:
    """Every work with the versions this user may read, oldest first."""
    works = Work.objects.prefetch_related(
        Prefetch(
            "versions",
            queryset=Version.objects.prefetch_related("expressions").order_by("date", "created_at"),
        )
    ).order_by("slug")
    out = []
    for work in works:
        versions = [v for v in work.versions.all() if user.has_perm("constitution.view_version", v)]
        if versions:
            out.append((work, versions))
    return out


def work_or_404(slug: str) -> Work:
    return get_object_or_404(Work, slug=slug)


def visible_versions(user: Any, work: Work) -> list[Version]:
    return [
        v
        for v in work.versions.prefetch_related("expressions").order_by("date", "created_at")
        if user.has_perm("constitution.view_version", v)
    ]


def get_version(user: Any, work_slug: str, label: str) -> Version:
    version = (
        Version.objects.select_related("work").filter(work__slug=work_slug, label=label).first()
    )
    if version is None or not user.has_perm("constitution.view_version", version):
        raise Http404("no such version")
    return version


def get_expression(version: Version, language: str) -> Expression | None:
    return version.expressions.filter(language=language).first()


def languages_of(version: Version) -> list[str]:
    order = {"kk": 0, "ru": 1, "en": 2}
    return sorted(
        version.expressions.values_list("language", flat=True), key=lambda x: order.get(x, 9)
    )


def document_for(expression: Expression) -> text_model.Document:
    """The stored text as a Document, cached until the expression is re-imported."""
    key = f"atazan:doc:{expression.pk}:{expression.source_sha256}:{expression.imported_at.timestamp()}"
    document = cache.get(key)
    if document is None:
        document = document_from_expression(expression)
        cache.set(key, document, 3600)
    return document


@dataclass
class ProvisionNode:
    """A provision prepared for display: label, lines of text and children."""

    kind: str
    eid: str
    uid: str
    label: str
    heading: str
    lines: list[str]
    children: list[ProvisionNode] = field(default_factory=list)


def display_tree(document: text_model.Document) -> list[ProvisionNode]:
    nodes_by_id: dict[int, ProvisionNode] = {}
    roots: list[ProvisionNode] = []
    parent_of: dict[int, int] = {}
    for located in document.located():
        p = located.provision
        node = ProvisionNode(
            kind=p.kind,
            eid=located.eid,
            uid=p.uid,
            label=provision_label(p.kind, p.num, document.language),
            heading=p.heading,
            lines=[line for line in p.text.split("\n") if line],
        )
        nodes_by_id[id(p)] = node
        for child in p.children:
            parent_of[id(child)] = id(p)
        parent = parent_of.get(id(p))
        if parent is None:
            roots.append(node)
        else:
            nodes_by_id[parent].children.append(node)
    return roots


def table_of_contents(nodes: list[ProvisionNode]) -> list[ProvisionNode]:
    """Sections, chapters and articles only: the reader's map of the text."""
    return [n for n in nodes if n.kind in ("preamble", "section", "chapter", "article")]


def find_provision(expression: Expression, eid: str) -> Provision | None:
    return expression.provisions.filter(eid=eid).first()


def latest_expression_with_uid(
    user: Any, work: Work, uid: str, language: str
) -> tuple[Expression, Provision] | None:
    """Where a permanent provision stands now: the newest readable version that has it."""
    rows: QuerySet[Provision] = (
        Provision.objects.select_related("expression__version")
        .filter(expression__version__work=work, uid=uid)
        .order_by("-expression__version__date", "-expression__version__created_at")
    )
    fallback = None
    for row in rows:
        if not user.has_perm("constitution.view_version", row.expression.version):
            continue
        if row.expression.language == language:
            return row.expression, row
        fallback = fallback or (row.expression, row)
    return fallback
