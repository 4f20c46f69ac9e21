"""The vault as frozen records: what `load` produces and everything downstream reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import types
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from operator import itemgetter
from typing import Any, TypeVar

CIRCLES = ("family", "friend", "colleague", "client", "acquaintance", "stranger")
# The longest cadence, a contact's or a setting's: a hundred years. A due day is the last contact
# plus the cadence, and a day after 9999-12-31 is no date at all.
MAX_CADENCE = 36_500
WHYS = ("past-business", "connector", "prospect")
LOG_KINDS = ("call", "meet", "email", "message")
LOG_TAGS = ("ask", "give", *LOG_KINDS)
# An introduction's outcome, written beside `intro: SLUG` in a log entry's parentheses.
INTRO_OUTCOMES = ("made", "declined")
# What `kith capture notes` writes before a note's path; the site links such a note to its page.
MENTIONED = "mentioned in "
FREE_FIELDS = ("company", "role", "email", "phone", "linkedin", "location")
# More ways to reach or recognise someone, for matching captured mail, calls and chats.
LIST_FIELDS = ("emails", "phones", "aliases")
# A list field is as private as the field it extends: private `email` keeps `emails` off the site.
LIST_OF = {"emails": "email", "phones": "phone"}
# Every field the format defines, in the order a new contact file lists them.
KNOWN_FIELDS = (
    "name",
    "circle",
    "strength",
    "influence",
    "target",
    "why",
    "cadence",
    *FREE_FIELDS,
    *LIST_FIELDS,
    "tags",
    "knows",
    "last_contact",
    "connected_on",
    "source",
)
# What imports before `connected_on` wrote into the log for LinkedIn's "Connected On": read as the
# day you connected, never as a contact (an entry with a tag is the owner's and counts).
CONNECTED_ENTRY = "connected on linkedin"
# The fields `private_fields` may keep off the site; every other known field builds the pages.
CAN_BE_PRIVATE = (*FREE_FIELDS, *LIST_FIELDS, "tags", "notes")


@functools.lru_cache(maxsize=1 << 16)  # every list sorts by name: 56,000 calls at 10,000 people
def sort_key(name: str) -> str:
    """Order names the way a reader expects: accents and case ignored."""
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Severity(Enum):
    ERROR = "error"
    WARNING = "warning"


R = TypeVar("R")


def slot_setters(
    cls: type[Any], fields: tuple[dataclasses.Field[Any], ...]
) -> dict[str, Callable[[Any, Any], None]] | None:
    """Return what sets each field's slot of a record (`set_<name>`), when setting them is all
    its `__init__` does: a dataclass of slots whose every field is an argument, with nothing
    run after (`__post_init__`). None for any other class."""
    if hasattr(cls, "__post_init__") or not all(f.init for f in fields):
        return None
    setters = {}
    for each in fields:
        slot = cls.__dict__.get(each.name)
        if type(slot) is not types.MemberDescriptorType:
            return None
        setters[f"set_{each.name}"] = slot.__set__
    return setters


def quick_init(cls: type[R]) -> type[R]:
    """Give a frozen dataclass of slots an `__init__` that puts each field straight into its
    slot: the same arguments and defaults, the same values, still frozen.

    The `__init__` dataclasses writes for a frozen record sets every field through
    `object.__setattr__`, twice as slow as the slot's own setter; every run makes the records
    of a whole vault (10,000 people, their log entries and ties, the edges, each contact's
    described log). For a record whose fields all take plain defaults or none, and that runs
    nothing after; any other class is a mistake in Kith, raised when the module is imported.
    """
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    setters = slot_setters(cls, fields)
    if setters is None or any(
        f.default_factory is not dataclasses.MISSING or f.kw_only for f in fields
    ):
        raise TypeError(f"quick_init cannot make the __init__ of {cls.__qualname__}")
    scope: dict[str, Any] = dict(setters)
    arguments = []
    for each in fields:
        if each.default is dataclasses.MISSING:
            arguments.append(each.name)
        else:
            scope[f"default_{each.name}"] = each.default
            arguments.append(f"{each.name}=default_{each.name}")
    source = f"def __init__(self, {', '.join(arguments)}):\n" + "".join(
        f"    set_{each.name}(self, {each.name})\n" for each in fields
    )
    exec(compile(source, f"<kith __init__ of {cls.__qualname__}>", "exec"), scope)
    init = scope["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init  # type: ignore[method-assign]
    return cls


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with the vault, pinned to a file and line."""

    path: str
    line: int
    message: str
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        # Shown on a terminal by the CLI and by MkDocs' log: quoted text must not command it.
        return printable(f"{where}: {prefix}{self.message}")


