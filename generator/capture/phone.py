"""`kith capture calls`: calls and texts from Android's "SMS Backup & Restore" XML backups.

`calls-*.xml` holds `<call number duration date type contact_name>`: types 1 (incoming),
2 (outgoing) and 7 (answered on another device) with a length count; missed (3), voicemail (4),
rejected (5) and blocked (6) calls do not, nor calls from a withheld number. `sms-*.xml` holds
`<sms address date type>` (1 received, 2 sent; drafts, outbox and failed do not count) and
`<mms>` with its `<addr>` list.
Dates are milliseconds since 1970. The file is streamed element by element and every element is
dropped once read: message bodies and attachments are never kept.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import defusedxml.ElementTree as safe_xml
from defusedxml import DefusedXmlException

from .context import Context, looks_binary, read_prefix
from .touches import PHONE, Findings, Handle, Touch, refuse

_ANSWERED = {"1": False, "2": True, "7": False}  # call type -> outgoing
_SMS_COUNTED = {"1": False, "2": True}  # sms type -> outgoing
_MMS_COUNTED = {"1": False, "2": True}  # msg_box -> outgoing
_MMS_FROM, _MMS_TO = "137", "151"  # the PduHeaders codes of the sender and a recipient
_SHOWN = "1"  # presentation: 2 restricted, 3 unknown, 4 payphone


_RECORDS = ("call", "sms", "mms")


class _Lines(ET.TreeBuilder):
    """The tree builder that notes the line each record starts on, as the parser reads it.

    `iterparse` hands the elements over only after it has parsed a whole block of the file, when
    the parser's own line is the block's end; the builder is called as each tag is read.
    """

    def __init__(self) -> None:
        super().__init__()
        self.expat: Any = None  # the parser's expat parser, once it is made
        self.lines: dict[int, int] = {}  # by the record's identity, until it is read

    def start(self, tag: str, attrs: dict[str, str]) -> ET.Element:
        element = super().start(tag, attrs)
        if tag in _RECORDS:
            self.lines[id(element)] = self.expat.CurrentLineNumber
        return element


def read_phone(path: Path, ctx: Context) -> Findings:
    """Read a calls or sms backup into calls (one each) and days of texts."""
    rel = ctx.rel(path)
    if looks_binary(read_prefix(path)):
        raise refuse(rel, 0, "not an SMS Backup & Restore file (it holds binary data)")
    found = Findings()
    read = 0
    try:
        # defusedxml: an entity or an external reference in a backup is refused, never expanded.
        lines = _Lines()
        parser = safe_xml.DefusedXMLParser(target=lines)
        lines.expat = parser.parser
        events = safe_xml.iterparse(path, events=("start", "end"), parser=parser)
        root = None
        for event, element in events:
            if root is None:
                root = element
                if element.tag not in ("calls", "smses"):
                    raise refuse(
                        rel, 1, f"not an SMS Backup & Restore file: it starts with <{element.tag}>"
                    )
                continue
            if event != "end" or element is root:
                continue
            if element.tag in _RECORDS:
                read += 1
                _record(element, rel, lines.lines.pop(id(element), 0), ctx, found)
                element.clear()
                root.clear()  # drop what was read: memory stays flat for any size of backup
    except DefusedXmlException:
        message = (
            "not an SMS Backup & Restore file: it declares XML entities (refused, not expanded)"
        )
        raise refuse(rel, 0, message) from None
    except ET.ParseError as exc:
        line = exc.position[0]
        if not read:
            raise refuse(rel, line, f"not an SMS Backup & Restore file ({_reason(exc)})") from None
        found.warn(rel, line, f"broken XML ({_reason(exc)}); the {read} records before it count")
    ctx.advance(path.stat().st_size)
    return found


def _reason(exc: ET.ParseError) -> str:
    return str(exc).split(":")[0]


def _record(element: ET.Element, rel: str, line: int, ctx: Context, found: Findings) -> None:
    day = _day(element.get("date", ""), ctx)
    if day is None:
        found.warn(rel, line, f"a <{element.tag}> with an unreadable date {element.get('date')!r}")
        return
    if not ctx.window.holds(day):
        return
    if element.tag == "call":
        _call(element, day, found)
    elif element.tag == "sms":
        _sms(element, day, found)
    else:
        _mms(element, day, ctx, found)


def _call(element: ET.Element, day: dt.date, found: Findings) -> None:
    kind = element.get("type", "")
    seconds = _int(element.get("duration", "0"))
    if kind not in _ANSWERED or seconds <= 0:
        found.skip("missed and rejected calls")
        return
    number = element.get("number", "")
    if element.get("presentation", _SHOWN) != _SHOWN or not _is_number(number):
        found.skip("calls from withheld numbers")
        return
    found.touches.append(
        Touch(
            key=f"{element.get('date')}|{number}",
            date=day,
            people=(_handle(number, element.get("contact_name", "")),),
            tag="call",
            label="call",
            single=True,
            seconds=seconds,
            outgoing=_ANSWERED[kind],
        )
    )


def _sms(element: ET.Element, day: dt.date, found: Findings) -> None:
    kind = element.get("type", "")
    if kind not in _SMS_COUNTED:
        found.skip("drafts and unsent texts")
        return
    address = element.get("address", "")
    if not _is_number(address):
        found.skip("texts from a sender without a number")
        return
    handle = _handle(address, element.get("contact_name", ""))
    found.touches.append(_text_touch(day, (handle,), _SMS_COUNTED[kind]))


def _mms(element: ET.Element, day: dt.date, ctx: Context, found: Findings) -> None:
    box = element.get("msg_box", "")
    if box not in _MMS_COUNTED:
        found.skip("drafts and unsent texts")
        return
    outgoing = _MMS_COUNTED[box]
    wanted = _MMS_TO if outgoing else _MMS_FROM
    numbers = [
        a.get("address", "") for a in element.iter("addr") if a.get("type") == wanted
    ] or element.get("address", "").split("~")
    handles = [_handle(n, "") for n in numbers if _is_number(n)]
    people = tuple(h for h in handles if not ctx.owner.is_me(h))
    if len(people) > ctx.max_people:
        found.skip(f"texts to more than {ctx.max_people} people")
        return
    if people:
        found.touches.append(_text_touch(day, people, outgoing))


def _text_touch(day: dt.date, people: tuple[Handle, ...], outgoing: bool) -> Touch:
    return Touch(
        key=day.isoformat(),
        date=day,
        people=people,
        tag="message",
        label="text message",
        outgoing=outgoing,
    )


def _is_number(text: str) -> bool:
    """Tell a number from what Android writes for none: '', -1 unknown, -2 private, a name."""
    return any(c.isdigit() for c in text) and not text.strip().startswith("-")


def _handle(number: str, name: str) -> Handle:
    label = "" if name in ("", "(Unknown)", "null") else name
    return Handle(PHONE, number.strip(), label)


def _day(value: str, ctx: Context) -> dt.date | None:
    """Return the day of a date in milliseconds since 1970; None for none (0 or less is what
    a backup writes for a record whose time the phone did not keep, not 1 January 1970)."""
    try:
        milliseconds = int(value)
        if milliseconds <= 0:
            return None
        moment = dt.datetime.fromtimestamp(milliseconds / 1000, tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        return None
    return ctx.window.day_of(moment)


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        return 0
