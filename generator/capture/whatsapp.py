"""`kith capture whatsapp`: days of chat with contacts, from WhatsApp's "Export chat" text files.

Both layouts are read: Android's `20/11/2026, 14:05 - Ada: text` and iOS's
`[20/11/2026, 14:05:31] Ada: text`, with any locale's date order (told from the whole file:
a first number above 12 is a day; else a second one above 12 is; else the order in which the
numbers change), 12- and 24-hour clocks, the invisible direction marks, multi-line messages,
system lines and group chats. Only the date and author of each message are kept; the text is
passed over. An iOS export may also be given as its .zip.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..model import not_utf8
from .chats import ChatLine, chat_touches
from .context import Context, looks_binary
from .touches import Findings, refuse

_MARKS = re.compile(r"^[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]+")
_HEAD = re.compile(
    r"^\[?(?P<date>\d{1,4}[-/.] ?\d{1,4}[-/.] ?\d{1,4})\.?,? (?:\D{0,4} )?"
    r"(?P<time>\d{1,2}[.:]\d{2}(?:[.:]\d{2})?)"
    r"(?: ?(?:[ap]\.? ?m\.?|[AP]M|vorm\.|nachm\.))?\]?(?: -|:)? (?P<rest>.*)$",
    re.IGNORECASE,
)
_AUTHOR = re.compile(r"^(?P<author>[^:]{1,80}?): ")
_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})


@dataclass(frozen=True, slots=True)
class _Head:
    line: int
    parts: tuple[str, str, str]
    author: str | None  # None: a system line


def read_whatsapp(path: Path, ctx: Context) -> Findings:
    """Read one exported chat (.txt, or an iOS .zip holding one) into days of messages."""
    rel = ctx.rel(path)
    text = _text(path, rel)
    heads = _heads(text)
    if not heads:
        raise refuse(rel, 1, "not a WhatsApp chat export: no line starts with a date and a time")
    order = date_order([h.parts for h in heads])
    found = Findings()
    lines: list[ChatLine] = []
    for head in heads:
        day = _day(head.parts, order)
        if day is None:
            found.warn(rel, head.line, f"cannot read the date {'/'.join(head.parts)!r}; left out")
        elif head.author is not None:
            lines.append(ChatLine(head.line, day, head.author))
    ctx.advance(len(text))
    chat_touches(lines, rel, "WhatsApp message", ctx, found, _partner(path))
    return found


def _text(path: Path, rel: str) -> str:
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04":
        data = _from_zip(path, rel)
    if looks_binary(data):
        raise refuse(rel, 0, "not a WhatsApp chat export (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, _ = not_utf8(exc)
        raise refuse(rel, line, "not a WhatsApp chat export: the text is not UTF-8") from None


def _from_zip(path: Path, rel: str) -> bytes:
    try:
        with zipfile.ZipFile(path) as archive:
            names = [n for n in archive.namelist() if n.endswith(".txt")]
            if len(names) != 1:
                raise refuse(rel, 0, "a WhatsApp .zip export holds one chat .txt file")
            return archive.read(names[0])
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse(rel, 0, f"cannot open the .zip file ({exc})") from None


def _heads(text: str) -> list[_Head]:
    heads: list[_Head] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = _MARKS.sub("", raw.translate(_SPACES))
        match = _HEAD.match(line)
        if match is None:
            continue  # a continuation line of a multi-line message
        parts = tuple(re.split(r"[-/.] ?", match.group("date")))
        rest = match.group("rest")
        author = _AUTHOR.match(rest)
        name = author.group("author").strip() if author else None
        # An iOS export opens with a notice from the chat itself, its text marked U+200E.
        if number == 1 and author and rest[author.end() :].startswith("\u200e"):
            name = None
        heads.append(_Head(number, (parts[0], parts[1], parts[2]), name))
    return heads


def date_order(dates: list[tuple[str, str, str]]) -> str:
    """Tell the order of a chat's dates: 'ymd', 'dmy' or 'mdy' (day first when nothing tells)."""
    if any(len(a) == 4 for a, _, _ in dates):
        return "ymd"
    numbers = [_day_month(parts) for parts in dates]
    if any(a > 12 for a, _ in numbers):
        return "dmy"
    if any(b > 12 for _, b in numbers):
        return "mdy"
    firsts = Counter(a for a, _ in numbers)
    seconds = Counter(b for _, b in numbers)
    # The day changes more often than the month: more distinct values come first or second.
    return "mdy" if len(seconds) > len(firsts) else "dmy"


def _day_month(parts: tuple[str, str, str]) -> tuple[int, int]:
    """Return the two numbers that are not the year, in the order written."""
    a, b, c = parts
    if len(b) == 4:  # a year in the middle, as some exports write it (06/2018/13)
        return int(a), int(c)
    return int(a), int(b)


def _day(parts: tuple[str, str, str], order: str) -> dt.date | None:
    a, b, c = parts
    if order == "ymd":
        year, month, day = int(a), int(b), int(c)
    else:
        year = int(b if len(b) == 4 else c)
        first, second = _day_month(parts)
        day, month = (first, second) if order == "dmy" else (second, first)
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_CHAT_WITH = re.compile(r"^WhatsApp Chat (?:with|-) (?P<name>.+?)(?: \(\d+\))?$")


def _partner(path: Path) -> str:
    """The other person, as an Android export names its file ("WhatsApp Chat with Ada.txt")."""
    match = _CHAT_WITH.match(path.stem)
    return match.group("name").strip() if match else ""
