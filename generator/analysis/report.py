"""Analysis: pure functions of (vault, settings, today) gathered into one Report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ..model import History, Vault
from ..settings import Settings
from ..thresholds import Thresholds
from ..workers import Ahead
from .cadence import Contact, describe_contact
from .connectors import Connector, rank_connectors
from .dead_ends import find_dead_ends
from .followups import FollowUps, find_follow_ups
from .intro_paths import (
    Graph,
    IntroPath,
    build_graph,
    find_alternatives,
    find_best_paths,
    paths_key,
)
from .introductions import Introductions, find_introductions
from .movement import Movement, find_movement
from .next_steps import NextStep, OpenStep, find_open_steps, plan_next_steps, step_from_log
from .patience import TooEarlyAsk, find_ready_to_ask, find_too_early_asks
from .reconnect import Dormant, find_dormant
from .targets import TargetList, plan_targets
from .trend import ListSize, find_list_sizes
from .week import Action, plan_week

__all__ = ["Contact", "KnownPaths", "Report", "analyze", "describe_contact"]


@dataclass(frozen=True, slots=True)
class KnownPaths:
    """Intro paths found by an earlier run (kept on disk between runs: `build.KeptPaths`).

    `key` is the `paths_key` of the graph and limits they were found from; `target_paths`
    holds each of `targets` that has a path, with its alternatives.
    """

    key: bytes  # b"": none known (the analysis names the key, for the paths to be kept)
    best: Mapping[str, IntroPath] = field(default_factory=dict)
    targets: tuple[str, ...] = ()
    target_paths: Mapping[str, tuple[IntroPath, ...]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the pages and the terminal views show, computed once."""

    today: dt.date
    contacts: Mapping[str, Contact] = field(default_factory=dict)
    thresholds: Thresholds = field(default_factory=Thresholds)
    graph: Graph = field(default_factory=lambda: Graph({}, {}))
    best_paths: Mapping[str, IntroPath] = field(default_factory=dict)
    target_paths: Mapping[str, tuple[IntroPath, ...]] = field(default_factory=dict)
    targets: TargetList = field(default_factory=TargetList)
    follow_ups: FollowUps = field(default_factory=FollowUps)
    too_early_asks: tuple[TooEarlyAsk, ...] = ()
    ready_to_ask: tuple[str, ...] = ()
    connectors: tuple[Connector, ...] = ()
    dead_ends: tuple[str, ...] = ()
    week: tuple[Action, ...] = ()
    history: History | None = None  # None: not in git, or a shallow clone (see the build log)
    movement: Movement | None = None
    introductions: Introductions = field(default_factory=Introductions)
    open_steps: tuple[OpenStep, ...] = ()  # the log's `next:` steps not done yet, soonest first
    next_steps: Mapping[str, NextStep] = field(default_factory=dict)  # by target, in rank order
    dormant: tuple[Dormant, ...] = ()  # the Reconnect list
    list_sizes: tuple[ListSize, ...] = ()  # the short list and targets at each month end
    paths_key: bytes = b""  # the `paths_key` the intro paths were found from (b"": not named)

    def step_for(self, slug: str) -> NextStep | None:
        """Return a target's next step, or anyone's step the log scheduled (None: neither)."""
        if slug in self.next_steps:
            return self.next_steps[slug]
        found = next((s for s in self.open_steps if s.slug == slug), None)
        return step_from_log(found) if found is not None else None

    def intro_paths(self, slug: str) -> tuple[IntroPath, ...]:
        """Return the best path to anyone and its alternatives (empty when there is none)."""
        if slug in self.target_paths:
            return self.target_paths[slug]
        best = self.best_paths.get(slug)
        if best is None:
            return ()
        return with_alternatives(self.graph, best, self.thresholds)


def with_alternatives(graph: Graph, best: IntroPath, limits: Thresholds) -> tuple[IntroPath, ...]:
    """Return the best path and its alternatives (someone you are close to has none)."""
    return (best, *find_alternatives(graph, best, limits.max_hops, limits.alternatives))


# The intro paths as plain values, as a child sends them and `build.KeptPaths` keeps them:
# each path's people and strengths; the best path to each contact, and each target's paths.
_PlainPath = tuple[tuple[str, ...], tuple[int, ...]]
PlainPaths = tuple[dict[str, _PlainPath], dict[str, tuple[_PlainPath, ...]]]
Paths = tuple[dict[str, IntroPath], dict[str, tuple[IntroPath, ...]]]


def plain_paths(
    best: Mapping[str, IntroPath], target_paths: Mapping[str, tuple[IntroPath, ...]]
) -> PlainPaths:
    """Return the best paths and the targets' paths as plain values (`marshal` sends them)."""
    return (
        {slug: (path.people, path.strengths) for slug, path in best.items()},
        {
            slug: tuple((p.people, p.strengths) for p in paths)
            for slug, paths in target_paths.items()
        },
    )


