"""The graph of you and your contacts, and the best warm intro path to everyone.

A path's score is the product of strength/5 over its ties; the best path has the highest score,
then the fewest hops, then the smallest sequence of slugs. Scores are compared exactly as whole
numbers: a path's product of strengths times 5 ** (max_hops - hops) puts every path with at most
`max_hops` ties over the same denominator, so no float rounding can break a tie the wrong way.

Someone you are close to (a direct tie of `direct_strength` or more) is reached directly, never
through an introduction: no path passes through them or ends at them but the one-person path, so
"ask Mom to introduce you to your uncle" is never advised when you know the uncle well.

The search runs in layers (one per hop). A label that is not strictly better than what a node
already has with fewer hops is dropped: whatever it leads to is beaten by the same extension of
the better label. A walk that repeats a person is always beaten by the walk without the repeat
(no tie is stronger than 5), so every best walk is a simple path.
"""

from __future__ import annotations

import marshal
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from fractions import Fraction
from math import prod

from ..disk import blake2b
from ..model import Vault

FULL = 5  # the strongest tie: a tie counts strength / FULL

# (scaled score, people in order, strengths in order); see the module docstring.
_Label = tuple[int, tuple[str, ...], tuple[int, ...]]
_Ties = Mapping[str, tuple[tuple[str, int], ...]]


@dataclass(frozen=True, slots=True)
class Graph:
    """You and every contact: your ties (strength >= 1) and the symmetric ties between contacts.

    `close` holds the people you reach directly and never through an introduction.
    """

    yours: Mapping[str, int]
    ties: _Ties
    close: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class IntroPath:
    """A chain of introductions from you: the people in order (target last), each tie's strength."""

    people: tuple[str, ...]
    strengths: tuple[int, ...]

    @property
    def target(self) -> str:
        return self.people[-1]

    @property
    def first(self) -> str:
        return self.people[0]

    @property
    def hops(self) -> int:
        return len(self.people)

    @property
    def score(self) -> Fraction:
        """Return the exact product of strength/5 over the ties."""
        return Fraction(prod(self.strengths), FULL**self.hops)

    @property
    def is_direct(self) -> bool:
        return len(self.people) == 1


def build_graph(vault: Vault, direct_strength: int = FULL + 1) -> Graph:
    """Tie you to every contact with strength >= 1 and contacts to each other by `knows`."""
    yours = {p.slug: p.strength for p in vault.people if p.strength >= 1}
    ties = {
        slug: tuple((other, edge.strength) for other, edge in pairs)
        for slug, pairs in vault.adjacency.items()
    }
    close = frozenset(slug for slug, strength in yours.items() if strength >= direct_strength)
    return Graph(yours, ties, close)


def paths_key(graph: Graph, max_hops: int, alternatives: int) -> bytes:
    """Name everything the intro paths are found from: the graph and the two limits.

    Equal graphs and limits give equal keys (marshal version 2 writes no references, so the
    bytes depend on the values alone, never on which objects share them), and different ones
    different keys but for a hash collision.
    """
    facts = (max_hops, alternatives, dict(graph.yours), dict(graph.ties), sorted(graph.close))
    return blake2b(marshal.dumps(facts, 2), digest_size=20).digest()


def find_best_paths(graph: Graph, max_hops: int) -> dict[str, IntroPath]:
    """Return the best path from you to every contact you can reach, in one search from you."""
    top = FULL ** (max_hops - 1)
    start: dict[str, _Label] = {slug: (s * top, (slug,), (s,)) for slug, s in graph.yours.items()}
    found = _search(graph, start, max_hops - 1, forward=True, avoid=())
    return {slug: IntroPath(found[slug][1], found[slug][2]) for slug in sorted(found)}


def find_alternatives(
    graph: Graph, best: IntroPath, max_hops: int, count: int
) -> tuple[IntroPath, ...]:
    """Return up to `count` next-best paths, each a different first person to ask.

    An alternative neither starts with nor goes through anyone an earlier path starts with.
    """
    used = [best.first]
    found: list[IntroPath] = []
    while len(found) < count:
        path = find_best_path_avoiding(graph, best.target, max_hops, used)
        if path is None:
            break
        found.append(path)
        used.append(path.first)
    return tuple(found)


def find_best_path_avoiding(
    graph: Graph, target: str, max_hops: int, avoid: Collection[str]
) -> IntroPath | None:
    """Return the best path to `target` that neither starts with nor passes through `avoid`."""
    if target in graph.close:
        return None  # reached directly or not at all
    blocked = frozenset(avoid) - {target}
    start: dict[str, _Label] = {target: (FULL ** (max_hops - 1), (target,), ())}
    reached = _search(graph, start, max_hops - 1, forward=False, avoid=blocked)
    best: _Label | None = None
    for first, strength in graph.yours.items():
        if first in avoid or first not in reached:
            continue
        scaled, people, strengths = reached[first]
        label = (strength * scaled, people, (strength, *strengths))
        if best is None or _better(label, best):
            best = label
    return None if best is None else IntroPath(best[1], best[2])


def _better(a: _Label, b: _Label) -> bool:
    """Higher score, then fewer hops, then the slugs in order."""
    if a[0] != b[0]:
        return a[0] > b[0]
    if len(a[1]) != len(b[1]):
        return len(a[1]) < len(b[1])
    return a[1] < b[1]


def _search(
    graph: Graph, start: dict[str, _Label], rounds: int, forward: bool, avoid: Collection[str]
) -> dict[str, _Label]:
    """Extend labels hop by hop; forward appends people, backward prepends them.

    Close people are never introduced: forward, no label reaches them; backward, one may reach
    them (they can be the first to ask) but is not extended past them.
    """
    ties, close = graph.ties, graph.close
    best = dict(start)
    frontier = start
    for _ in range(rounds):
        reached: dict[str, _Label] = {}
        for slug, (scaled, people, strengths) in frontier.items():
            for other, strength in ties.get(slug, ()):
                value = scaled * strength // FULL
                known = best.get(other)
                if (known is not None and known[0] >= value) or other in avoid:
                    continue
                if forward and other in close:
                    continue
                seen = reached.get(other)
                if seen is not None and seen[0] > value:
                    continue
                if forward:
                    label = (value, (*people, other), (*strengths, strength))
                else:
                    label = (value, (other, *people), (strength, *strengths))
                if seen is None or value > seen[0] or label[1] < seen[1]:
                    reached[other] = label
        if not reached:
            break
        best.update(reached)
        frontier = reached if forward else {k: v for k, v in reached.items() if k not in close}
    return best
