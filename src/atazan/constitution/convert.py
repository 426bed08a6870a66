"""Between stored rows and the pure ``Document`` model."""

from __future__ import annotations

from collections import defaultdict

from atazan.constitution.models import Expression, Provision
from atazan_texts import model as text_model


def document_from_expression(expression: Expression) -> text_model.Document:
    version = expression.version
    rows = list(expression.provisions.order_by("position"))
    children_of: dict[int | None, list[Provision]] = defaultdict(list)
    for row in rows:
        children_of[row.parent_id].append(row)

    def build(row: Provision) -> text_model.Provision:
        return text_model.Provision(
            kind=row.kind,  # type: ignore[arg-type]
            num=row.num,
            heading=row.heading,
            text=row.text,
            uid=row.uid,
            children=[build(child) for child in children_of[row.pk]],
        )

    return text_model.Document(
        title=expression.title,
        language=expression.language,
        work=version.work.slug,
        version=version.label,
        date=version.date.isoformat() if version.date else "",
        status=version.status,  # type: ignore[arg-type]
        note=expression.note,
        children=[build(row) for row in children_of[None]],
    )


def provision_rows(
    expression: Expression, document: text_model.Document
) -> tuple[list[Provision], list[int | None]]:
    """Unsaved rows for every provision in reading order, with each one's parent index.

    Parents are linked after saving (see ``actions.store_provisions``), since
    primary keys exist only once the rows are inserted.
    """
    rows: list[Provision] = []
    parents: list[int | None] = []
    parent_index: dict[int, int] = {}
    for position, located in enumerate(document.located()):
        p = located.provision
        for child in p.children:
            parent_index[id(child)] = position
        parents.append(parent_index.get(id(p)))
        rows.append(
            Provision(
                expression=expression,
                position=position,
                kind=p.kind,
                num=p.num,
                heading=p.heading,
                text=p.text,
                uid=p.uid,
                eid=located.eid,
            )
        )
    return rows, parents
