"""The network picture: who is shown, where, and the SVG it becomes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from analysis_helpers import TODAY, analyze_case, load_case
from conftest import run_kith
from synthetic import make_vault

from generator.analysis.report import analyze
from generator.settings import Settings
from generator.site.network_layout import YOU, plan_network
from generator.site.svg import draw_network, draw_path


def test_everyone_who_matters_in_a_small_vault_is_shown_on_their_ring() -> None:
    vault, report = load_case("small-network"), analyze_case("small-network")
    layout = plan_network(vault.people, report.targets.targets, report.best_paths, 60)
    rings = {s.slug: s.ring for s in layout.spots}
    assert rings == {
        "ben-okafor": 1,
        "carla-nguyen": 1,
        "dan-ito": 1,
        "farid-haddad": 1,
        "helen-marsh": 1,
        "rosa-marsh": 2,
        "victor-vance": 3,
        "eva-stone": 4,  # no path: the outer ring
    }
    assert layout.no_path_ring and layout.rings == 4 and layout.hidden == 0
    parents = {s.slug: s.parent for s in layout.spots}
    assert parents["victor-vance"] == "rosa-marsh" and parents["rosa-marsh"] == "helen-marsh"


def test_slots_follow_the_tree_from_you_family_first() -> None:
    vault, report = load_case("small-network"), analyze_case("small-network")
    layout = plan_network(vault.people, report.targets.targets, report.best_paths, 60)
    assert [s.slug for s in layout.spots][:3] == ["helen-marsh", "rosa-marsh", "victor-vance"]
    angles = [s.angle for s in layout.spots]
    assert angles == sorted(angles) and len(set(angles)) == len(angles) and angles[0] > 0


def test_at_a_thousand_contacts_the_picture_keeps_targets_paths_and_strong_ties() -> None:
    vault = make_vault(1000, 5000)
    report = analyze(vault, Settings(), TODAY)
    layout = plan_network(vault.people, report.targets.targets, report.best_paths, 60)
    shown = {s.slug for s in layout.spots}
    assert len(shown) <= 60 and layout.hidden + layout.unconnected == 1000 - len(shown)
    assert report.targets.targets[0] in shown
    for target in set(report.targets.targets) & shown:
        path = report.best_paths.get(target)
        assert set(path.people if path else (target,)) <= shown  # a target comes with its path
    assert all(s.parent == YOU or s.parent in shown for s in layout.spots)
    svg = draw_network(layout, vault.by_slug, report.best_paths)
    assert svg.count("<circle") == len(shown) + 1 + layout.rings + 7  # people, you, rings, legend


def test_the_network_page_says_how_many_would_not_fit(project: Callable[..., Path]) -> None:
    people = {f"p{i:02d}.md": f"---\nname: P {i:02d}\nstrength: 3\n---\n" for i in range(12)}
    yml = (
        "site_name: Cap\ntheme:\n  name: material\nplugins:\n  - kith:\n"
        "      today: 2026-11-25\n      network_max_people: 10\n"
    )
    root = project(people, mkdocs_yml=yml)
    result = run_kith("generate", "--out", str(root / "out"), cwd=root)
    assert result.code == 0, result.err
    page = (root / "out" / "network.md").read_text()
    assert (
        "> Showing 10 of 12 contacts: your targets, the people on their best paths and your "
        "strongest ties. 2 more contacts would not fit (`network_max_people: 10`)."
    ) in page


def test_the_network_page_tells_who_is_not_drawn_for_having_no_tie(
    project: Callable[..., Path],
) -> None:
    people = {
        "ada.md": "---\nname: Ada\nstrength: 3\n---\n",
        "ben.md": "---\nname: Ben\n---\n",
        "cy.md": "---\nname: Cy\n---\n",
    }
    root = project(people)
    assert run_kith("generate", "--out", str(root / "out"), cwd=root).code == 0
    page = (root / "out" / "network.md").read_text()
    assert (
        "> Showing 1 of 3 contacts: your targets, the people on their best paths and your ties. "
        "Not drawn: 2 contacts you have no tie to (strength 0) and who are on no target's path."
    ) in page
    assert "would not fit" not in page


def test_pictures_are_deterministic_with_rounded_coordinates() -> None:
    vault, report = load_case("small-network"), analyze_case("small-network")
    layout = plan_network(vault.people, report.targets.targets, report.best_paths, 60)
    first = draw_network(layout, vault.by_slug, report.best_paths)
    assert first == draw_network(layout, vault.by_slug, report.best_paths)
    path = draw_path(report.best_paths["victor-vance"], vault.by_slug)
    for svg in (first, path):
        assert "\n" not in svg and "<script" not in svg
        numbers = re.findall(r'(?:x|y|x1|y1|x2|y2|cx|cy|r)="(-?[\d.]+)"', svg)
        assert numbers and all(re.fullmatch(r"-?\d+(\.\d)?", n) for n in numbers)
