"""`kith capture calendar`: meetings with contacts from iCalendar files (.ics).

Google Calendar, Outlook/Exchange, Apple Calendar, Thunderbird and Nextcloud all export RFC 5545.
Recurring events are expanded within the window by `recurring-ical-events` (RRULE, RDATE,
EXDATE, RECURRENCE-ID overrides, Google's X-WR-TIMEZONE); icalendar reads Windows time-zone
names. A meeting counts for each organizer and attendee who did not decline, unless it was
cancelled, you declined it, or it had more than `max_recipients` people.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import warnings
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .context import Context, looks_binary
from .touches import EMAIL, NAME, Findings, Handle, Touch, clean_text, refuse
from .vevents import CalendarParts, Group, Meeting, content_line, split_calendar

_CONTENT_LINE = re.compile(rb"^[A-Za-z0-9-]+(;[^\r\n]*)?:|^[A-Za-z0-9-]+;")
_BEGIN_END = re.compile(rb"^(BEGIN|END):([A-Za-z0-9-]+)\s*$", re.IGNORECASE)
_FAR_PAST = dt.date(1900, 1, 1)


def read_calendar(path: Path, ctx: Context) -> Findings:
    """Read one .ics file into meetings (past ones, and booked ones up to the horizon)."""
    rel = ctx.rel(path)
    data = path.read_bytes()
    found = Findings()
    checked, numbers = _checked_text(data, rel, found)
    split = split_calendar(checked.decode("utf-8", "replace"))
    for uid, index in split.undated:
        found.warn(rel, numbers[index], f"event {uid!r} has no start; left out")
    window = ctx.window
    start = window.since or _FAR_PAST
    end = window.until or (window.today + dt.timedelta(days=window.horizon))
    meetings = list(split.meetings)
    if split.series:
        with warnings.catch_warnings():  # icalendar's guesses about odd TZIDs are not for you
            warnings.simplefilter("ignore")
            after = end + dt.timedelta(days=1)
            try:
                meetings.extend(_read(split.library_text(), start, after, split.series_uids))
                failed = []
            except Exception as exc:  # not only ValueError: the libraries' own slips too
                failed = _after_failure(split, exc, start, after, meetings, found, numbers, rel)
            for group, failure in failed:
                said = f"event {group.uid!r} could not be read; left out ({failure})"
                found.warn(rel, numbers[group.line], said)
    people: dict[int, tuple[tuple[Handle, ...], bool]] = {}  # a series' people, read once
    for meeting in meetings:
        touch = _touch(meeting, ctx, found, people)
        if touch is not None and start <= touch.date <= end:
            found.touches.append(touch)
    ctx.advance(len(data))
    return found


def _checked_text(data: bytes, rel: str, found: Findings) -> tuple[bytes, list[int]]:
    """Refuse what is no iCalendar text; leave out (and report) lines that are not iCalendar.

    Return the text kept, and the file's number of each of its lines.
    """
    if looks_binary(data):
        raise refuse(rel, 0, "not an iCalendar file (it holds binary data)")
    lines = data.lstrip(b"\xef\xbb\xbf").splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or lines[first].strip().upper() != b"BEGIN:VCALENDAR":
        where = (first or 0) + 1
        raise refuse(rel, where, "not an iCalendar file: it must start with BEGIN:VCALENDAR")
    kept: list[bytes] = []
    numbers: list[int] = []
    open_blocks: list[tuple[bytes, int]] = []
    for number, line in enumerate(lines, start=1):
        if line.strip() and line[:1] not in (b" ", b"\t") and not _CONTENT_LINE.match(line):
            shown = line[:40].decode("utf-8", "replace")
            found.warn(rel, number, f"not an iCalendar line, left out: {shown!r}")
            continue
        kept.append(line)
        numbers.append(number)
        block = _BEGIN_END.match(line)
        if block is not None:
            _nest(open_blocks, block.group(1).upper(), block.group(2).upper(), number, rel)
    if open_blocks:
        name, number = open_blocks[-1]
        raise refuse(rel, number, f"BEGIN:{name.decode()} is never closed (the file is cut off)")
    return b"\r\n".join(kept) + b"\r\n", numbers


def _nest(blocks: list[tuple[bytes, int]], verb: bytes, name: bytes, number: int, rel: str) -> None:
    if verb == b"BEGIN":
        blocks.append((name, number))
    elif not blocks or blocks[-1][0] != name:
        raise refuse(rel, number, f"END:{name.decode()} without its BEGIN")
    else:
        blocks.pop()


def _after_failure(
    split: CalendarParts,
    exc: Exception,
    start: dt.date,
    end: dt.date,
    into: list[Meeting],
    found: Findings,
    numbers: list[int],
    rel: str,
) -> list[tuple[Group, str]]:
    """The libraries failed on the calendar's events read at once: find why, say it once, and
    add what can be read to `into`; return each group of events left out, with the reason.

    What the calendar's head holds fails every event when the libraries cannot read it: a
    property of the calendar (an `X-WR-TIMEZONE` no zone has) or a time zone the file defines
    (a VTIMEZONE without offsets) for the events in it. Each is tried alone: one that fails is
    named by its line and left out, and the events are read without it (those in the zone are
    dated as written). Properties that fail only together leave every event out, said once.
    Else the events are read by halves.
    """
    own = split.own_lines()
    if _fails(split.probe_text(own)):
        for index in own:
            failure = _fails(split.probe_text([index]))
            if failure:
                split.left_out.add(index)
                name = content_line(split.head[index])[0]
                said = f"calendar property {name} could not be read; left out ({failure})"
                found.warn(rel, numbers[split.head_at[index]], said)
        # None failed alone: together they fail, as just tried; else try what is left.
        if not split.left_out or _fails(split.probe_text(split.own_lines())):
            said = f"the calendar's own properties could not be read; its {_events(split)} left out"
            found.warn(rel, numbers[0], f"{said} ({_failure(exc)})")
            return []
    for zone in split.zones:
        failure = _fails(split.probe_text(range(*zone.lines), zone.tzid))
        if failure:
            split.left_out.update(range(*zone.lines))
            said = f"time zone {zone.tzid!r} could not be read; its events are dated as written"
            found.warn(rel, numbers[zone.begin], f"{said} ({failure})")
    if split.left_out:
        return _expanded(split, None, start, end, into)
    return _by_halves(split, None, start, end, into, exc)


def _events(split: CalendarParts) -> str:
    count = len(split.series_groups())
    return "repeating event is" if count == 1 else f"{count} repeating events are"


def _fails(text: str) -> str:
    """Return what the libraries say when they cannot read a calendar's one event ('' when
    they can)."""
    try:
        _read(text, dt.date(2026, 1, 1), dt.date(2026, 1, 3), set())
    except Exception as exc:
        return _failure(exc)
    return ""


def _failure(exc: Exception) -> str:
    return str(exc) or type(exc).__name__


def _read(text: str, start: dt.date, end: dt.date, series: set[str]) -> list[Meeting]:
    """Return every occurrence in [start, end) of the events of a calendar text."""
    import icalendar

    return [
        meeting
        for calendar in icalendar.Calendar.from_ical(text.encode("utf-8"), multiple=True)
        for meeting in _expand(calendar, start, end, series)
    ]


def _expanded(
    split: CalendarParts,
    groups: list[Group] | None,
    start: dt.date,
    end: dt.date,
    into: list[Meeting],
) -> list[tuple[Group, str]]:
    """Add every occurrence in [start, end) of these groups' events (None: every event the
    libraries must read, in the file's order) to `into`; return each group the libraries
    cannot read, with what they said."""
    try:
        meetings = _read(split.library_text(groups), start, end, split.series_uids)
    except Exception as exc:  # not only ValueError: the libraries' own slips too
        return _by_halves(split, groups, start, end, into, exc)
    into.extend(meetings)
    return []


def _by_halves(
    split: CalendarParts,
    groups: list[Group] | None,
    start: dt.date,
    end: dt.date,
    into: list[Meeting],
    exc: Exception,
) -> list[tuple[Group, str]]:
    """The libraries failed on these groups read at once (they raise many kinds of error,
    for one bad event): each half is read again on its own, down to the one group that
    fails. A bad series costs a few readings of the calendar, and is named by its line, and
    the rest is captured."""
    groups = split.series_groups() if groups is None else groups
    if len(groups) == 1:
        return [(groups[0], _failure(exc))]
    half = len(groups) // 2
    failed = _expanded(split, groups[:half], start, end, into)
    return failed + _expanded(split, groups[half:], start, end, into)


def _expand(calendar: Any, start: dt.date, end: dt.date, series: set[str]) -> list[Meeting]:
    """Return every occurrence as a meeting, each series' component read once.

    The library's `between()` copies the whole component for every occurrence, which costs
    more than everything else a capture does; its occurrences carry their start, their
    recurrence id and the component they come from (the series' or a moved occurrence's).
    """
    import recurring_ical_events

    query = recurring_ical_events.of(calendar)
    try:
        found = query._occurrences_between(query.to_datetime(start), query.to_datetime(end))
        read: dict[int, Meeting] = {}
        meetings = []
        for occurrence in found:
            component = occurrence._adapter._component
            base = read.get(id(component)) or read.setdefault(
                id(component), _meeting(component, series)
            )
            key = base.key
            if key.split("|", 1)[0] in series:
                original = occurrence.id.recurrence_id or occurrence.start
                key = f"{key.split('|', 1)[0]}|{_recurrence(original)}"
            meetings.append(dataclasses.replace(base, key=key, start=occurrence.start))
        return meetings
    except AttributeError:  # another version of the library: its public, slower way
        return [_meeting(event, series) for event in query.between(start, end)]


def _recurrence(moment: dt.datetime | dt.date | None) -> str:
    """Write a recurrence id as `_identity` does: in UTC, with its offset."""
    if isinstance(moment, dt.datetime):
        moment = moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment
        moment = moment.astimezone(dt.UTC)
    return moment.isoformat() if moment is not None else ""


def _meeting(event: Any, series: set[str]) -> Meeting:
    """Return what the reader needs of one occurrence icalendar read."""
    people = [event.get("ORGANIZER"), *_attendees(event)]
    uid = str(event.get("UID", "")).strip()
    return Meeting(
        # A single event is known by its UID alone, so moving it does not capture it twice.
        key=_identity(event) if uid in series or not uid else f"{uid}|",
        start=event.get("DTSTART").dt,
        status=str(event.get("STATUS", "")).upper(),
        summary=str(event.get("SUMMARY", "")),
        people=tuple((str(p), dict(getattr(p, "params", {}))) for p in people if p is not None),
    )


def _attendees(event: Any) -> list[Any]:
    value = event.get("ATTENDEE")
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _touch(
    meeting: Meeting,
    ctx: Context,
    found: Findings,
    known: dict[int, tuple[tuple[Handle, ...], bool]],
) -> Touch | None:
    if meeting.status == "CANCELLED":
        found.skip("cancelled meetings")
        return None
    key = id(meeting.people)  # every occurrence of a series shares its people
    if key not in known:
        known[key] = _people(meeting, ctx)
    people, declined_by_me = known[key]
    if declined_by_me:
        found.skip("meetings you declined")
        return None
    if not people:
        return None
    if len(people) > ctx.max_people:
        found.skip(f"meetings with more than {ctx.max_people} people")
        return None
    return Touch(
        key=meeting.key,
        date=ctx.window.day_of(meeting.start),
        people=people,
        subject=clean_text(meeting.summary) if ctx.subjects else "",
        tag="meet",
        single=True,
        label="meeting",
    )


def _people(meeting: Meeting, ctx: Context) -> tuple[tuple[Handle, ...], bool]:
    """Return the organizer and attendees who did not decline, and whether you declined."""
    found: list[Handle] = []
    declined_by_me = False
    for value, params in meeting.people:
        handle = _handle(value, params)
        if handle is None or params.get("CUTYPE", "").upper() in ("RESOURCE", "ROOM"):
            continue
        declined = params.get("PARTSTAT", "").upper() == "DECLINED"
        if ctx.owner.is_me(handle):
            declined_by_me = declined_by_me or declined
        elif not declined and handle not in found:
            found.append(handle)
    return tuple(found), declined_by_me


def _handle(value: str, params: Mapping[str, str]) -> Handle | None:
    value = value.strip()
    name = clean_text(str(params.get("CN", ""))).strip('"')
    if value[:7].lower() == "mailto:" and "@" in value:
        return Handle(EMAIL, value[7:].strip(), name)
    if "@" in value and ":" not in value:
        return Handle(EMAIL, value, name)
    return Handle(NAME, name, name) if name else None


def _identity(event: Any) -> str:
    """UID and, for one occurrence of a series, its recurrence id (its original start)."""
    uid = str(event.get("UID", "")).strip()
    recurrence = event.get("RECURRENCE-ID")
    moment = recurrence.dt if recurrence is not None else None
    if isinstance(moment, dt.datetime) and moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    occurrence = moment.isoformat() if moment is not None else ""
    if not uid:
        start = event.get("DTSTART")
        uid = (
            f"no-uid|{start.dt.isoformat() if start is not None else ''}|{event.get('SUMMARY', '')}"
        )
    return f"{uid}|{occurrence}"
