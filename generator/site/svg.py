"""Pictures made at build time: an intro path as a chain, and the network around you.

Plain SVG strings, one line each (a blank line would end the HTML block in Markdown), with every
coordinate rounded and every name HTML-escaped. No script, no external fonts or images.
"""

from __future__ import annotations

from collections.abc import Mapping

from .escape import html_text
from ..analysis.intro_paths import IntroPath
from ..model import CIRCLES, Person
from .network_layout import YOU, Layout, Spot, polar
from ..analysis.phrases import format_score, plural

COLOURS: Mapping[str, str] = {
    "family": "#d55e00",
    "friend": "#e69f00",
    "colleague": "#0072b2",
    "client": "#009e73",
    "acquaintance": "#8c8c8c",
    "stranger": "#c8c8c8",
}
YOU_COLOUR = "#263238"
PATH_COLOUR = "#00897b"
TIE_COLOUR = "#cfd8dc"
RING_COLOUR = "#eceff1"
LABEL_LIMIT = 24


def num(value: float) -> str:
    """Write a coordinate with at most one decimal and no negative zero."""
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short(name: str, limit: int = LABEL_LIMIT) -> str:
    """Shorten a long name so labels stay on their slot."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def _svg(width: float, height: float, left: float, top: float, label: str, body: list[str]) -> str:
    box = f"{num(left)} {num(top)} {num(width)} {num(height)}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kith-picture" viewBox="{box}" '
        f'width="{num(width)}" height="{num(height)}" role="img" aria-label="{html_text(label)}" '
        f'font-family="sans-serif" font-size="13">' + "".join(body) + "</svg>"
    )


def _line(x1: float, y1: float, x2: float, y2: float, colour: str, width: float) -> str:
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}" '
        f'stroke="{colour}" stroke-width="{num(width)}" stroke-linecap="round"/>'
    )


def _dot(x: float, y: float, r: float, person: Person | None, tip: str) -> str:
    fill = COLOURS[person.circle] if person is not None else YOU_COLOUR
    ring = ' stroke="#111" stroke-width="2.5"' if person is not None and person.target else ""
    return (
        f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}" fill="{fill}"{ring}>'
        f"<title>{html_text(tip)}</title></circle>"
    )


def _tip(person: Person, reach: str = "") -> str:
    facts = (
        f"{person.name}: {person.circle}, strength {person.strength}, influence {person.influence}"
    )
    facts += ", target" if person.target else ""
    return f"{facts}, {reach}" if reach else facts


def _reach(path: IntroPath | None) -> str:
    if path is None:
        return "no known path yet"
    return f"{plural(path.hops, 'hop')}, score {format_score(path.score)}"


def draw_path(path: IntroPath, people: Mapping[str, Person]) -> str:
    """Draw one intro path as a chain: you, then each person, each tie as thick as it is strong."""
    step, y = 170.0, 34.0
    body: list[str] = []
    for index, strength in enumerate(path.strengths):
        x1, x2 = 40 + index * step, 40 + (index + 1) * step
        body.append(_line(x1, y, x2, y, PATH_COLOUR, 1 + strength * 0.8))
        body.append(
            f'<text x="{num((x1 + x2) / 2)}" y="{num(y - 10)}" text-anchor="middle" '
            f'font-size="11" fill="#546e7a">{strength}</text>'
        )
    body.append(_dot(40, y, 16, None, "You"))
    body.append(f'<text x="40" y="{num(y + 4.5)}" text-anchor="middle" fill="#fff">You</text>')
    for index, slug in enumerate(path.people, start=1):
        person = people[slug]
        x = 40 + index * step
        reach = _reach(path) if index == path.hops else ""
        body.append(_dot(x, y, 10, person, _tip(person, reach)))
        weight = ' font-weight="bold"' if person.target else ""
        body.append(
            f'<text x="{num(x)}" y="{num(y + 30)}" text-anchor="middle"{weight}>'
            f"{html_text(short(person.name, 22))}</text>"
            f'<text x="{num(x)}" y="{num(y + 46)}" text-anchor="middle" font-size="11" '
            f'fill="#546e7a">{person.circle}</text>'
        )
    width = 40 + path.hops * step + 100
    names = " to ".join(people[s].name for s in path.people)
    return _svg(width, 88, 0, 0, f"Intro path from you to {names}", body)


def draw_network(
    layout: Layout, people: Mapping[str, Person], best: Mapping[str, IntroPath]
) -> str:
    """Draw you in the centre, rings by hops, targets ringed, best paths in colour."""
    count = len(layout.spots)
    first = max(150.0, 3.0 * (count + 1))
    gap = 85.0
    radius = {ring: first + (ring - 1) * gap for ring in range(1, layout.rings + 1)}
    where = {YOU: (0.0, 0.0)}
    where.update({s.slug: polar(radius[s.ring], s.angle) for s in layout.spots})
    body = _rings(radius, layout)
    body.extend(_parent_links(layout.spots, where))
    body.extend(_path_links(layout.paths, where))
    body.append(_dot(0, 0, 22, None, "You"))
    body.append('<text x="0" y="5" text-anchor="middle" fill="#fff" font-weight="bold">You</text>')
    for spot in layout.spots:
        person = people[spot.slug]
        x, y = where[spot.slug]
        size = 4 + person.influence
        body.append(_dot(x, y, size, person, _tip(person, _reach(best.get(spot.slug)))))
        body.append(_label(spot, radius[spot.ring] + size + 5, person))
    half = (radius[layout.rings] if layout.rings else first) + 175
    body.extend(_legend(-half + 12, -half + 12))
    return _svg(2 * half, 2 * half, -half, -half, "Your network: you in the centre", body)


def _rings(radius: Mapping[int, float], layout: Layout) -> list[str]:
    body = []
    for ring, r in radius.items():
        outer = layout.no_path_ring and ring == layout.rings
        dash = ' stroke-dasharray="6 6"' if outer else ""
        body.append(
            f'<circle cx="0" cy="0" r="{num(r)}" fill="none" stroke="{RING_COLOUR}" '
            f'stroke-width="2"{dash}/>'
        )
        text = "no path yet" if outer else plural(ring, "hop")
        body.append(
            f'<text x="0" y="{num(-r + 4)}" text-anchor="middle" font-size="11" '
            f'fill="#90a4ae">{text}</text>'
        )
    return body


def _parent_links(spots: tuple[Spot, ...], where: Mapping[str, tuple[float, float]]) -> list[str]:
    """Link each person to the one before them on their own path (you, for direct ties)."""
    return [
        _line(*where[s.parent], *where[s.slug], TIE_COLOUR, 1)
        for s in spots
        if s.parent != YOU or s.ring == 1
    ]


def _path_links(
    paths: tuple[IntroPath, ...], where: Mapping[str, tuple[float, float]]
) -> list[str]:
    drawn: dict[tuple[str, str], int] = {}
    for path in paths:
        for a, b, strength in zip(
            (YOU, *path.people[:-1]), path.people, path.strengths, strict=True
        ):
            drawn[(a, b)] = strength
    return [
        _line(*where[a], *where[b], PATH_COLOUR, 0.6 + strength * 0.5)
        for (a, b), strength in sorted(drawn.items())
    ]


def _label(spot: Spot, offset: float, person: Person) -> str:
    """Write a name along its own slot, reading outward and never upside down."""
    x, y = polar(offset, spot.angle)
    left = spot.angle > 180
    turn = spot.angle + 90 if left else spot.angle - 90
    anchor = "end" if left else "start"
    weight = ' font-weight="bold"' if person.target else ""
    return (
        f'<text transform="translate({num(x)} {num(y)}) rotate({num(turn)})" dy="0.35em" '
        f'text-anchor="{anchor}"{weight}>{html_text(short(person.name))}</text>'
    )


def _legend(x: float, y: float) -> list[str]:
    body = []
    for index, circle in enumerate(CIRCLES):
        cy = y + 10 + index * 20
        body.append(f'<circle cx="{num(x + 8)}" cy="{num(cy)}" r="7" fill="{COLOURS[circle]}"/>')
        body.append(f'<text x="{num(x + 22)}" y="{num(cy + 4.5)}">{circle}</text>')
    cy = y + 10 + len(CIRCLES) * 20
    body.append(
        f'<circle cx="{num(x + 8)}" cy="{num(cy)}" r="7" fill="#fff" stroke="#111" '
        f'stroke-width="2.5"/><text x="{num(x + 22)}" y="{num(cy + 4.5)}">target</text>'
    )
    cy += 20
    body.append(_line(x, cy, x + 16, cy, PATH_COLOUR, 3))
    body.append(f'<text x="{num(x + 22)}" y="{num(cy + 4.5)}">best path to a target</text>')
    return body
