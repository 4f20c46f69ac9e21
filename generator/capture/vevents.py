"""Read the events of an iCalendar text quickly: single events here, series by the libraries.

Most events of a calendar happen once. Those are read here from their content lines (the
dozen properties a meeting needs), which is many times faster than building icalendar's full
objects. An event that belongs to a series (RRULE, RDATE, or a RECURRENCE-ID override of its
UID), or whose time zone is defined only inside the file, is handed over as text, with the
calendar's time zones, to icalendar and recurring-ical-events, which expand series exactly.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

_SERIES = ("RRULE", "RDATE", "RECURRENCE-ID")
_WANTED = frozenset({"UID", "DTSTART", "STATUS", "SUMMARY", "ORGANIZER", "ATTENDEE", *_SERIES})
_STAMP = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z?))?$")
_UNESCAPE = re.compile(r"\\([\\;,nN])")


@dataclass(frozen=True, slots=True)
class Meeting:
    """One occurrence of an event, as the calendar reader needs it."""

    key: str  # UID and, for one occurrence of a series, its recurrence id
    start: dt.datetime | dt.date
    status: str
    summary: str
    people: tuple[tuple[str, Mapping[str, str]], ...]  # organizer and attendees: value, params


@dataclass
class CalendarParts:
    """A calendar cut into single events read here and the text the libraries must read."""

    meetings: list[Meeting] = field(default_factory=list)
    undated: list[tuple[str, int]] = field(default_factory=list)  # UID, line of its BEGIN
    head: list[str] = field(default_factory=list)  # VCALENDAR properties and VTIMEZONEs
    series: list[list[str]] = field(default_factory=list)  # VEVENTs for the libraries
    series_uids: set[str] = field(default_factory=set)  # UIDs of recurring events
    # For each of `series`: its UID and the line of its BEGIN:VEVENT.
    series_of: list[tuple[str, int]] = field(default_factory=list)
    head_at: list[int] = field(default_factory=list)  # the index of each line of `head`
    own: list[int] = field(default_factory=list)  # indexes of `head`: the calendar's properties
    zones: list[Zone] = field(default_factory=list)  # the VTIMEZONEs of `head`
    left_out: set[int] = field(default_factory=set)  # indexes of `head` the libraries skip

    def library_text(self, groups: Sequence[Group] | None = None) -> str:
        """Return a calendar of the events the libraries must read ('' when there is none):
        all of them, or those of these groups (`series_groups`); the lines of the head
        `left_out` are not in it."""
        if not self.series:
            return ""
        events = (
            self.series
            if groups is None
            else [self.series[index] for group in groups for index in group.events]
        )
        head = self.head
        if self.left_out:
            head = [line for i, line in enumerate(head) if i not in self.left_out]
        lines = ["BEGIN:VCALENDAR", *head, *(ln for ev in events for ln in ev)]
        return "\r\n".join([*lines, "END:VCALENDAR", ""])

    def own_lines(self) -> list[int]:
        """Return the indexes of the head's lines that are the calendar's own properties (not
        those of a time zone or another component), but those `left_out`."""
        return [i for i in self.own if i not in self.left_out]

    def probe_text(self, lines: Iterable[int], tzid: str | None = None) -> str:
        """Return a calendar of these lines of the head and one repeating event (in the time
        zone `tzid`, when given), to try whether the libraries read them."""
        start = f"DTSTART;TZID={_param(tzid)}:20260101T120000" if tzid else "DTSTART:20260101"
        probe = ["BEGIN:VEVENT", "UID:kith-probe", start, "RRULE:FREQ=DAILY;COUNT=2", "END:VEVENT"]
        head = [self.head[i] for i in lines]
        return "\r\n".join(["BEGIN:VCALENDAR", *head, *probe, "END:VCALENDAR", ""])

    def series_groups(self) -> list[Group]:
        """Return the events the libraries must read in groups that stand alone: the events of
        one UID together (a series and its moved occurrences), in the file's order."""
        groups: dict[str, Group] = {}
        for index, (uid, line) in enumerate(self.series_of):
            key = uid or f"\0{index}"  # an event without a UID is a group of its own
            if key not in groups:
                groups[key] = Group(uid or "(no UID)", line, [])
            groups[key].events.append(index)
        return list(groups.values())


@dataclass(frozen=True)
class Zone:
    """A VTIMEZONE of a calendar's head: its TZID, its lines in `CalendarParts.head` (first,
    after the last) and the index of its BEGIN among the text's lines."""

    tzid: str
    lines: tuple[int, int]
    begin: int


def _param(value: str) -> str:
    """Write a parameter value, quoted when it holds what would end it."""
    return f'"{value}"' if any(char in value for char in ";:,") else value


@dataclass
class Group:
    """Events the libraries read together: their UID, the line of the first one's BEGIN:VEVENT,
    and their indexes in `CalendarParts.series`."""

    uid: str
    line: int
    events: list[int]


