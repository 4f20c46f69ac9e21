"""What an import file holds once read: plain records, rows left out with a reason, problems."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from email.utils import parseaddr
from typing import Any

from ..analysis.identity import normal_phone
from ..model import Problem, Severity
from ..vault.ties import DEFAULT_STRENGTH

# Kith keeps people: an organisation's own entry (a vCard with KIND:org, a CSV row with a company
# and no person's name) is skipped with this reason; a person's company becomes their `company`.
ORGANISATION = "an organisation, not a person"
# Groups address books put every contact in, which say nothing about the person (Google's
# `* myContacts`, `* starred`); other groups and labels become tags.
SYSTEM_GROUPS = frozenset(
    {"mycontacts", "my contacts", "starred", "othercontacts", "other contacts"}
)


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
    emails: tuple[str, ...] = ()  # the first is the main one (`email`), the rest go to `emails`
    phones: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()  # nicknames and other names, for `aliases`
    company: str = ""
    role: str = ""
    linkedin: str = ""
    location: str = ""
    tags: tuple[str, ...] = ()
    notes: str = ""
    log: tuple[str, ...] = ()
    uid: str = ""
    slug: str = ""
    folder: str = ""  # the sub-folder of people/ a Kith export had the contact in
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
    warnings: tuple[Problem, ...] = ()  # values left out of a record, each with its line
    distinct: bool = False  # every record is a different person (a LinkedIn export)


class InputFileError(Exception):
    """The import file is wrong; carries every problem, each with the file and line."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def fail(path: str, line: int, message: str) -> InputFileError:
    """Make an error about one place in an import file."""
    return InputFileError([Problem(path, line, message)])


def person_name(*parts: str) -> str:
    """Join the parts of a name with single spaces, as every reader writes names."""
    return " ".join(" ".join(parts).split())


def linkedin_url(urls: Iterable[str]) -> str:
    """Return the first address that is a LinkedIn profile (any letter case), else ''."""
    return next((url for url in urls if "linkedin.com/" in url.lower()), "")


def why_nameless(company: str, emails: Sequence[str]) -> str:
    """Say why a row without a person's name is skipped: a company's row, or only an address."""
    if company:
        return f"{ORGANISATION} ({company})"
    return f"no name (only {emails[0]!r})" if emails else "no name"


def is_email(text: str) -> bool:
    """Tell whether a value can be an e-mail address (`urn:li:member:123` cannot)."""
    local, at, domain = text.strip().removeprefix("mailto:").rpartition("@")
    return bool(at and local and "." in domain and not any(c.isspace() for c in text.strip()))


def only_phones(
    values: tuple[str, ...] | list[str], path: str, line: int, column: str, warnings: list[Problem]
) -> tuple[str, ...]:
    """Keep the values that can be phone numbers; say which were left out and why."""
    kept: list[str] = []
    for value in values:
        if normal_phone(value):
            kept.append(value.strip())
        else:
            message = f"{column} {value.strip()!r} is not a phone number (left out)"
            warnings.append(Problem(path, line, message, Severity.WARNING))
    return tuple(kept)


def only_emails(
    values: tuple[str, ...] | list[str], path: str, line: int, column: str, warnings: list[Problem]
) -> tuple[str, ...]:
    """Keep the values that are e-mail addresses; say which were left out and why."""
    kept: list[str] = []
    for value in values:
        # `"Ada L." <ada@example.com>` is an address with a display name.
        address = parseaddr(value)[1] if "<" in value else value.strip()
        if is_email(address):
            kept.append(address)
        else:
            message = f"{column} {value.strip()!r} is not an e-mail address (left out)"
            warnings.append(Problem(path, line, message, Severity.WARNING))
    return tuple(kept)
