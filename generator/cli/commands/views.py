"""`kith targets`, `kith agenda`, `kith path SLUG`: the relationship pages as tables or JSON.

The JSON shapes are a public interface (the manual's Commands page, "JSON output"): keys and
their order stay put.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Mapping
from typing import Any

from ...analysis.intro_paths import IntroPath
from ...analysis.introductions import describe_record
from ...analysis.phrases import describe_path, due_in, format_score, span
from ...analysis.report import Report
from ...build import analyze_kept, history_for, load_checked, open_cache
from ...model import Person
from ...vault.load import LoadResult, collector_paused
from ..common import empty_vault, pick, slug_argument
from ..method import (
    connectors_json,
    connectors_table,
    last_contact_text,
    method_json,
    method_tables,
    step_json,
    step_text,
)
from ..session import Session
from ..tables import titled_table
from ..terminal import json_text


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `targets`, `agenda` and `path`."""
    views = (
        ("targets", run_targets, "the target list, the short list and suggestions"),
        ("agenda", run_agenda, "follow-ups: next steps, overdue, due soon, fading, reconnect"),
        ("path", run_path, "the best intro paths from you to one contact"),
        ("connectors", run_connectors, "the connectors and the introductions you asked of them"),
    )
    for name, run, summary in views:
        parser = sub.add_parser(
            name,
            parents=[common],
            help=summary,
            description=f"Show {summary}. Tables in the terminal; --json for scripts.",
            epilog=f"example: kith {name}{' catherine-vance' if name == 'path' else ''} --json",
        )
        if name == "path":
            slug_argument(parser)
        parser.add_argument("--json", action="store_true", help="print JSON instead of tables")
        parser.set_defaults(run=run)


def _report(
    session: Session, loaded: LoadResult | None = None
) -> tuple[Report, Mapping[str, Person]]:
    if loaded is None:
        cache = open_cache(session.settings)
        loaded = load_checked(session.settings, cache=cache)
        session.keep(cache)  # it holds every person read: freed with the process
    for problem in loaded.warnings:
        print(problem, file=session.err)
    history = history_for(session.settings).history
    with collector_paused():  # as while loading: the analysis makes no cycles
        report = analyze_kept(loaded.vault, session.settings, session.today, history)
    session.keep(loaded, report)
    return report, loaded.vault.by_slug


def _person(slug: str, people: Mapping[str, Person]) -> dict[str, Any]:
    return {"slug": slug, "name": people[slug].name}


def _print_json(session: Session, data: Mapping[str, Any]) -> int:
    print(json_text(data), file=session.data_out)
    return 0


def targets_json(report: Report, people: Mapping[str, Person]) -> dict[str, Any]:
    """Return the `kith targets --json` document."""
    t = report.targets
    return {
        "targets": [
            {
                **_person(s, people),
                "influence": people[s].influence,
                "strength": people[s].strength,
                "next_step": step_json(report.next_steps[s], people),
            }
            for s in t.targets
        ],
        "short_list": [_person(s, people) for s in t.short_list],
        "suggestions": [_person(s, people) for s in t.suggestions],
        "notices": list(t.notices),
    }


def agenda_json(report: Report, people: Mapping[str, Person]) -> dict[str, Any]:
    """Return the `kith agenda --json` document."""
    f = report.follow_ups
    why = f.reasons
    return {
        "today": report.today.isoformat(),
        "overdue": [
            {
                **_person(o.slug, people),
                "days_overdue": o.days_overdue,
                "last_contact": o.last_contact.isoformat(),
                "cadence": o.cadence,
                "reason": why[o.slug],
            }
            for o in f.overdue
        ],
        "due_soon": [
            {**_person(d.slug, people), "due_in_days": d.due_in_days, "reason": why[d.slug]}
            for d in f.due_soon
        ],
        "never_contacted": [{**_person(s, people), "reason": why[s]} for s in f.never_contacted],
        "cooling": [{**_person(c.slug, people), "reason": why[c.slug]} for c in f.cooling],
        "too_early_asks": [
            {**_person(a.slug, people), "date": a.date.isoformat()} for a in report.too_early_asks
        ],
        "ready_to_ask": [_person(s, people) for s in report.ready_to_ask],
        **method_json(report, people),
        "scheduled": [
            {**_person(s.slug, people), "date": s.date.isoformat(), "days_overdue": s.days_overdue}
            for s in f.scheduled
        ],
    }


def path_json(slug: str, paths: tuple[IntroPath, ...]) -> dict[str, Any]:
    """Return the `kith path SLUG --json` document; scores are exact products."""
    return {
        "target": slug,
        "paths": [{"people": list(p.people), "score": float(p.score)} for p in paths],
    }


