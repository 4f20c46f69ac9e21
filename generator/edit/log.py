"""Insert one entry into a contact's `## Log` as text, keeping the log in date order."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import LOG_TAGS, Interaction
from ..vault.body import BULLET, parse_entry, split_sections


@dataclass(frozen=True, slots=True)
class _Entry:
    date: dt.date
    first: int  # index of the bullet line
    after: int  # index of the line after its last continuation line


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAYS_AGO = re.compile(r"-(\d{1,4})([dw])")
DAY_FORMS = (
    "YYYY-MM-DD, today, yesterday, -3d, -2w or a weekday (mon: the last Monday before today)"
)


class DayError(ValueError):
    """A day written in none of the forms `read_day` knows, or one that does not exist."""


def read_day(text: str, today: dt.date) -> dt.date:
    """Read a day as a person writes it: `2026-11-20`, `today`, `yesterday`, `-3d`, `-2w`, `mon`.

    A weekday is the last one before today (on a Monday, `mon` is a week ago).
    """
    word = text.strip().casefold()
    relative = {"today": 0, "yesterday": 1}.get(word)
    if relative is None and (ago := _DAYS_AGO.fullmatch(word)):
        relative = int(ago[1]) * (7 if ago[2] == "w" else 1)
    if relative is None and len(word) >= 3:
        weekday = next((i for i, name in enumerate(WEEKDAYS) if name.startswith(word)), None)
        if weekday is not None:
            relative = (today.weekday() - weekday - 1) % 7 + 1
    if relative is not None:
        return today - dt.timedelta(days=relative)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", word):
        try:
            return dt.date.fromisoformat(word)
        except ValueError:
            raise DayError(f"{text} does not exist") from None
    raise DayError(f"{text!r} is not a day: write {DAY_FORMS}")


@dataclass(frozen=True, slots=True)
class Links:
    """What an entry records beside its tags: an introduction, who opened the door, a next step."""

    intro: str = ""
    outcome: str = ""
    via: str = ""
    next: dt.date | None = None


NO_LINKS = Links()


def new_entry(
    date: dt.date, text: str, tags: Sequence[str] = (), links: Links = NO_LINKS
) -> Interaction:
    """Return the entry `kith log` adds (its line number unknown until it is written)."""
    intro, outcome, via, after = links.intro, links.outcome, links.via, links.next
    return Interaction(date, one_line(text), ordered_tags(tags), 0, intro, outcome, via, after)


def format_entry(
    date: dt.date, text: str, tags: Sequence[str] = (), links: Links = NO_LINKS
) -> str:
    """Return the log line for an entry."""
    return entry_line(new_entry(date, text, tags, links))


def entry_line(entry: Interaction) -> str:
    """Return the log line for an entry."""
    items = entry_items(entry)
    label = f" ({', '.join(items)})" if items else ""
    return f"- {entry.date.isoformat()}{label}: {one_line(entry.text)}"


def entry_items(entry: Interaction) -> list[str]:
    """Return what an entry's parentheses hold: tags, its introduction, door and next step."""
    items = list(ordered_tags(entry.tags))
    if entry.intro:
        items.append(f"intro: {entry.intro}")
        items += [entry.outcome] if entry.outcome else []
    items += [f"via: {entry.via}"] if entry.via else []
    items += [f"next: {entry.next.isoformat()}"] if entry.next else []
    return items


def ordered_tags(tags: Sequence[str]) -> tuple[str, ...]:
    """Put tags in one fixed order, each once: ask, give, then the kinds."""
    return tuple(sorted(set(tags), key=lambda t: (LOG_TAGS.index(t) if t in LOG_TAGS else 99, t)))


def one_line(text: str) -> str:
    """Fold line breaks, tabs and runs of spaces into single spaces: an entry is one line."""
    return " ".join(text.split())


def insert_entry(text: str, body_start: int, line: str, date: dt.date, nl: str) -> str:
    """Insert a log line into the first `## Log` of the body starting at `body_start`.

    Oldest-first logs get it after the last entry dated on or before `date`; newest-first logs
    (every date at most the one before) get it before the first entry dated on or before it.
    With no `## Log` section, one is added at the end of the file.
    """
    return insert_entries(text, body_start, [(line, date)], nl)


