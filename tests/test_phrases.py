"""Times in words: days while they read against a cadence, then calendar months and years."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import build_site, make_project, run_kith

from generator.analysis.phrases import due_in, span, time_ago

TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("day", "said"),
    [
        ("2026-11-25", "today"),
        ("2026-11-24", "1 day ago"),
        ("2026-09-27", "59 days ago"),
        ("2026-09-26", "1 month ago"),  # 60 days: from here on, calendar months
        ("2026-06-26", "4 months ago"),  # the 26th is not the 25th: the fifth month is not over
        ("2026-06-25", "5 months ago"),
        ("2025-11-25", "1 year ago"),
        ("2024-01-05", "2 years 10 months ago"),  # 1055 days
        ("2023-12-26", "2 years 10 months ago"),
        ("2023-12-25", "2 years 11 months ago"),
        ("2026-11-28", "in 3 days"),
        ("2027-03-01", "in 3 months"),
    ],
)
def test_a_day_is_said_in_days_then_in_calendar_months_and_years(day: str, said: str) -> None:
    assert time_ago(dt.date.fromisoformat(day), TODAY) == said


def test_month_ends_and_leap_days_count_whole_calendar_months() -> None:
    assert span(dt.date(2026, 1, 31), dt.date(2026, 4, 1)) == "2 months"
    assert span(dt.date(2024, 2, 29), dt.date(2025, 2, 28)) == "11 months"
    assert span(dt.date(2024, 2, 29), dt.date(2025, 3, 1)) == "1 year"
    assert time_ago(None, TODAY) == "never"


def test_due_dates_read_the_same_way() -> None:
    assert due_in(TODAY, TODAY) == "due today"
    assert due_in(dt.date(2026, 11, 28), TODAY) == "due in 3 days"
    assert due_in(dt.date(2024, 1, 5), TODAY) == "overdue by 2 years 10 months"


CONTACT = """\
---
name: Old Friend
circle: friend
strength: 4
---

## Log
- 2024-01-05: Coffee
"""


def test_site_and_terminal_say_2_years_10_months_with_the_date_beside(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"old.md": CONTACT})
    site = build_site(project)
    page = (site / "people" / "old" / "index.html").read_text(encoding="utf-8")
    assert "<td>2 years 10 months ago, 2024-01-05</td>" in page
    assert "<td>overdue by 2 years 9 months, 2024-02-04</td>" in page
    follow_ups = (site / "follow-ups" / "index.html").read_text(encoding="utf-8")
    assert "<td>2 years 9 months</td>" in follow_ups  # overdue by
    assert "<td>2 years 10 months ago, 2024-01-05</td>" in follow_ups  # cooling
    assert "1055" not in page + follow_ups
    card = run_kith("show", "old", "--today", "2026-11-25", cwd=project).out
    assert "last contact  2 years 10 months ago, 2024-01-05\n" in card
    assert "next touch    overdue by 2 years 9 months, 2024-02-04\n" in card
    assert "2024-01-05  2 years 10 months ago    Coffee\n" in card
    agenda = run_kith("agenda", "--today", "2026-11-25", cwd=project).out
    assert "  Old Friend  2 years 9 months  2024-01-05    influence 1" in agenda  # overdue by
    assert "  Old Friend  2 years 10 months ago, 2024-01-05  influence 1" in agenda  # cooling
