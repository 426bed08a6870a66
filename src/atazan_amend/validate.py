"""Checks an amendment list can be read before anything is applied.

Every problem is collected with the field it concerns, in the JSON's own
terms (``amendments[3].texts``), so the same messages serve the file format
and amendments built in code.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from atazan_amend.errors import Problem
from atazan_amend.model import (
    AMENDMENT_STATUSES,
    AddSection,
    Amendment,
    Delete,
    Insert,
    Merge,
    Move,
    ProvisionText,
    Renumber,
    Rewording,
    Split,
    content_of,
    created_uids,
    targets_of,
)
from atazan_texts.model import PROVISION_KINDS, clean_line, clean_text


def check_amendments(
    amendments: Sequence[Amendment],
    languages: Sequence[str],
    *,
    field: str = "amendments",
) -> list[Problem]:
    """Problems of the amendments on their own: ids, languages, agreement between languages."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for index, amendment in enumerate(amendments):
        where = f"{field}[{index}]"
        if not amendment.id or clean_line(amendment.id) != amendment.id or " " in amendment.id:
            problems.append(
                Problem("malformed", f"{where}.id", "an id is required, one word without spaces")
            )
        elif amendment.id in seen:
            problems.append(
                Problem("malformed", f"{where}.id",
                        f"id {amendment.id!r} is already used by {field}[{seen[amendment.id]}]")
            )  # fmt: skip
        else:
            seen[amendment.id] = index
        if amendment.status not in AMENDMENT_STATUSES:
            problems.append(
                Problem("malformed", f"{where}.status",
                        f"status {amendment.status!r} is not one of {', '.join(AMENDMENT_STATUSES)}")
            )  # fmt: skip
        problems.extend(_check_one(amendment, languages, where))
    return problems


def _check_one(amendment: Amendment, languages: Sequence[str], where: str) -> list[Problem]:
    problems: list[Problem] = []
    if isinstance(amendment, Merge):
        if len(amendment.targets) < 2:
            problems.append(
                Problem("invalid_edit", f"{where}.targets", "a merge needs two or more targets")
            )
        elif len(set(amendment.targets)) != len(amendment.targets):
            problems.append(Problem("invalid_edit", f"{where}.targets", "a target is named twice"))
    if isinstance(amendment, Renumber) and (
        not amendment.num or clean_line(amendment.num) != amendment.num
    ):
        problems.append(
            Problem(
                "malformed", f"{where}.num", "the new number must be one line without stray spaces"
            )
        )
    if isinstance(amendment, Move) and amendment.after == amendment.target:
        problems.append(
            Problem("invalid_edit", f"{where}.after", "a provision cannot follow itself")
        )
    payload = content_of(amendment)
    if isinstance(amendment, Delete | Renumber) or (isinstance(amendment, Move) and not payload):
        return problems
    texts = f"{where}.texts"
    for language in languages:
        if language not in payload:
            problems.append(Problem("missing_language", texts, f"missing language {language!r}"))
    for language in payload:
        if language not in languages:
            problems.append(
                Problem("unknown_language", texts,
                        f"language {language!r} is not a language of the base ({', '.join(languages)})")
            )  # fmt: skip
    given = [(lang, value) for lang, value in payload.items() if value is not None]
    if not given:
        problems.append(Problem("invalid_edit", texts, "no language has any text"))
        return problems
    shapes = [(language, _shape(value)) for language, value in given]
    # The structure most languages share is the reference; the odd one out is named.
    reference_language, reference = max(
        shapes, key=lambda item: sum(1 for _, other in shapes if other == item[1])
    )
    for language, value in given:
        problems.extend(_check_value(amendment, value, f"{texts}.{language}"))
    for language, shape in shapes:
        if shape != reference:
            problems.append(
                Problem("invalid_edit", f"{texts}.{language}",
                        "the structure (kinds, numbers, kept uids, fields given) differs from "
                        f"{reference_language!r}")
            )  # fmt: skip
    return problems


def _shape(value: object) -> object:
    """What every language must agree on: everything but the words."""
    if isinstance(value, ProvisionText):
        return (value.kind, value.num, value.uid, tuple(_shape(c) for c in value.children))
    if isinstance(value, Rewording):
        children = None if value.children is None else tuple(_shape(c) for c in value.children)
        return (value.heading is None, value.text is None, children)
    if isinstance(value, tuple):
        return tuple(_shape(v) for v in value)
    return type(value).__name__


