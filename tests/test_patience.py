"""The patience guard: too-early asks, targets ready for a purposeful ask, give/ask balance."""

from __future__ import annotations

import datetime as dt

from analysis_helpers import analyze_case

from generator.analysis.patience import TooEarlyAsk


def test_an_ask_with_fewer_than_three_earlier_interactions_is_too_early() -> None:
    asks = analyze_case("asks").too_early_asks
    assert [(a.slug, a.date.isoformat(), a.earlier) for a in asks] == [
        ("cold-ask", "2026-05-02", 1),
        ("cold-ask", "2026-05-01", 0),
        ("same-day", "2026-03-01", 2),
        ("hasty", "2026-01-05", 1),
    ]


def test_an_entry_on_the_same_day_as_the_ask_is_not_earlier() -> None:
    asks = analyze_case("asks").too_early_asks
    assert TooEarlyAsk("same-day", dt.date(2026, 3, 1), 2, "Asked during the third meeting") in asks


def test_asks_after_three_interactions_and_asks_after_today_are_not_flagged() -> None:
    slugs = {a.slug for a in analyze_case("asks").too_early_asks}
    assert "patient" not in slugs and "giver" not in slugs
    # Before any of them happened, nothing was asked yet.
    assert analyze_case("asks", today=dt.date(2025, 12, 31)).too_early_asks == ()


def test_the_patience_threshold_is_a_setting() -> None:
    asks = analyze_case("asks", ask_after=4).too_early_asks
    assert {a.slug for a in asks} == {"cold-ask", "same-day", "hasty", "patient", "giver"}


def test_ready_to_ask_needs_strength_interactions_time_and_no_recent_ask() -> None:
    # Ready: strength >= 3, >= 3 interactions, the first >= 30 days ago, no ask for < 90 days
    # (at strength 3 and outside the family, the counts apply: see the patience tests below).
    assert analyze_case("ready").ready_to_ask == ("month", "old-ask", "ready")


def test_ready_to_ask_counts_from_today() -> None:
    ready = analyze_case("ready", today=dt.date(2026, 11, 24)).ready_to_ask
    assert "month" not in ready and "old-ask" not in ready and "ready" in ready


def test_gives_and_asks_are_counted_per_person() -> None:
    contacts = analyze_case("asks").contacts
    assert (contacts["giver"].gives, contacts["giver"].asks) == (2, 1)
    # The planned ask (dated after today) has not happened yet: neither an ask nor a contact.
    assert (contacts["cold-ask"].gives, contacts["cold-ask"].asks) == (0, 2)
    assert contacts["cold-ask"].interactions == 2
    later = analyze_case("asks", today=dt.date(2026, 12, 1)).contacts["cold-ask"]
    assert (later.asks, later.interactions) == (3, 3)  # once its day has come, it counts
