"""The home page's pictures: where you stand as meters, a year of interactions, months by circle."""

from __future__ import annotations

import datetime as dt

from ..analysis.activity import Activity
from ..analysis.phrases import plural
from ..model import CIRCLES
from .svg import FAINT_LINE, FILL, MUTED, document, line, num, text, tip

METER = (120, 14)
CELL, PITCH = 11, 14  # a day's square and the distance from one square to the next
LEFT, TOP = 30, 18  # room for the weekday and month labels
WEEKDAYS = ((0, "Mon"), (2, "Wed"), (4, "Fri"))
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
HEAT_LIMITS = (0, 1, 2, 4)  # at most this many interactions a day for levels 0 to 3; then 4


def draw_meter(label: str, value: int, low: int, high: int) -> str:
    """Draw a value against its goal (low to high, 0 to 0 for "none"), small enough for a cell."""
    width, height = METER
    scale = max(value, -(-high * 4 // 3), 4)
    band_x, band_w = low * width / scale, max((high - low) * width / scale, 2)
    bar = FILL["good"] if low <= value <= high else FILL["warn"]
    goal = f"{low}–{high}" if high else "0"
    body = [
        f'<rect x="0" y="3" width="{width}" height="8" rx="2"{FILL["heat0"]}/>',
        f'<rect x="{num(band_x)}" y="0" width="{num(band_w)}" height="{height}" rx="2"'
        f"{FILL['band']}/>",
        f'<rect x="0" y="5" width="{num(max(value * width / scale, 1))}" height="4" rx="1"{bar}/>',
    ]
    desc = f"{value} on a scale of 0 to {scale}; the goal is {goal}"
    return document(METER, f"{label}: {value}, goal {goal}", desc, body, kind="meter")


def draw_calendar(activity: Activity) -> str:
    """Draw one square a day for the year up to today, darker for more interactions."""
    first, last = activity.first, activity.last
    monday = first - dt.timedelta(days=first.weekday())
    columns = (last - monday).days // 7 + 1
    body = [
        text(0, TOP + row * PITCH + 9, name, MUTED, ' font-size="10"') for row, name in WEEKDAYS
    ]
    day = first
    while day <= last:
        column = (day - monday).days // 7
        x, y = LEFT + column * PITCH, TOP + day.weekday() * PITCH
        if day.day == 1 and column < columns - 2:
            body.append(text(x, 11, MONTHS[day.month - 1], MUTED, ' font-size="10"'))
        count = activity.days.get(day, 0)
        paint = FILL[heat_level(count)]
        square = f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2"{paint}/>'
        said = plural(count, "interaction") if count else "no interaction"
        body.append(tip(square, f"{day.isoformat()}: {said}"))
        day += dt.timedelta(days=1)
    bottom = TOP + 7 * PITCH + 6
    body.extend(_heat_legend(LEFT + columns * PITCH - 5 * PITCH - 62, bottom))
    busiest = max(activity.days.values(), default=0)
    desc = (
        f"{plural(activity.total, 'interaction')} on {plural(len(activity.days), 'day')} from "
        f"{first.isoformat()} to {last.isoformat()}; at most {busiest} on one day"
    )
    size = (LEFT + columns * PITCH, bottom + 16)
    return document(size, "Your interactions, one square a day", desc, body, kind="calendar")


def heat_level(count: int) -> str:
    """Name the colour of a day's square: heat0 for none, up to heat4 for a busy day."""
    level = next((i for i, top in enumerate(HEAT_LIMITS) if count <= top), len(HEAT_LIMITS))
    return f"heat{level}"


def _heat_legend(x: float, y: float) -> list[str]:
    body = [text(x, y + 9, "Less", MUTED, ' font-size="10"')]
    for level in range(len(HEAT_LIMITS) + 1):
        left = x + 28 + level * PITCH
        body.append(
            f'<rect x="{num(left)}" y="{num(y)}" width="{CELL}" height="{CELL}" rx="2"'
            f"{FILL[f'heat{level}']}/>"
        )
    body.append(text(x + 32 + 5 * PITCH, y + 9, "More", MUTED, ' font-size="10"'))
    return body


def draw_months(activity: Activity) -> str:
    """Draw the interactions of each of the last 12 months as a bar stacked by circle."""
    width, plot, base, bar = 640, 150, 170, 34
    step = (width - 40) / len(activity.months)
    top = max((sum(counts.values()) for _, counts in activity.months), default=0)
    scale = _round_up(top)
    body = _month_grid(scale, width, plot, base)
    for index, (start, counts) in enumerate(activity.months):
        x = 40 + index * step + (step - bar) / 2
        y = float(base)
        for circle in CIRCLES:
            if counts[circle]:
                height = counts[circle] * plot / scale
                y -= height
                rect = (
                    f'<rect x="{num(x)}" y="{num(y)}" width="{bar}" height="{num(height)}"'
                    f"{FILL[circle]}/>"
                )
                body.append(tip(rect, f"{_month(start)}: {counts[circle]} with {circle}"))
        name = MONTHS[start.month - 1] + (f" {start.year}" if start.month == 1 or not index else "")
        body.append(
            text(x + bar / 2, base + 16, name, MUTED, ' font-size="11" text-anchor="middle"')
        )
    body.extend(_circle_legend(40, base + 34))
    total = sum(sum(counts.values()) for _, counts in activity.months)
    first, last = activity.months[0][0], activity.months[-1][0]
    desc = (
        f"{plural(total, 'interaction')} from {_month(first)} to {_month(last)}; "
        f"at most {top} in a month"
    )
    return document(
        (width, base + 50), "Interactions per month by circle", desc, body, kind="months"
    )


def _round_up(top: int) -> int:
    """Return a round top for the scale: 4, 10, 20, 50, 100 … at least `top`."""
    for nice in (4, 10, 20, 30, 50):
        if top <= nice:
            return nice
    magnitude = int(10 ** (len(str(top)) - 1))
    return -(-top // magnitude) * magnitude


def _month_grid(scale: int, width: int, plot: int, base: int) -> list[str]:
    body = []
    for share in (0, 0.5, 1):
        y = base - share * plot
        body.append(line(36, y, width, y, FAINT_LINE))
        body.append(
            text(30, y + 4, str(round(scale * share)), MUTED, ' font-size="10" text-anchor="end"')
        )
    return body


def _circle_legend(x: float, y: float) -> list[str]:
    body = []
    for index, circle in enumerate(CIRCLES):
        left = x + index * 100
        body.append(
            f'<rect x="{num(left)}" y="{num(y - 9)}" width="10" height="10" rx="2"{FILL[circle]}/>'
        )
        body.append(text(left + 14, y, circle, MUTED, ' font-size="11"'))
    return body


def _month(start: dt.date) -> str:
    return f"{start.year:04d}-{start.month:02d}"
