"""Connectors, dead ends and this week's actions."""

from __future__ import annotations

from analysis_helpers import analyze_case

from generator.analysis.connectors import Connector


def test_connectors_are_ranked_by_targets_they_open_then_targets_they_know() -> None:
    assert analyze_case("connectors").connectors == (
        Connector("hub", opens=("t1", "t2"), knows=("t1", "t2", "t3", "t4")),
        Connector("side", opens=("t3",), knows=("t3",)),
        Connector("outsider", opens=(), knows=("t1", "t2")),
    )


def test_a_direct_best_path_opens_nothing_for_anyone() -> None:
    report = analyze_case("connectors")
    assert report.best_paths["t4"].is_direct
    assert all("t4" not in c.opens for c in report.connectors)


def test_dead_ends_are_weak_untied_barely_met_and_cold() -> None:
    # Never met first, then the longest untouched; 180 days ago is cold enough.
    assert analyze_case("dead-ends").dead_ends == ("blank", "card", "exactly")


def test_dead_end_thresholds_are_settings() -> None:
    assert "recent" in analyze_case("dead-ends", dead_end_days=170).dead_ends
    assert "twice" in analyze_case("dead-ends", dead_end_interactions=2).dead_ends
    assert "warm" in analyze_case("dead-ends", dead_end_strength=2).dead_ends


def test_this_week_mixes_follow_ups_asks_and_new_intros() -> None:
    week = analyze_case("small-network").week
    # Ben would be ready to ask, but he is 25 days overdue: reconnect first, then ask.
    assert [(a.kind, a.slug, a.days_overdue, a.reason) for a in week] == [
        ("follow-up", "victor-vance", 40, "target, influence 5, 1.9× past due"),
        ("follow-up", "ben-okafor", 25, "target, influence 4, 1.8× past due"),
    ]


def test_this_week_offers_a_path_to_a_target_you_are_not_tied_to_yet() -> None:
    week = analyze_case("connectors").week
    intros = [(a.slug, a.path.people if a.path else ()) for a in week if a.kind == "intro"]
    assert intros == [("t1", ("hub", "t1")), ("t2", ("hub", "t2")), ("t3", ("side", "t3"))]


def test_this_week_has_at_most_the_set_number_of_actions() -> None:
    assert len(analyze_case("connectors", dashboard_actions=2).week) == 2
    assert analyze_case("connectors", dashboard_actions=0).week == ()
