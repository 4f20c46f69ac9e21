"""What the pages show beyond the report: groups, rings and pictures.

Pictures are made here, at build time, as SVG strings.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from typing import Any

from ..analysis.activity import find_activity
from ..analysis.cadence import Contact
from ..analysis.intro_paths import IntroPath
from ..analysis.introductions import Introduction, IntroRecord
from ..analysis.next_steps import NextStep
from ..analysis.patience import TooEarlyAsk
from ..analysis.reconnect import Dormant
from ..analysis.report import Report
from ..model import CIRCLES, Edge, Person, Tie, Timeline, Vault, quick_init, sort_key
from ..thresholds import Thresholds
from .contact_pictures import draw_contact_history, strength_steps
from .home_pictures import draw_calendar, draw_meter, draw_months
from .network_layout import plan_network
from .network_picture import draw_network, draw_path
from .page_cache import Later, alike
from .target_map import draw_target_map, named_people
from .ties_picture import Who, draw_neighbours, neighbours, who

PLURAL_CIRCLES: Mapping[str, str] = {
    "family": "family",
    "friend": "friends",
    "colleague": "colleagues",
    "client": "clients",
    "acquaintance": "acquaintances",
    "stranger": "strangers",
}


def report_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Return what most relationship pages need: everyone by slug, the report, the thresholds."""
    return {"people": vault.by_slug, "report": report, "limits": report.thresholds}


@quick_init
@dataclass(frozen=True, slots=True)
class PersonInputs:
    """Everything a contact's page is drawn from: its context is made from these alone.

    A kept page is looked up by these values (`keyed`), not by its context, so looking up the
    10,000 kept pages of a 10,000-contact vault makes no context and fingerprints no picture.
    The context is a function of the fields (`context`), so what the key names is all the page
    can show. A field is keyed unless it is one of `UNKEYED`, each named by the page's key
    another way.
    """

    person: Person
    contact: Contact  # describe_contact(person, settings, today)
    # Who declared a tie to them, and each one's tie: `known_by` (who, strength, how) in the
    # context. Kept apart, so a rebuild that finds the very same of both tells it in one pass.
    declarers: tuple[Person, ...]
    declared: tuple[Tie, ...]
    paths: tuple[IntroPath, ...]  # shown under "How to reach them"
    path_people: Mapping[str, Person]  # everyone on those paths, by slug
    # Their ties (`Vault.neighbours`) and what a ties picture shows of each contact: the
    # picture shows `neighbours(adjacent, who)` of them, which the key names.
    adjacent: tuple[tuple[str, Edge], ...]
    who: Mapping[str, Who]
    history_known: bool
    timeline: Timeline | None  # None: not committed, or no history
    too_early: tuple[TooEarlyAsk, ...]
    ready: bool
    step: NextStep | None
    intro_record: IntroRecord | None
    doors: tuple[Introduction, ...]
    dormant: Dormant | None
    notes: Mapping[str, str]  # log entries naming a note of the site, to the note's page
    limits: Thresholds  # the settings' thresholds
    today: dt.date
    people_by_slug: Mapping[str, Person]  # watched by the page cache as it is read
    records: Mapping[str, IntroRecord]  # watched too

    def keyed(self, name: Callable[[Person], str]) -> tuple[Any, ...]:
        """Return the fields the page's key is made of, each person in them as `name` gives
        (the digest of their record). Those who declared a tie to them are (name, strength,
        how), as `known_by` gives them."""
        ties = self.declared  # one each, in the order of `declarers`
        declared = zip(
            map(name, self.declarers), map(_STRENGTH, ties), map(_HOW, ties), strict=True
        )
        return (
            name(self.person),
            tuple(declared),
            {slug: name(person) for slug, person in self.path_people.items()},
            self.neighbours(),
            *_KEYED(self),
        )

    def watched(self) -> dict[str, Mapping[str, Any]]:
        """Return the whole-vault mappings the page reads only in part, by context name."""
        return {"people_by_slug": self.people_by_slug, "records": self.records}

    def same_as(self, before: object) -> bool:
        """Return True when `before` holds what every field the key names is made of as values
        `alike` these (the very same person records): the page's key is then the same."""
        if type(before) is not PersonInputs or self.person is not before.person:
            return False
        others = list(map(_OTHER, self.adjacent))  # whom the ties picture shows
        return (
            alike(self.declarers, before.declarers)  # persons: the very same ones
            and alike(self.declared, before.declared)
            and alike(self.adjacent, before.adjacent)
            and all(map(operator.is_, map(self.who.get, others), map(before.who.get, others)))
            and alike(self.path_people, before.path_people)
            and alike(_KEYED(self), _KEYED(before))
        )

    def neighbours(self) -> tuple[tuple[Who, int], ...]:
        """Return what the ties picture shows of each tie (`ties_picture.neighbours`), listed
        once for the key and the page drawn right after it (the last one asked is kept)."""
        last = _LAST_NEIGHBOURS[0]  # one tuple: read whole, whatever thread replaces it
        if last[0] is self:
            return last[1]
        found = neighbours(self.adjacent, self.who)
        _LAST_NEIGHBOURS[0] = (self, found)
        return found

    @property
    def known_by(self) -> tuple[tuple[Person, int, str], ...]:
        """Return who declared a tie to them, with its strength and how they know them."""
        declared = zip(self.declarers, self.declared, strict=True)
        return tuple([(person, tie.strength, tie.how) for person, tie in declared])

    def context(self) -> dict[str, Any]:
        """Return what a contact's page template is given."""
        person, paths, today = self.person, self.paths, self.today
        steps = strength_steps(self.timeline, today) if self.timeline is not None else []
        return {
            "person": person,
            "contact": self.contact,
            "known_by": self.known_by,
            "people_by_slug": self.people_by_slug,
            # Targets always show how to reach them; others only when not tied to you yet.
            "reach": person.target or bool(paths),
            # Drawn when the page is rendered, from the people on the paths (all that is read).
            "paths": Later(_drawn, (paths, self.path_people)) if paths else [],
            # Drawn when the page is rendered: a page kept from the last build needs neither.
            "history_picture": Later(draw_contact_history, (person, steps, today)),
            "strength_steps": steps,
            "ties_picture": Later(draw_neighbours, (person, self.neighbours())),
            "too_early": list(self.too_early),
            "ready": self.ready,
            "limits": self.limits,
            "step": self.step,
            "intro_record": self.intro_record,
            "records": self.records,
            "doors": self.doors,
            "dormant": self.dormant,
            "history_known": self.history_known,
            "timeline": self.timeline,
            "notes": self.notes,
        }


