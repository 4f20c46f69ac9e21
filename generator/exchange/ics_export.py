"""Follow-ups as an iCalendar feed: one all-day event per contact overdue or due soon.

Each contact keeps one UID (`kith-<slug>@kith.invalid`), so a calendar that subscribes to the
feed moves the event when the due day changes instead of adding a second one. Nothing depends on
the clock: DTSTAMP is the start of `today`. The feed is published on the site, so it holds names
and dates only, never a private field.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from typing import Any

from ..analysis.phrases import span
from ..analysis.report import Contact, Report
from ..workers import call_all

Keep = Callable[[Sequence[tuple[tuple[str, ...], Callable[[], str]]]], list[str]]
WINDOW_DAYS = 30
_END = "END:VCALENDAR\r\n"
FEED_NAME = "follow-ups.ics"


def event_uid(slug: str) -> str:
    """Return the stable UID of a contact's follow-up event (`.invalid` is never a real domain)."""
    return f"kith-{slug}@kith.invalid"


def due_follow_ups(report: Report, window: int = WINDOW_DAYS) -> list[Contact]:
    """Return contacts overdue or due within `window` days, soonest first, then by slug."""
    horizon = report.today + dt.timedelta(days=window)
    due = [c for c in report.contacts.values() if c.due is not None and c.due <= horizon]
    return sorted(due, key=lambda c: (c.due, c.person.slug))


def event_inputs(contact: Contact, today: dt.date) -> tuple[str, ...]:
    """Name everything a follow-up's event is made from (with the code): its cache key."""
    person = contact.person
    due, last = contact.due, contact.last_contact
    return (
        "follow-up event",
        person.slug,
        person.name,
        f"{due}",
        f"{last}",
        f"{contact.cadence}",
        f"{today}",
    )


def make_texts(wanted: Sequence[tuple[tuple[str, ...], Callable[[], str]]]) -> list[str]:
    """Make every text (many of them in worker processes); the inputs are not looked at."""
    return call_all([make for _, make in wanted])


def export_follow_ups(report: Report, site_name: str = "Kith", keep: Keep = make_texts) -> str:
    """Return the iCalendar text (CRLF line endings) of the follow-ups due in the next 30 days.

    `keep([(inputs, make), …])` returns each text, and may take some from an earlier run with
    the same inputs (`event_inputs`, the site's name for the head): the calendar is its head,
    each event's lines, and its last line, exactly as icalendar writes the whole calendar.
    A run that finds every text kept does not import icalendar at all (a tenth of a second).
    """
    return feed_text(keep(feed_parts(report, site_name)))


Parts = list[tuple[tuple[str, ...], Callable[[], str]]]


def feed_parts(
    report: Report, site_name: str = "Kith", due: Sequence[Contact] | None = None
) -> Parts:
    """Return the feed's texts in order, each as what names it and what makes it: the
    calendar's head, then each event (`export_follow_ups`; `feed_text` joins them). `due` is
    what `due_follow_ups(report)` returns, when the caller has it already."""
    today = report.today
    stamp = dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC)
    due = due_follow_ups(report) if due is None else due
    wanted = [(event_inputs(c, today), _maker(c, today, stamp)) for c in due]
    head = (("follow-ups calendar head", site_name), lambda: _head(site_name))
    return [head, *wanted]


def feed_text(texts: Sequence[str]) -> str:
    """Return the feed made of the texts `feed_parts` names, in order."""
    return "".join(texts) + _END


def _head(site_name: str) -> str:
    """Return the calendar's lines before its first event."""
    import icalendar  # here: a site whose texts are kept from the last build needs none of it

    cal = icalendar.Calendar()
    cal.add("prodid", "-//Kith//Follow-ups//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{site_name}: follow-ups")
    # Ask subscribed calendars to fetch the feed again once a day.
    cal.add("refresh-interval", dt.timedelta(days=1), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "P1D")
    return bytes(cal.to_ical()).decode("utf-8").removesuffix(_END)


def _maker(contact: Contact, today: dt.date, stamp: dt.datetime) -> Callable[[], str]:
    """Return what writes one follow-up's event as text (only called when it is not kept)."""
    return lambda: _event(contact, today, stamp)


def _event(contact: Contact, today: dt.date, stamp: dt.datetime) -> str:
    """Return one follow-up's event, exactly as icalendar's `Event` writes it.

    Its lines are made from icalendar's own values (`vText` escapes a text, `vDate` and
    `vDatetime` write a day and a moment) and folded as icalendar folds a line of 75 bytes or
    more (`_fold`), which it leaves as it is below that: a fifth of the time the whole `Event`
    takes (0.13 ms an event), which adds up in a first run at 10,000 contacts and on each new
    day, when every event's description changes. The days and the moment are written once each
    (`_date`, `_moment`): thousands of events share a few hundred days and one moment. The
    tests compare the two for names of every kind.
    """
    from icalendar import vText

    assert contact.due is not None
    # An overdue follow-up sits on today: an event in the past is one nobody sees.
    day = max(contact.due, today)
    lines = (
        "BEGIN:VEVENT",
        "SUMMARY:" + _ical(vText(f"Follow up with {contact.person.name}")),
        "DTSTART;VALUE=DATE:" + _date(day),
        "DTEND;VALUE=DATE:" + _date(day + dt.timedelta(days=1)),
        "DTSTAMP:" + _moment(stamp),
        "UID:" + _ical(vText(event_uid(contact.person.slug))),
        "DESCRIPTION:" + _ical(vText(_description(contact, today))),
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    )
    return "".join((line if len(line.encode()) < 75 else _fold(line)) + "\r\n" for line in lines)


@functools.lru_cache(maxsize=4096)
def _date(day: dt.date) -> str:
    """Return a day as icalendar's `vDate` writes it."""
    from icalendar import vDate

    return _ical(vDate(day))


@functools.lru_cache(maxsize=16)
def _moment(moment: dt.datetime) -> str:
    """Return a moment as icalendar's `vDatetime` writes it."""
    from icalendar import vDatetime

    return _ical(vDatetime(moment))


_FOLD_AT = 74  # icalendar's `Contentline` ends a folded line's part before its 75th byte
_ESCAPES = "\\^"  # a part never ends in one of these (a TEXT or parameter escape's start)


def _fold(line: str) -> str:
    """Return a line folded exactly as icalendar's `Contentline` folds it.

    icalendar counts each character's UTF-8 bytes, one character at a time (a third of an
    event's time); a line of ASCII has one byte a character, so its parts are cut by index.
    Any other line is icalendar's own to fold.
    """
    if not line.isascii():
        from icalendar.parser import Contentline

        fold: Any = Contentline  # not typed: a line folded when written
        return _ical(fold(line))
    parts = []
    start = 0
    while len(line) - start > _FOLD_AT:
        end = start + _FOLD_AT
        if line[end - 1] in _ESCAPES:  # carried over to the next part, as icalendar does
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return "\r\n ".join(parts)


def _ical(value: Any) -> str:
    """Return what an icalendar value or line writes (its `to_ical` is not typed)."""
    return str(value.to_ical().decode())


def _description(contact: Contact, today: dt.date) -> str:
    assert contact.due is not None and contact.last_contact is not None
    due = contact.due.isoformat()
    when = f"Due {due}"
    if contact.due < today:
        when = f"Overdue by {span(contact.due, today)} (due {due})"
    last = contact.last_contact.isoformat()
    return f"{when}: last contact {last}, every {contact.cadence} days."
