"""Between stored texts and amendments and the pure ``atazan_amend`` core.

Stored rows become ``atazan_texts`` documents and ``atazan_amend`` amendments
here, and the core's refusals become ``AtazanError``s with the field named,
so actions and selectors never handle the core's types directly.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from atazan.constitution.labels import cited_label
from atazan.constitution.models import Provision, Version
from atazan.constitution.selectors import document_for
from atazan.core.errors import ConflictError, InvalidInputError
from atazan_texts.model import Document, word_count


def base_documents(version: Version) -> dict[str, Document]:
    """Every stored language of ``version`` as a document, with its permanent uids."""
    return {
        expression.language: document_for(expression)
        for expression in version.expressions.order_by("language")
    }


# Where a provision is ----------------------------------------------------------------


@dataclass(frozen=True)
class Located:
    """A provision of a stored version, for pages: where it stands and what it says."""

    uid: str
    eid: str
    kind: str
    num: str
    label: str
    heading: str
    text: str
    language: str


def label_of(rows: Sequence[Provision], language: str) -> str:
    """``Article 33, paragraph 2`` (or its kk/ru form) for a provision and its ancestors."""
    parts = [
        cited_label(row.kind, row.num, language)
        for row in rows
        if row.kind in ("article", "paragraph", "point", "preamble")
        or (row.kind in ("section", "chapter") and row is rows[-1])
    ]
    return ", ".join(parts)


def locate(version: Version, uid: str, language: str | None = None) -> Located | None:
    """The provision ``uid`` in ``version``, in the reader's language if stored there."""
    language = (language or get_language() or "kk")[:2]
    rows = list(
        Provision.objects.filter(expression__version=version, uid=uid)
        .select_related("expression")
        .order_by("expression__language")
    )
    if not rows:
        return None
    row = next((r for r in rows if r.expression.language == language), rows[0])
    chain = [row]
    parent_ids = []
    current = row
    while current.parent_id is not None:
        parent_ids.append(current.parent_id)
        current = Provision.objects.only("id", "parent_id", "kind", "num").get(pk=current.parent_id)
        chain.insert(0, current)
    text = "\n".join(
        p.text
        for p in Provision.objects.filter(
            expression=row.expression, eid__startswith=row.eid
        ).order_by("position")
        # An article's own text is often empty: its words are in its paragraphs.
        if p.text and (p.eid == row.eid or p.eid.startswith(row.eid + "__"))
    )
    return Located(
        uid=uid,
        eid=row.eid,
        kind=row.kind,
        num=row.num,
        label=label_of(chain, row.expression.language),
        heading=row.heading,
        text=text,
        language=row.expression.language,
    )


@dataclass
class Outline:
    """A version's articles and sections, for the seed's figures (docs/commission.md)."""

    sections: list[str] = field(default_factory=list)
    section_label: dict[str, str] = field(default_factory=dict)
    article_of: dict[str, str] = field(default_factory=dict)
    section_of: dict[str, str] = field(default_factory=dict)
    article_words: dict[str, int] = field(default_factory=dict)


def outline(version: Version, language: str = "") -> Outline:
    """Articles with their word counts and sections, from the fullest stored language."""
    expressions = list(version.expressions.all())
    if not expressions:
        return Outline()
    expression = next((e for e in expressions if e.language == language), None) or max(
        expressions, key=lambda e: e.provisions.count()
    )
    document = document_for(expression)
    result = Outline()
    for loc in document.located():
        provision = loc.provision
        if provision.kind == "section":
            result.sections.append(provision.uid)
            result.section_label[provision.uid] = (
                f"{provision.num}. {provision.heading}".strip(". ")
                if provision.num
                else provision.heading
            )
        if provision.kind != "article":
            continue
        result.article_words[provision.uid] = word_count(provision.full_text())
        if loc.section is not None:
            result.section_of[provision.uid] = loc.section.uid
        for inner in provision.walk():
            result.article_of[inner.uid] = provision.uid
    return result


# Amendments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckedEdit:
    kind: str
    target_uid: str
    as_json: dict[str, Any]


def _as_set(base: Version, edits: Sequence[dict[str, Any]], languages: Sequence[str]) -> Any:
    """Stored edits as an ``atazan_amend`` set, refusing a malformed one with its field."""
    import atazan_amend
    from atazan_amend.jsonio import FORMAT, FORMAT_VERSION

    data = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "base": {"work": base.work.slug, "version": base.label},
        "languages": list(languages),
        "numbering": "keep",
        "amendments": [{**edit, "status": "adopted"} for edit in edits],
    }
    try:
        return atazan_amend.from_json(data)
    except atazan_amend.AmendmentError as error:
        raise _refusal(error) from error


def _refusal(error: Exception) -> InvalidInputError:
    """The core's first problem as a refusal naming the field (``edit.texts.kk``)."""
    problems = list(getattr(error, "problems", ()) or ())
    where = str(problems[0].field) if problems else str(getattr(error, "field", "") or "")
    message = str(problems[0].message) if problems else str(error)
    where = re.sub(r"^amendments\[\d+\]\.?", "", where)
    language = re.search(r"language '(\w+)'", message)
    if language and where.endswith("texts"):
        where = f"{where}.{language.group(1)}"
    field_name = f"edit.{where}" if where else "edit"
    return InvalidInputError(f"{field_name}: {message}", field=field_name)


