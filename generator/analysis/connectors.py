"""Connectors: the people who open the most doors to your targets."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..model import Vault, sort_key
from .intro_paths import IntroPath
from .introductions import MADE, IntroRecord


@dataclass(frozen=True, slots=True)
class Connector:
    """Someone who opens targets' best paths, knows targets, or was asked for an introduction."""

    slug: str
    opens: tuple[str, ...]
    knows: tuple[str, ...]


def rank_connectors(
    vault: Vault,
    targets: Sequence[str],
    best: Mapping[str, IntroPath],
    records: Mapping[str, IntroRecord] | None = None,
) -> tuple[Connector, ...]:
    """Rank people by the best paths they open, the targets they know, the intros they made."""
    records = records or {}
    opens: dict[str, list[str]] = {}
    knows: dict[str, list[str]] = {}
    for target in targets:
        path = best.get(target)
        if path is not None and not path.is_direct:
            opens.setdefault(path.first, []).append(target)
        for other, _ in vault.neighbours(target):
            knows.setdefault(other, []).append(target)
    found = [
        Connector(slug, tuple(opens.get(slug, ())), tuple(knows.get(slug, ())))
        for slug in sorted(opens.keys() | knows.keys() | records.keys())
    ]

    def made(slug: str) -> int:
        return records[slug].count(MADE) if slug in records else 0

    found.sort(
        key=lambda c: (
            -len(c.opens),
            -len(c.knows),
            -made(c.slug),
            sort_key(vault.by_slug[c.slug].name),
            c.slug,
        )
    )
    return tuple(found)
