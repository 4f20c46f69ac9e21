"""A vCard file into cards, one property at a time: what cannot be read is left out and said.

vobject parses a whole file at once and gives up on the first property it cannot read: a photo
whose base64 lacks its padding, quoted-printable text that is not UTF-8, a stray line. Kith
drives vobject's own line parser and decoders property by property instead, so such a property
is skipped with a warning naming its line while the card and the file go on. Cards nested in a
card (vCard 2.1) are cards of their own, as phones read them. Photos, logos, sounds and keys
are never imported, so they are not even decoded.
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import vobject
from vobject.icalendar import stringToTextValues
from vobject.vcard import VCardTextBehavior

from ..model import Problem, Severity
from .records import fail

_UNUSED = {"PHOTO", "LOGO", "SOUND", "KEY"}
_LISTS = {"NICKNAME"}  # text properties that hold several values, split at unescaped commas
_READ_ERRORS = (vobject.base.VObjectError, ValueError, LookupError, binascii.Error)


@dataclass
class Card:
    """One card: the line of its BEGIN, and its properties decoded by vobject."""

    line: int
    component: Any = field(default=None)
    version: str = ""


@dataclass
class _Reader:
    path: str
    cards: list[Card] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    stack: list[Card | None] = field(default_factory=list)  # None: a component that is no card

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(Problem(self.path, line, message, Severity.WARNING))

    def take(self, text: str, number: int) -> None:
        try:
            prop = vobject.base.textLineToContentLine(text, number)
        except _READ_ERRORS as exc:
            self._unreadable(text, number, exc)
            return
        name = prop.name.upper()
        if name == "BEGIN":
            self._begin(str(prop.value).strip(), number)
        elif name == "END":
            self._end(number)
        elif not self.stack:
            self.warn(number, f"the line {_shown(text)} is outside any card (left out)")
        elif name == "VERSION" and self.stack[-1] is not None:
            self.stack[-1].version = str(prop.value).strip()
        elif name not in _UNUSED | {"PROFILE"} and self.stack[-1] is not None:
            self.stack[-1].component.add(prop)

    def _unreadable(self, text: str, number: int, exc: Exception) -> None:
        name = re.match(r"^[A-Za-z0-9.-]+(?=[;:])", text)
        what = name.group().upper() if name else f"the line {_shown(text)}"
        self.warn(number, f"{what} left out: {_reason(exc)}")

    def _begin(self, what: str, number: int) -> None:
        if what.upper() != "VCARD":
            if not self.stack:
                raise fail(self.path, number, f"not a vCard file (BEGIN:{what})")
            self.stack.append(None)
            return
        self.stack.append(Card(number, vobject.base.Component("VCARD")))

    def _end(self, number: int) -> None:
        if not self.stack:
            self.warn(number, "END without a BEGIN (left out)")
            return
        card = self.stack.pop()
        if card is not None:
            self._decode(card)
            self.cards.append(card)

    def _decode(self, card: Card) -> None:
        """Decode each property as vobject would; one that fails is left out with a warning."""
        behavior = vobject.base.getBehavior("VCARD", card.version or "3.0")
        component = card.component
        component.behavior = behavior
        for key, props in list(component.contents.items()):
            kept = []
            for prop in props:
                raw, encoded = prop.value, prop.encoded
                try:
                    prop.parentBehavior = behavior
                    prop.autoBehavior(True)
                    kept.append(_whole_text(prop.transformToNative(), raw, encoded))
                except (*_READ_ERRORS, UnicodeError) as exc:
                    self.warn(prop.lineNumber, f"{prop.name} left out: {_reason(exc)}")
            component.contents[key] = kept


def _whole_text(prop: Any, raw: Any, encoded: bool) -> Any:
    """Give a text property all its text: vobject keeps only what comes before a comma.

    vCard 2.1 never escapes commas and many writers of 3.0 and 4.0 do not either, so
    `TITLE:VP, Sales` is the title `VP, Sales`; NICKNAME is a list of names.
    """
    plain = isinstance(prop.behavior, type) and issubclass(prop.behavior, VCardTextBehavior)
    if not (plain and encoded and isinstance(raw, str)) or getattr(prop, "encoding_param", None):
        return prop
    if prop.name.upper() in _LISTS:
        prop.value = [v for v in stringToTextValues(raw) if v.strip()]
    else:
        prop.value = stringToTextValues(raw, listSeparator=None)[0]
    return prop


def read_cards(text: str, path: str) -> tuple[list[Card], list[Problem]]:
    """Read every card of a vCard file, nested ones included, in the order they begin."""
    reader = _Reader(path)
    seen = False
    for line, number in logical_lines(text):
        if not seen and line.strip().upper() != "BEGIN:VCARD":
            raise fail(path, number, f"not a vCard file (it starts {_shown(line)})")
        seen = True
        reader.take(line, number)
    if not seen:
        raise fail(path, 1, "not a vCard file: no BEGIN:VCARD line")
    open_cards = [c for c in reader.stack if c is not None]
    if open_cards:
        raise fail(
            path,
            open_cards[0].line,
            "this card is never closed (no END:VCARD): is the file cut off?",
        )
    reader.cards.sort(key=lambda c: c.line)
    return reader.cards, reader.warnings


def logical_lines(text: str) -> Iterator[tuple[str, int]]:
    """Unfold a vCard's lines, each with the number of the file line it starts on.

    A line starting with a space or tab continues the one before; in vCard 2.1 a
    quoted-printable value ending in `=` continues on the next line (kept, for the decoder).
    """
    current: list[str] = []
    start = 0
    quoted = False
    # Lines end at LF; any CRs before it go (some exports end lines with CR CR LF).
    for number, raw in enumerate((line.rstrip("\r") for line in text.split("\n")), 1):
        if not raw.strip():
            if current:
                yield "".join(current), start
            current, quoted = [], False
            continue
        if quoted:
            current.append("\n" + raw)
        elif raw[0] in " \t" and current:
            current.append(raw[1:])
        else:
            if current:
                yield "".join(current), start
            current, start = [raw], number
        joined = "".join(current)
        quoted = joined.endswith("=") and "quoted-printable" in joined.lower()
    if current:
        yield "".join(current), start


def _shown(text: str) -> str:
    first = text.split("\n", 1)[0]
    return repr(first if len(first) <= 40 else first[:39] + "…")


def _reason(exc: Exception) -> str:
    if isinstance(exc, binascii.Error) or "base64" in str(exc):
        return "its base64 data is broken"
    if isinstance(exc, UnicodeError):
        return "its text is not in the character set it names"
    if isinstance(exc, LookupError):
        return f"unknown character set ({exc})"
    message = str(getattr(exc, "msg", "") or exc)
    if message.startswith("Failed to parse line"):
        return "it is no vCard property (NAME:value)"
    return message.removeprefix("At line ").strip() or type(exc).__name__
