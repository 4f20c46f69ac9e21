"""A big made-up vault, built in memory, for the network picture's caps and for `make bench`."""

from __future__ import annotations

import random

from generator.model import CIRCLES, Edge, Person, Vault


def make_vault(people: int, ties: int, targets: int = 25, seed: int = 7) -> Vault:
    """Return `people` contacts with about `ties` random ties and `targets` targets."""
    rnd = random.Random(seed)
    slugs = [f"p{i:05d}" for i in range(people)]
    persons = tuple(
        Person(
            slug,
            f"people/{slug}.md",
            f"Person {i:05d}",
            circle=rnd.choice(CIRCLES),
            strength=rnd.choice((0, 0, 0, 1, 2, 3, 4, 5)),
            influence=rnd.randint(1, 5),
            target=i < targets,
        )
        for i, slug in enumerate(slugs)
    )
    found: dict[tuple[str, str], Edge] = {}
    while len(found) < ties:
        a, b = sorted(rnd.sample(slugs, 2))
        found[(a, b)] = Edge(a, b, rnd.randint(1, 5))
    return Vault.build(persons, tuple(found[k] for k in sorted(found)))