# The inputs `PersonInputs.neighbours` was last asked of, and what it gave: a page's key and
# its context, made one after the other, list the ties once.
_LAST_NEIGHBOURS: list[tuple[object, tuple[tuple[Who, int], ...]]] = [(None, ())]


# What the key holds another way: the contact is a function of the person, the settings and
# the day; the thresholds are the settings'; the day is in the key; the watched mappings are
# fingerprinted entry by entry as the page reads them (site/page_cache.py).
UNKEYED = frozenset({"contact", "limits", "today", "people_by_slug", "records"})
# The fields `keyed` names its own way: each person by the digest of their record itself
# (pickling a person writes a reference to a function, `Fingerprints`, which pickle checks by
# importing its module each time: a third of the time of a key), those who declared a tie as
# (person, strength, how), and the neighbours as what the ties picture shows of them.
_PEOPLE = ("person", "declarers", "declared", "path_people", "adjacent", "who")
_OTHER = operator.itemgetter(0)

_STRENGTH, _HOW = operator.attrgetter("strength"), operator.attrgetter("how")
_KEYED = operator.attrgetter(
    *(f.name for f in fields(PersonInputs) if f.name not in UNKEYED and f.name not in _PEOPLE)
)


# What a page without notes or intro paths is given for them: the very same object at each
# rebuild of `mkdocs serve`, so telling its inputs from the last rebuild's stays in C
# (`PersonInputs.same_as`). Read only.
_NONE: Mapping[str, Any] = {}


def person_inputs(
    person: Person,
    vault: Vault,
    report: Report,
    lists: PersonLists,
    known_by: tuple[tuple[Person, ...], tuple[Tie, ...]],
    notes: Mapping[str, str],
) -> PersonInputs:
    """Gather what a contact's page is drawn from (`notes`: every note page, `note_pages`)."""
    slug = person.slug
    # Targets show every path to them; others the best one, until you are tied to them.
    paths = report.target_paths.get(slug, ())
    best = report.best_paths.get(slug)
    if not person.target and person.strength == 0 and best is not None:
        paths = (best,)
    history = report.history
    records = report.introductions.records
    return PersonInputs(
        person=person,
        contact=report.contacts[slug],
        declarers=known_by[0],
        declared=known_by[1],
        paths=paths,
        path_people={s: vault.by_slug[s] for p in paths for s in p.people} or _NONE,
        adjacent=vault.neighbours(slug),
        who=lists.who,
        history_known=history is not None,
        timeline=history.timelines.get(slug) if history is not None else None,
        too_early=lists.too_early.get(slug, ()),
        ready=slug in lists.ready,
        step=report.step_for(slug),
        intro_record=records.get(slug),
        doors=report.introductions.doors.get(slug, ()),
        dormant=lists.dormant.get(slug),
        notes={e.text: notes[e.text] for e in person.log if e.text in notes} or _NONE,
        limits=report.thresholds,
        today=report.today,
        people_by_slug=vault.by_slug,
        records=records,
    )


@dataclass(frozen=True, slots=True)
class PersonLists:
    """The report's lists by contact, made once for all the contact pages."""

    too_early: Mapping[str, tuple[TooEarlyAsk, ...]]
    dormant: Mapping[str, Dormant]
    who: Mapping[str, Who]  # what a ties picture shows of each contact
    ready: frozenset[str]  # the slugs ready to ask
    people: Mapping[str, Person]  # whose record each `who` was made from