def split_calendar(text: str) -> CalendarParts:
    """Cut an (already checked) iCalendar text, its lines ended by CRLF, into meetings and
    library work; each event is named by the index of its BEGIN:VEVENT among those lines."""
    split = CalendarParts()
    events: list[list[str]] = []
    begins: list[int] = []
    current: list[str] | None = None
    zone: tuple[int, int, str] | None = None  # an open VTIMEZONE: head line, BEGIN, TZID
    depth = 0
    for index, line in _unfolded(text):
        upper = line.upper()
        if upper.startswith("BEGIN:"):
            depth += 1
            if depth == 2 and upper == "BEGIN:VEVENT":
                current = []
                begins.append(index)
            elif depth == 2 and upper == "BEGIN:VTIMEZONE":
                zone = (len(split.head), index, "")
        if current is not None:
            current.append(line)
        elif depth >= 2 or (depth == 1 and not upper.startswith(("BEGIN:", "END:"))):
            if zone is not None and depth == 2 and upper.startswith("TZID:") and not zone[2]:
                zone = (zone[0], zone[1], line[5:].strip())
            if depth == 1:
                split.own.append(len(split.head))
            split.head.append(line)
            split.head_at.append(index)
        if upper.startswith("END:"):
            depth -= 1
            if depth == 1 and current is not None:
                events.append(current)
                current = None
            elif depth == 1 and zone is not None:
                split.zones.append(Zone(zone[2], (zone[0], len(split.head)), zone[1]))
                zone = None
    _sort(events, begins, split)
    return split


def _unfolded(text: str) -> Iterator[tuple[int, str]]:
    """Yield each content line, its folded continuations joined to it, with the index of its
    first line."""
    lines = text.split("\r\n")
    index, whole = 0, lines[0]
    for number in range(1, len(lines)):
        line = lines[number]
        if line[:1] in (" ", "\t"):
            whole += line[1:]
            continue
        yield index, whole
        index, whole = number, line
    if whole:
        yield index, whole


def _sort(events: list[list[str]], begins: list[int], split: CalendarParts) -> None:
    """Read single events here; send series (and what cannot be read here) to the libraries."""
    parsed = [_properties(event) for event in events]
    in_series = split.series_uids
    in_series.update(_first(p, "UID") for p in parsed if any(name in p for name in _SERIES))
    floating = _x_wr_zone(split.head)
    for line, event, props in zip(begins, events, parsed, strict=True):
        uid = _first(props, "UID")
        if "DTSTART" not in props:
            split.undated.append((uid or "(no UID)", line))
            continue
        start = None if uid in in_series else _start(props["DTSTART"][0], floating)
        if start is None:
            split.series.append(event)
            split.series_of.append((uid, line))
            continue
        split.meetings.append(
            Meeting(
                key=f"{uid}|" if uid else f"no-uid|{_first(props, 'DTSTART')}|",
                start=start,
                status=_first(props, "STATUS").upper(),
                summary=unescape(_first(props, "SUMMARY")),
                people=tuple(
                    (value, params)
                    for name in ("ORGANIZER", "ATTENDEE")
                    for value, params in props.get(name, [])
                ),
            )
        )


Props = dict[str, list[tuple[str, dict[str, str]]]]


def _properties(event: list[str]) -> Props:
    """Return the wanted properties of one VEVENT's lines (not those of its alarms)."""
    props: Props = {}
    depth = 0
    for line in event[1:-1]:
        upper = line[:6].upper()
        if upper == "BEGIN:":
            depth += 1
        elif upper[:4] == "END:":
            depth -= 1
        elif depth == 0:
            name, params, value = content_line(line)
            if name in _WANTED:
                props.setdefault(name, []).append((value, params))
    return props


def content_line(line: str) -> tuple[str, dict[str, str], str]:
    """CalendarParts `NAME;PARAM=v;PARAM="v:w":value` into its name, parameters and value."""
    if '"' not in line:  # the common case: no quoted parameter can hide a ';' or a ':'
        head, _, value = line.partition(":")
        name, *pairs = head.split(";")
        return name.upper(), dict(_pair(p) for p in pairs), value
    params: dict[str, str] = {}
    index, quoted, start = 0, False, 0
    name = ""
    for index, char in enumerate(line):
        if char == '"':
            quoted = not quoted
        elif not quoted and char in ";:":
            part = line[start:index]
            if not name:
                name = part.upper()
            else:
                key, _, val = part.partition("=")
                params[key.upper()] = val.strip('"')
            start = index + 1
            if char == ":":
                return name, params, line[index + 1 :]
    return name or line.upper(), params, ""


def _pair(text: str) -> tuple[str, str]:
    key, _, value = text.partition("=")
    return key.upper(), value


def _first(props: Props, name: str) -> str:
    values = props.get(name)
    return values[0][0].strip() if values else ""


def _x_wr_zone(head: list[str]) -> zoneinfo.ZoneInfo | None:
    for line in head:
        if line.upper().startswith("X-WR-TIMEZONE:"):
            return _zone(line.split(":", 1)[1].strip())
    return None


def _start(
    prop: tuple[str, dict[str, str]], floating: zoneinfo.ZoneInfo | None
) -> dt.datetime | dt.date | None:
    """Return an event's start; None when only the libraries can read it."""
    value, params = prop
    match = _STAMP.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, second, utc = match.groups()
    try:
        if hour is None:
            return dt.date(int(year), int(month), int(day))
        naive = dt.datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    except ValueError:
        return None
    if utc:
        return naive.replace(tzinfo=dt.UTC)
    tzid = params.get("TZID")
    if tzid is None:
        return naive.replace(tzinfo=floating) if floating else naive
    zone = _zone(tzid) or _windows_zone(tzid)
    if zone is None:
        return None  # a time zone only the file itself defines: the libraries read its rules
    return naive.replace(tzinfo=zone)


def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name.strip().strip('"'))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def _windows_zone(name: str) -> zoneinfo.ZoneInfo | None:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    olson = WINDOWS_TO_OLSON.get(name.strip().strip('"'))
    return _zone(olson) if olson else None


def unescape(text: str) -> str:
    """Undo iCalendar's text escapes (`\\,` `\\;` `\\n` `\\\\`)."""
    return _UNESCAPE.sub(lambda m: " " if m.group(1) in "nN" else m.group(1), text)
