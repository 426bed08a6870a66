"""Writes to stored constitution texts. Every write is audited."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import models, transaction

from atazan.constitution.convert import document_from_expression, provision_rows
from atazan.constitution.models import Expression, Provision, Version, VersionStatus, Work
from atazan.core.actors import Actor, require
from atazan.core.audit import record
from atazan.core.errors import InvalidInputError
from atazan_texts import model as text_model

SUPPORTED_LANGUAGES = ("kk", "ru", "en")


class TextStoreError(InvalidInputError):
    """A text cannot be stored as asked; the message says which field and why."""

    code = "invalid_text"


def _inherit_from_translation(document: text_model.Document, sibling: Expression) -> int:
    """Give provisions the uids of the same positions in another language."""
    uid_by_eid = dict(sibling.provisions.values_list("eid", "uid"))
    kind_by_eid = dict(sibling.provisions.values_list("eid", "kind"))
    shared = 0
    for located in document.located():
        uid = uid_by_eid.get(located.eid)
        if uid and kind_by_eid.get(located.eid) == located.provision.kind:
            located.provision.uid = uid
            shared += 1
    return shared


def _descendant_paths(article: text_model.Provision) -> dict[str, text_model.Provision]:
    paths: dict[str, text_model.Provision] = {}

    def visit(node: text_model.Provision, prefix: str) -> None:
        for child in node.children:
            key = f"{prefix}/{child.kind}:{child.num}"
            paths[key] = child
            visit(child, key)

    visit(article, "")
    return paths


def _inherit_from_previous_version(
    document: text_model.Document, previous: text_model.Document
) -> int:
    """Carry permanent ids over from the version this one was drafted from.

    Articles the comparison pairs one-to-one (identical, renumbered, moved,
    modified) keep their identity, and so do their paragraphs and points
    found at the same relative place; split and merged articles are new
    provisions and keep the uids the importer gave them.
    """
    from atazan_compare import compare

    old_articles = {loc.eid: loc.provision for loc in previous.articles()}
    new_articles = {loc.eid: loc.provision for loc in document.articles()}
    used = {p.uid for p in document.walk()}
    inherited = 0
    for pair in compare(previous, document).pairs:
        if pair.relation in ("split", "merged", "added", "deleted"):
            continue
        if len(pair.old) != 1 or len(pair.new) != 1:
            continue
        old = old_articles[pair.old[0].eid]
        new = new_articles[pair.new[0].eid]
        matches = [(old, new)]
        old_children = _descendant_paths(old)
        for path, child in _descendant_paths(new).items():
            if path in old_children and old_children[path].kind == child.kind:
                matches.append((old_children[path], child))
        for old_node, new_node in matches:
            if old_node.uid and old_node.uid not in used:
                used.discard(new_node.uid)
                new_node.uid = old_node.uid
                used.add(old_node.uid)
                inherited += 1
    return inherited


def store_provisions(expression: Expression, document: text_model.Document) -> None:
    rows, parents = provision_rows(expression, document)
    created = Provision.objects.bulk_create(rows, batch_size=500)
    for row, parent in zip(created, parents, strict=True):
        if parent is not None:
            row.parent_id = created[parent].pk
    Provision.objects.bulk_update(
        [row for row in created if row.parent_id is not None], ["parent"], batch_size=500
    )


def import_text(
    actor: Actor,
    document: text_model.Document,
    *,
    work_slug: str | None = None,
    version_label: str | None = None,
    language: str | None = None,
    date: dt.date | None = None,
    status: str | None = None,
    based_on: str | None = None,
    source_format: str = "",
    source: bytes = b"",
    publish: bool = False,
    replace: bool = False,
    keep_uids: bool = False,
) -> Expression:
    """Store one language expression of a version, creating the work and version if new.

    Identities are shared with other languages of the same version (by
    position) and, for a new version, carried over from ``based_on``.
    Importing the very same source twice changes nothing. ``keep_uids`` stores
    the document's own uids as they are (a draft consolidated from amendments
    already carries the identities it inherited and created).
    """
    require(actor, "constitution.import_text")
    work_slug = work_slug or document.work
    version_label = version_label or document.version
    language = language or document.language
    status = status or document.status or VersionStatus.DRAFT
    if not work_slug:
        raise TextStoreError("work: give the constitution's identifier (e.g. --work kenbel)")
    if not version_label:
        raise TextStoreError("version: give the version's label (e.g. --version 1998)")
    if language not in SUPPORTED_LANGUAGES:
        raise TextStoreError(f"language: {language!r} is not one of kk, ru, en")
    if status not in VersionStatus.values:
        raise TextStoreError(f"status: {status!r} is not one of {', '.join(VersionStatus.values)}")
    if date is None and document.date:
        try:
            date = dt.date.fromisoformat(document.date)
        except ValueError as exc:
            raise TextStoreError(f"date: {document.date!r} is not a date (YYYY-MM-DD)") from exc
    if not document.articles():
        raise TextStoreError("text: the document has no articles")
    checksum = hashlib.sha256(source).hexdigest() if source else ""

    with transaction.atomic():
        work, _ = Work.objects.get_or_create(slug=work_slug)
        version, created = Version.objects.get_or_create(
            work=work,
            label=version_label,
            defaults={"date": date, "status": status, "published": publish},
        )
        existing = Expression.objects.filter(version=version, language=language).first()
        if existing is not None:
            if checksum and existing.source_sha256 == checksum:
                return existing
            if not replace:
                raise TextStoreError(
                    f"language: {work_slug}:{version_label} already has a {language} text; "
                    "use replace to overwrite it"
                )
            existing.delete()
        previous = None
        if based_on:
            previous = Version.objects.filter(work=work, label=based_on).first()
            if previous is None:
                raise TextStoreError(f"based_on: {work_slug} has no version {based_on!r}")
            if version.based_on_id is None:
                version.based_on = previous
                version.save(update_fields=["based_on"])
        # The fullest other language of this version lends its identities.
        sibling = (
            version.expressions.exclude(language=language)
            .annotate(size=models.Count("provisions"))
            .order_by("-size")
            .first()
        )
        if keep_uids:
            missing = sum(1 for p in document.walk() if not p.uid)
            if missing:
                raise TextStoreError(f"uid: {missing} provisions have no permanent id")
        elif sibling is not None:
            _inherit_from_translation(document, sibling)
        elif version.based_on is not None:
            base_expression = (
                version.based_on.expressions.filter(language=language).first()
                or version.based_on.expressions.first()
            )
            if base_expression is not None:
                _inherit_from_previous_version(document, document_from_expression(base_expression))
        expression = Expression.objects.create(
            version=version,
            language=language,
            title=document.title,
            note=document.note,
            source_format=source_format,
            source_sha256=checksum,
        )
        store_provisions(expression, document)
        record(
            actor,
            "constitution.import_text",
            expression,
            {
                "work": work_slug,
                "version": version_label,
                "language": language,
                "format": source_format,
                "sha256": checksum,
                "provisions": sum(1 for _ in document.walk()),
                "new_version": created,
            },
        )
    return expression


def publish_version(actor: Actor, version: Version, published: bool = True) -> Version:
    require(actor, "constitution.publish_version")
    with transaction.atomic():
        version.published = published
        version.save(update_fields=["published"])
        record(actor, "constitution.publish_version", version, {"published": published})
    return version
