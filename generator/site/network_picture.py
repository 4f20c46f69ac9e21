"""Pictures of reach: an intro path as a chain, and the network around you."""

from __future__ import annotations

from collections.abc import Mapping

from ..analysis.intro_paths import IntroPath
from ..analysis.phrases import format_score, plural
from ..model import CIRCLES, Person
from .escape import html_text
from .network_layout import YOU, Layout, Spot, polar
from .svg import FAINT_LINE, FILL, INK, INK_LINE, MUTED, STROKE, document, line, num, short, text
from .svg import tip as with_tip

CHAIN_STEP = 170


def dot(x: float, y: float, r: float, person: Person | None, words: str) -> str:
    """Draw a person (coloured by circle, ringed when a target), or you, with a tooltip."""
    if person is None:
        paint = INK
    else:
        ring = ' stroke="currentColor" stroke-width="2.5"' if person.target else ""
        paint = FILL[person.circle] + ring
    return with_tip(f'<circle cx="{num(x)}" cy="{num(y)}" r="{num(r)}"{paint}/>', words)


def person_tip(person: Person, reach: str = "") -> str:
    """Say who a dot is: name, circle, strength, influence, target, and how to reach them."""
    facts = (
        f"{person.name}: {person.circle}, strength {person.strength}, influence {person.influence}"
    )
    facts += ", target" if person.target else ""
    return f"{facts}, {reach}" if reach else facts


def _reach(path: IntroPath | None) -> str:
    if path is None:
        return "no known path yet"
    return f"{plural(path.hops, 'hop')}, score {format_score(path.score)}"


def _you(x: float, y: float, r: float) -> list[str]:
    return [
        dot(x, y, r, None, "You"),
        text(x, y + 4.5, "You", FILL["paper"], ' text-anchor="middle" font-weight="bold"'),
    ]


def draw_path(path: IntroPath, people: Mapping[str, Person]) -> str:
    """Draw one intro path as a chain: you, then each person, each tie as thick as it is strong."""
    y = 20.0
    body: list[str] = []
    for index, strength in enumerate(path.strengths):
        x1, x2 = 40 + index * CHAIN_STEP, 40 + (index + 1) * CHAIN_STEP
        body.append(line(x1, y, x2, y, STROKE["path"], 1 + strength * 0.8))
        body.append(
            text((x1 + x2) / 2, y - 7, str(strength), MUTED, ' font-size="11" text-anchor="middle"')
        )
    body.extend(_you(40, y, 16))
    for index, slug in enumerate(path.people, start=1):
        person = people[slug]
        x = 40 + index * CHAIN_STEP
        reach = _reach(path) if index == path.hops else ""
        body.append(dot(x, y, 10, person, person_tip(person, reach)))
        weight = ' font-weight="bold"' if person.target else ""
        body.append(text(x, y + 28, short(person.name, 22), INK, f' text-anchor="middle"{weight}'))
    width = 40 + path.hops * CHAIN_STEP + 100
    names = " to ".join(people[s].name for s in path.people)
    desc = f"Score {format_score(path.score)}; tie strengths " + ", ".join(
        str(s) for s in path.strengths
    )
    return document((width, 56), f"Intro path from you to {names}", desc, body, kind="chain")


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
    body.extend(_you(0, 0, 22))
    for spot in layout.spots:
        person = people[spot.slug]
        x, y = where[spot.slug]
        size = 4 + person.influence
        body.append(dot(x, y, size, person, person_tip(person, _reach(best.get(spot.slug)))))
        body.append(_label(spot, radius[spot.ring] + size + 5, person))
    half = (radius[layout.rings] if layout.rings else first) + 175
    body.extend(_legend(-half + 12, -half + 12))
    targets = sum(1 for s in layout.spots if people[s.slug].target)
    desc = (
        f"{plural(count, 'person', 'people')} on {plural(layout.rings, 'ring')}, "
        f"{plural(targets, 'target')}, {plural(len(layout.paths), 'best path')} drawn"
    )
    return document(
        (2 * half, 2 * half),
        "Your network: you in the centre",
        desc,
        body,
        (-half, -half),
        "network",
    )


def _rings(radius: Mapping[int, float], layout: Layout) -> list[str]:
    body = []
    for ring, r in radius.items():
        outer = layout.no_path_ring and ring == layout.rings
        dash = ' stroke-dasharray="6 6"' if outer else ""
        body.append(
            f'<circle cx="0" cy="0" r="{num(r)}" fill="none"{FAINT_LINE} stroke-width="2"{dash}/>'
        )
        words = "no path yet" if outer else plural(ring, "hop")
        body.append(text(0, -r + 4, words, MUTED, ' text-anchor="middle" font-size="11"'))
    return body


def _parent_links(spots: tuple[Spot, ...], where: Mapping[str, tuple[float, float]]) -> list[str]:
    """Link each person to the one before them on their own path (you, for direct ties)."""
    return [
        line(*where[s.parent], *where[s.slug], FAINT_LINE, 1)
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
        line(*where[a], *where[b], STROKE["path"], 0.6 + strength * 0.5)
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
        f'<text transform="translate({num(x)} {num(y)}) rotate({num(turn)})" dy="0.35em"{INK} '
        f'text-anchor="{anchor}"{weight}>{html_text(short(person.name))}</text>'
    )


def _legend(x: float, y: float) -> list[str]:
    body = []
    for index, circle in enumerate(CIRCLES):
        cy = y + 10 + index * 20
        body.append(f'<circle cx="{num(x + 8)}" cy="{num(cy)}" r="7"{FILL[circle]}/>')
        body.append(text(x + 22, cy + 4.5, circle))
    cy = y + 10 + len(CIRCLES) * 20
    body.append(
        f'<circle cx="{num(x + 8)}" cy="{num(cy)}" r="7" fill="none"{INK_LINE} stroke-width="2.5"/>'
    )
    body.append(text(x + 22, cy + 4.5, "target"))
    cy += 20
    body.append(line(x, cy, x + 16, cy, STROKE["path"], 3))
    body.append(text(x + 22, cy + 4.5, "best path to a target"))
    return body
