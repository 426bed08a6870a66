"""Import errors that list every problem with its line, so a file is fixed in one pass."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class ImportProblem:
    """One thing wrong with an input; ``line`` is 1-based, None when no line applies."""

    line: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.line is None else f"line {self.line}: {self.message}"


def by_line(problems: Iterable[ImportProblem]) -> list[ImportProblem]:
    """Problems in file order, those without a line last, otherwise as found."""
    return sorted(problems, key=lambda p: (p.line is None, p.line or 0))


class TextImportError(Exception):
    """The input could not be read; ``problems`` holds every problem found.

    Importers never return a partial document: one error carries all
    problems, and ``str()`` lists them one per line.
    """

    def __init__(self, problems: Iterable[ImportProblem]) -> None:
        self.problems: list[ImportProblem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))
