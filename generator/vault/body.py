"""The Markdown body of a contact: free notes, the `## Log` of interactions, a `## Private` part."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from ..model import Interaction, Problem, Severity
from .logtags import parse_tags

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
BULLET = re.compile(r"^[-*+][ \t]+(.*)$")
_ENTRY = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:\((?P<tags>[^)]*)\))?[ \t]*:[ \t]*(?P<text>.*)$"
)
_PRIVATE_LOOKALIKE = re.compile(r"^private\b")
# The common case in one match: a bullet holding a well-formed entry.
_BULLET_ENTRY = re.compile(
    r"^[-*+][ \t]+(?P<date>\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:\((?P<tags>[^)]*)\))?[ \t]*:[ \t]*"
    r"(?P<text>.*)$"
)
_MAY_OPEN = ("`", "~", " ", "#")  # only such lines can be a fence or a heading
ENTRY_FORMAT = "'- YYYY-MM-DD: text' or '- YYYY-MM-DD (ask, call): text'"


@dataclass(frozen=True, slots=True)
class ParsedBody:
    """What a body holds, each part in its own field."""

    notes: str
    log: tuple[Interaction, ...]
    private: str


def next_fence(line: str, fence: str) -> str | None:
    """Return the open fence after `line` ('' when none), or None when `line` is no fence line.

    `fence` is the fence open before the line ('' outside code); a fence closes on a run of the
    same character at least as long as the one that opened it. Inside a fence, headings and
    markup are only text.
    """
    match = _FENCE.match(line)
    if match is None:
        return None
    mark = match.group(1)
    if not fence:
        return mark[0] * len(mark)
    return "" if mark.startswith(fence) else fence


def section_name(line: str) -> tuple[int, str] | None:
    """Return (level, lower-cased title) when the line is an ATX heading."""
    match = _HEADING.match(line)
    if match is None:
        return None
    return len(match.group(1)), match.group(2).strip().lower()


def split_sections(lines: list[str]) -> list[tuple[str, int, int]]:
    """Cut the body into ('notes' | 'log' | 'private', start, end) runs of line indexes."""
    runs: list[tuple[str, int, int]] = []
    current, start = "notes", 0
    for index, level, title in _headings(lines):
        if level > 2:
            continue
        kind = {"log": "log", "private": "private"}.get(title, "notes")
        if (level == 2 and kind != "notes") or current != "notes":
            runs.append((current, start, index))
            current, start = (kind if level == 2 else "notes"), index
    runs.append((current, start, len(lines)))
    return [r for r in runs if r[2] > r[1]]


def _headings(lines: list[str]) -> Iterator[tuple[int, int, str]]:
    """Yield (index, level, lower-cased title) of each heading outside fenced code."""
    fence = ""
    for index, line in enumerate(lines):
        if not line.startswith(_MAY_OPEN):
            continue
        after = next_fence(line, fence)
        if after is not None:
            fence = after
            continue
        heading = None if fence else section_name(line)
        if heading is not None:
            yield index, heading[0], heading[1]


def _warn_private_lookalikes(
    lines: list[str], runs: list[tuple[str, int, int]], first_line: int, rel: str
) -> list[Problem]:
    """Flag headings like `# Private` or `## Private notes`: their text would be published."""
    private = [(start, end) for kind, start, end in runs if kind == "private"]
    return [
        Problem(
            rel,
            first_line + index,
            f"heading '{lines[index].strip()}' is published with the notes; "
            "only a '## Private' heading keeps what follows off the site",
            Severity.WARNING,
        )
        for index, level, title in _headings(lines)
        if _PRIVATE_LOOKALIKE.match(title)
        and (level, title) != (2, "private")
        and not any(start <= index < end for start, end in private)
    ]


def parse_body(body: str, first_line: int, rel: str, problems: list[Problem]) -> ParsedBody:
    """Split the body into notes, log and private text; report malformed log lines."""
    lines = body.splitlines()
    notes: list[str] = []
    private: list[str] = []
    log: list[Interaction] = []
    runs = split_sections(lines)
    problems.extend(_warn_private_lookalikes(lines, runs, first_line, rel))
    for kind, start, end in runs:
        if kind == "log":
            log.extend(_parse_log(lines, start + 1, end, first_line, rel, problems))
        elif kind == "private":
            private.extend(lines[start + 1 : end])
        else:
            notes.extend(lines[start:end])
    log.sort(key=lambda i: i.date)
    return ParsedBody("\n".join(notes).strip("\n"), tuple(log), "\n".join(private).strip("\n"))


def _parse_log(
    lines: list[str], start: int, end: int, first_line: int, rel: str, problems: list[Problem]
) -> list[Interaction]:
    entries: list[Interaction] = []
    for index in range(start, end):
        line = lines[index]
        number = first_line + index
        fast = _BULLET_ENTRY.match(line)
        if fast is not None:
            entry = _make_entry(fast, number, rel, problems)
            if entry is not None:
                entries.append(entry)
            continue
        if not line.strip() or line.lstrip().startswith("<!--"):
            continue
        bullet = BULLET.match(line)
        if bullet is None:
            if line[:1] in (" ", "\t") and entries:
                last = entries[-1]
                text = f"{last.text} {line.strip()}".strip()
                entries[-1] = dataclasses.replace(last, text=text)
            else:
                problems.append(Problem(rel, number, f"not a log entry; write {ENTRY_FORMAT}"))
            continue
        entry = parse_entry(bullet.group(1), number, rel, problems)
        if entry is not None:
            entries.append(entry)
    return entries


def parse_entry(text: str, number: int, rel: str, problems: list[Problem]) -> Interaction | None:
    """Parse the text of one log bullet (after the `- `)."""
    match = _ENTRY.match(text.strip())
    if match is None:
        problems.append(Problem(rel, number, f"log entry needs a date; write {ENTRY_FORMAT}"))
        return None
    return _make_entry(match, number, rel, problems)


def _make_entry(
    match: re.Match[str], number: int, rel: str, problems: list[Problem]
) -> Interaction | None:
    text = match.group("date")
    try:
        date = dt.date.fromisoformat(text if len(text) == 10 else _pad(text))
    except ValueError:
        problems.append(Problem(rel, number, f"date {text} does not exist"))
        return None
    read = parse_tags(match.group("tags") or "", number, rel, problems)
    said = match.group("text").strip()
    return Interaction(date, said, read.tags, number, read.intro, read.outcome, read.via, read.next)


def _pad(date: str) -> str:
    year, month, day = date.split("-")
    return f"{year}-{int(month):02d}-{int(day):02d}"
