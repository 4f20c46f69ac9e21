"""What `kith show` advises about one person, in the words the contact page uses."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from rich.text import Text

from ..analysis.cadence import Contact
from ..analysis.introductions import describe_record
from ..analysis.phrases import balance, describe_path, format_score, plural, times
from ..analysis.priority import past_rhythm
from ..analysis.reconnect import describe_dormant
from ..analysis.report import Report
from ..model import Person
from .method import step_text

AdviceRow = tuple[str, Text]
People = Mapping[str, Person]


def describe_rhythm(info: Contact) -> Text:
    """Say the typical gap between interactions, and whether the tie is fading."""
    text = Text(f"every {plural(info.rhythm or 0, 'day')}, the median of the recent gaps")
    if info.fading and info.days_since is not None:
        silent = f"fading: silent {plural(info.days_since, 'day')}"
        text.append(f"; {silent}, {times(past_rhythm(info))} the rhythm", "red")
    return text


def advice_rows(
    person: Person, people: Mapping[str, Person], report: Report
) -> list[tuple[str, Text]]:
    """Return (label, text) rows: the next step, patience, balance, the way in, the record."""
    return list(_rows(person, people, report))


def _rows(
    person: Person, people: Mapping[str, Person], report: Report
) -> Iterator[tuple[str, Text]]:
    slug, info = person.slug, report.contacts[person.slug]
    step = report.step_for(slug)
    if step is not None:
        yield "next step", Text(step_text(step, people))
    if slug in report.ready_to_ask:
        yield "ready to ask", Text("yes: a purposeful ask is welcome now", "green")
    for ask in (a for a in report.too_early_asks if a.slug == slug):
        earlier = plural(ask.earlier, "earlier interaction")
        yield "too-early ask", Text(f"{ask.date}: {ask.text} ({earlier})", "yellow")
    if info.gives or info.asks:
        said = f"{info.gives} / {info.asks}: {balance(info.gives, info.asks)}"
        yield "gives / asks", Text(said)
    yield from _way_in(person, people, report)
    dormant = next((d for d in report.dormant if d.slug == slug), None)
    if dormant is not None:
        yield "reconnect", Text(describe_dormant(dormant))


def _way_in(
    person: Person, people: Mapping[str, Person], report: Report
) -> Iterator[tuple[str, Text]]:
    slug = person.slug
    records = report.introductions.records
    paths = report.intro_paths(slug)[:1] if person.target or person.strength == 0 else ()
    for path in paths:
        said = describe_path([people[s].name for s in path.people])
        said += f" (score {format_score(path.score)})"
        if not path.is_direct and path.first in records:
            said += f"; {describe_record(people[path.first].name, records[path.first])}"
        yield "best intro path", Text(said)
    if person.target and not paths:
        yield "best intro path", Text("no known path yet: nobody you know is known to know them")
    for intro in report.introductions.doors.get(slug, ()):
        yield "introduced by", Text(f"{people[intro.connector].name} on {intro.settled}")
    if slug in records:
        yield "introductions", Text(describe_record(person.name, records[slug]))
