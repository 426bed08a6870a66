"""Between stored texts and amendments and the pure ``atazan_amend`` core.

Stored rows become ``atazan_texts`` documents and ``atazan_amend`` amendments
here, and the core's refusals become ``AtazanError``s with the field named,
so actions and selectors never handle the core's types directly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import get_language

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


_LABELS = {
    "en": {"article": "Article {num}", "section": "Section {num}", "paragraph": "paragraph {num}",
           "point": "point {num}", "chapter": "Chapter {num}", "preamble": "Preamble"},
    "ru": {"article": "Статья {num}", "section": "Раздел {num}", "paragraph": "пункт {num}",
           "point": "подпункт {num}", "chapter": "Глава {num}", "preamble": "Преамбула"},
    "kk": {"article": "{num}-бап", "section": "{num}-бөлім", "paragraph": "{num}-тармақ",
           "point": "{num}-тармақша", "chapter": "{num}-тарау", "preamble": "Кіріспе"},
}


def label_of(rows: Sequence[Provision], language: str) -> str:
    """``Article 33, paragraph 2`` (or its kk/ru form) for a provision and its ancestors."""
    names = _LABELS.get(language, _LABELS["en"])
    parts = [
        names.get(row.kind, "{num}").format(num=row.num)
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
        for p in Provision.objects.filter(expression=row.expression, eid__startswith=row.eid)
        .order_by("position")
        if p.eid == row.eid or p.eid.startswith(row.eid + "__")
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
                f"{provision.num}. {provision.heading}".strip(". ") if provision.num else provision.heading
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


def _core_error(error: Exception, number: str) -> InvalidInputError:
    field_name = getattr(error, "field", "") or "edit"
    return InvalidInputError(f"{number}: {error}", field=field_name)


def check_edit(base: Version, number: str, edit: dict[str, Any]) -> CheckedEdit:
    """Parse and check one amendment against ``base`` in every language the base has."""
    import atazan_amend

    documents = base_documents(base)
    payload = {**edit, "id": number}
    try:
        amendment = atazan_amend.amendment_from_json(payload)
        atazan_amend.check_against(documents, [amendment])
    except atazan_amend.AmendmentError as error:
        raise _core_error(error, number) from error
    targets = atazan_amend.targets_of(amendment)
    return CheckedEdit(
        kind=amendment.kind,
        target_uid=targets[0] if targets else "",
        as_json=atazan_amend.amendment_to_json(amendment),
    )


def targets(edit: dict[str, Any]) -> tuple[str, ...]:
    """Uids of existing provisions that a stored edit changes, moves or removes."""
    import atazan_amend

    return atazan_amend.targets_of(atazan_amend.amendment_from_json(edit))


def new_article_count(edit: dict[str, Any]) -> int:
    """How many articles a stored edit brings into being (an insert, a split, a new section)."""
    import atazan_amend

    amendment = atazan_amend.amendment_from_json(edit)
    return atazan_amend.new_articles_of(amendment)


@dataclass
class Consolidated:
    documents: dict[str, Document]
    sources: dict[str, list[str]]
    warnings: list[str]


def consolidate(base: Version, amendments: Sequence[Any]) -> Consolidated:
    """Apply stored adopted amendments in order; a conflict is refused naming both amendments."""
    import atazan_amend

    documents = base_documents(base)
    parsed = [atazan_amend.amendment_from_json({**a.edit, "id": a.number}) for a in amendments]
    try:
        result = atazan_amend.consolidate(documents, parsed, numbering="articles")
    except atazan_amend.ConflictError as error:
        raise ConflictError(str(error), field="amendments") from error
    except atazan_amend.AmendmentError as error:
        raise InvalidInputError(str(error), field=getattr(error, "field", "") or "amendments") from error
    return Consolidated(
        documents=dict(result.documents),
        sources={uid: list(ids) for uid, ids in result.sources.items()},
        warnings=[str(w) for w in result.warnings],
    )