def _check_value(amendment: Amendment, value: object, where: str) -> list[Problem]:
    problems: list[Problem] = []
    hints_allowed = not isinstance(amendment, Insert | AddSection)
    if isinstance(amendment, Insert | AddSection | Merge):
        if not isinstance(value, ProvisionText):
            return [Problem("malformed", where, "expected one provision")]
        if isinstance(amendment, AddSection) and value.kind != "section":
            problems.append(Problem("invalid_edit", f"{where}.kind", "add_section adds a section"))
        problems.extend(_check_provision(value, where, hints_allowed, root=True))
    elif isinstance(amendment, Split):
        if not isinstance(value, tuple) or not all(isinstance(v, ProvisionText) for v in value):
            return [Problem("malformed", where, "expected a list of provisions")]
        if len(value) < 2:
            problems.append(Problem("invalid_edit", where, "a split needs two or more parts"))
        for index, part in enumerate(value):
            problems.extend(_check_provision(part, f"{where}[{index}]", True, root=True))
    elif isinstance(value, Rewording):
        if value.is_empty():
            problems.append(Problem("invalid_edit", where, "gives no heading, text or provisions"))
        problems.extend(_check_words(value.heading or "", value.text or "", where))
        for index, child in enumerate(value.children or ()):
            problems.extend(_check_provision(child, f"{where}.children[{index}]", True))
    elif isinstance(value, str):
        problems.extend(_check_words(value, "", where, heading_field=""))
    else:
        problems.append(Problem("malformed", where, "unexpected content"))
    return problems


def _check_provision(
    node: ProvisionText, where: str, hints_allowed: bool, *, root: bool = False
) -> list[Problem]:
    problems: list[Problem] = []
    if node.kind not in PROVISION_KINDS:
        problems.append(Problem("malformed", f"{where}.kind", f"unknown kind {node.kind!r}"))
    if node.uid and (root or not hints_allowed):
        problems.append(
            Problem("invalid_edit", f"{where}.uid", "only a provision inside the new wording of "
                    "an existing one may name the uid it continues")
        )  # fmt: skip
    if clean_line(node.num) != node.num:
        problems.append(Problem("malformed", f"{where}.num", "the number must be one line"))
    problems.extend(_check_words(node.heading, node.text, where))
    for index, child in enumerate(node.children):
        problems.extend(_check_provision(child, f"{where}.children[{index}]", hints_allowed))
    return problems


def _check_words(
    heading: str, text: str, where: str, heading_field: str = ".heading"
) -> list[Problem]:
    problems: list[Problem] = []
    if clean_line(heading) != heading:
        problems.append(
            Problem(
                "malformed", f"{where}{heading_field}", "a heading is one line without stray spaces"
            )
        )
    if clean_text(text) != text:
        problems.append(
            Problem("malformed", f"{where}.text", "text has empty lines or stray spaces")
        )
    return problems


def check_references(
    amendments: Sequence[tuple[int, Amendment]],
    base_uids: Collection[str],
    *,
    field: str = "amendments",
) -> list[Problem]:
    """Every uid named must be in the base or made by an earlier amendment of the list.

    ``amendments`` are the ones that will be applied, each with its index in
    the full list, which is what messages name.
    """
    problems: list[Problem] = []
    created_at: dict[str, int] = {}
    for index, amendment in amendments:
        for uid in created_uids(amendment):
            created_at.setdefault(uid, index)
    for index, amendment in amendments:
        where = f"{field}[{index}]"
        for name, uid in _named_uids(amendment):
            if uid in base_uids:
                continue
            made = created_at.get(uid)
            if made is not None and made < index:
                continue
            if made is not None:
                message = f"uid {uid!r} is only created by a later amendment, {field}[{made}]"
            else:
                message = f"{_noun(name)} uid {uid!r} does not exist in the base"
            problems.append(Problem("unknown_provision", f"{where}.{name}", message))
    return problems


def _noun(name: str) -> str:
    if name.startswith("texts"):
        return "kept"
    return name.split("[")[0].rstrip("s")


def _named_uids(amendment: Amendment) -> Iterable[tuple[str, str]]:
    if isinstance(amendment, Merge):
        for index, uid in enumerate(amendment.targets):
            yield f"targets[{index}]", uid
    else:
        for uid in targets_of(amendment):
            yield "target", uid
    if isinstance(amendment, Insert | Move) and amendment.parent is not None:
        yield "parent", amendment.parent
    if isinstance(amendment, Insert | Move | AddSection) and amendment.after is not None:
        yield "after", amendment.after
    payload = content_of(amendment)
    sample = next((v for v in payload.values() if v is not None), None)
    roots: list[ProvisionText] = []
    if isinstance(sample, ProvisionText):
        roots = [sample]
    elif isinstance(sample, tuple):
        roots = [p for p in sample if isinstance(p, ProvisionText)]
    elif isinstance(sample, Rewording):
        roots = list(sample.children or ())
    for root in roots:
        for node in root.walk():
            if node.uid:
                yield "texts", node.uid
