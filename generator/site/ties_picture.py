"""A contact's own ties as a small picture: them in the middle, you and the people they know
around them, each line as thick as the tie is strong.

Drawn for every contact with a tie, so what repeats is worked out once: where the n-th of so many
people goes, and each person's escaped name and tooltip (the same people appear on many pages).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

from ..analysis.phrases import plural
from ..model import Edge, Person
from .escape import html_text
from .network_picture import person_tip
from .svg import FILL, INK, MUTED, STROKE, document, num, short, text

SIZE = (460, 220)
MIDDLE = (230, 104)
RADII = (120, 78)  # the ellipse the people sit on, across and up
MOST = 12  # the strongest ties shown; the rest are counted
WIDTHS = {strength: num(round(0.6 + strength * 0.6, 1)) for strength in range(0, 6)}
OTHERS = ' stroke="currentColor" stroke-opacity=".45"'


@functools.lru_cache(maxsize=32)
def _spots(count: int) -> tuple[tuple[str, str, str], ...]:
    """Return, for each of `count` people clockwise from the top: x, y, and the label's place."""
    spots = []
    for index in range(count):
        angle = 2 * math.pi * index / count
        x = MIDDLE[0] + RADII[0] * math.sin(angle)
        y = MIDDLE[1] - RADII[1] * math.cos(angle)
        if abs(x - MIDDLE[0]) < 20:
            label = (
                f'x="{num(x)}" y="{num(y - 10 if y < MIDDLE[1] else y + 18)}" text-anchor="middle"'
            )
        else:
            side, anchor = (10, "start") if x > MIDDLE[0] else (-10, "end")
            label = f'x="{num(x + side)}" y="{num(y + 4)}" text-anchor="{anchor}"'
        spots.append((num(x), num(y), label))
    return tuple(spots)


@functools.lru_cache(maxsize=32)
def _places(count: int, you: int) -> tuple[tuple[tuple[str, ...], str, str], ...]:
    """Return, for each of `count` people after you (when `you`): the line to them at each
    strength, and what their dot's group holds before its paint and before its label."""
    mx, my = num(MIDDLE[0]), num(MIDDLE[1])
    places = []
    for x, y, label in _spots(count + you)[you:]:
        # Indexed by strength, 0 to 5 (WIDTHS' keys).
        lines = tuple(_line(mx, my, x, y, OTHERS, strength) for strength in range(len(WIDTHS)))
        circle = f'</title><circle cx="{x}" cy="{y}" r="6"'
        places.append((lines, circle, f'/><text {label}{INK} font-size="11">'))
    return tuple(places)


@functools.lru_cache(maxsize=1 << 16)
def _who(person: Who) -> tuple[str, str, str, str]:
    """Return a person's tooltip and label, escaped, their dot's paint, and their name escaped."""
    name, _, circle, strength, influence, target = person
    words = f"{name}: {circle}, strength {strength}, influence {influence}"
    ring = ' stroke="currentColor" stroke-width="1.5"' if target else ""
    tip = html_text(words + (", target" if target else ""))
    return tip, html_text(short(name, 20)), FILL[circle] + ring, html_text(name)


# What the picture shows of someone at the other end of a tie: name, slug, circle, strength,
# influence, target. Plain values, so that a page's fingerprint takes them in C (page_cache.py).
Who = tuple[str, str, str, int, int, bool]


def who(person: Person) -> Who:
    """Return what the picture shows of a person at the other end of a tie."""
    return (
        person.name,
        person.slug,
        person.circle,
        person.strength,
        person.influence,
        person.target,
    )


def neighbours(
    ties: Sequence[tuple[str, Edge]], people: Mapping[str, Who]
) -> tuple[tuple[Who, int], ...]:
    """Return each person at the other end of a tie with the tie's strength (known people only)."""
    return tuple([(people[other], edge.strength) for other, edge in ties if other in people])


def draw_neighbours(person: Person, ties: Sequence[tuple[Who, int]]) -> str | None:
    """Draw the ties `neighbours` gives: strongest first, then by name and slug."""
    if not ties:
        return None
    # Strongest first, then by name and slug (one tie to each person: the rest never decides),
    # compared in C.
    known = sorted([(-strength, other) for other, strength in ties])
    shown = [(other, -strength) for strength, other in known[:MOST]]
    you = 1 if person.strength else 0
    name = html_text(person.name)
    lines, ends, said = [], [], []
    if you:
        x, y, label = _spots(len(shown) + 1)[0]
        lines.append(_line(num(MIDDLE[0]), num(MIDDLE[1]), x, y, STROKE["path"], person.strength))
        ends.append(
            f"<g><title>You and {name}: strength {person.strength}</title>"
            f'<circle cx="{x}" cy="{y}" r="7"{INK}/>'
            f'<text {label}{INK} font-size="11">You</text></g>'
        )
        said.append(f"you: strength {person.strength}")
    knows = f"; knows {name} at strength "
    for (other, strength), (widths, circle, text_at) in zip(
        shown, _places(len(shown), you), strict=True
    ):
        tip, shown_name, paint, other_name = _who(other)
        lines.append(widths[strength])
        ends.append(
            f"<g><title>{tip}{knows}{strength}{circle}{paint}{text_at}{shown_name}</text></g>"
        )
        said.append(f"{other_name}: strength {strength}")
    body = [*lines, *ends, _middle(person)]
    if len(known) > MOST:
        more = f"and {len(known) - MOST} more"
        body.append(
            text(SIZE[0] - 4, SIZE[1] - 4, more, MUTED, ' font-size="11" text-anchor="end"')
        )
    title = f"{person.name}'s ties: {plural(len(known) + you, 'person', 'people')}"
    # The description is made of escaped names: escaping works character by character, and
    # "; " and "you: strength 3" hold nothing to escape.
    return document(SIZE, title, "; ".join(said), body, kind="ties", desc_escaped=True)


def _line(x1: str, y1: str, x2: str, y2: str, paint: str, strength: int) -> str:
    return (
        f'<line x1="{x1}" y1="{y1}" x2="{x2}" y2="{y2}"{paint} stroke-width="{WIDTHS[strength]}"/>'
    )


def _middle(person: Person) -> str:
    ring = ' stroke="currentColor" stroke-width="2.5"' if person.target else ""
    x, y = MIDDLE
    return (
        f"<g><title>{html_text(person_tip(person))}</title>"
        f'<circle cx="{x}" cy="{y}" r="10"{FILL[person.circle]}{ring}/>'
        f'<text x="{x}" y="{y + 26}"{INK} font-size="12" font-weight="bold" '
        f'text-anchor="middle">{html_text(short(person.name, 24))}</text></g>'
    )
