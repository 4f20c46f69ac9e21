"""What every capture source reads its files into: touches, each with whom, when and what kind.

A source never keeps the text of a message: a touch holds a date, the people it was with, a
count, a duration, and (for mail and calendar) a subject. `key` is the source's own identity of
the interaction (a calendar UID and recurrence, a Message-ID, a chat and a day); only its hash
is ever stored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from ..analysis.identity import fold_name, normal_email, normal_phone
from ..model import Problem, Severity
from ..settings import Me

EMAIL, PHONE, NAME = "email", "phone", "name"


@dataclass(frozen=True, slots=True)
class Handle:
    """How a source names a person: an e-mail, a phone number or a name, and a name to show."""

    kind: str  # email | phone | name
    value: str
    label: str = ""  # the display name beside an address, for `--unknown`


@dataclass(frozen=True, slots=True)
class Touch:
    """One interaction a source found: a meeting, a message, a call, a day of chat, a mention."""

    key: str  # the source's identity of it; stored only hashed
    date: dt.date  # in the owner's time zone
    people: tuple[Handle, ...]  # everyone it was with, the owner left out
    tag: str  # the log entry's kind: meet, email, message, call, or '' (a mention)
    label: str  # what one of it is called in an entry: "meeting", "WhatsApp message"
    single: bool = False  # its own log entry (a meeting, a call); else one entry per day
    subject: str = ""
    count: int = 1  # messages it stands for
    seconds: int = 0  # a call's length
    outgoing: bool = False
    time: float = 0.0  # when, as a timestamp: the latest subject of a day is shown


@dataclass(frozen=True, slots=True)
class Window:
    """Which days a run captures, and how a source turns times into days."""

    today: dt.date
    zone: ZoneInfo
    since: dt.date | None = None
    until: dt.date | None = None  # None: today (future meetings: see `horizon`)
    horizon: int = 60  # days ahead a booked meeting is captured, when `until` is not given

    @property
    def last(self) -> dt.date:
        """Return the last day captured for past interactions."""
        return self.until if self.until is not None else self.today

    def holds(self, day: dt.date) -> bool:
        """True when a past interaction on `day` is inside the window."""
        return (self.since is None or day >= self.since) and day <= min(self.last, self.today)

    def day_of(self, moment: dt.datetime | dt.date) -> dt.date:
        """Return the owner's calendar day of a moment (a time without zone is the owner's)."""
        if isinstance(moment, dt.datetime):
            if moment.tzinfo is not None:
                return moment.astimezone(self.zone).date()
            return moment.date()
        return moment


@dataclass
class Findings:
    """What a source read: touches, and the problems of records it had to skip."""

    touches: list[Touch] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    files: list[list[Touch]] = field(default_factory=list)  # the touches of each file read
    read: list[Path] = field(default_factory=list)  # the files read
    unchanged: list[Path] = field(default_factory=list)  # files read in full by an earlier run
    skipped: dict[str, int] = field(default_factory=dict)  # why -> how many, e.g. "bulk mail"

    def skip(self, why: str) -> None:
        """Count a record left out on purpose (bulk mail, a declined meeting...)."""
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def warn(self, path: str, line: int, message: str) -> None:
        """Report a record that could not be read; it is left out, the rest is captured."""
        self.problems.append(Problem(path, line, message, Severity.WARNING))


class CaptureInputError(Exception):
    """A file cannot be read as the kind given: nothing is captured. Carries the problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems


def refuse(path: str, line: int, message: str) -> CaptureInputError:
    """Return the error for a whole file that cannot be read."""
    return CaptureInputError([Problem(path, line, message)])


@dataclass(frozen=True, slots=True)
class Owner:
    """The owner as the sources name them: their addresses, numbers and names, normalised."""

    emails: frozenset[str] = frozenset()
    phones: frozenset[str] = frozenset()
    names: frozenset[str] = frozenset()
    region: str | None = None

    @classmethod
    def from_settings(cls, me: Me, region: str | None) -> Owner:
        return cls(
            frozenset(normal_email(e) for e in me.emails),
            frozenset(normal_phone(p, region) for p in me.phones) - {""},
            frozenset(fold_name(n) for n in me.names) - {""},
            region,
        )

    def is_me(self, handle: Handle) -> bool:
        """True when the handle names the owner."""
        return _is_me(self, handle.kind, handle.value)

    def _is_me(self, kind: str, value: str) -> bool:
        handle = Handle(kind, value)
        if handle.kind == EMAIL:
            return normal_email(handle.value) in self.emails
        if handle.kind == PHONE:
            return normal_phone(handle.value, self.region) in self.phones
        return fold_name(handle.value) in self.names


@functools.lru_cache(maxsize=1 << 16)
def _is_me(owner: Owner, kind: str, value: str) -> bool:
    return owner._is_me(kind, value)


_CONTROLS = re.compile(r"[\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def clean_text(text: str) -> str:
    """Return text fit for one log line: no control characters, no direction marks, one line."""
    if text.isascii() and text.isprintable():
        return " ".join(text.split())
    kept = "".join(" " if unicodedata.category(c) in ("Cc", "Cs") else c for c in text)
    return " ".join(_CONTROLS.sub("", kept).split())


def shown(path: Path, root: Path) -> str:
    """Return a path as messages show it: relative to the project when inside it."""
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return str(path)