def not_utf8(exc: UnicodeDecodeError) -> tuple[int, str]:
    """Return where text that is no UTF-8 goes wrong: the line of its first bad byte, and that
    byte as `0xe9`."""
    data = bytes(exc.object)
    return data.count(b"\n", 0, exc.start) + 1, f"0x{data[exc.start]:02x}"


# Every C0 and C1 control character but newline and tab, as a visible stand-in: U+2400's
# control pictures (`␛` for ESC), `␡` for DEL, U+FFFD for C1 and for the bidirectional
# embeddings, overrides and isolates, which can make a line read differently from what it holds
# ("Trojan Source").
_SHOWN = {
    **{code: 0x2400 + code for code in range(0x20) if code not in (0x09, 0x0A)},
    0x7F: 0x2421,
    **dict.fromkeys(range(0x80, 0xA0), 0xFFFD),
    **dict.fromkeys((*range(0x202A, 0x202F), *range(0x2066, 0x206A)), 0xFFFD),
}


def printable(text: str) -> str:
    """Return the text with every control character but newline and tab made visible."""
    return text.translate(_SHOWN)


@quick_init
@dataclass(frozen=True, slots=True)
class Interaction:
    """One dated entry of a contact's `## Log`."""

    date: dt.date
    text: str
    tags: tuple[str, ...] = ()
    line: int = 0
    intro: str = ""  # `intro: SLUG`: an introduction to SLUG, asked of this contact
    outcome: str = ""  # `made` or `declined`: how that introduction went ('' = not said)
    via: str = ""  # `via: SLUG`: SLUG introduced you to this contact
    next: dt.date | None = None  # `next: DATE`: the next step about this contact is due then

    @property
    def is_ask(self) -> bool:
        return "ask" in self.tags

    @property
    def is_give(self) -> bool:
        return "give" in self.tags

    @property
    def is_contact(self) -> bool:
        """True for a real interaction; False for the connection date earlier imports logged."""
        written = bool(self.tags or self.intro or self.via or self.next)
        return written or self.text.strip().casefold() != CONNECTED_ENTRY


@quick_init
@dataclass(frozen=True, slots=True)
class Tie:
    """A tie as one contact declared it under `knows`."""

    other: str
    strength: int
    how: str = ""
    line: int = 0


@quick_init
@dataclass(frozen=True, slots=True)
class Person:
    """One contact file, validated."""

    slug: str
    path: str
    name: str
    circle: str = "acquaintance"
    strength: int = 0
    influence: int = 1
    target: bool = False
    why: str = ""
    cadence: int | None = None
    company: str = ""
    role: str = ""
    email: str = ""
    phone: str = ""
    linkedin: str = ""
    location: str = ""
    emails: tuple[str, ...] = ()  # more addresses beside `email`
    phones: tuple[str, ...] = ()  # more numbers beside `phone`
    aliases: tuple[str, ...] = ()  # other names they go by (in chats, in mail)
    tags: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    ties: tuple[Tie, ...] = ()
    last_contact_field: dt.date | None = None
    connected_on_field: dt.date | None = None
    log: tuple[Interaction, ...] = ()
    notes: str = ""
    private_notes: str = ""
    extra: tuple[tuple[str, str], ...] = ()

    @property
    def last_contact(self) -> dt.date | None:
        """Return the newest log date or `last_contact:`, whichever is newer (connecting aside)."""
        dates = [i.date for i in self.log if i.is_contact]
        if self.last_contact_field is not None:
            dates.append(self.last_contact_field)
        return max(dates, default=None)

    def last_contact_on(self, today: dt.date) -> dt.date | None:
        """Return the newest log date or `last_contact:` on or before `today` (connecting aside).

        Later entries are meetings already booked (`kith capture calendar` writes them), not
        contact yet: see `next_planned`.
        """
        dates = [i.date for i in self.log if i.date <= today and i.is_contact]
        if self.last_contact_field is not None and self.last_contact_field <= today:
            dates.append(self.last_contact_field)
        return max(dates, default=None)

    def next_planned(self, today: dt.date) -> dt.date | None:
        """Return the first log date after `today`: the next touch already booked."""
        return min((i.date for i in self.log if i.date > today), default=None)

    @property
    def connected_on(self) -> dt.date | None:
        """Return the day you connected on a network: `connected_on:`, or an old import's entry."""
        if self.connected_on_field is not None:
            return self.connected_on_field
        return min((i.date for i in self.log if not i.is_contact), default=None)

    @property
    def all_emails(self) -> tuple[str, ...]:
        """Return `email` and `emails`, each once, in the order written."""
        return tuple(dict.fromkeys(e for e in (self.email, *self.emails) if e))

    @property
    def all_phones(self) -> tuple[str, ...]:
        """Return `phone` and `phones`, each once, in the order written."""
        return tuple(dict.fromkeys(p for p in (self.phone, *self.phones) if p))

    def free_field(self, name: str) -> str:
        """Return one of the optional free fields by name."""
        return str(getattr(self, name))


