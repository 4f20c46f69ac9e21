"""A contact page's picture of the last 24 months: a tick for each interaction, the strength line.

Made for every contact, so it is a few shapes on one line: the axis of the 24 months is the same
for everyone and drawn once per build.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence

from ..analysis.phrases import plural
from ..model import Interaction, Person, Timeline
from .svg import FAINT_LINE, FILL, INK_LINE, MUTED, STROKE, document, num, text

MONTHS = 24
WIDTH, LEFT, RIGHT = 560, 58, 10
TICK, AXIS = 10, 32  # where an interaction's tick starts, and the time axis below the ticks
STRIP, STRENGTH = 50, 104  # the picture's height without and with the strength line
UNIT = 7  # the strength line's height for one step of strength
SHORTEST_HISTORY = 30  # days of an unchanged strength worth a line


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
            body.append(f'<path d="M{x} 1l4 7h-8z"{FILL["ask"]}/>')
        elif entry.is_give:
            body.append(f'<circle cx="{x}" cy="5" r="3.5"{FILL["give"]}/>')
        body.append(f'<path d="M{x} {TICK}v20"{INK_LINE} stroke-width="1.5"/>')
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
        if (
            change.field == "strength"
            and first < change.date <= today
            and isinstance(change.new, int)
        ):
            if steps and steps[-1][0] == change.date:
                steps[-1] = (change.date, change.new)
            elif not steps or steps[-1][1] != change.new:
                steps.append((change.date, change.new))
    if len(steps) == 1 and (today - steps[0][0]).days < SHORTEST_HISTORY:
        return []  # a line a few days long says nothing the facts do not
    return steps


def _step_line(steps: Sequence[tuple[dt.date, int]], scale: _Scale, today: dt.date) -> str:
    def y(strength: int) -> str:
        return num(STRENGTH - 8 - strength * UNIT)

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
        text(0, 24, "contact", MUTED, ' font-size="12"'),
        f'<path d="M{LEFT} {AXIS}H{right}"{FAINT_LINE}/>',
    ]
    for months in range(MONTHS):
        index = scale.first.year * 12 + scale.first.month - 1 + months
        day = dt.date(index // 12, index % 12 + 1, 1)
        x = LEFT + (day - scale.first).days * scale.per_day
        # The years at each January, and at the first month when no January follows soon.
        tall = day.month == 1 or (months == 0 and day.month < 10)
        tick = f"M{num(x)} {AXIS}v{5 if tall else 3}"
        parts.append(f'<path d="{tick}"{INK_LINE} stroke-opacity=".5"/>')
        if tall:
            parts.append(text(x + 2, AXIS + 14, str(day.year), MUTED, ' font-size="11"'))
    if strength:
        top, bottom = STRENGTH - 8 - 5 * UNIT, STRENGTH - 8
        parts.append(text(0, bottom - 12, "strength", MUTED, ' font-size="12"'))
        guides = f"M{LEFT} {top}H{right}M{LEFT} {bottom}H{right}"
        parts.append(f'<path d="{guides}"{FAINT_LINE} stroke-dasharray="2 3"/>')
        parts.append(text(LEFT - 4, top + 4, "5", MUTED, ' font-size="9" text-anchor="end"'))
        parts.append(text(LEFT - 4, bottom + 3, "0", MUTED, ' font-size="9" text-anchor="end"'))
    return "".join(parts)
