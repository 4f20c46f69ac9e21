"""The target list: ranking, the short list, notices about its size, suggestions."""

from __future__ import annotations

from analysis_helpers import analyze_case

from generator.analysis.targets import plan_targets
from generator.model import Person
from generator.thresholds import Thresholds


def _people(targets: int, others: int = 0) -> list[Person]:
    return [
        Person(f"t{i:02d}", f"t{i:02d}.md", f"Target {i:02d}", target=True) for i in range(targets)
    ] + [Person(f"o{i:02d}", f"o{i:02d}.md", f"Other {i:02d}", influence=4) for i in range(others)]


def test_targets_are_ranked_by_influence_then_strength_then_name() -> None:
    people = [
        Person("b", "b.md", "Zed", influence=4, strength=1, target=True),
        Person("a", "a.md", "Émile", influence=4, strength=1, target=True),
        Person("c", "c.md", "Yan", influence=4, strength=3, target=True),
        Person("d", "d.md", "Xia", influence=5, strength=0, target=True),
    ]
    assert plan_targets(people, Thresholds()).targets == ("d", "c", "a", "b")


def test_the_short_list_is_influence_and_strength_four_or_more_on_or_off_the_list() -> None:
    report = analyze_case("small-network")
    assert report.targets.short_list == ("ben-okafor",)
    people = [
        Person("a", "a.md", "A", influence=4, strength=4),
        Person("b", "b.md", "B", influence=4, strength=3, target=True),
        Person("c", "c.md", "C", influence=3, strength=5, target=True),
        Person("d", "d.md", "D", influence=5, strength=5, target=True),
    ]
    assert plan_targets(people, Thresholds()).short_list == ("d", "a")


def test_a_list_of_19_gets_a_notice_to_grow_it() -> None:
    assert plan_targets(_people(19), Thresholds()).notices == (
        "The target list has 19 people; a focused list of 20 to 30 works best: add the "
        "influential people you most want to know (past business partners, connectors, "
        "good prospects).",
    )


def test_lists_of_20_and_30_need_no_notice() -> None:
    assert plan_targets(_people(20), Thresholds()).notices == ()
    assert plan_targets(_people(30), Thresholds()).notices == ()


def test_a_list_of_31_gets_a_notice_to_trim_it() -> None:
    assert plan_targets(_people(31), Thresholds()).notices == (
        "The target list has 31 people; a focused list of 20 to 30 works best: take off the "
        "ones you will not pursue this year.",
    )


def test_the_focused_range_is_a_setting() -> None:
    limits = Thresholds(target_list_min=1, target_list_max=2)
    assert plan_targets(_people(2), limits).notices == ()
    assert (
        plan_targets(_people(1), Thresholds(target_list_min=2))
        .notices[0]
        .startswith("The target list has 1 person; a focused list of 2 to 30")
    )


def test_influential_people_off_the_list_are_suggested() -> None:
    assert analyze_case("small-network").targets.suggestions == ("farid-haddad",)
    assert plan_targets(_people(1, 2), Thresholds()).suggestions == ("o00", "o01")
    assert plan_targets(_people(1, 2), Thresholds(influential=5)).suggestions == ()


def test_suggestions_are_the_most_influential_and_closest_first_and_capped() -> None:
    people = [
        Person("a", "a.md", "A", influence=4, strength=1),
        Person("b", "b.md", "B", influence=5, strength=0),
        Person("c", "c.md", "C", influence=4, strength=3),
        Person("d", "d.md", "D", influence=4, strength=3, target=True),
    ]
    assert plan_targets(people, Thresholds()).suggestions == ("b", "c", "a")
    assert plan_targets(people, Thresholds(max_suggestions=2)).suggestions == ("b", "c")
