"""The next step: one thing to do about each target, and the dated steps the log schedules.

"Strive to earn their attention": a target not ready for a purposeful ask gets what to do
instead, in this order: a step already scheduled in the log (`next: DATE`); get introduced
(you are not tied yet); reconnect first (overdue, or fading); ask with a purpose (ready); give
first (no give in `give_gap_days`, or more asks than gives); else keep in touch, saying what an
ask still waits for.

A `next: DATE` on a log entry stays open until an entry dated after that entry is logged for
the same contact (up to today): logging what happened next is what closes it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Person, sort_key
from ..thresholds import Thresholds
from .cadence import Contact
from .intro_paths import IntroPath
from .introductions import PENDING, Introduction, Introductions
from .patience import why_not_ready
from .phrases import describe_path, due_in, plural, span, times
from .priority import past_rhythm

NEXT_STEP_KINDS = ("planned", "introduce", "reconnect", "ask", "give-first", "keep-in-touch")
LABELS: Mapping[str, str] = {
    "planned": "next step",
    "introduce": "get introduced",
    "reconnect": "reconnect first",
    "ask": "ask with a purpose",
    "give-first": "give first",
    "keep-in-touch": "keep in touch",
}


@dataclass(frozen=True, slots=True)
class OpenStep:
    """A next step a log entry set with `next: DATE`, not done yet."""

    slug: str
    date: dt.date  # when it is due
    logged: dt.date  # the day of the entry that set it
    text: str  # that entry's text


@dataclass(frozen=True, slots=True)
class NextStep:
    """What to do next about one target; `detail` holds no name and no text from a file."""

    slug: str
    kind: str  # one of NEXT_STEP_KINDS
    detail: str = ""
    scheduled: OpenStep | None = None
    path: IntroPath | None = None
    waiting: Introduction | None = None  # an introduction asked and not settled yet


def find_open_steps(people: Iterable[Person], today: dt.date) -> tuple[OpenStep, ...]:
    """Return every open next step, soonest first."""
    found: list[tuple[Person, OpenStep]] = []
    for person in people:
        past = [entry for entry in person.log if entry.date <= today]
        setting = [entry for entry in past if entry.next is not None]
        if not setting:
            continue
        last = max(setting, key=lambda entry: (entry.date, entry.line))
        if last.next is None or any(entry.date > last.date for entry in past):
            continue
        found.append((person, OpenStep(person.slug, last.next, last.date, last.text)))
    found.sort(key=lambda pair: (pair[1].date, sort_key(pair[0].name), pair[0].slug))
    return tuple(step for _, step in found)


@dataclass(frozen=True, slots=True)
class _Known:
    """What the next steps are chosen from, beside each target's own facts."""

    open_steps: Mapping[str, OpenStep]
    ready: Collection[str]
    best: Mapping[str, IntroPath]
    introductions: Introductions


def plan_next_steps(
    targets: Sequence[str],
    contacts: Mapping[str, Contact],
    open_steps: Sequence[OpenStep],
    ready: Collection[str],
    best: Mapping[str, IntroPath],
    introductions: Introductions,
    thresholds: Thresholds,
    today: dt.date,
) -> dict[str, NextStep]:
    """Return the next step of every target, by slug (in the targets' order)."""
    known = _Known({step.slug: step for step in open_steps}, ready, best, introductions)
    return {slug: _next_step(contacts[slug], known, thresholds, today) for slug in targets}


def _next_step(contact: Contact, known: _Known, thresholds: Thresholds, today: dt.date) -> NextStep:
    slug, person = contact.slug, contact.person
    if slug in known.open_steps:
        return step_from_log(known.open_steps[slug])
    waiting = _waiting(known.introductions, slug)
    if waiting is not None:
        late = f"; pending for {span(waiting.asked, today)}: follow up" if waiting.stale else ""
        return NextStep(
            slug, "introduce", f"asked on {waiting.asked.isoformat()}{late}", waiting=waiting
        )
    if person.strength == 0 and slug not in known.introductions.doors:
        path = known.best.get(slug)
        detail = "" if path else "nobody you know is known to know them yet"
        return NextStep(slug, "introduce", detail, path=path)
    if contact.due is not None and contact.due < today:
        return NextStep(slug, "reconnect", due_in(contact.due, today))
    if contact.fading:
        return NextStep(slug, "reconnect", f"fading, {times(past_rhythm(contact))} their rhythm")
    if slug in known.ready:
        return NextStep(slug, "ask", "they are ready")
    give = _give_first(person, thresholds, today)
    if give:
        return NextStep(slug, "give-first", give)
    return NextStep(slug, "keep-in-touch", why_not_ready(person, thresholds, today))


def _waiting(introductions: Introductions, target: str) -> Introduction | None:
    """Return the newest introduction to `target` still pending, if any."""
    pending = [
        intro
        for record in introductions.records.values()
        for intro in record.introductions
        if intro.target == target and intro.outcome == PENDING
    ]
    return max(pending, key=lambda i: (i.asked, i.connector), default=None)


def step_from_log(step: OpenStep) -> NextStep:
    """Return the next step a log entry scheduled."""
    return NextStep(step.slug, "planned", f"due {step.date.isoformat()}", scheduled=step)


def _give_first(person: Person, thresholds: Thresholds, today: dt.date) -> str:
    """Say why a give should come first ('' when the balance and a recent give are there)."""
    log = [entry for entry in person.log if entry.date <= today]
    asks = sum(1 for entry in log if entry.is_ask)
    gives = sum(1 for entry in log if entry.is_give)
    if asks > gives:
        return f"{plural(asks, 'ask')} and {plural(gives, 'give')} so far"
    gap = thresholds.give_gap_days
    if not any(entry.is_give and (today - entry.date).days < gap for entry in log):
        return f"no give in the last {plural(gap, 'day')}"
    return ""


def describe_next_step(step: NextStep, names: Sequence[str], text: str) -> str:
    """Say the step in one line, with `names` (the people of `step_people`) and `text` as shown."""
    label = LABELS[step.kind]
    if step.kind == "planned" and step.scheduled is not None:
        logged = step.scheduled.logged.isoformat()
        return f"{label} {step.detail} (logged {logged}: {text})"
    if step.kind == "introduce" and step.waiting is not None and names:
        return f"{label}: waiting on {names[0]} (introduction {step.detail})"
    if step.kind == "introduce" and names:
        return f"{label}: {describe_path(names)}"
    return f"{label}: {step.detail}" if step.detail else label


def step_people(step: NextStep) -> tuple[str, ...]:
    """Return the slugs a step names: the connector waited on, or the path's people."""
    if step.waiting is not None:
        return (step.waiting.connector,)
    return step.path.people if step.path is not None else ()