@quick_init
@dataclass(frozen=True, slots=True)
class Edge:
    """A symmetric tie between two contacts (`a` < `b`); the stronger declared value wins."""

    a: str
    b: str
    strength: int
    how: str = ""


@dataclass(frozen=True, slots=True)
class Vault:
    """Every contact (sorted by slug) and the symmetric ties between them (sorted by ends)."""

    people: tuple[Person, ...]
    edges: tuple[Edge, ...] = ()
    by_slug: Mapping[str, Person] = field(default_factory=dict, compare=False, repr=False)
    adjacency: Mapping[str, tuple[tuple[str, Edge], ...]] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def build(
        cls, people: tuple[Person, ...], edges: tuple[Edge, ...], like: Vault | None = None
    ) -> Vault:
        """Make a vault with its look-up tables filled in (from `like`'s, for the same edges)."""
        if like is not None and like.edges is edges:
            return cls(people, edges, {p.slug: p for p in people}, like.adjacency)
        lists: dict[str, list[tuple[str, Edge]]] = {}
        for e in edges:
            lists.setdefault(e.a, []).append((e.b, e))
            lists.setdefault(e.b, []).append((e.a, e))
        adjacency = {k: tuple(sorted(v, key=itemgetter(0))) for k, v in lists.items()}
        return cls(people, edges, {p.slug: p for p in people}, adjacency)

    def neighbours(self, slug: str) -> tuple[tuple[str, Edge], ...]:
        """Return (other slug, edge) for every tie of `slug`, sorted by the other slug."""
        return self.adjacency.get(slug, ())


TrackedValue = int | bool | str
TRACKED = ("strength", "circle", "influence", "target")
PRESENT = "present"  # the pseudo-field a commit that adds or removes the file changes


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One committed change of a tracked field; `old` is None for the first value seen."""

    date: dt.date
    field: str
    old: TrackedValue | None
    new: TrackedValue


@dataclass(frozen=True, slots=True)
class Timeline:
    """How one contact (by slug, so across moves) changed over the committed history."""

    slug: str
    name: str
    changes: tuple[FieldChange, ...]

    @property
    def added(self) -> dt.date | None:
        """Return the date of the first commit that holds the contact's file."""
        return next((c.date for c in self.changes if c.field == PRESENT), None)

    @property
    def shown(self) -> tuple[FieldChange, ...]:
        """Return the changes worth telling (not the first values), newest first."""
        told = [c for c in reversed(self.changes) if c.old is not None]
        # Sorted by date, as author dates need not follow commit order; ties stay newest first.
        return tuple(sorted(told, key=lambda c: c.date, reverse=True))

    def value_on(self, field: str, day: dt.date) -> TrackedValue | None:
        """Return the committed value of a field at the end of `day` (None before it existed)."""
        value: TrackedValue | None = None
        for change in self.changes:
            if change.field == field and change.date <= day:
                value = change.new
        return value


@dataclass(frozen=True, slots=True)
class History:
    """The committed history of `people/`: a timeline per slug ever committed."""

    timelines: Mapping[str, Timeline]
    commits: int = 0  # commits of the first-parent chain that touched `people/`
