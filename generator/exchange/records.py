"""What an import file holds once read: plain records, rows left out with a reason, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..model import Problem
from ..vault.ties import DEFAULT_STRENGTH


@dataclass(frozen=True, slots=True)
class Related:
    """A tie an imported card declares (vCard RELATED); it becomes a tie if both ends are known."""

    ref: str
    slug: str = ""
    strength: int = DEFAULT_STRENGTH
    how: str = ""


@dataclass(frozen=True, slots=True)
class Record:
    """One person as an import file describes them, before matching against the vault.

    `log` holds entries written as in `## Log` ("2023-01-12: Connected on LinkedIn"); `fields`
    holds further front-matter fields (Kith's own from an exported vCard, or `birthday`).
    """

    line: int
    name: str
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    company: str = ""
    role: str = ""
    linkedin: str = ""
    location: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    log: tuple[str, ...] = ()
    uid: str = ""
    slug: str = ""
    related: tuple[Related, ...] = ()
    fields: tuple[tuple[str, Any], ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row or card that was left out, and why."""

    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class Parsed:
    """Everything usable in one import file."""

    records: tuple[Record, ...]
    skipped: tuple[Skipped, ...] = ()


class InputFileError(Exception):
    """The import file is wrong; carries every problem, each with the file and line."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(path: str, line: int, message: str) -> InputFileError:
    """Make an error about one place in an import file."""
    return InputFileError([Problem(path, line, message)])
