"""JSON form of an amendment set, for files, the API and the commission app.

Reading checks the shape of every field and names it in each problem
(``amendments[3].texts: missing language 'kk'``); all problems are raised
together. The format is described in docs/amendments.md.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

from atazan_amend.errors import Problem, raise_problems
from atazan_amend.model import (
    AMENDMENT_KINDS,
    NUMBERINGS,
    AddSection,
    Amendment,
    AmendmentSet,
    AmendmentStatus,
    Delete,
    Insert,
    Merge,
    Move,
    Numbering,
    ProvisionText,
    RenameSection,
    Renumber,
    Replace,
    Rewording,
    Split,
)
from atazan_amend.validate import check_amendments
from atazan_texts.model import PROVISION_KINDS, ProvisionKind

FORMAT = "atazan-amendments"
FORMAT_VERSION = 1

_RESULT_KEYS = ("title", "version", "date", "status", "note", "work")


# ---------------------------------------------------------------------------- writing


def provision_to_json(node: ProvisionText) -> dict[str, Any]:
    """Only what is there: empty fields are left out to keep files readable."""
    out: dict[str, Any] = {"kind": node.kind}
    if node.uid:
        out["uid"] = node.uid
    for key in ("num", "heading", "text"):
        if value := getattr(node, key):
            out[key] = value
    if node.children:
        out["children"] = [provision_to_json(c) for c in node.children]
    return out


def _rewording_to_json(value: Rewording) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if value.heading is not None:
        out["heading"] = value.heading
    if value.text is not None:
        out["text"] = value.text
    if value.children is not None:
        out["children"] = [provision_to_json(c) for c in value.children]
    return out


def _texts_to_json(texts: Mapping[str, object]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for language, value in texts.items():
        if value is None or isinstance(value, str):
            out[language] = value
        elif isinstance(value, ProvisionText):
            out[language] = provision_to_json(value)
        elif isinstance(value, Rewording):
            out[language] = _rewording_to_json(value)
        else:
            out[language] = [provision_to_json(p) for p in cast(tuple[ProvisionText, ...], value)]
    return out


def amendment_to_json(amendment: Amendment) -> dict[str, Any]:
    out: dict[str, Any] = {"id": amendment.id, "kind": amendment.kind}
    if amendment.status != "adopted":
        out["status"] = amendment.status
    if isinstance(amendment, Merge):
        out["targets"] = list(amendment.targets)
    elif not isinstance(amendment, Insert | AddSection):
        out["target"] = amendment.target
    if isinstance(amendment, Insert | Move):
        out["parent"] = amendment.parent
    if isinstance(amendment, Insert | Move | AddSection):
        out["after"] = amendment.after
    if isinstance(amendment, Renumber):
        out["num"] = amendment.num
    out["rationale"] = amendment.rationale
    if amendment.themes:
        out["themes"] = list(amendment.themes)
    if amendment.proposals:
        out["proposals"] = list(amendment.proposals)
    if not isinstance(amendment, Delete | Renumber) and (
        amendment.texts or not isinstance(amendment, Move)
    ):
        out["texts"] = _texts_to_json(amendment.texts)
    return out


def to_json(amendment_set: AmendmentSet) -> dict[str, Any]:
    """A JSON-ready dict of the whole set."""
    out: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "base": {"work": amendment_set.base_work, "version": amendment_set.base_version},
        "languages": list(amendment_set.languages),
        "numbering": amendment_set.numbering,
    }
    if amendment_set.result:
        out["result"] = {lang: dict(meta) for lang, meta in amendment_set.result.items()}
    out["amendments"] = [amendment_to_json(a) for a in amendment_set.amendments]
    return out


def dumps(amendment_set: AmendmentSet) -> str:
    """Stable text: the same set always gives the same bytes (for diffs and regeneration)."""
    return json.dumps(to_json(amendment_set), ensure_ascii=False, indent=1) + "\n"


def dump(amendment_set: AmendmentSet, path: str | Path) -> None:
    Path(path).write_text(dumps(amendment_set), encoding="utf-8")


# ---------------------------------------------------------------------------- reading


class _Reader:
    """Reads fields, noting a problem (and returning a harmless value) for each bad one."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def bad(self, where: str, message: str) -> None:
        self.problems.append(Problem("malformed", where, message))

    def string(
        self, data: Mapping[str, Any], key: str, where: str, *, required: bool = False
    ) -> str:
        value = data.get(key)
        if value is None:
            if required:
                self.bad(f"{where}.{key}", "is required")
            return ""
        if not isinstance(value, str):
            self.bad(f"{where}.{key}", f"must be a string, not {_what(value)}")
            return ""
        return value

    def uid_or_none(self, data: Mapping[str, Any], key: str, where: str) -> str | None:
        if key not in data:
            self.bad(f"{where}.{key}", "is required (null for the top level or first place)")
            return None
        value = data[key]
        if value is None:
            return None
        if not isinstance(value, str) or not value:
            self.bad(f"{where}.{key}", "must be a uid or null")
            return None
        return value

    def strings(self, data: Mapping[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(f"{where}.{key}", "must be a list of strings")
            return ()
        return tuple(value)

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            self.bad(where, f"must be an object, not {_what(value)}")
            return {}
        return value

    def provision(self, value: Any, where: str) -> ProvisionText:
        data = self.mapping(value, where)
        kind = data.get("kind")
        if kind not in PROVISION_KINDS:
            self.bad(f"{where}.kind", f"must be one of {', '.join(PROVISION_KINDS)}")
            kind = "article"
        children_data = data.get("children", [])
        if not isinstance(children_data, list):
            self.bad(f"{where}.children", "must be a list")
            children_data = []
        self._unknown_keys(data, ("kind", "uid", "num", "heading", "text", "children"), where)
        return ProvisionText(
            kind=cast(ProvisionKind, kind),
            num=self.string(data, "num", where),
            heading=self.string(data, "heading", where),
            text=self.string(data, "text", where),
            uid=self.string(data, "uid", where),
            children=tuple(
                self.provision(child, f"{where}.children[{i}]")
                for i, child in enumerate(children_data)
            ),
        )

    def rewording(self, value: Any, where: str) -> Rewording:
        data = self.mapping(value, where)
        self._unknown_keys(data, ("heading", "text", "children"), where)
        children: tuple[ProvisionText, ...] | None = None
        if "children" in data:
            if not isinstance(data["children"], list):
                self.bad(f"{where}.children", "must be a list")
            else:
                children = tuple(
                    self.provision(child, f"{where}.children[{i}]")
                    for i, child in enumerate(data["children"])
                )
        return Rewording(
            heading=self.string(data, "heading", where) if "heading" in data else None,
            text=self.string(data, "text", where) if "text" in data else None,
            children=children,
        )

    def parts(self, value: Any, where: str) -> tuple[ProvisionText, ...]:
        if not isinstance(value, list):
            self.bad(where, "must be a list of provisions")
            return ()
        return tuple(self.provision(part, f"{where}[{i}]") for i, part in enumerate(value))

    def heading(self, value: Any, where: str) -> str:
        if not isinstance(value, str):
            self.bad(where, "must be a heading (a string) or null")
            return ""
        return value

    def texts(
        self, data: Mapping[str, Any], where: str, read: Callable[[Any, str], Any]
    ) -> dict[str, Any]:
        value = data.get("texts")
        if not isinstance(value, dict):
            self.bad(f"{where}.texts", "is required: an object mapping each language to its text")
            return {}
        return {
            language: None if content is None else read(content, f"{where}.texts.{language}")
            for language, content in value.items()
        }

    def _unknown_keys(self, data: Mapping[str, Any], known: tuple[str, ...], where: str) -> None:
        for key in data:
            if key not in known:
                self.bad(f"{where}.{key}", "is not a known field")

    def amendment(self, value: Any, where: str) -> Amendment | None:
        data = self.mapping(value, where)
        if not data:
            return None
        kind = data.get("kind")
        if kind not in AMENDMENT_KINDS:
            self.bad(f"{where}.kind", f"must be one of {', '.join(AMENDMENT_KINDS)}")
            return None
        common: dict[str, Any] = {
            "id": self.string(data, "id", where, required=True),
            "rationale": self.string(data, "rationale", where),
            "themes": self.strings(data, "themes", where),
            "proposals": self.strings(data, "proposals", where),
            "status": cast(AmendmentStatus, self.string(data, "status", where) or "adopted"),
        }
        allowed = {"id", "kind", "rationale", "themes", "proposals", "status", *_FIELDS[kind]}
        self._unknown_keys(data, tuple(allowed), where)
        target = self.string(data, "target", where, required="target" in _FIELDS[kind])
        if kind == "replace":
            return Replace(**common, target=target, texts=self.texts(data, where, self.rewording))
        if kind == "insert":
            return Insert(
                **common,
                parent=self.uid_or_none(data, "parent", where),
                after=self.uid_or_none(data, "after", where),
                texts=self.texts(data, where, self.provision),
            )
        if kind == "delete":
            return Delete(**common, target=target)
        if kind == "move":
            return Move(
                **common,
                target=target,
                parent=self.uid_or_none(data, "parent", where),
                after=self.uid_or_none(data, "after", where),
                texts=self.texts(data, where, self.rewording) if "texts" in data else {},
            )
        if kind == "split":
            return Split(**common, target=target, texts=self.texts(data, where, self.parts))
        if kind == "merge":
            targets = self.strings(data, "targets", where)
            return Merge(**common, targets=targets, texts=self.texts(data, where, self.provision))
        if kind == "renumber":
            return Renumber(
                **common, target=target, num=self.string(data, "num", where, required=True)
            )
        if kind == "add_section":
            return AddSection(
                **common,
                after=self.uid_or_none(data, "after", where),
                texts=self.texts(data, where, self.provision),
            )
        return RenameSection(**common, target=target, texts=self.texts(data, where, self.heading))


_FIELDS: dict[str, tuple[str, ...]] = {
    "replace": ("target", "texts"),
    "insert": ("parent", "after", "texts"),
    "delete": ("target",),
    "move": ("target", "parent", "after", "texts"),
    "split": ("target", "texts"),
    "merge": ("targets", "texts"),
    "renumber": ("target", "num"),
    "add_section": ("after", "texts"),
    "rename_section": ("target", "texts"),
}


def _what(value: object) -> str:
    return "null" if value is None else type(value).__name__


def from_json(data: Mapping[str, Any]) -> AmendmentSet:
    """Read and check a set; raises the package's errors listing every problem."""
    reader = _Reader()
    if data.get("format") != FORMAT:
        reader.bad("format", f"must be {FORMAT!r}")
    if data.get("format_version") != FORMAT_VERSION:
        reader.bad("format_version", f"must be {FORMAT_VERSION}")
    base = reader.mapping(data.get("base", {}), "base")
    languages = data.get("languages")
    if (
        not isinstance(languages, list)
        or not languages
        or not all(isinstance(lang, str) and lang for lang in languages)
    ):
        reader.bad("languages", "must be a non-empty list of language codes")
        languages = []
    numbering = data.get("numbering", "keep")
    if numbering not in NUMBERINGS:
        reader.bad("numbering", f"must be one of {', '.join(NUMBERINGS)}")
        numbering = "keep"
    result: dict[str, dict[str, str]] = {}
    for language, meta in reader.mapping(data.get("result", {}), "result").items():
        fields = reader.mapping(meta, f"result.{language}")
        result[language] = {}
        for key, value in fields.items():
            if key not in _RESULT_KEYS or not isinstance(value, str):
                reader.bad(f"result.{language}.{key}",
                           f"must be one of {', '.join(_RESULT_KEYS)}, with a string value")  # fmt: skip
            else:
                result[language][key] = value
    listed = data.get("amendments")
    if not isinstance(listed, list):
        reader.bad("amendments", "must be a list")
        listed = []
    amendments = [reader.amendment(item, f"amendments[{i}]") for i, item in enumerate(listed)]
    problems = list(reader.problems)
    if not problems:
        problems = check_amendments([a for a in amendments if a is not None], languages)
    raise_problems(problems)
    return AmendmentSet(
        amendments=tuple(a for a in amendments if a is not None),
        languages=tuple(languages),
        base_work=reader.string(base, "work", "base"),
        base_version=reader.string(base, "version", "base"),
        numbering=cast(Numbering, numbering),
        result=result,
    )


def loads(text: str) -> AmendmentSet:
    return from_json(json.loads(text))


def load(path: str | Path) -> AmendmentSet:
    return loads(Path(path).read_text(encoding="utf-8"))
