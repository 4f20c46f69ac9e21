"""A tie under `knows`: what it may hold, how it is written, how the two ends of it combine.

Every part of Kith that reads or writes a tie (the loader, `kith tie`, `kith new`, imports, the
sample vault) goes through here, so a tie means and looks the same whoever wrote it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ..model import Edge, Person, Problem, Severity, Tie
from .fields import did_you_mean
from .scalars import format_scalar

DEFAULT_STRENGTH = 3  # a tie written as a bare slug, or without a strength
MIN_STRENGTH, MAX_STRENGTH = 1, 5


class TieError(ValueError):
    """A tie that cannot be; the message names the other end (`knows: ben: ...`)."""


def check_strength(other: str, value: object) -> int:
    """Return a tie's strength (the default for None), or raise TieError."""
    if value is None:
        return DEFAULT_STRENGTH
    if isinstance(value, bool) or not isinstance(value, int):
        raise TieError(_strength_message(other, repr(value) if isinstance(value, str) else value))
    if not MIN_STRENGTH <= value <= MAX_STRENGTH:
        raise TieError(_strength_message(other, value))
    return value


def _strength_message(other: str, shown: object) -> str:
    return (
        f"knows: {other}: strength must be a whole number from {MIN_STRENGTH} to {MAX_STRENGTH} "
        f"(got {shown})"
    )


def tie_entry(other: str, strength: int, how: str = "") -> str:
    """Write one `knows` entry: `ben-okafor: 4` or `ben-okafor: {strength: 4, how: "..."}`."""
    return f"{format_scalar(other, flow=True)}: {tie_value(strength, how)}"


def tie_value(strength: int, how: str = "") -> str:
    """Write the value of a `knows` entry: the strength, with `how` as a quoted string if any."""
    if not how:
        return str(strength)
    quoted = format_scalar(how, flow=True, quote='"')
    return f"{{strength: {strength}, how: {quoted}}}"


def parse_knows(
    value: Any, slug: str, rel: str, line_of: Callable[[object], int], problems: list[Problem]
) -> tuple[Tie, ...]:
    """Read `knows` (a list of slugs or a mapping of slugs); `line_of(None)` is its own line."""
    if value is None:
        return ()
    if isinstance(value, list):
        entries: list[tuple[Any, Any]] = [(item, None) for item in value]
    elif isinstance(value, dict):
        entries = list(value.items())
    else:
        message = "knows must list slugs or map slugs to strengths"
        problems.append(Problem(rel, line_of(None), message))
        return ()
    ties: list[Tie] = []
    for other, spec in entries:
        line = line_of(other)
        try:
            ties.append(_parse_tie(other, spec, slug, line))
        except TieError as exc:
            problems.append(Problem(rel, line, str(exc)))
    return tuple(ties)


def _parse_tie(other: Any, spec: Any, slug: str, line: int) -> Tie:
    if not isinstance(other, str) or not other:
        raise TieError(f"knows: {other!r} is not a slug (a file name)")
    if other == slug:
        raise TieError(f"knows: '{other}' is this contact; remove the tie")
    how = ""
    strength = spec
    if isinstance(spec, dict):
        strength = spec.get("strength")
        how_value = spec.get("how")
        if isinstance(how_value, (dict, list)):
            raise TieError(f"knows: {other}: how must be text")
        how = "" if how_value is None else str(how_value)
    return Tie(other=other, strength=check_strength(other, strength), how=how, line=line)


def collect_edges(people: dict[str, Person], problems: list[Problem]) -> tuple[Edge, ...]:
    """Join the ties each contact declares into symmetric edges; the stronger end wins."""
    # Keyed and sorted by "a\0b" (the smaller slug first), which sorts as the pair (a, b) does:
    # no slug holds a NUL (a slug is a file's name), and NUL sorts before every other character.
    # Sorting 50,000 strings costs a third of sorting as many pairs, and only the winning tie of
    # each pair is made an Edge.
    best: dict[str, Tie] = {}
    unknown = False
    for slug, person in people.items():
        for tie in person.ties:
            other = tie.other
            if other not in people:
                unknown = True
                continue
            key = f"{slug}\0{other}" if slug < other else f"{other}\0{slug}"
            current = best.get(key)
            if current is None or stronger(tie, current):
                best[key] = tie
    if unknown:
        unknown_ties(people, problems)
    edges = []
    for key in sorted(best):
        a, _, b = key.partition("\0")
        tie = best[key]
        edges.append(Edge(a, b, tie.strength, tie.how))
    return tuple(edges)


def unknown_ties(people: Mapping[str, Person], problems: list[Problem]) -> None:
    """Warn of each tie to a slug no contact has (the tie is ignored)."""
    slugs: list[str] | None = None
    for person in people.values():
        for tie in person.ties:
            if tie.other not in people:
                slugs = slugs or sorted(people)
                hint = did_you_mean(tie.other, slugs)
                message = f"knows: no contact '{tie.other}'{hint} (tie ignored)"
                problems.append(Problem(person.path, tie.line, message, Severity.WARNING))


def same_ties(people: Mapping[str, Person], before: Mapping[str, Person]) -> bool:
    """Tell whether two vaults' contacts have the same slugs and declare the same ties."""
    if len(people) != len(before):
        return False
    for slug, person in people.items():
        old = before.get(slug)
        if old is None or (old is not person and old.ties != person.ties):
            return False
    return True


def stronger(new: Tie, old: Tie) -> bool:
    """Tell whether a declared tie beats the one found so far for the same pair."""
    if new.strength != old.strength:
        return new.strength > old.strength
    # Equal strengths: keep a description if only one end gave one, else the first in order.
    return bool(new.how) and (not old.how or new.how < old.how)


def combined(a: Tie, b: Tie) -> Tie:
    """Combine two declarations of one tie (two ends, or two merged contacts): the stronger wins."""
    return a if stronger(a, b) else b
