"""The Markdown body of a contact: free notes, the `## Log` of interactions, a `## Private` part."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..model import Interaction, Problem, Severity
from .logtags import parse_tags

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
# `(.*)` and a strip, not `(.*?)[ \t#]*$`: the lazy form backtracks quadratically on spaces.
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
BULLET = re.compile(r"^[-*+][ \t]+(.*)$")
_ENTRY = re.compile(
    r"^(?P<date>\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:\((?P<tags>[^)]*)\)[ \t]*)?:[ \t]*(?P<text>.*)$"
)
_PRIVATE_LOOKALIKE = re.compile(r"^private\b")
_LOOSE_HEADING = re.compile(r"^ {0,3}#{1,6}(.*)$")
_SETEXT = re.compile(r"^ {0,3}(?:=+|-+)[ \t]*$")
# The common case in one match: a bullet holding a well-formed entry. The spaces after the
# tags belong to the tags' group: two `[ \t]*` in a row would backtrack quadratically.
_BULLET_ENTRY = re.compile(
    r"^[-*+][ \t]+(?P<date>\d{4}-\d{1,2}-\d{1,2})[ \t]*(?:\((?P<tags>[^)]*)\)[ \t]*)?:[ \t]*"
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
    return len(match.group(1)), match.group(2).rstrip(" \t#").strip().lower()


def _section_kind(line: str) -> str | None:
    """Return 'log' or 'private' when the line is one of the body's section headings."""
    if not line.startswith("##"):
        return None
    heading = section_name(line)
    if heading is None or heading[0] != 2:
        return None
    return {"log": "log", "private": "private"}.get(heading[1])


def split_sections(lines: list[str]) -> list[tuple[str, int, int]]:
    """Cut the body into ('notes' | 'log' | 'private', start, end) runs of line indexes.

    `## Log` and `## Private` are found on every line, inside a code fence too: which text is
    private must not depend on what the notes contain. A fence left open is reported by
    `open_fences`.
    """
    runs: list[tuple[str, int, int]] = []
    current, start = "notes", 0
    for index, level, _title, kind in _headings(lines):
        if kind is None and (level > 2 or current == "notes"):
            continue
        runs.append((current, start, index))
        current, start = kind or "notes", index
    runs.append((current, start, len(lines)))
    return [r for r in runs if r[2] > r[1]]


def _headings(lines: list[str]) -> Iterator[tuple[int, int, str, str | None]]:
    """Yield (index, level, lower-cased title, section kind) of each heading.

    Headings inside fenced code are skipped, except the section headings, which also close
    any fence left open.
    """
    fence = ""
    for index, line in enumerate(lines):
        if not line.startswith(_MAY_OPEN):
            continue
        kind = _section_kind(line)
        if kind is not None:
            fence = ""
            yield index, 2, kind, kind
            continue
        after = next_fence(line, fence)
        if after is not None:
            fence = after
            continue
        heading = None if fence else section_name(line)
        if heading is not None:
            yield index, heading[0], heading[1], None


def open_fences(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, mark) of each code fence that its section or the body leaves open."""
    fence, opened = "", 0
    for index, line in enumerate(lines):
        if not line.startswith(_MAY_OPEN):
            continue
        if _section_kind(line) is not None:
            if fence:
                yield opened, fence
            fence = ""
            continue
        after = next_fence(line, fence)
        if after is not None:
            if after and not fence:
                opened = index
            fence = after
    if fence:
        yield opened, fence


def _fence_problems(lines: list[str], first_line: int, rel: str) -> list[Problem]:
    return [
        Problem(
            rel,
            first_line + index,
            f"code fence {line_mark!r} is never closed; close it with a line of {line_mark!r} "
            "before the next '## Log' or '## Private' heading",
        )
        for index, line_mark in open_fences(lines)
    ]


def _warn_published(
    found: Iterable[tuple[int, str]], runs: list[tuple[str, int, int]], first_line: int, rel: str
) -> list[Problem]:
    """Warn of each (line index, what is published) that `found` holds outside the `## Private`
    runs: the owner may think it private."""
    private = [(start, end) for kind, start, end in runs if kind == "private"]
    return [
        Problem(
            rel,
            first_line + index,
            f"{said}; only a '## Private' heading keeps what follows off the site",
            Severity.WARNING,
        )
        for index, said in found
        if not any(start <= index < end for start, end in private)
    ]


def _outside_code(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, line) of each line that is not code: not inside a fence, not a fence's own
    line, and not a `## Log` or `## Private` heading."""
    fence = ""
    for index, line in enumerate(lines):
        after = next_fence(line, fence) if line.startswith(_MAY_OPEN) else None
        if after is not None:
            fence = after
        if after is not None or fence or _section_kind(line) is not None:
            continue
        yield index, line


def _private_lookalikes(lines: list[str]) -> Iterator[tuple[int, str]]:
    """Yield (index, heading as written) of each heading about 'private' but not `## Private`.

    Markdown engines differ on what a heading is: Python-Markdown reads `##Private` as one,
    a no-break space passes for a space, and a line of `-` under `Private` makes it a heading.
    """
    for index, line in _outside_code(lines):
        atx = _LOOSE_HEADING.match(line)
        if atx is not None and _PRIVATE_LOOKALIKE.match(atx.group(1).strip(" \t#\xa0").lower()):
            yield index, line.strip()
        elif (
            index
            and _SETEXT.match(line)
            and _PRIVATE_LOOKALIKE.match(lines[index - 1].strip().lower())
        ):
            yield index - 1, f"{lines[index - 1].strip()} / {line.strip()}"


def parse_body(body: str, first_line: int, rel: str, problems: list[Problem]) -> ParsedBody:
    """Split the body into notes, log and private text; report malformed log lines."""
    lines = body.splitlines()
    notes: list[str] = []
    private: list[str] = []
    log: list[Interaction] = []
    runs = split_sections(lines)
    problems.extend(_fence_problems(lines, first_line, rel))
    # Headings like `# Private`, `##Private` or `Private` over `---`, and HTML comments outside
    # code: both are published, the comments shown as text.
    # Each such heading holds "private" in any case, and so does the body, lowered (lowering
    # works character by character): most bodies hold none, and skip the walk of their lines.
    if "private" in body.lower():
        lookalikes = _private_lookalikes(lines)
        said = ((i, f"heading '{shown}' is published with the notes") for i, shown in lookalikes)
        problems.extend(_warn_published(said, runs, first_line, rel))
    if "<!--" in body:
        comment = "an HTML comment is published, shown as text on the contact's page"
        said = ((i, comment) for i, line in _outside_code(lines) if "<!--" in line)
        problems.extend(_warn_published(said, runs, first_line, rel))
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
