"""The method, deeper: closeness, next steps, introductions remembered, dormant ties, the lists
over time, and the short list said once."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import pytest
from analysis_helpers import analyze_case
from conftest import VAULTS, copy_vault, run_kith
from gitrepo import commit_history

from generator.analysis.report import analyze
from generator.analysis.trend import find_list_sizes, month_ends
from generator.model import PRESENT, FieldChange, History, Timeline
from generator.settings import Settings
from generator.vault.history import read_history
from generator.vault.load import load_vault


def _with_history(tmp_path: Path) -> Path:
    project = copy_vault("method", tmp_path / "project")
    commit_history(VAULTS / "method" / "history", project)
    return project


def test_someone_you_are_close_to_is_reached_directly_not_through_an_introduction() -> None:
    report = analyze_case("method")
    # Mom (5) knows Héctor (5): 1.0 would beat your own 4 (0.8), but you know your uncle well.
    assert report.intro_paths("hector-ruiz") == (report.best_paths["hector-ruiz"],)
    assert report.best_paths["hector-ruiz"].people == ("hector-ruiz",)
    # Jo (5) knows Sam (4): 0.8 would beat your own 3 (0.6), but a colleague at 3 is yours to call.
    assert report.best_paths["sam-lee"].people == ("sam-lee",)
    # Catherine is at 2: Mom opens that door (5 x 3 = 0.6), the direct tie is the alternative.
    assert [p.people for p in report.intro_paths("catherine-vance")] == [
        ("margaret-hale", "catherine-vance"),
        ("catherine-vance",),
    ]
    looser = analyze_case("method", direct_strength=5)
    assert looser.best_paths["hector-ruiz"].people == ("margaret-hale", "hector-ruiz")


def test_closeness_counts_as_patience() -> None:
    report = analyze_case("method")
    # Héctor (family, 4) was asked after two interactions: not too early, and he is ready
    # though he has fewer than three logged interactions. Zoe (1) was asked after one: too early.
    assert [a.slug for a in report.too_early_asks] == ["zoe-early"]
    assert report.ready_to_ask == ("hector-ruiz",)
    # Family counts whatever the strength setting; strength counts from `patient_strength`.
    strict = analyze_case("method", patient_strength=5)
    assert [a.slug for a in strict.too_early_asks] == ["zoe-early"]
    assert analyze_case("method", patient_strength=1).too_early_asks == ()


def test_someone_overdue_is_to_reconnect_with_first_not_ready_to_ask() -> None:
    report = analyze_case("method")
    # Sam has everything a purposeful ask needs but is 71 days overdue.
    assert "sam-lee" not in report.ready_to_ask
    step = report.next_steps["sam-lee"]
    assert (step.kind, step.detail) == ("reconnect", "overdue by 2 months")


def test_every_target_gets_one_next_step() -> None:
    steps = analyze_case("method").next_steps
    assert {slug: (s.kind, s.detail) for slug, s in steps.items()} == {
        "catherine-vance": ("planned", "due 2026-12-04"),
        "hector-ruiz": ("ask", "they are ready"),
        "gina-marsh": ("give-first", "1 ask and 0 gives so far"),
        "sam-lee": ("reconnect", "overdue by 2 months"),
        "dana-fox": ("introduce", "asked on 2026-10-20; pending for 36 days: follow up"),
        "ivy-chen": ("keep-in-touch", "1 of the 3 interactions before an ask"),
        "tess-oldham": ("reconnect", "overdue by 4 years 8 months"),
    }
    assert list(steps) == list(analyze_case("method").targets.targets)


def test_a_next_step_stays_open_until_a_later_entry_is_logged(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path / "project")
    report = analyze_case("method")
    # Catherine's first `next:` (2026-10-24) was closed by her entry of 2026-11-20.
    assert [(s.slug, s.date, s.logged) for s in report.open_steps] == [
        ("margaret-hale", dt.date(2026, 11, 29), dt.date(2026, 11, 15)),
        ("catherine-vance", dt.date(2026, 12, 4), dt.date(2026, 11, 20)),
    ]
    same_day = run_kith("log", "margaret", "Called", "--date", "2026-11-15", cwd=project)
    assert same_day.code == 0, same_day.err
    assert _agenda(project)["next_steps"][0]["slug"] == "margaret-hale"
    later = run_kith(
        "log", "margaret", "She called Dana's office", "--date", "2026-11-24", cwd=project
    )
    assert later.code == 0, later.err
    assert [s["slug"] for s in _agenda(project)["next_steps"]] == ["catherine-vance"]


def _agenda(project: Path) -> dict[str, list[dict[str, object]]]:
    result = run_kith("agenda", "--json", "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    data: dict[str, list[dict[str, object]]] = json.loads(result.out)
    return data


def test_a_connectors_record_counts_asked_made_declined_and_pending() -> None:
    report = analyze_case("method")
    record = report.introductions.records["margaret-hale"]
    assert [(i.target, i.asked, i.outcome, i.settled, i.stale) for i in record.introductions] == [
        ("catherine-vance", dt.date(2026, 9, 27), "made", dt.date(2026, 10, 4), False),
        ("dana-fox", dt.date(2026, 10, 20), "pending", None, True),
        ("omar-haddad", dt.date(2026, 10, 11), "declined", dt.date(2026, 10, 18), False),
    ]
    # Catherine's `via: margaret-hale` is the same introduction, not a fourth one.
    assert (record.asked, record.count("made"), record.stale) == (3, 1, 1)
    assert [(i.connector, i.settled) for i in report.introductions.doors["catherine-vance"]] == [
        ("margaret-hale", dt.date(2026, 10, 4))
    ]
    fresh = analyze_case("method", intro_pending_days=40).introductions.records["margaret-hale"]
    assert fresh.stale == 0


def test_an_introduction_is_settled_by_what_follows_its_ask(project) -> None:
    root = project(
        {
            "ann.md": """\
                ---
                name: Ann
                strength: 5
                ---
                ## Log
                - 2026-01-05 (ask, intro: bo, made): Asked, and she did it the same day
                - 2026-02-01 (ask, intro: bo): Asked again
                - 2026-02-03 (intro: bo, declined): Bo said no this time
                - 2026-02-04 (intro: bo, made): Then yes after all
                - 2026-03-01 (ask, intro: cy): Asked for Cy
                - 2026-12-01 (intro: cy, made): Not happened yet
                """,
            "bo.md": "---\nname: Bo\n---\n",
            "cy.md": "---\nname: Cy\n---\n## Log\n- 2026-04-01 (meet, via: dee): Met through Dee\n",
            "dee.md": "---\nname: Dee\n---\n## Log\n"
            "- 2026-05-01 (ask, intro: bo, next: 2027-01-10): Asked, she will after New Year\n",
        }
    )
    loaded = load_vault(root / "people")
    assert loaded.problems == ()
    report = analyze(loaded.vault, Settings(), dt.date(2026, 11, 25))
    found = [
        (i.connector, i.target, i.asked, i.outcome, i.stale) for i in report.introductions.listed
    ]
    assert found == [
        ("dee", "bo", dt.date(2026, 5, 1), "pending", False),  # its next step is still ahead
        ("dee", "cy", dt.date(2026, 4, 1), "made", False),  # made without a logged ask
        ("ann", "cy", dt.date(2026, 3, 1), "pending", True),  # the outcome is after today
        ("ann", "bo", dt.date(2026, 2, 1), "made", False),  # made beats declined
        ("ann", "bo", dt.date(2026, 1, 5), "made", False),
    ]


def test_intro_paths_say_the_first_persons_record(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path / "project")
    result = run_kith("path", "dana", "--today", "2026-11-25", cwd=project)
    assert result.out.endswith(
        "  You -5- Margaret Hale -4- Dana Fox\n"
        "  Margaret Hale made 1 of the 3 introductions you asked for (1 declined, 1 pending).\n"
    )


def test_kith_connectors_lists_the_record_and_every_introduction(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path / "project")
    result = run_kith("connectors", "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "Connectors: 3\n"
        "  #  Name           Opens  Knows targets  Asked  Made  Declined  Pending  Pending > 30d\n"
        "  1  Margaret Hale  2      3              3      1     1         1        1\n"
        "  2  Jo Park        0      1              0      0     0         0        0\n"
        "  3  Paul Mercer    0      1              0      0     0         0        0\n"
        "\n"
        "Introductions: 3\n"
        "  Asked       Connector      To               Outcome              Pending > 30d\n"
        "  2026-10-20  Margaret Hale  Dana Fox         pending              yes\n"
        "  2026-10-11  Margaret Hale  Omar Haddad      declined 2026-10-18\n"
        "  2026-09-27  Margaret Hale  Catherine Vance  made 2026-10-04\n"
    )


def test_dormant_ties_once_close_are_worth_reviving_ranked_by_influence() -> None:
    report = analyze_case("method")
    # Paul was at 3 (influence 4); Rita at 1, but with 10 logged interactions (influence 3).
    # Not listed: Tess (a target), Sol (a stranger), Rob (a dead end), Nora (1 and 2 entries).
    assert [(d.slug, d.years, d.closeness) for d in report.dormant] == [
        ("paul-mercer", 4, 3),
        ("rita-gomez", 4, 1),
    ]
    assert analyze_case("method", dormant_years=5).dormant == ()
    assert [d.slug for d in analyze_case("method", reconnect_interactions=11).dormant] == [
        "paul-mercer"
    ]


def test_reconnect_counts_the_closeness_the_git_history_remembers(tmp_path: Path) -> None:
    project = _with_history(tmp_path)
    history = read_history(project / "people").history
    assert history is not None
    vault = load_vault(project / "people").vault
    report = analyze(vault, Settings(), dt.date(2026, 11, 25), history)
    # Nora was at 4 until 2026-06-05; Rob was at 3, but is a dead end.
    assert [(d.slug, d.closeness) for d in report.dormant] == [
        ("nora-quinn", 4),
        ("paul-mercer", 3),
        ("rita-gomez", 1),
    ]
    result = run_kith("agenda", "--json", "--today", "2026-11-25", cwd=project)
    assert next(d["slug"] for d in json.loads(result.out)["reconnect"]) == "nora-quinn"


def test_the_short_list_over_time_counts_each_month_end_from_the_history(tmp_path: Path) -> None:
    project = _with_history(tmp_path)
    history = read_history(project / "people").history
    assert history is not None
    vault = load_vault(project / "people").vault
    sizes = analyze(vault, Settings(), dt.date(2026, 11, 25), history).list_sizes
    # Kim reached strength 4 and Héctor joined the targets on 2026-03-10; Nora (4, 4) fell to 1
    # on 2026-06-05.
    assert [(s.month, s.short_list, s.targets) for s in sizes] == [
        ("2025-12", 2, 6),
        ("2026-01", 2, 6),
        ("2026-02", 2, 6),
        ("2026-03", 3, 7),
        ("2026-04", 3, 7),
        ("2026-05", 3, 7),
        ("2026-06", 2, 7),
        ("2026-07", 2, 7),
        ("2026-08", 2, 7),
        ("2026-09", 2, 7),
        ("2026-10", 2, 7),
        ("2026-11", 2, 7),
    ]
    assert sizes[-1].day == dt.date(2026, 11, 25)


def test_month_ends_run_back_over_the_year() -> None:
    ends = month_ends(dt.date(2028, 3, 15))
    assert ends[0] == dt.date(2027, 4, 30)
    assert dt.date(2028, 2, 29) in ends and ends[-1] == dt.date(2028, 3, 15)
    assert len(ends) == 12 and ends == tuple(sorted(ends))


def test_someone_on_the_short_list_is_not_suggested_again() -> None:
    t = analyze_case("method").targets
    assert t.short_list == ("kim-short", "hector-ruiz")
    assert "kim-short" not in t.suggestions
    assert t.suggestions == ("sol-stranger", "omar-haddad", "paul-mercer", "nora-quinn")


def test_this_week_brings_the_next_steps_the_gives_and_leaves_dormant_ties_to_reconnect() -> None:
    week = analyze_case("method").week
    assert [(a.kind, a.slug) for a in week] == [
        ("next", "margaret-hale"),  # due 2026-11-29; Catherine's 12-04 is after the week
        ("follow-up", "tess-oldham"),  # a target, dormant or not
        ("follow-up", "sam-lee"),
        ("ask", "hector-ruiz"),
        ("give", "gina-marsh"),
    ]
    # Dana's introduction is asked already: no "get introduced" again.


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("fading_factor", 1, "must be a whole number from 2 to 100 (got 1)"),
        ("dormant_years", 0, "must be a whole number from 1 to 50 (got 0)"),
        ("direct_strength", 6, "must be a whole number from 1 to 5 (got 6)"),
        ("rhythm_interactions", 2, "must be a whole number from 3 to 1000 (got 2)"),
        ("intro_pending_days", "a month", "must be a whole number from 1 to 3650 (got 'a month')"),
    ],
)
def test_the_new_thresholds_are_checked_with_their_range(
    tmp_path: Path, key: str, value: object, message: str
) -> None:
    shown = json.dumps(value)
    yml = f"site_name: X\nplugins:\n  - kith:\n      {key}: {shown}\n"
    project = copy_vault("method", tmp_path / "project")
    (project / "mkdocs.yml").write_text(yml)
    result = run_kith("agenda", cwd=project)
    assert (result.code, result.err) == (1, f"kith: kith setting '{key}' {message}\n")


def test_kith_show_says_what_to_do_as_the_contact_page_does(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path / "project")
    result = run_kith("show", "catherine", "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    assert (
        "\nWhat to do\n"
        "next step        next step due 2026-12-04 (logged 2026-11-20: Sent her our scheduling "
        "benchmark; follow up on the pilot)\n"
        "gives / asks     1 / 0: you give more than you ask\n"
        "best intro path  ask Margaret Hale to introduce you to Catherine Vance (score 0.6); "
        "Margaret Hale made 1 of the 3 introductions you asked for (1 declined, 1 pending)\n"
        "introduced by    Margaret Hale on 2026-10-04\n\n"
    ) in result.out
    assert "meet, via: margaret-hale, next: 2026-10-24  First coffee" in result.out
    jo = run_kith("show", "jo", "--today", "2026-11-25", cwd=project).out
    assert (
        "rhythm        every 7 days, the median of the recent gaps; fading: silent 88 days, "
        "12.6× the rhythm\n"
    ) in jo
    paul = run_kith("show", "paul", "--today", "2026-11-25", cwd=project).out
    assert "\nreconnect  once close (strength 3), silent for 4 years: worth reviving\n" in paul
    hector = run_kith("show", "hector", "--today", "2026-11-25", cwd=project).out
    assert "ready to ask     yes: a purposeful ask is welcome now\n" in hector
    assert "best intro path  reach out to Héctor Ruiz directly (score 0.8)\n" in hector


def test_the_list_sizes_agree_with_each_timelines_value_on_that_day() -> None:
    rnd = random.Random(17)
    today = dt.date(2026, 11, 25)
    for _ in range(100):
        timelines = {}
        for n in range(rnd.randint(1, 6)):
            changes = [
                FieldChange(
                    dt.date(2025, 10, 1) + dt.timedelta(days=rnd.randint(0, 420)),
                    rnd.choice(["strength", "influence", "target", PRESENT]),
                    None,
                    rnd.choice([True, False, 3, 4, 5]),
                )
                for _ in range(rnd.randint(0, 8))
            ]  # author dates need not follow commit order
            timelines[f"p{n}"] = Timeline(f"p{n}", f"P{n}", tuple(changes))
        limits = Settings().thresholds
        sizes = find_list_sizes(History(timelines), limits, today)
        first = min((t.added for t in timelines.values() if t.added), default=None)
        shown = [d for d in month_ends(today) if first is not None and d >= first]
        assert [size.day for size in sizes] == shown  # nothing before the history begins
        for size in sizes:
            lines = timelines.values()
            present = [t for t in lines if t.value_on(PRESENT, size.day) is True]
            short = [
                t
                for t in present
                if type(t.value_on("influence", size.day)) is int
                and type(t.value_on("strength", size.day)) is int
                and t.value_on("influence", size.day) >= 4
                and t.value_on("strength", size.day) >= 4
            ]
            targets = [t for t in present if t.value_on("target", size.day) is True]
            assert (size.short_list, size.targets) == (len(short), len(targets))


def test_what_the_log_says_about_introductions_and_next_steps_is_escaped(project) -> None:
    evil = "<img src=x onerror=alert`1`>"  # no ')' or ',': they end a tag
    root = project(
        {
            "ann.md": f"""\
                ---
                name: Ann
                strength: 2
                influence: 5
                target: true
                ---
                ## Log
                - 2026-11-01 (ask, intro: {evil}, next: 2026-12-01): {evil} [x](javascript:alert(2))
                - 2026-11-02 (meet, via: {evil}): met
                """,
        }
    )
    out = root / "out"
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=root)
    assert result.code == 0, result.err
    assert f"intro: no contact '{evil}'" in result.err
    for page in ("index.md", "targets.md", "follow-ups.md", "people/ann.md"):
        text = (out / page).read_text(encoding="utf-8")
        assert "<img" not in text and "](javascript" not in text, page
    ann = (out / "people" / "ann.md").read_text(encoding="utf-8")
    assert "introduction to &#60;img src&#61;x onerror&#61;alert&#96;1&#96;&#62;" in ann
