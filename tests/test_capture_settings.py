"""The settings `kith capture` reads, and the "scheduled" follow-ups a booked meeting makes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.analysis.cadence import describe_contact
from generator.analysis.followups import Scheduled, find_follow_ups
from generator.model import Interaction, Person
from generator.settings import Me, Settings, SettingsError, settings_from_mapping
from generator.thresholds import Thresholds


def test_the_capture_settings_are_read_with_their_defaults(tmp_path: Path) -> None:
    plain = settings_from_mapping({}, tmp_path)
    assert (plain.timezone, plain.me, plain.notes, plain.max_recipients) == (None, Me(), (), 20)
    given = settings_from_mapping(
        {
            "timezone": "America/New_York",
            "me": {"emails": "me@example.com", "names": ["Sam Rivera", " Sam "]},
            "notes": ["journal", "work/meetings"],
            "max_recipients": 8,
        },
        tmp_path,
    )
    assert given.timezone == "America/New_York"
    assert given.me == Me(("me@example.com",), (), ("Sam Rivera", "Sam"))
    assert given.notes == (tmp_path / "journal", tmp_path / "work" / "meetings")
    assert given.max_recipients == 8


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (
            {"timezone": "Mars/Olympus"},
            "kith setting 'timezone' must be a time zone name such as Europe/Madrid or "
            "America/New_York (got 'Mars/Olympus')",
        ),
        (
            {"max_recipients": 0},
            "kith setting 'max_recipients' must be a whole number from 1 to 1000 (got 0)",
        ),
        (
            {"max_recipients": True},
            "kith setting 'max_recipients' must be a whole number from 1 to 1000 (got True)",
        ),
        (
            {"me": ["me@example.com"]},
            "kith setting 'me' must map emails, phones and names to lists (got ['me@example.com'])",
        ),
        (
            {"me": {"email": "me@example.com"}},
            "kith setting 'me' has unknown key(s) email (it takes emails, phones and names)",
        ),
        (
            {"me": {"phones": [600111222]}},
            "kith setting 'me.phones' must be a list of texts (got [600111222])",
        ),
        ({"notes": [""]}, "kith setting 'notes' must be a list of texts (got [''])"),
    ],
)
def test_a_wrong_capture_setting_is_refused_with_its_name(
    tmp_path: Path, raw: dict[str, object], message: str
) -> None:
    with pytest.raises(SettingsError) as raised:
        settings_from_mapping(raw, tmp_path)
    assert str(raised.value) == message


TODAY = dt.date(2026, 11, 25)


def _person(slug: str, *dates: str, target: bool = False) -> Person:
    log = tuple(Interaction(dt.date.fromisoformat(d), "x", ("meet",)) for d in dates)
    return Person(slug, f"people/{slug}.md", slug, circle="client", target=target, log=log)


def test_an_entry_after_today_is_a_booked_touch_not_the_last_contact() -> None:
    person = _person("ada", "2026-09-01", "2026-12-03", "2026-12-10")
    contact = describe_contact(person, Settings(), TODAY)
    assert (contact.last_contact, contact.days_since, contact.scheduled) == (
        dt.date(2026, 9, 1),
        85,
        dt.date(2026, 12, 3),
    )
    assert contact.interactions == 1


def test_overdue_due_soon_and_never_contacted_with_a_booked_touch_are_scheduled() -> None:
    people = [
        _person("late", "2026-09-01", "2026-12-03"),  # cadence 30: 55 days overdue
        _person("soon", "2026-10-28", "2026-11-30"),  # due in 3 days
        _person("new", "2026-12-01", target=True),  # a target never contacted yet
        _person("fine", "2026-11-20", "2026-12-02"),  # not due: stays off every list
        _person("plain-late", "2026-09-01"),  # overdue, nothing booked
    ]
    lists = find_follow_ups([describe_contact(p, Settings(), TODAY) for p in people], Thresholds())
    assert lists.scheduled == (
        Scheduled("soon", dt.date(2026, 11, 30), 0),
        Scheduled("new", dt.date(2026, 12, 1), 0),
        Scheduled("late", dt.date(2026, 12, 3), 55),
    )
    assert [o.slug for o in lists.overdue] == ["plain-late"]
    assert lists.due_soon == () and lists.never_contacted == ()