def run_targets(session: Session) -> int:
    """Print the target list, the short list, the suggestions and any notice."""
    report, people = _report(session)
    if session.args.json:
        return _print_json(session, targets_json(report, people))
    if not people:
        return _say_empty(session)
    t, limits = report.targets, report.thresholds

    def facts(slug: str) -> list[str]:
        return [people[slug].name, str(people[slug].influence), str(people[slug].strength)]

    rows = [
        [
            str(rank),
            *facts(s),
            people[s].why or "-",
            _via(report.best_paths.get(s), people),
            step_text(report.next_steps[s], people),
        ]
        for rank, s in enumerate(t.targets, start=1)
    ]
    short = [facts(s) for s in t.short_list]
    suggestions = [facts(s) for s in t.suggestions]
    columns = ["Name", "Influence", "Strength"]
    blocks = [
        titled_table(
            f"Targets: {len(rows)} (goal {limits.target_list_min}-{limits.target_list_max})",
            ["#", *columns, "Why", "Best intro path", "Next step"],
            rows,
        ),
        titled_table(
            f"Short list: {len(short)} (goal {limits.short_list_min}-{limits.short_list_max})",
            columns,
            short,
        ),
        titled_table(f"Suggestions: {len(suggestions)}", columns, suggestions),
        *(f"Note: {notice}" for notice in t.notices),
    ]
    print("\n\n".join(blocks), file=session.out)
    return 0


def run_agenda(session: Session) -> int:
    """Print every follow-up list for today, each ranked by priority."""
    report, people = _report(session)
    if session.args.json:
        return _print_json(session, agenda_json(report, people))
    if not people:
        return _say_empty(session)
    f, why = report.follow_ups, report.follow_ups.reasons

    def name(slug: str) -> str:
        return people[slug].name

    today = report.today
    overdue = [
        [name(o.slug), _days(o.days_overdue, today), o.last_contact.isoformat(), why[o.slug]]
        for o in f.overdue
    ]
    due = [[name(d.slug), _due(d.due_in_days, today), why[d.slug]] for d in f.due_soon]
    never = [[name(s), _via(report.best_paths.get(s), people), why[s]] for s in f.never_contacted]
    cooling = [[name(c.slug), last_contact_text(report, c.slug), why[c.slug]] for c in f.cooling]
    scheduled = [
        [name(s.slug), s.date.isoformat(), _days(s.days_overdue, today) if s.days_overdue else "-"]
        for s in f.scheduled
    ]
    early = [
        [a.date.isoformat(), name(a.slug), str(a.earlier), a.text] for a in report.too_early_asks
    ]
    more = method_tables(report, people)
    blocks = [
        f"Agenda for {report.today.isoformat()}",
        more["next"],
        _table("Overdue", ["Name", "Overdue by", "Last contact", "Why first"], overdue),
        _table("Scheduled", ["Name", "Booked for", "Overdue by"], scheduled),
        _table("Due soon", ["Name", "Due", "Why first"], due),
        more["fading"],
        _table("Never contacted", ["Name", "Best intro path", "Why first"], never),
        _table("Cooling", ["Name", "Last contact", "Why first"], cooling),
        more["reconnect"],
        _table("Too-early asks", ["Date", "Name", "Earlier", "Ask"], early),
        _table("Ready to ask", ["Name"], [[name(s)] for s in report.ready_to_ask]),
    ]
    print("\n\n".join(blocks), file=session.out)
    return 0


def run_connectors(session: Session) -> int:
    """Print the connectors with their record, then every introduction."""
    report, people = _report(session)
    if session.args.json:
        return _print_json(session, connectors_json(report, people))
    print(connectors_table(report, people), file=session.out)
    return 0


def run_path(session: Session) -> int:
    """Print the best path to one contact and its alternatives."""
    loaded = load_checked(session.settings, cache=open_cache(session.settings))
    slug = pick(session, session.args.slug, loaded).slug
    report, people = _report(session, loaded)
    paths = report.intro_paths(slug)
    if session.args.json:
        return _print_json(session, path_json(slug, paths))
    target = people[slug]
    if not paths:
        print(f"No known path to {target.name} yet.", file=session.out)
        return 0
    lines = [f"Intro paths to {target.name} ({slug})"]
    for index, path in enumerate(paths):
        label = "Best" if index == 0 else "Alternative"
        action = describe_path([people[s].name for s in path.people])
        lines.append(f"\n{label} (score {format_score(path.score)}): {action}.")
        chain = "".join(
            f" -{s}- {people[p].name}" for p, s in zip(path.people, path.strengths, strict=True)
        )
        lines.append(f"  You{chain}")
        record = report.introductions.records.get(path.first)
        if record is not None and not path.is_direct:
            lines.append(f"  {describe_record(people[path.first].name, record)}.")
    print("\n".join(lines), file=session.out)
    return 0


def _days(days: int, today: dt.date) -> str:
    """A count of days up to today, as said: "25 days", "5 months"."""
    return span(today - dt.timedelta(days=days), today)


def _due(days: int, today: dt.date) -> str:
    return due_in(today + dt.timedelta(days=days), today).removeprefix("due ")


def _say_empty(session: Session) -> int:
    print(f"kith: {empty_vault(session)}", file=session.out)
    return 0


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    return titled_table(f"{title}: {len(rows)}", headers, rows)


def _via(path: IntroPath | None, people: Mapping[str, Person]) -> str:
    if path is None:
        return "no known path yet"
    if path.is_direct:
        return f"direct ({format_score(path.score)})"
    names = ", ".join(people[s].name for s in path.people[:-1])
    return f"via {names} ({format_score(path.score)})"