def paths_from_plain(best: Mapping[str, Any], target_paths: Mapping[str, Any]) -> Paths:
    """Return the paths `plain_paths` gave; raise on values it cannot have given."""
    return (
        {slug: IntroPath(people, ties) for slug, (people, ties) in best.items()},
        {
            slug: tuple(IntroPath(people, ties) for people, ties in paths)
            for slug, paths in target_paths.items()
        },
    )


def _search_ahead(graph: Graph, targets: tuple[str, ...], limits: Thresholds, people: int) -> Ahead:
    """Start finding the best path to everyone and each target's alternatives: by a child
    process when `people` is many and forking is safe (`workers.Ahead`), else when taken.
    Its one value is (best paths, target paths)."""

    def search() -> PlainPaths:
        best = find_best_paths(graph, limits.max_hops)
        found = {t: with_alternatives(graph, best[t], limits) for t in targets if t in best}
        return plain_paths(best, found)

    def paths(made: list[Any]) -> list[Paths]:
        return [paths_from_plain(*made[0])]

    return Ahead([search], paths, size=people)


def analyze(
    vault: Vault,
    settings: Settings,
    today: dt.date,
    history: History | None = None,
    before: Report | None = None,
    paths: KnownPaths | None = None,
) -> Report:
    """Compute every derived fact of the vault (and of its history, if known) for `today`.

    `before` is a report made earlier with the same settings and `today` (the last build of
    `mkdocs serve`): a person who is the very same record keeps their `Contact`, and the same
    graph keeps its intro paths (an edit of a log changes neither who knows whom nor how well).
    `paths` holds the intro paths of an earlier run (another process): used when found from
    the same graph and limits, whose key the report keeps in `paths_key`.
    """
    limits = settings.thresholds
    graph = build_graph(vault, limits.direct_strength)
    targets = plan_targets(vault.people, limits)
    paths_before = before if before is not None and before.graph == graph else None
    key = b""
    best: Mapping[str, IntroPath] | None = None
    target_paths: Mapping[str, tuple[IntroPath, ...]] | None = None
    if paths_before is not None:
        # The same graph as the last build: its paths, never `paths` (not checked against it).
        best, key, paths = paths_before.best_paths, paths_before.paths_key, None
        if paths_before.targets.targets == targets.targets:
            target_paths = paths_before.target_paths
    elif paths is not None:
        key = paths_key(graph, limits.max_hops, limits.alternatives)
        if paths.key == key:
            best = paths.best
            if paths.targets == targets.targets:
                target_paths = paths.target_paths
    # The search of the whole graph (about 0.13 s at 10,000 contacts, with the targets'
    # alternatives) is made by a child process while this one describes the contacts, when the
    # vault is big and forking is safe.
    searching = (
        _search_ahead(graph, targets.targets, limits, len(vault.people)) if best is None else None
    )
    known = before.contacts if before is not None else {}
    contacts: dict[str, Contact] = {}
    for p in vault.people:
        found = known.get(p.slug)
        if found is None or found.person is not p:
            found = describe_contact(p, settings, today)
        contacts[p.slug] = found
    follow_ups = find_follow_ups(contacts.values(), limits)
    out_of_touch = {o.slug for o in follow_ups.overdue} | {f.slug for f in follow_ups.fading}
    ready = find_ready_to_ask(vault.people, limits, today, out_of_touch)
    open_steps = find_open_steps(vault.people, today)
    introductions = find_introductions(vault, today, limits.intro_pending_days)
    too_early = find_too_early_asks(vault.people, limits, today)
    if searching is not None:
        best, target_paths = searching.result()[0]
    assert best is not None
    if target_paths is None:
        target_paths = {
            t: with_alternatives(graph, best[t], limits) for t in targets.targets if t in best
        }
    steps = plan_next_steps(
        targets.targets, contacts, open_steps, ready, best, introductions, limits, today
    )
    dead_ends = find_dead_ends(contacts.values(), vault, limits)
    week = plan_week(follow_ups, ready, steps, open_steps, vault.by_slug, limits, today)
    return Report(
        today=today,
        contacts=contacts,
        thresholds=limits,
        graph=graph,
        best_paths=best,
        target_paths=target_paths,
        targets=targets,
        follow_ups=follow_ups,
        too_early_asks=too_early,
        ready_to_ask=ready,
        connectors=rank_connectors(vault, targets.targets, best, introductions.records),
        dead_ends=dead_ends,
        week=week,
        history=history,
        movement=find_movement(history, vault, today) if history is not None else None,
        introductions=introductions,
        open_steps=open_steps,
        next_steps=steps,
        dormant=find_dormant(contacts.values(), history, dead_ends, limits, today),
        list_sizes=find_list_sizes(history, limits, today) if history is not None else (),
        paths_key=key,
    )
