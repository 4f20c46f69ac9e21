"""The Targets page's map: influence up, closeness across, as people draw it on a whiteboard.

One cell per (strength, influence). Influential and close is the short list; influential and
far are the people to work on; everyone else sits below. Targets, the short list and the
suggestions are named in their cell (targets first, ringed); everyone else is counted, so the
picture stays the same size whatever the size of the vault.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from ..analysis.phrases import plural
from ..model import CIRCLES, Person, sort_key
from ..thresholds import Thresholds
from .escape import html_text
from .network_picture import person_tip
from .svg import FAINT_LINE, FILL, INK, INK_LINE, MUTED, document, line, num, short, text

CELL_W, CELL_H = 100, 60
LEFT, TOP, BOTTOM = 64, 26, 64
STRENGTHS, INFLUENCES = range(0, 6), range(5, 0, -1)
NAMES_IN_A_CELL = 3  # and a fourth when it is the last


def draw_target_map(people: Iterable[Person], named: Sequence[str], limits: Thresholds) -> str:
    """Draw everyone by strength and influence; name the people in `named` (in that order)."""
    rank = {slug: index for index, slug in enumerate(named)}
    cells: dict[tuple[int, int], list[Person]] = {}
    others: dict[tuple[int, int], int] = {}
    for person in people:
        key = (person.strength, person.influence)
        if person.slug in rank:
            cells.setdefault(key, []).append(person)
        else:
            others[key] = others.get(key, 0) + 1
    body = _regions(limits)
    body.extend(_axes())
    for members in cells.values():
        members.sort(key=lambda p: (rank[p.slug], sort_key(p.name), p.slug))
    for strength in STRENGTHS:
        for influence in INFLUENCES:
            key = (strength, influence)
            body.extend(_cell(key, cells.get(key, []), others.get(key, 0)))
    width, height = LEFT + len(STRENGTHS) * CELL_W + 8, TOP + len(INFLUENCES) * CELL_H + BOTTOM
    total = sum(others.values()) + len(rank)
    close = sum(1 for key, members in cells.items() for _ in members if _short(key, limits))
    desc = (
        f"{plural(total, 'contact')} by strength (across, 0 to 5) and influence (up, 1 to 5); "
        f"{plural(len(rank), 'person', 'people')} named, {close} of them influential and close"
    )
    return document(
        (width, height), "Your people by influence and closeness", desc, body, kind="map"
    )


def _short(key: tuple[int, int], limits: Thresholds) -> bool:
    strength, influence = key
    return influence >= limits.short_list_influence and strength >= limits.short_list_strength


def _x(strength: int) -> int:
    return LEFT + strength * CELL_W


def _y(influence: int) -> int:
    return TOP + (5 - influence) * CELL_H


def _regions(limits: Thresholds) -> list[str]:
    """Tint the short list's corner and the corner of influential people still far away."""
    top_rows = 5 - limits.short_list_influence + 1
    split = _x(limits.short_list_strength)
    height = top_rows * CELL_H
    right = _x(6)
    body = [
        f'<rect x="{LEFT}" y="{TOP}" width="{split - LEFT}" height="{height}"{FILL["work"]}/>',
        f'<rect x="{split}" y="{TOP}" width="{right - split}" height="{height}"{FILL["band"]}/>',
        text(
            LEFT + 4,
            TOP - 8,
            "Influential, still far: work on them",
            INK,
            ' font-size="12" font-weight="bold"',
        ),
        text(
            right - 4,
            TOP - 8,
            "The short list",
            INK,
            ' font-size="12" font-weight="bold" text-anchor="end"',
        ),
    ]
    return body


def _axes() -> list[str]:
    bottom = TOP + len(INFLUENCES) * CELL_H
    body = []
    for strength in range(0, 7):
        body.append(line(_x(strength), TOP, _x(strength), bottom, FAINT_LINE))
    for influence in range(6, 0, -1):
        body.append(line(LEFT, _y(influence) + CELL_H, _x(6), _y(influence) + CELL_H, FAINT_LINE))
    for strength in STRENGTHS:
        label = _x(strength) + CELL_W / 2
        body.append(
            text(label, bottom + 16, str(strength), MUTED, ' font-size="11" text-anchor="middle"')
        )
    for influence in INFLUENCES:
        body.append(
            text(
                LEFT - 8,
                _y(influence) + CELL_H / 2 + 4,
                str(influence),
                MUTED,
                ' font-size="11" text-anchor="end"',
            )
        )
    body.append(
        text(
            _x(3),
            bottom + 32,
            "strength: how close you are →",
            MUTED,
            ' font-size="11" text-anchor="middle"',
        )
    )
    body.extend(_legend(LEFT, bottom + 54))
    middle = TOP + len(INFLUENCES) * CELL_H / 2
    body.append(
        f'<text transform="translate(20 {num(middle)}) rotate(-90)"{MUTED} font-size="11" '
        'text-anchor="middle">influence: their reach →</text>'
    )
    return body


def _legend(x: float, y: float) -> list[str]:
    body = []
    for index, circle in enumerate(CIRCLES):
        left = x + index * 80
        body.append(f'<circle cx="{num(left + 4)}" cy="{num(y - 4)}" r="4"{FILL[circle]}/>')
        body.append(text(left + 12, y, circle, MUTED, ' font-size="10"'))
    left = x + len(CIRCLES) * 80
    body.append(
        f'<circle cx="{num(left + 4)}" cy="{num(y - 4)}" r="4" fill="none"{INK_LINE} '
        'stroke-width="1.5"/>'
    )
    body.append(text(left + 12, y, "target", MUTED, ' font-size="10"'))
    return body


def _cell(key: tuple[int, int], members: list[Person], others: int) -> list[str]:
    x, y = _x(key[0]), _y(key[1])
    room = NAMES_IN_A_CELL + (others == 0)  # the last line holds a name or the count of the rest
    fits = members if len(members) <= room else members[:NAMES_IN_A_CELL]
    body = [_named(person, x + 8, y + 14 + row * 14) for row, person in enumerate(fits)]
    rest = len(members) - len(fits) + others
    if rest:
        where = f"at strength {key[0]}, influence {key[1]}"
        said = plural(rest, "more contact" if fits else "contact")
        words = f"+{rest}" if fits else str(rest)
        body.append(
            f'<text x="{x + CELL_W - 5}" y="{y + CELL_H - 5}"{MUTED} font-size="10" '
            f'text-anchor="end"><title>{said} {where}</title>{words}</text>'
        )
    return body


def _named(person: Person, x: float, y: float) -> str:
    ring = ' stroke="currentColor" stroke-width="1.5"' if person.target else ""
    weight = ' font-weight="bold"' if person.target else ""
    return (
        f"<g><title>{html_text(person_tip(person))}</title>"
        f'<circle cx="{num(x)}" cy="{num(y - 4)}" r="4"{FILL[person.circle]}{ring}/>'
        f'<text x="{num(x + 8)}" y="{num(y)}"{INK} font-size="11"{weight}>'
        f"{html_text(short(person.name, 15))}</text></g>"
    )


def named_people(
    targets: Sequence[str], short_list: Sequence[str], suggestions: Sequence[str]
) -> list[str]:
    """Return who the map names: targets in rank order, then the short list, then suggestions."""
    return list(dict.fromkeys([*targets, *short_list, *suggestions]))
