"""The network picture's layout: who is shown, on which ring, at which angle.

Only what matters is shown: your targets with the people on their best paths, then your strongest
direct ties, up to `network_max_people`. Each person sits on the ring of their own best path's
hops; targets with no path sit on an outer ring. Angles come from a tree in which a person's
parent is the one before them on their own best path (that parent always ranks strictly higher,
so the links form a tree); every person gets one slot, in depth-first order, so a person's label
can run outward through their own slot without touching anyone else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..analysis.intro_paths import IntroPath
from ..model import CIRCLES, Person, sort_key

YOU = ""  # the centre; no slug is empty


@dataclass(frozen=True, slots=True)
class Spot:
    """One person in the picture: ring (hops), angle in degrees (0 = up, clockwise), parent."""

    slug: str
    ring: int
    angle: float
    parent: str


@dataclass(frozen=True, slots=True)
class Layout:
    """Everyone shown, the best paths to the shown targets, and how many were left out."""

    spots: tuple[Spot, ...]
    paths: tuple[IntroPath, ...]
    rings: int
    no_path_ring: bool
    hidden: int  # people who would be shown but did not fit under `network_max_people`
    unconnected: int = 0  # people never shown: no tie to you and on no target's best path


def plan_network(
    people: Sequence[Person],
    targets: Sequence[str],
    best: Mapping[str, IntroPath],
    limit: int,
) -> Layout:
    """Choose who is shown and place them."""
    by_slug = {p.slug: p for p in people}
    shown, candidates = _choose(people, targets, best, limit)
    parents = {s: _parent(s, best, shown) for s in shown}
    rings = {s: best[s].hops if s in best else 0 for s in shown}
    top = max(rings.values(), default=0)
    outer = top + 1
    rings = {s: ring or outer for s, ring in rings.items()}
    order = _depth_first(parents, by_slug)
    # Three empty slots at the top keep the ring labels clear of names.
    step = 360 / (len(order) + 3)
    spots = tuple(
        Spot(slug, rings[slug], round(index * step, 3), parents[slug])
        for index, slug in enumerate(order, start=2)
    )
    paths = tuple(best[t] for t in targets if t in shown and t in best)
    no_path = any(s not in best for s in shown)
    hidden = candidates - len(shown)
    return Layout(spots, paths, outer if no_path else top, no_path, hidden, len(people) - candidates)


def _choose(
    people: Sequence[Person], targets: Sequence[str], best: Mapping[str, IntroPath], limit: int
) -> tuple[set[str], int]:
    """Targets with their paths first (in rank order), then your ties, strongest first.

    Return who is shown, and how many people the picture would show with no limit.
    """
    groups = [best[t].people if t in best else (t,) for t in targets]
    direct = sorted(
        (p for p in people if p.strength >= 1),
        key=lambda p: (-p.strength, -p.influence, sort_key(p.name), p.slug),
    )
    groups.extend(best[p.slug].people for p in direct)
    shown: set[str] = set()
    for group in groups:
        new = set(group) - shown
        if len(shown) + len(new) <= limit:
            shown |= new
    return shown, len({slug for group in groups for slug in group})


def _parent(slug: str, best: Mapping[str, IntroPath], shown: set[str]) -> str:
    path = best.get(slug)
    if path is None or path.is_direct or path.people[-2] not in shown:
        return YOU
    return path.people[-2]


def _depth_first(parents: Mapping[str, str], by_slug: Mapping[str, Person]) -> list[str]:
    """Order people by walking the tree from you: family first, then friends, and so on."""
    children: dict[str, list[str]] = {}
    for slug, parent in parents.items():
        children.setdefault(parent, []).append(slug)

    def key(slug: str) -> tuple[int, str, str]:
        person = by_slug[slug]
        return (CIRCLES.index(person.circle), sort_key(person.name), slug)

    order: list[str] = []
    stack = sorted(children.get(YOU, ()), key=key, reverse=True)
    while stack:
        slug = stack.pop()
        order.append(slug)
        stack.extend(sorted(children.get(slug, ()), key=key, reverse=True))
    return order


def polar(radius: float, angle: float) -> tuple[float, float]:
    """Turn (radius, degrees clockwise from up) into x, y offsets, rounded for stable output."""
    rad = math.radians(angle)
    return round(radius * math.sin(rad), 1), round(-radius * math.cos(rad), 1)
