"""Hypothesis strategies for valid contact files written in every style a person might use.

Each generated file records where each top-level field stands, so a test can say which bytes an
edit may touch: comments, key order, quoting, blank lines, CRLF or LF, a BOM and the body vary.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from hypothesis import strategies as st

from generator.model import CIRCLES, LOG_KINDS

WORDS = (
    "alpha",
    "Beta",
    "gamma",
    "Zoë",
    "Łódź",
    "O'Neil",
    "x: y",
    "#7",
    "café",
    "a-b",
    "yes",
    "12",
)
SLUGS = ("ben", "carla", "dan-ng", "eve", "1984", "yes")


@dataclass(frozen=True)
class Span:
    """Offsets in the file's text: the entry's whole lines, and its value alone."""

    line_start: int
    value_start: int
    value_end: int
    line_end: int


@dataclass
class ContactFile:
    """A generated contact file and where its fields are."""

    text: str
    nl: str
    spans: dict[str, Span] = field(default_factory=dict)
    front_end: int = 0  # offset of the closing '---' line

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


def text_value() -> st.SearchStrategy[str]:
    """Free text made of awkward words: quotes, colons, hashes, accents, YAML keywords."""
    return st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)


@st.composite
def scalar(draw: st.DrawFn, value: str) -> str:
    """Write a string plain (when that is safe), single- or double-quoted."""
    styles = ["single", "double"]
    if value.replace(" ", "").replace("-", "").isalpha() and value.lower() not in ("yes", "no"):
        styles.append("plain")
    style = draw(st.sampled_from(styles))
    if style == "plain":
        return value
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


def _slug_key(slug: str) -> str:
    return f'"{slug}"' if slug in ("1984", "yes") else slug


@st.composite
def entry(draw: st.DrawFn, key: str, nl: str) -> tuple[list[str], str, str]:
    """Return (block lines, value, trailing comment) for one field, written as `key: value`."""
    comment = draw(st.sampled_from(["", "  # note", "   #x: y"]))
    if key == "circle":
        return [], draw(st.sampled_from(CIRCLES)), comment
    if key in ("strength", "influence", "cadence"):
        low, high = {"strength": (0, 5), "influence": (1, 5), "cadence": (0, 400)}[key]
        return [], str(draw(st.integers(low, high))), comment
    if key == "target":
        return [], draw(st.sampled_from(["true", "false", "yes", "no", "True"])), comment
    if key in ("last_contact", "birthday"):
        return [], draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31))).isoformat(), comment
    if key == "tags":
        lines, value = draw(_list_value(nl, [draw(scalar(w)) for w in draw(_words())]))
        return lines, value, comment if value else ""
    if key == "knows":
        lines, value = draw(_knows(nl))
        return lines, value, comment if value else ""
    if key != "name" and draw(st.integers(0, 5)) == 0:
        return [], "", comment
    return [], draw(scalar(draw(text_value()))), comment


def _words() -> st.SearchStrategy[list[str]]:
    return st.lists(
        st.sampled_from(["math", "engines", "Zoë", "a b", "c-d"]),
        min_size=1,
        max_size=4,
        unique=True,
    )


@st.composite
def _list_value(draw: st.DrawFn, nl: str, items: list[str]) -> tuple[list[str], str]:
    if draw(st.booleans()):
        return [], "[" + ", ".join(items) + "]"
    indent = draw(st.sampled_from(["", "  ", "    "]))
    lines: list[str] = []
    for item in items:
        if lines and draw(st.integers(0, 4)) == 0:
            lines.append(f"{indent}# between items")
        lines.append(f"{indent}- {item}{draw(st.sampled_from(['', '  # why']))}")
    return lines, ""


@st.composite
def _knows(draw: st.DrawFn, nl: str) -> tuple[list[str], str]:
    slugs = draw(st.lists(st.sampled_from(SLUGS), min_size=1, max_size=3, unique=True))
    style = draw(st.sampled_from(["block", "flow-map", "list"]))
    if style == "list":
        return draw(_list_value(nl, [_slug_key(s) for s in slugs]))
    values = []
    for slug in slugs:
        strength = draw(st.integers(1, 5))
        if draw(st.booleans()):
            how = draw(scalar(draw(text_value())))
            values.append((slug, f"{{strength: {strength}, how: {how}}}"))
        else:
            values.append((slug, str(strength)))
    if style == "flow-map":
        return [], "{" + ", ".join(f"{_slug_key(s)}: {v}" for s, v in values) + "}"
    return [f"  {_slug_key(s)}: {v}" for s, v in values], ""


@st.composite
def body(draw: st.DrawFn, nl: str) -> str:
    """Notes, maybe a log (oldest first), maybe a private section; maybe no final line break."""
    lines = draw(
        st.lists(st.sampled_from(["Met at *the fair*.", "", "Likes [tea](https://t.ea)."]))
    )
    if draw(st.booleans()):
        lines += ["", "## Log"]
        dates = sorted(draw(st.lists(st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31)))))
        for date in dates:
            tags = draw(st.sampled_from(["", " (ask)", " (give, call)", f" ({LOG_KINDS[0]})"]))
            lines.append(f"- {date.isoformat()}{tags}: {draw(text_value())}")
            if draw(st.integers(0, 5)) == 0:
                lines.append("  continued on the next line")
    if draw(st.booleans()):
        lines += ["", "## Private", "Not for the site."]
    text = nl.join(lines)
    return text + (nl if lines and draw(st.booleans()) else "")


OPTIONAL = (
    "circle",
    "strength",
    "influence",
    "target",
    "cadence",
    "company",
    "role",
    "email",
    "tags",
    "last_contact",
    "knows",
    "birthday",
)


@st.composite
def contact_files(draw: st.DrawFn) -> ContactFile:
    """A valid contact file: random fields in random order, comments, blank lines, styles."""
    nl = draw(st.sampled_from(["\n", "\r\n"]))
    keys = ["name", *draw(st.lists(st.sampled_from(OPTIONAL), unique=True, max_size=8))]
    keys = draw(st.permutations(keys))
    text = ("\ufeff" if draw(st.booleans()) else "") + "---" + nl
    spans: dict[str, Span] = {}
    for key in keys:
        for _ in range(draw(st.integers(0, 2))):
            text += draw(st.sampled_from(["", "# a comment", "#"])) + nl
        lines, value, comment = draw(entry(key, nl))
        line_start = len(text)
        text += key + ":" + (draw(st.sampled_from([" ", "  "])) if value else "")
        value_start = len(text)
        text += value
        value_end = len(text)
        text += comment
        if lines:
            text += nl
            value_start = len(text) + len(lines[0]) - len(lines[0].lstrip())
            text += nl.join(lines)
            last = lines[-1]
            value_end = len(text) - len(last) + len(last.split("  #")[0])
        text += nl
        spans[key] = Span(line_start, value_start, value_end, len(text))
    front_end = len(text)
    text += "---" + nl + draw(body(nl))
    return ContactFile(text, nl, spans, front_end)
