"""Errors of the amendment package: one base class, one stable ``code`` per kind.

Callers (the commission app, the command line) branch on ``code`` rather
than on message wording, which may improve. Validation collects every
problem it finds, so a draftsperson fixes a set of amendments in one pass:
the error raised is the class of the first problem and ``problems`` holds
them all, each naming the field (``amendments[3].texts``) it is about.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import ClassVar


@dataclass(frozen=True)
class Problem:
    """One thing wrong, with the field it concerns (empty when none applies)."""

    code: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.field else self.message


class AmendmentError(Exception):
    """Base of every error this package raises on purpose."""

    code: ClassVar[str] = "amendment_error"

    def __init__(self, message: str, *, field: str = "", problems: Iterable[Problem] = ()) -> None:
        own = Problem(self.code, field, message)
        listed = tuple(problems) or (own,)
        self.field = field
        self.message = message
        self.problems: tuple[Problem, ...] = listed
        super().__init__("\n".join(str(p) for p in listed))


class MalformedAmendments(AmendmentError):
    """The JSON (or the objects built in code) do not have the required shape."""

    code = "malformed"


class MissingLanguage(AmendmentError):
    """An amendment lacks the text of a language the base text has."""

    code = "missing_language"


class UnknownLanguage(AmendmentError):
    """An amendment carries a language the base text does not have."""

    code = "unknown_language"


class UnknownProvision(AmendmentError):
    """An amendment names a uid that is neither in the base nor made by an earlier amendment."""

    code = "unknown_provision"


class InvalidEdit(AmendmentError):
    """The edit cannot be made: wrong nesting, a move into itself, languages that disagree."""

    code = "invalid_edit"


class BaseMismatch(AmendmentError):
    """The language expressions of the base disagree, or the set is for another base."""

    code = "base_mismatch"


class InvalidResult(AmendmentError):
    """The consolidated text would not be a valid document (atazan_texts.model.find_flaws)."""

    code = "invalid_result"


class DeriveError(AmendmentError):
    """``derive`` could not express the target as amendments to the base."""

    code = "derive_failed"


@dataclass(frozen=True)
class Conflict:
    """Two adopted amendments that cannot both be applied as written.

    ``first`` is the earlier amendment in the order of application, ``second``
    the later; ``uid`` is the provision they clash on.
    """

    code: str
    first: str
    second: str
    uid: str
    message: str

    def __str__(self) -> str:
        return self.message


class ConflictError(AmendmentError):
    """Adopted amendments conflict; nothing is consolidated until they are resolved."""

    code = "conflict"

    def __init__(self, conflicts: Sequence[Conflict]) -> None:
        self.conflicts: tuple[Conflict, ...] = tuple(conflicts)
        super().__init__(
            f"{len(self.conflicts)} conflict(s) between adopted amendments",
            problems=[Problem(self.code, "", c.message) for c in self.conflicts],
        )


ERROR_CLASSES: dict[str, type[AmendmentError]] = {
    cls.code: cls
    for cls in (
        MalformedAmendments,
        MissingLanguage,
        UnknownLanguage,
        UnknownProvision,
        InvalidEdit,
        BaseMismatch,
        InvalidResult,
        DeriveError,
    )
}


def raise_problems(problems: Sequence[Problem]) -> None:
    """Raise the error class of the first problem, carrying all of them."""
    if not problems:
        return
    first = problems[0]
    cls = ERROR_CLASSES.get(first.code, AmendmentError)
    raise cls(first.message, field=first.field, problems=problems)
