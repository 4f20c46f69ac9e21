"""Introductions remembered: who was asked to open which door, and how it went.

In the connector's file, `(ask, intro: T)` asks them to introduce you to T, and a later
`(intro: T, made)` or `(intro: T, declined)`, or the same words added to the ask, says how it
went; `(via: C)` in T's file says C introduced you. Each ask of C for T is settled by what is
logged from its day until the next ask of C for T: made if anything says made, else declined if
anything says declined, else still pending; pending for more than `intro_pending_days` is
stale, unless the ask set a `next:` date still ahead. What is logged before any ask counts as an
introduction whose ask was not logged, asked on that day. Entries after `today` have not
happened yet and are not counted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..model import Vault
from .phrases import plural

MADE, DECLINED, PENDING = "made", "declined", "pending"


@dataclass(frozen=True, slots=True)
class Introduction:
    """One introduction asked of `connector` to `target`, and how it went (so far)."""

    connector: str
    target: str
    asked: dt.date
    outcome: str  # made, declined or pending
    settled: dt.date | None = None  # the day it was made or declined
    stale: bool = False  # pending for more than `intro_pending_days`


@dataclass(frozen=True, slots=True)
class IntroRecord:
    """A connector's record: the introductions you asked of them, by outcome."""

    slug: str
    introductions: tuple[Introduction, ...]

    def count(self, outcome: str) -> int:
        """Return how many introductions ended (or wait) with `outcome`."""
        return sum(1 for i in self.introductions if i.outcome == outcome)

    @property
    def asked(self) -> int:
        return len(self.introductions)

    @property
    def stale(self) -> int:
        return sum(1 for i in self.introductions if i.stale)


@dataclass(frozen=True, slots=True)
class Introductions:
    """Every connector's record, and who opened the door to whom (the first door first)."""

    records: Mapping[str, IntroRecord] = field(default_factory=dict)
    doors: Mapping[str, tuple[Introduction, ...]] = field(default_factory=dict)
    listed: tuple[Introduction, ...] = ()  # every introduction, newest ask first


# (date, kind, line, the entry's `next:`) of what was logged about one connector and one target.
_Event = tuple[dt.date, str, int, dt.date | None]


def find_introductions(vault: Vault, today: dt.date, pending_days: int) -> Introductions:
    """Settle every logged introduction and gather the records and the opened doors."""
    events = _events(vault, today)
    found = [
        intro
        for (connector, target), logged in sorted(events.items())
        for intro in _settle(connector, target, sorted(logged), today, pending_days)
    ]
    records: dict[str, list[Introduction]] = {}
    doors: dict[str, list[Introduction]] = {}
    for intro in found:
        records.setdefault(intro.connector, []).append(intro)
        if intro.outcome == MADE:
            doors.setdefault(intro.target, []).append(intro)
    return Introductions(
        {slug: IntroRecord(slug, tuple(items)) for slug, items in sorted(records.items())},
        {slug: _oldest_first(items) for slug, items in sorted(doors.items())},
        tuple(sorted(found, key=lambda i: (-i.asked.toordinal(), i.connector, i.target))),
    )


def _events(vault: Vault, today: dt.date) -> dict[tuple[str, str], list[_Event]]:
    """Collect the asks and outcomes by (connector, target); links to no contact are ignored."""
    found: dict[tuple[str, str], list[_Event]] = {}
    known = vault.by_slug
    for person in vault.people:
        for entry in person.log:
            if entry.date > today:
                continue
            if entry.intro in known and entry.intro != person.slug:
                pair = (person.slug, entry.intro)
                if entry.is_ask:
                    found.setdefault(pair, []).append((entry.date, "ask", entry.line, entry.next))
                if entry.outcome:
                    event = (entry.date, entry.outcome, entry.line, None)
                    found.setdefault(pair, []).append(event)
            if entry.via in known and entry.via != person.slug:
                pair = (entry.via, person.slug)
                found.setdefault(pair, []).append((entry.date, MADE, entry.line, None))
    return found


def _settle(
    connector: str, target: str, events: list[_Event], today: dt.date, pending_days: int
) -> Iterable[Introduction]:
    """Cut the events into one run per ask (and one before the first ask), and settle each."""
    runs: list[list[_Event]] = []
    for event in events:
        if event[1] == "ask" or not runs:
            runs.append([])
        runs[-1].append(event)
    for run in runs:
        asked = run[0][0]
        outcome = next((kind for kind in (MADE, DECLINED) if any(e[1] == kind for e in run)), "")
        if outcome:
            settled = min(e[0] for e in run if e[1] == outcome)
            yield Introduction(connector, target, asked, outcome, settled)
        else:
            # A next step the ask scheduled for later says when to follow up instead.
            later = run[0][3] is not None and run[0][3] > today
            stale = (today - asked).days > pending_days and not later
            yield Introduction(connector, target, asked, PENDING, None, stale)


def _oldest_first(items: list[Introduction]) -> tuple[Introduction, ...]:
    return tuple(sorted(items, key=lambda i: (i.settled or i.asked, i.connector)))


def describe_record(name: str, record: IntroRecord) -> str:
    """Say a connector's record: "Margaret Hale made 3 of the 3 introductions you asked for"."""
    made, asked = record.count(MADE), record.asked
    if asked == 1:
        outcome = record.introductions[0].outcome
        verb = {MADE: "made", DECLINED: "declined"}.get(outcome, "has yet to make")
        return f"{name} {verb} the introduction you asked for"
    said = f"{name} made {made} of the {asked} introductions you asked for"
    rest = [
        plural(record.count(DECLINED), "declined", "declined"),
        plural(record.count(PENDING), "pending", "pending"),
    ]
    shown = [part for part in rest if not part.startswith("0 ")]
    return f"{said} ({', '.join(shown)})" if shown else said