def check_edit(
    base: Version, number: str, edit: dict[str, Any], earlier: Sequence[Any] = ()
) -> CheckedEdit:
    """Parse and check one amendment: the provisions it names exist, every language is there.

    ``earlier`` are the open and adopted amendments already proposed on the
    same base, in order: an amendment may build on what they create (move an
    article into a section another amendment adds). If those earlier ones
    cannot be applied together, the edit is checked against the base alone.
    """
    import atazan_amend

    if not isinstance(edit, dict):
        raise InvalidInputError(_("edit: must be an object"), field="edit")
    base_texts = base_documents(base)
    if not base_texts:
        raise InvalidInputError(_("base: the version has no stored text"), field="base")
    languages = sorted(base_texts)
    # The text in force, and the text as the earlier open amendments leave it.
    candidates = [base_texts]
    if earlier:
        prior = _as_set(base, [{**a.edit, "id": a.number} for a in earlier], languages)
        # Competing proposals that cannot stand together: each is checked against the base.
        with contextlib.suppress(atazan_amend.AmendmentError):
            # Numbered afresh: the intermediate text only has to be valid, not final.
            candidates.insert(
                0,
                dict(
                    atazan_amend.consolidate(
                        base_texts, list(prior.amendments), numbering="full"
                    ).documents
                ),
            )
    parsed = _as_set(base, [{**edit, "id": number}], languages)
    amendment = parsed.amendments[0]
    carried = atazan_amend.model.content_of(amendment)
    if amendment.kind not in ("delete", "renumber", "move"):
        missing = [code for code in languages if carried.get(code) is None]
        if missing:
            raise InvalidInputError(
                _("edit.texts: the text in %(language)s is missing; the base has %(languages)s")
                % {"language": missing[0], "languages": ", ".join(languages)},
                field=f"edit.texts.{missing[0]}",
            )
    # Valid on either text is enough: an alternative wording of an article that an
    # earlier amendment removes competes with it, and consolidation reports the conflict.
    first_error: Exception | None = None
    for documents in candidates:
        try:
            atazan_amend.find_conflicts(documents, [amendment])
        except atazan_amend.AmendmentError as error:
            first_error = first_error or error
        else:
            first_error = None
            break
    if first_error is not None:
        raise _refusal(first_error) from first_error
    targets = atazan_amend.model.targets_of(amendment)
    stored = atazan_amend.jsonio.amendment_to_json(amendment)
    stored.pop("status", None)
    return CheckedEdit(
        kind=amendment.kind, target_uid=targets[0] if targets else "", as_json=stored
    )


def targets(edit: dict[str, Any]) -> tuple[str, ...]:
    """Uids of existing provisions that a stored edit changes, moves or removes."""
    if edit.get("kind") == "merge":
        return tuple(str(uid) for uid in edit.get("targets") or ())
    target = edit.get("target")
    return (str(target),) if target else ()


def new_article_count(edit: dict[str, Any]) -> int:
    """How many articles a stored edit brings into being (an insert, a split, a new section)."""
    texts = edit.get("texts") or {}
    sample = next((value for value in texts.values() if value), None)
    if sample is None:
        return 0
    roots = sample if isinstance(sample, list) else [sample]
    count = 0
    stack = list(roots)
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        if node.get("kind") == "article" and not node.get("uid"):
            count += 1
        stack.extend(node.get("children") or [])
    if edit.get("kind") == "split":
        count -= (
            1 if roots and isinstance(roots[0], dict) and roots[0].get("kind") == "article" else 0
        )
    return max(count, 0)


@dataclass
class Consolidated:
    documents: dict[str, Document]
    sources: dict[str, list[str]]
    warnings: list[str]


def consolidate(
    base: Version, amendments: Sequence[Any], numbering: str = "articles"
) -> Consolidated:
    """Apply stored adopted amendments in order; a conflict is refused naming both amendments.

    ``sources`` maps each provision uid to the amendments that made it what
    it is: the provisions an amendment edits, moves or creates, and the
    article around each, so "why did this article change" also finds an
    edit to one of its paragraphs.
    """
    import atazan_amend
    from atazan_amend.model import created_uids, targets_of

    documents = base_documents(base)
    languages = sorted(documents)
    parsed = _as_set(base, [{**a.edit, "id": a.number} for a in amendments], languages)
    try:
        result = atazan_amend.consolidate(
            documents,
            list(parsed.amendments),
            numbering=numbering,  # type: ignore[arg-type]
        )
    except atazan_amend.ConflictError as error:
        raise ConflictError(str(error), field="amendments") from error
    except atazan_amend.AmendmentError as error:
        raise InvalidInputError(
            str(error), field=str(getattr(error, "field", "") or "amendments")
        ) from error
    article_of: dict[str, str] = {}
    for document in [*documents.values(), *result.documents.values()]:
        for loc in document.located():
            if loc.provision.kind == "article":
                for inner in loc.provision.walk():
                    article_of.setdefault(inner.uid, loc.provision.uid)
    sources: dict[str, list[str]] = {}
    for amendment in parsed.amendments:
        touched = [*targets_of(amendment), *created_uids(amendment)]
        for uid in touched + [article_of[u] for u in touched if u in article_of]:
            ids = sources.setdefault(uid, [])
            if amendment.id not in ids:
                ids.append(amendment.id)
    return Consolidated(
        documents=dict(result.documents),
        sources=sources,
        warnings=[str(w.message) if hasattr(w, "message") else str(w) for w in result.warnings],
    )