def person_lists(report: Report, vault: Vault, before: PersonLists | None = None) -> PersonLists:
    """Index the too-early asks and the Reconnect list by slug (first entry of each slug), say
    what a ties picture shows of each contact, and who is ready to ask.

    `before` is what the last run of this process made (`mkdocs serve`): the very same record
    keeps its `who`, so the ties of an unchanged page hold the very same values again and
    tell themselves apart from a changed one cheaply (`PersonInputs.same_as`).
    """
    too_early: dict[str, list[TooEarlyAsk]] = {}
    for ask in report.too_early_asks:
        too_early.setdefault(ask.slug, []).append(ask)
    dormant: dict[str, Dormant] = {}
    for entry in report.dormant:
        dormant.setdefault(entry.slug, entry)
    people = vault.by_slug
    if before is None:
        shown = {slug: who(p) for slug, p in people.items()}
    else:
        old_who, old_people = before.who, before.people
        shown = {
            slug: old_who[slug] if old_people.get(slug) is p else who(p)
            for slug, p in people.items()
        }
    return PersonLists(
        {slug: tuple(asks) for slug, asks in too_early.items()},
        dormant,
        shown,
        frozenset(report.ready_to_ask),
        people,
    )


def intro_paths_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Group targets by the circle of the first person to ask: family and friends first."""
    groups: dict[str, list[tuple[Person, list[tuple[IntroPath, str | None]]]]] = {}
    for slug in report.targets.targets:
        paths = report.target_paths.get(slug, ())
        if not paths:
            key = "none"
        elif paths[0].is_direct:
            key = "direct"
        else:
            key = vault.by_slug[paths[0].first].circle
        drawn = drawn_paths(paths, vault)
        groups.setdefault(key, []).append((vault.by_slug[slug], drawn))
    order = [*CIRCLES, "direct", "none"]
    for entries in groups.values():
        entries.sort(key=lambda e: _path_order(e[0], e[1][0][0] if e[1] else None))
    return {
        **report_context(vault, report),
        "groups": [(key, groups[key]) for key in order if key in groups],
        "plural": PLURAL_CIRCLES,
    }


def drawn_paths(paths: tuple[IntroPath, ...], vault: Vault) -> list[tuple[IntroPath, str | None]]:
    """Pair each path with its chain picture (none for a direct tie: the words say it all)."""
    return _drawn(paths, vault.by_slug)


def _drawn(
    paths: tuple[IntroPath, ...], people: Mapping[str, Person]
) -> list[tuple[IntroPath, str | None]]:
    return [(p, None if p.is_direct else draw_path(p, people)) for p in paths]


def home_pictures(vault: Vault, report: Report) -> dict[str, Any]:
    """Draw the home page's meters, the year of interactions and the months by circle."""
    limits, follow_ups = report.thresholds, report.follow_ups
    activity = find_activity(vault.people, report.today)
    meters = {
        "targets": (
            "Target list",
            len(report.targets.targets),
            limits.target_list_min,
            limits.target_list_max,
        ),
        "short_list": (
            "Short list",
            len(report.targets.short_list),
            limits.short_list_min,
            limits.short_list_max,
        ),
        "overdue": ("Overdue follow-ups", len(follow_ups.overdue), 0, 0),
        "fading": ("Fading ties", len(follow_ups.fading), 0, 0),
        "too_early": ("Too-early asks", len(report.too_early_asks), 0, 0),
    }
    return {
        "meters": {key: draw_meter(*values) for key, values in meters.items()},
        "calendar": draw_calendar(activity),
        "months": draw_months(activity),
        "activity": activity,
    }


def targets_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Add the map of everyone by influence and closeness to what the Targets page shows."""
    t = report.targets
    named = named_people(t.targets, t.short_list, t.suggestions)
    return {
        **report_context(vault, report),
        "map": draw_target_map(vault.people, named, report.thresholds),
    }


def _path_order(person: Person, best: IntroPath | None) -> tuple[Any, ...]:
    score = -best.score if best is not None else 0
    return (score, -person.influence, sort_key(person.name), person.slug)


def network_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Place the people who matter around you and draw them."""
    layout = plan_network(
        vault.people,
        report.targets.targets,
        report.best_paths,
        report.thresholds.network_max_people,
    )
    rings: dict[int, list[Person]] = {}
    for spot in layout.spots:
        rings.setdefault(spot.ring, []).append(vault.by_slug[spot.slug])
    for members in rings.values():
        members.sort(key=lambda p: (not p.target, sort_key(p.name), p.slug))
    return {
        "svg": draw_network(layout, vault.by_slug, report.best_paths),
        "layout": layout,
        "rings": sorted(rings.items()),
        "total": len(vault.people),
        **report_context(vault, report),
    }
