"""The method's deeper rules in the terminal: next steps, fading and dormant ties, introductions.

`kith agenda`, `kith targets` and `kith connectors` show these beside what they showed before;
the JSON keys here only ever join the documents (the manual's Commands page, "JSON output").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..analysis.introductions import DECLINED, MADE, PENDING, IntroRecord
from ..analysis.next_steps import NextStep, describe_next_step, step_people
from ..analysis.phrases import plural, time_ago
from ..analysis.report import Report
from ..model import Person
from .tables import titled_table


def _person(slug: str, people: Mapping[str, Person]) -> dict[str, Any]:
    return {"slug": slug, "name": people[slug].name}


def step_text(step: NextStep, people: Mapping[str, Person]) -> str:
    """Say a next step in one line with plain names."""
    text = step.scheduled.text if step.scheduled is not None else ""
    return describe_next_step(step, [people[slug].name for slug in step_people(step)], text)


def step_json(step: NextStep, people: Mapping[str, Person]) -> dict[str, Any]:
    """Return a next step as JSON: its kind, the words, and its date when scheduled."""
    scheduled = step.scheduled
    return {
        "kind": step.kind,
        "text": step_text(step, people),
        "date": scheduled.date.isoformat() if scheduled is not None else None,
    }


def method_json(report: Report, people: Mapping[str, Person]) -> dict[str, Any]:
    """Return the agenda's fading ties, dormant ties and scheduled next steps."""
    f = report.follow_ups
    return {
        "fading": [
            {
                **_person(x.slug, people),
                "days_since": x.days_since,
                "rhythm": x.rhythm,
                "reason": f.reasons[x.slug],
            }
            for x in f.fading
        ],
        "reconnect": [
            {
                **_person(d.slug, people),
                "last_contact": d.last_contact.isoformat(),
                "years": d.years,
                "closeness": d.closeness,
                "interactions": d.interactions,
            }
            for d in report.dormant
        ],
        "next_steps": [
            {
                **_person(s.slug, people),
                "date": s.date.isoformat(),
                "logged": s.logged.isoformat(),
                "text": s.text,
            }
            for s in report.open_steps
        ],
    }


def method_tables(report: Report, people: Mapping[str, Person]) -> dict[str, str]:
    """Return the agenda's tables of next steps, fading ties and dormant ties, by name."""
    f = report.follow_ups
    late = [
        [
            s.date.isoformat() + (" (late)" if s.date < report.today else ""),
            people[s.slug].name,
            s.logged.isoformat(),
            s.text,
        ]
        for s in report.open_steps
    ]
    fading = [
        [
            people[x.slug].name,
            f"every {plural(x.rhythm, 'day')}",
            last_contact_text(report, x.slug),
            f.reasons[x.slug],
        ]
        for x in f.fading
    ]
    dormant = [
        [
            people[d.slug].name,
            str(people[d.slug].influence),
            f"strength {d.closeness}",
            f"{d.last_contact.isoformat()} ({plural(d.years, 'year')})",
        ]
        for d in report.dormant
    ]
    return {
        "next": _table("Next steps", ["Due", "Name", "Logged", "Entry"], late),
        "fading": _table("Fading", ["Name", "Rhythm", "Last contact", "Why first"], fading),
        "reconnect": _table("Reconnect", ["Name", "Influence", "Once", "Last contact"], dormant),
    }


def last_contact_text(report: Report, slug: str) -> str:
    """Say when a contact was last in touch, with the date: "3 months ago, 2026-08-01"."""
    last = report.contacts[slug].last_contact
    return f"{time_ago(last, report.today)}, {last}" if last else "never"


def record_json(record: IntroRecord | None) -> dict[str, int]:
    """Return a connector's record as counts."""
    if record is None:
        return {"asked": 0, "made": 0, "declined": 0, "pending": 0, "stale": 0}
    return {
        "asked": record.asked,
        "made": record.count(MADE),
        "declined": record.count(DECLINED),
        "pending": record.count(PENDING),
        "stale": record.stale,
    }


def connectors_json(report: Report, people: Mapping[str, Person]) -> dict[str, Any]:
    """Return the `kith connectors --json` document."""
    records = report.introductions.records
    return {
        "connectors": [
            {
                **_person(c.slug, people),
                "opens": list(c.opens),
                "knows": list(c.knows),
                "introductions": record_json(records.get(c.slug)),
            }
            for c in report.connectors
        ],
        "introductions": [
            {
                "connector": i.connector,
                "target": i.target,
                "asked": i.asked.isoformat(),
                "outcome": i.outcome,
                "settled": i.settled.isoformat() if i.settled is not None else None,
                "stale": i.stale,
            }
            for i in report.introductions.listed
        ],
    }


def connectors_table(report: Report, people: Mapping[str, Person]) -> str:
    """Return the connectors with their record, then every introduction, as tables."""
    records = report.introductions.records
    limits = report.thresholds
    rows = []
    for rank, c in enumerate(report.connectors, start=1):
        counts = record_json(records.get(c.slug))
        numbers = [str(counts[key]) for key in ("asked", "made", "declined", "pending", "stale")]
        rows.append(
            [str(rank), people[c.slug].name, str(len(c.opens)), str(len(c.knows)), *numbers]
        )
    stale = f"Pending > {limits.intro_pending_days}d"
    listed = [
        [
            i.asked.isoformat(),
            people[i.connector].name,
            people[i.target].name,
            i.outcome + (f" {i.settled.isoformat()}" if i.settled else ""),
            "yes" if i.stale else "",
        ]
        for i in report.introductions.listed
    ]
    headers = ["#", "Name", "Opens", "Knows targets", "Asked", "Made", "Declined", "Pending"]
    return "\n\n".join(
        [
            _table("Connectors", [*headers, stale], rows),
            _table("Introductions", ["Asked", "Connector", "To", "Outcome", stale], listed),
        ]
    )


def _table(title: str, headers: list[str], rows: list[list[str]]) -> str:
    return titled_table(f"{title}: {len(rows)}", headers, rows)
