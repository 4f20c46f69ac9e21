"""A contact page's pictures: the last 24 months of contact, and the person's own ties.

Made for every contact, so each is a few shapes on one line: the axis of the 24 months is the
same for everyone and drawn once per build.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Mapping, Sequence

from ..analysis.phrases import plural
from ..model import Edge, Interaction, Person, Timeline
from .escape import html_text
from .network_picture import person_tip
from .svg import FAINT_LINE, FILL, INK, INK_LINE, MUTED, STROKE, document, num, short, text

MONTHS = 24
WIDTH, LEFT, RIGHT = 640, 58, 10
STRIP, STRENGTH = 34, 86  # the picture's height without and with the strength line
SHORTEST_HISTORY = 30  # days of an unchanged strength worth a line
MOST_TIES = 12
TIES_SIZE = (560, 230)


def window(today: dt.date) -> dt.date:
    """Return the first day of the 24 months that end today (a month's first day)."""
    index = today.year * 12 + today.month - MONTHS
    return dt.date(index // 12, index % 12 + 1, 1)


class _Scale:
    """Days to x: the first day of the window at LEFT, today at the right edge."""

    def __init__(self, today: dt.date) -> None:
        self.first = window(today)
        self.per_day = (WIDTH - LEFT - RIGHT) / ((today - self.first).days + 1)

    def x(self, day: dt.date) -> float:
        return LEFT + ((day - self.first).days + 0.5) * self.per_day


def draw_contact_history(
    person: Person, steps: Sequence[tuple[dt.date, int]], today: dt.date
) -> str | None:
    """Draw each interaction of the last 24 months as a tick (asks and gives marked) and the
    strength steps (from the git history) as a line below; None when there is neither."""
    scale = _Scale(today)
    entries = [e for e in person.log if scale.first <= e.date <= today and e.is_contact]
    if not entries and not steps:
        return None
    body = [_axis(today, bool(steps))]
    for entry in entries:
        x = num(scale.x(entry.date))
        if entry.is_ask:
            body.append(f'<path d="M{x} 2l3.5 6h-7z"{FILL["ask"]}/>')
        elif entry.is_give:
            body.append(f'<circle cx="{x}" cy="5" r="3"{FILL["give"]}/>')
        body.append(f'<path d="M{x} 9v16"{INK_LINE} stroke-width="1.5"/>')
    if steps:
        body.append(_step_line(steps, scale, today))
    height = STRENGTH if steps else STRIP
    return document(
        (WIDTH, height),
        f"Your contact with {person.name} over the last {MONTHS} months",
        _history_words(entries, steps, scale.first),
        body,
        kind="history",
    )


def _history_words(
    entries: Sequence[Interaction], steps: Sequence[tuple[dt.date, int]], first: dt.date
) -> str:
    asks = sum(1 for e in entries if e.is_ask)
    gives = sum(1 for e in entries if e.is_give)
    words = (
        f"{plural(len(entries), 'interaction')} since {first.isoformat()} "
        f"({plural(asks, 'ask')}, {plural(gives, 'give')})"
    )
    if steps:
        values = " → ".join(str(v) for _, v in steps)
        words += f"; strength since {steps[0][0].isoformat()}: {values}"
    return words


def strength_steps(timeline: Timeline, today: dt.date) -> list[tuple[dt.date, int]]:
    """Return the committed strength as (day, value) steps over the last 24 months, from the
    window's first day (or the day the file was added); empty when nothing is committed."""
    first = window(today)
    start = timeline.value_on("strength", first)
    steps: list[tuple[dt.date, int]] = [(first, start)] if isinstance(start, int) else []
    for change in timeline.changes:
        if change.field == "strength" and first < change.date <= today and isinstance(change.new, int):
            if steps and steps[-1][0] == change.date:
                steps[-1] = (change.date, change.new)
            elif not steps or steps[-1][1] != change.new:
                steps.append((change.date, change.new))
    if len(steps) == 1 and (today - steps[0][0]).days < SHORTEST_HISTORY:
        return []  # a line a few days long says nothing the facts do not
    return steps


def _step_line(steps: Sequence[tuple[dt.date, int]], scale: _Scale, today: dt.date) -> str:
    def y(strength: int) -> str:
        return num(STRENGTH - 8 - strength * 7)

    x0 = LEFT + (steps[0][0] - scale.first).days * scale.per_day
    d = [f"M{num(x0)} {y(steps[0][1])}"]
    for day, strength in steps[1:]:
        d.append(f"H{num(scale.x(day))}V{y(strength)}")
    d.append(f"H{num(scale.x(today))}")
    return f'<path d="{"".join(d)}" fill="none"{STROKE["path"]} stroke-width="2.5"/>'


@functools.lru_cache(maxsize=4)
def _axis(today: dt.date, strength: bool) -> str:
    """The month ticks, the year labels and, with the strength line, its 0 and 5 lines."""
    scale = _Scale(today)
    right = WIDTH - RIGHT
    parts = [
        text(0, 20, "contact", MUTED, ' font-size="11"'),
        f'<path d="M{LEFT} 27H{right}"{FAINT_LINE}/>',
    ]
    for months in range(MONTHS):
        index = scale.first.year * 12 + scale.first.month - 1 + months
        day = dt.date(index // 12, index % 12 + 1, 1)
        x = LEFT + (day - scale.first).days * scale.per_day
        # The years at each January, and at the first month when no January follows soon.
        tall = day.month == 1 or (months == 0 and day.month < 10)
        parts.append(f'<path d="M{num(x)} 27v{4 if tall else 2}"{INK_LINE} stroke-opacity=".5"/>')
        if tall:
            parts.append(text(x + 2, 40, str(day.year), MUTED, ' font-size="10"'))
    if strength:
        top, bottom = STRENGTH - 8 - 5 * 7, STRENGTH - 8
        parts.append(text(0, bottom - 10, "strength", MUTED, ' font-size="11"'))
        parts.append(f'<path d="M{LEFT} {top}H{right}M{LEFT} {bottom}H{right}"{FAINT_LINE} stroke-dasharray="2 3"/>')
        parts.append(text(LEFT - 4, top + 4, "5", MUTED, ' font-size="9" text-anchor="end"'))
        parts.append(text(LEFT - 4, bottom + 3, "0", MUTED, ' font-size="9" text-anchor="end"'))
    return "".join(parts)


def draw_ties(person: Person, ties: Sequence[tuple[str, Edge]], people: Mapping[str, Person]) -> str | None:
    """Draw the person in the middle, you and the people they know around them; None: no ties."""
    shown = sorted(
        ((people[other], edge.strength) for other, edge in ties if other in people),
        key=lambda item: (-item[1], item[0].name, item[0].slug),
    )
    if not shown:
        return None
    more = len(shown) - MOST_TIES
    shown = shown[:MOST_TIES]
    around: list[tuple[Person | None, int]] = [(None, person.strength)] if person.strength else []
    around.extend(shown)
    width, height = TIES_SIZE
    cx, cy = width / 2, height / 2 - 6
    body: list[str] = []
    spots = []
    for index, (other, strength) in enumerate(around):
        angle = 2 * math.pi * index / len(around)
        x, y = cx + 150 * math.sin(angle), cy - 80 * math.cos(angle)
        paint = STROKE["path"] if other is None else ' stroke="currentColor" stroke-opacity=".45"'
        body.append(f'<line x1="{num(cx)}" y1="{num(cy)}" x2="{num(x)}" y2="{num(y)}"{paint} stroke-width="{num(0.6 + strength * 0.6)}"/>')
        spots.append((other, strength, x, y))
    for other, strength, x, y in spots:
        body.append(_tie_end(other, strength, x, y, cx, person))
    ring = ' stroke="currentColor" stroke-width="2.5"' if person.target else ""
    body.append(
        f"<g><title>{html_text(person_tip(person))}</title>"
        f'<circle cx="{num(cx)}" cy="{num(cy)}" r="10"{FILL[person.circle]}{ring}/>'
        f'<text x="{num(cx)}" y="{num(cy + 26)}"{INK} font-size="12" font-weight="bold" '
        f'text-anchor="middle">{html_text(short(person.name, 24))}</text></g>'
    )
    if more > 0:
        body.append(text(width - 4, height - 4, f"and {more} more", MUTED, ' font-size="11" text-anchor="end"'))
    desc = "; ".join(
        f"{'you' if other is None else other.name}: strength {strength}" for other, strength, _, _ in spots
    )
    title = f"{person.name}'s ties: {plural(len(shown) + (more if more > 0 else 0), 'person', 'people')}"
    return document(TIES_SIZE, title, desc, body, kind="ties")


def _tie_end(other: Person | None, strength: int, x: float, y: float, cx: float, person: Person) -> str:
    anchor = "middle" if abs(x - cx) < 20 else "start" if x > cx else "end"
    dx = 0 if anchor == "middle" else 10 if anchor == "start" else -10
    dy = 4 if anchor != "middle" else (-10 if y < TIES_SIZE[1] / 2 else 18)
    if other is None:
        tip = f"You and {person.name}: strength {strength}"
        dot = f'<circle cx="{num(x)}" cy="{num(y)}" r="7"{INK}/>'
        name = "You"
    else:
        tip = f"{person_tip(other)}; knows {person.name} at strength {strength}"
        ring = ' stroke="currentColor" stroke-width="1.5"' if other.target else ""
        dot = f'<circle cx="{num(x)}" cy="{num(y)}" r="6"{FILL[other.circle]}{ring}/>'
        name = short(other.name, 20)
    return (
        f"<g><title>{html_text(tip)}</title>{dot}"
        f'<text x="{num(x + dx)}" y="{num(y + dy)}"{INK} font-size="11" text-anchor="{anchor}">'
        f"{html_text(name)}</text></g>"
    )