def insert_entries(text: str, body_start: int, new: Sequence[tuple[str, dt.date]], nl: str) -> str:
    """Insert many log lines at once, each where `insert_entry` one after another would put it.

    The log is read once, however many lines are added (a capture may add hundreds to a file).
    """
    if not new:
        return text
    lines = text[body_start:].splitlines(keepends=True)
    plain = text[body_start:].splitlines()
    logs = [run for run in split_sections(plain) if run[0] == "log"]
    if not logs:
        first, *rest = sorted(new, key=lambda n: n[1])
        return insert_entries(_with_new_section(text, first[0], nl), body_start, rest, nl)
    _, start, end = logs[0]
    entries = _entries(plain, start, end)
    newest_first = _newest_first(entries)
    slots: dict[int, list[tuple[str, dt.date]]] = {}
    ordered = sorted(new, key=lambda n: n[1])
    if newest_first:
        ordered.reverse()  # each goes above the ones before it: the same day's too
    for line, date in ordered:
        at = _position(entries, date, plain, start, end, newest_first)
        slots.setdefault(at, []).append((line, date))
    for at in sorted(slots, reverse=True):
        _insert_block(lines, at, [line for line, _ in slots[at]], nl)
    return text[:body_start] + "".join(lines)


def entry_lines(lines: list[str], line: int) -> list[str]:
    """Return the entry whose bullet is on file line `line`, with the lines that continue it."""
    end = line
    while end < len(lines) and lines[end][:1] in (" ", "\t") and lines[end].strip():
        end += 1
    return lines[line - 1 : end]


def _entries(plain: list[str], start: int, end: int) -> list[_Entry]:
    entries: list[_Entry] = []
    for index in range(start + 1, end):
        line = plain[index]
        bullet = BULLET.match(line)
        if bullet is not None:
            parsed = parse_entry(bullet.group(1), index, "", [])
            if parsed is not None:
                entries.append(_Entry(parsed.date, index, index + 1))
        elif entries and line[:1] in (" ", "\t") and line.strip():
            entries[-1] = _Entry(entries[-1].date, entries[-1].first, index + 1)
    return entries


def _newest_first(entries: list[_Entry]) -> bool:
    dates = [e.date for e in entries]
    return len(set(dates)) > 1 and all(a >= b for a, b in itertools.pairwise(dates))


def _position(
    entries: list[_Entry],
    date: dt.date,
    plain: list[str],
    start: int,
    end: int,
    newest_first: bool,
) -> int:
    if not entries:
        index = start
        while index + 1 < end and plain[index + 1].strip():
            index += 1
        return index + 1
    if newest_first:
        later = [e for e in entries if e.date <= date]
        return later[0].first if later else entries[-1].after
    earlier = [e for e in entries if e.date <= date]
    return earlier[-1].after if earlier else entries[0].first


def _insert_block(lines: list[str], at: int, block: list[str], nl: str) -> None:
    """Put lines before `lines[at]`, each ending as the line before them does."""
    if at < len(lines):
        ending = _ending(lines[at - 1], nl)
        lines[at:at] = [line + ending for line in block]
    elif lines and not _ending(lines[-1], ""):
        lines[-1] += nl
        lines.append(nl.join(block))  # the file ended without a line break: so does it still
    else:
        ending = _ending(lines[-1], nl) if lines else nl
        lines.extend(line + ending for line in block)


def _ending(line: str, default: str) -> str:
    stripped = line.rstrip("\r\n")
    return line[len(stripped) :] or default


def _with_new_section(text: str, line: str, nl: str) -> str:
    if text and not text.endswith(("\n", "\r")):
        text += nl
    last = text.splitlines()[-1] if text else ""
    gap = nl if last.strip() else ""
    return f"{text}{gap}## Log{nl}{line}{nl}"


_PARENS = re.compile(r"^([-*+][ \t]+\d{4}-\d{1,2}-\d{1,2}[ \t]*\()([^)]*)(\))")


def relinked(text: str, body_start: int, old: str, new: str) -> str:
    """Point every log entry's `intro: OLD` and `via: OLD` at NEW; every other byte stays."""
    link = re.compile(
        rf"((?:^|,)[ \t]*(?i:intro|via)[ \t]*:[ \t]*){re.escape(old)}(?=[ \t]*(?:,|$))"
    )

    def parens(match: re.Match[str]) -> str:
        inside = link.sub(lambda found: found.group(1) + new, match.group(2))
        return match.group(1) + inside + match.group(3)

    lines = text[body_start:].splitlines(keepends=True)
    plain = [line.rstrip("\r\n") for line in lines]
    for _, start, end in (run for run in split_sections(plain) if run[0] == "log"):
        for index in range(start + 1, end):
            lines[index] = _PARENS.sub(parens, lines[index], count=1)
    return text[:body_start] + "".join(lines)
