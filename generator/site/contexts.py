"""What the relationship pages show beyond the report: groups, rings and pictures.

Pictures are made here, at build time, as SVG strings.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..analysis.intro_paths import IntroPath
from ..model import CIRCLES, Person, Vault, sort_key
from .network_layout import plan_network
from ..analysis.report import Report
from .svg import draw_network, draw_path

PLURAL_CIRCLES: Mapping[str, str] = {
    "family": "family",
    "friend": "friends",
    "colleague": "colleagues",
    "client": "clients",
    "acquaintance": "acquaintances",
    "stranger": "strangers",
}


def report_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Return what most relationship pages need: everyone by slug, the report, the thresholds."""
    return {"people": vault.by_slug, "report": report, "limits": report.thresholds}


def person_context(person: Person, vault: Vault, report: Report) -> dict[str, Any]:
    """Return what a contact's page shows about reaching them and the patience guard."""
    # Targets always show how to reach them; others only when you are not tied to them yet.
    paths = report.target_paths.get(person.slug, ())
    best = report.best_paths.get(person.slug)
    if not person.target and person.strength == 0 and best is not None:
        paths = (best,)
    slug = person.slug
    return {
        "reach": person.target or bool(paths),
        "paths": [(p, draw_path(p, vault.by_slug)) for p in paths],
        "too_early": [a for a in report.too_early_asks if a.slug == slug],
        "ready": slug in report.ready_to_ask,
        "limits": report.thresholds,
        "step": report.step_for(slug),
        "intro_record": report.introductions.records.get(slug),
        "records": report.introductions.records,
        "doors": report.introductions.doors.get(slug, ()),
        "dormant": next((d for d in report.dormant if d.slug == slug), None),
    }


def intro_paths_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Group targets by the circle of the first person to ask: family and friends first."""
    groups: dict[str, list[tuple[Person, list[tuple[IntroPath, str]]]]] = {}
    for slug in report.targets.targets:
        paths = report.target_paths.get(slug, ())
        if not paths:
            key = "none"
        elif paths[0].is_direct:
            key = "direct"
        else:
            key = vault.by_slug[paths[0].first].circle
        drawn = [(p, draw_path(p, vault.by_slug)) for p in paths]
        groups.setdefault(key, []).append((vault.by_slug[slug], drawn))
    order = [*CIRCLES, "direct", "none"]
    for entries in groups.values():
        entries.sort(key=lambda e: _path_order(e[0], e[1][0][0] if e[1] else None))
    return {
        **report_context(vault, report),
        "groups": [(key, groups[key]) for key in order if key in groups],
        "plural": PLURAL_CIRCLES,
    }


def _path_order(person: Person, best: IntroPath | None) -> tuple[Any, ...]:
    score = -best.score if best is not None else 0
    return (score, -person.influence, sort_key(person.name), person.slug)


def network_context(vault: Vault, report: Report) -> dict[str, Any]:
    """Place the people who matter around you and draw them."""
    layout = plan_network(
        vault.people,
        report.targets.targets,
        report.best_paths,
        report.thresholds.network_max_people,
    )
    rings: dict[int, list[Person]] = {}
    for spot in layout.spots:
        rings.setdefault(spot.ring, []).append(vault.by_slug[spot.slug])
    for members in rings.values():
        members.sort(key=lambda p: (not p.target, sort_key(p.name), p.slug))
    return {
        "svg": draw_network(layout, vault.by_slug, report.best_paths),
        "layout": layout,
        "rings": sorted(rings.items()),
        "total": len(vault.people),
        **report_context(vault, report),
    }
