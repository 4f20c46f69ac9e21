"""Introductions and next steps in a log entry's parentheses: read, checked, written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import copy_vault, run_kith

from generator.model import Interaction, Problem, Severity
from generator.vault.load import load_vault, parse_person

FRONT = "---\nname: Ann\n---\n## Log\n"  # the log's first entry is on line 5


def _parse(*entries: str) -> tuple[tuple[Interaction, ...], list[Problem]]:
    problems: list[Problem] = []
    text = FRONT + "".join(f"{e}\n" for e in entries)
    person = parse_person(text.encode(), "ann", "people/ann.md", problems)
    assert person is not None
    return person.log, problems


def test_intro_outcome_via_and_next_are_read_beside_the_tags() -> None:
    log, problems = _parse(
        "- 2026-09-27 (ask, Call, intro: catherine-vance, next: 2026-10-4): Asked Mom",
        "- 2026-10-04 (intro: catherine-vance, MADE): She wrote to us",
        "- 2026-10-10 (meet, via: margaret-hale): First coffee",
    )
    assert problems == []
    ask, made, met = log
    assert (ask.tags, ask.intro, ask.outcome, ask.next) == (
        ("ask", "call"),
        "catherine-vance",
        "",
        dt.date(2026, 10, 4),
    )
    assert (made.tags, made.intro, made.outcome) == ((), "catherine-vance", "made")
    assert (met.tags, met.via, met.line) == (("meet",), "margaret-hale", 7)


def test_bad_keys_are_errors_with_their_line() -> None:
    _, problems = _parse(
        "- 2026-10-01 (next: soon): x",
        "- 2026-10-02 (next: 2026-02-30): x",
        "- 2026-10-03 (intro: , ask): x",
        "- 2026-10-04 (intro: bo, made, declined): x",
        "- 2026-10-05 (ask, intro: bo, intro: cy): x",
    )
    assert [str(p) for p in problems] == [
        "people/ann.md:5: 'next:' needs a date YYYY-MM-DD (got 'soon')",
        "people/ann.md:6: next: date 2026-02-30 does not exist",
        "people/ann.md:7: 'intro:' needs the slug of a contact (intro: catherine-vance)",
        "people/ann.md:8: an introduction is either made or declined, not both",
        "people/ann.md:9: 'intro:' appears twice in one log entry",
    ]
    assert all(p.severity is Severity.ERROR for p in problems)


def test_the_same_parentheses_read_alike_and_report_on_every_line() -> None:
    """What a parenthesis reads as is remembered by its text only when it reports nothing:
    the same slip written twice is reported at both lines, in every file."""
    for _ in range(2):  # the second time, whatever the first remembered
        log, problems = _parse(
            "- 2026-10-01 (Call, email): x",
            "- 2026-10-02 (coffee): x",
            "- 2026-10-03 (Call, email): x",
            "- 2026-10-04 (coffee): x",
            "- 2026-10-05 (next: soon): x",
            "- 2026-10-06 (next: soon): x",
        )
        assert [entry.tags for entry in log[:4]] == [("call", "email"), ("coffee",)] * 2
        assert [(p.line, p.severity) for p in problems] == [
            (6, Severity.WARNING),
            (8, Severity.WARNING),
            (9, Severity.ERROR),
            (10, Severity.ERROR),
        ]


def test_doubtful_uses_are_warnings_and_old_tags_mean_what_they_meant() -> None:
    log, problems = _parse(
        "- 2026-10-01 (made): x",
        "- 2026-10-02 (intro: bo): x",
        "- 2026-10-03 (ask, colour: blue): x",
    )
    assert [str(p) for p in problems] == [
        "people/ann.md:5: warning: 'made' is how an introduction went: write it beside the "
        "introduction ('intro: SLUG, made'); kept as a tag",
        "people/ann.md:6: warning: 'intro: bo' needs 'ask' (you asked them for the "
        "introduction) or 'made' or 'declined' (how it went); to say bo introduced you to this "
        "contact, write 'via: bo'",
        "people/ann.md:7: warning: unknown log tag 'colour: blue' (known: ask, give, call, meet, "
        "email, message); kept as is",
    ]
    assert [e.tags for e in log] == [("made",), (), ("ask", "colour: blue")]


def test_an_introduction_to_nobody_or_to_oneself_is_a_warning(project) -> None:
    root = project(
        {
            "ann.md": FRONT + "- 2026-10-01 (ask, intro: bob): x\n- 2026-10-02 (via: ann): y\n",
            "bo.md": "---\nname: Bo\n---\n",
        }
    )
    problems = [str(p) for p in load_vault(root / "people", root).problems]
    assert problems == [
        "people/ann.md:5: warning: intro: no contact 'bob'; did you mean 'bo'? (ignored)",
        "people/ann.md:6: warning: via: 'ann' is this contact (ignored)",
    ]


def test_kith_log_writes_introductions_and_next_steps_that_read_back(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    commands = [
        ("carla", "Asked Carla", "--ask", "--intro", "Victor", "--next", "2026-12-04"),
        ("carla", "She wrote to us both", "--intro", "victor", "--made", "--kind", "email"),
        ("victor", "Coffee", "--kind", "meet", "--via", "carla-nguyen"),
    ]
    printed = []
    for slug, *rest in commands:
        result = run_kith("log", slug, *rest, "--date", "2026-11-20", cwd=project)
        assert result.code == 0, result.err
        printed.append(result.out)
    assert printed == [
        "people/carla-nguyen.md: - 2026-11-20 (ask, intro: victor-vance, next: 2026-12-04): "
        "Asked Carla\n",
        "people/carla-nguyen.md: - 2026-11-20 (email, intro: victor-vance, made): "
        "She wrote to us both\n",
        "people/victor-vance.md: - 2026-11-20 (meet, via: carla-nguyen): Coffee\n",
    ]
    text = (project / "people" / "carla-nguyen.md").read_text()
    assert text.endswith(
        "- 2026-08-01 (meet): Dinner\n"
        "- 2026-11-20 (ask, intro: victor-vance, next: 2026-12-04): Asked Carla\n"
        "- 2026-11-20 (email, intro: victor-vance, made): She wrote to us both\n"
    )
    assert run_kith("check", cwd=project).code == 0


def test_kith_log_refuses_an_introduction_it_cannot_write_as_meant(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    before = (project / "people" / "carla-nguyen.md").read_bytes()
    result = run_kith("log", "carla", "x", "--made", cwd=project)
    assert (result.code, result.err) == (
        2,
        "kith: --made says how an introduction went: give it with --intro SLUG\n",
    )
    result = run_kith("log", "carla", "x", "--intro", "victor", cwd=project)
    assert (result.code, result.err) == (
        2,
        "kith: --intro needs --ask (you asked them for the introduction) or --made or --declined "
        "(how it went); to say who introduced you to them, use --via\n",
    )
    result = run_kith("log", "carla", "x", "--intro", "carla", "--ask", cwd=project)
    assert (result.code, result.err) == (1, "kith: intro: 'carla-nguyen' is this contact\n")
    result = run_kith("log", "carla", "x", "--made", "--declined", "--intro", "dan", cwd=project)
    assert result.code == 2  # argparse: --made and --declined cannot go together
    assert (project / "people" / "carla-nguyen.md").read_bytes() == before
