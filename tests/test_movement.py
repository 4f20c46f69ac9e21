"""The movement of the last 30 days: a pure function of the history, the vault and the day."""

from __future__ import annotations

import datetime as dt

from generator.analysis.movement import Movement, find_movement
from generator.model import FieldChange, History, Person, Timeline, TrackedValue, Vault

TODAY = dt.date(2026, 11, 25)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def timeline(
    slug: str, *changes: FieldChange | tuple[str, str, TrackedValue | None, TrackedValue]
) -> Timeline:
    made = tuple(
        c if isinstance(c, FieldChange) else FieldChange(day(c[0]), *c[1:]) for c in changes
    )
    return Timeline(slug, slug.title(), made)


def added(slug: str, date: str, target: bool = False, strength: int = 1) -> Timeline:
    return timeline(
        slug,
        (date, "strength", None, strength),
        (date, "target", None, target),
        (date, "present", None, True),
    )


def movement(*timelines: Timeline, today: dt.date = TODAY) -> Movement:
    history = History({t.slug: t for t in timelines})
    people = tuple(Person(slug=t.slug, path=f"people/{t.slug}.md", name=t.name) for t in timelines)
    return find_movement(history, Vault.build(people, ()), today)


def slugs(moves: tuple[object, ...]) -> list[str]:
    return [m.slug for m in moves]  # type: ignore[attr-defined]


def test_the_window_is_the_30_days_ending_today() -> None:
    found = movement(
        added("on-the-edge", "2026-10-26"),
        added("first-day", "2026-10-27"),
        added("today", "2026-11-25"),
        added("tomorrow", "2026-11-26"),
    )
    assert (found.since, found.until) == (day("2026-10-27"), TODAY)
    assert slugs(found.added) == ["today", "first-day"]


def test_a_rise_that_fell_back_within_the_window_is_no_rise() -> None:
    back = timeline(
        "back",
        *added("back", "2026-01-01", target=True, strength=2).changes,
        ("2026-11-01", "strength", 2, 4),
        ("2026-11-20", "strength", 4, 2),
    )
    up = timeline(
        "up",
        *added("up", "2026-01-01", target=True, strength=2).changes,
        ("2026-11-01", "strength", 2, 1),
        ("2026-11-20", "strength", 1, 3),
    )
    found = movement(back, up)
    assert [(m.slug, m.old, m.new, m.date) for m in found.stronger] == [
        ("up", 2, 3, day("2026-11-20"))
    ]


def test_a_target_added_in_the_window_counts_as_stronger_from_its_first_strength() -> None:
    rose = timeline(
        "rose",
        *added("rose", "2026-11-05", target=True, strength=1).changes,
        ("2026-11-20", "strength", 1, 3),
    )
    steady = added("steady", "2026-11-05", target=True, strength=4)
    found = movement(rose, steady)
    assert [(m.slug, m.old, m.new, m.date) for m in found.stronger] == [
        ("rose", 1, 3, day("2026-11-20"))
    ]
    assert slugs(found.added) == ["rose", "steady"]


def test_only_targets_count_as_stronger() -> None:
    friend = timeline(
        "friend", *added("friend", "2026-01-01").changes, ("2026-11-01", "strength", 1, 5)
    )
    assert movement(friend).stronger == ()


def test_a_removed_target_has_left_the_list_and_no_link() -> None:
    gone = timeline(
        "gone",
        *added("gone", "2026-01-01", target=True).changes,
        ("2026-11-10", "present", True, False),
    )
    history = History({"gone": gone})
    found = find_movement(history, Vault.build((), ()), TODAY)
    assert [(m.slug, m.name, m.linked, m.date) for m in found.left] == [
        ("gone", "Gone", False, day("2026-11-10"))
    ]


def test_a_target_added_in_the_window_has_joined_and_one_that_was_dropped_has_left() -> None:
    found = movement(
        added("new", "2026-11-02", target=True),
        timeline(
            "dropped",
            *added("dropped", "2026-01-01", target=True).changes,
            ("2026-11-03", "target", True, False),
        ),
        timeline(
            "promoted",
            *added("promoted", "2026-01-01").changes,
            ("2026-11-04", "target", False, True),
        ),
    )
    assert slugs(found.joined) == ["promoted", "new"]
    assert slugs(found.left) == ["dropped"]
    assert not found.quiet


def test_moves_on_the_same_day_are_sorted_by_name_then_slug() -> None:
    found = movement(added("b", "2026-11-02"), added("a", "2026-11-02"), added("c", "2026-11-03"))
    assert slugs(found.added) == ["c", "a", "b"]


def test_an_old_history_is_quiet() -> None:
    assert movement(added("old", "2025-01-01", target=True)).quiet
