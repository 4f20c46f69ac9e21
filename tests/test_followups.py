"""Follow-ups: cadence defaults, overdue and due soon at the boundaries, never met, cooling."""

from __future__ import annotations

import datetime as dt

from analysis_helpers import analyze_case

from generator.analysis.followups import DueSoon, Overdue


def test_cadence_defaults_by_circle_and_the_target_rule() -> None:
    contacts = analyze_case("cadence").contacts
    cadences = {slug: c.cadence for slug, c in contacts.items()}
    assert cadences == {
        "family": 14,
        "friend": 30,
        "colleague": 60,
        "client": 30,
        "acquaintance": 90,
        "stranger": 0,
        # A target gets 45 unless its circle's default is shorter.
        "target-family": 14,
        "target-friend": 30,
        "target-colleague": 45,
        "target-client": 30,
        "target-acquaintance": 45,
        "target-stranger": 45,
        "explicit": 10,
        "never": 0,
    }


def test_cadence_zero_is_never_overdue() -> None:
    report = analyze_case("cadence")
    assert "never" not in {o.slug for o in report.follow_ups.overdue}
    assert report.contacts["never"].due is None


def test_due_exactly_today_is_due_soon_and_one_day_later_is_overdue() -> None:
    f = analyze_case("boundary-days").follow_ups
    assert f.overdue == (
        Overdue("logged", 2, dt.date(2026, 10, 24), 30),
        Overdue("overdue-one", 1, dt.date(2026, 10, 25), 30),
    )
    assert f.due_soon == (DueSoon("due-today", 0), DueSoon("due-in-seven", 7))


def test_due_soon_looks_as_far_ahead_as_the_setting_says() -> None:
    f = analyze_case("boundary-days", due_soon_days=8).follow_ups
    assert [d.slug for d in f.due_soon] == ["due-today", "due-in-seven", "due-in-eight"]
    f = analyze_case("boundary-days", due_soon_days=0).follow_ups
    assert [d.slug for d in f.due_soon] == ["due-today"]


def test_targets_without_any_contact_are_never_contacted_not_overdue() -> None:
    f = analyze_case("boundary-days").follow_ups
    assert f.never_contacted == ("never",)
    assert "never" not in {o.slug for o in f.overdue}


def test_contacts_with_no_reminder_appear_nowhere() -> None:
    f = analyze_case("boundary-days").follow_ups
    listed = {o.slug for o in f.overdue} | {d.slug for d in f.due_soon}
    assert "zero" not in listed and "stranger-old" not in listed


def test_strong_ties_cool_after_more_than_twice_their_cadence() -> None:
    f = analyze_case("cooling").follow_ups
    # Long Gone is 117 days past the line, Gone Cold 1; Exactly Twice is on the line.
    assert [(c.slug, c.days_since) for c in f.cooling] == [("colder", 177), ("cold", 61)]
    f = analyze_case("cooling", cooling_strength=3, cooling_factor=3).follow_ups
    assert [c.slug for c in f.cooling] == ["weak", "colder"]


def test_overdue_puts_targets_first_then_the_longest_silence_for_the_cadence() -> None:
    report = analyze_case("small-network")
    # By hand, on 2026-11-25: Victor 85 days / 45 = 1.89, Ben 55 / 30 = 1.83 (targets first);
    # Carla 116 / 30 = 3.87 before Dan 269 / 90 = 2.99, though Dan is more days overdue.
    assert [(o.slug, o.days_overdue) for o in report.follow_ups.overdue] == [
        ("victor-vance", 40),
        ("ben-okafor", 25),
        ("carla-nguyen", 86),
        ("dan-ito", 179),
    ]
    assert [report.follow_ups.reasons[o.slug] for o in report.follow_ups.overdue] == [
        "target, influence 5, 1.9× past due",
        "target, influence 4, 1.8× past due",
        "influence 2, 3.9× past due",
        "influence 2, 3× past due",
    ]
