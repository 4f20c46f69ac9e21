"""`kith targets`, `kith agenda` and `kith path`: exact JSON shapes, tables, errors."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import HELP, copy_vault, fenced_blocks, run_kith


def _json(project: Path, *args: str) -> object:
    result = run_kith(*args, "--json", "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    return json.loads(result.out)


def test_agenda_json_has_the_documented_shape(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    overdue = [
        (
            "victor-vance",
            "Victor Vance",
            40,
            "2026-09-01",
            45,
            "target, influence 5, 1.9× past due",
        ),
        ("ben-okafor", "Ben Okafor", 25, "2026-10-01", 30, "target, influence 4, 1.8× past due"),
        ("carla-nguyen", "Carla Nguyen", 86, "2026-08-01", 30, "influence 2, 3.9× past due"),
        ("dan-ito", "Dan Ito", 179, "2026-03-01", 90, "influence 2, 3× past due"),
    ]
    keys = ("slug", "name", "days_overdue", "last_contact", "cadence", "reason")
    assert _json(project, "agenda") == {
        "today": "2026-11-25",
        "overdue": [dict(zip(keys, row, strict=True)) for row in overdue],
        "due_soon": [
            {
                "slug": "helen-marsh",
                "name": "Helen Marsh",
                "due_in_days": 0,
                "reason": "influence 1",
            }
        ],
        "never_contacted": [
            {"slug": "eva-stone", "name": "Eva Stone", "reason": "target, influence 4"}
        ],
        "cooling": [
            {"slug": "carla-nguyen", "name": "Carla Nguyen", "reason": "influence 2, 3.9× past due"}
        ],
        "too_early_asks": [{"slug": "victor-vance", "name": "Victor Vance", "date": "2026-09-01"}],
        # Ben would be ready, but he is overdue: reconnect first.
        "ready_to_ask": [],
        "fading": [],
        "reconnect": [],
        "next_steps": [],
        "scheduled": [],
    }


def test_targets_json_has_the_documented_shape(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    assert _json(project, "targets") == {
        "targets": [
            {
                "slug": "victor-vance",
                "name": "Victor Vance",
                "influence": 5,
                "strength": 2,
                "next_step": _step("reconnect", "reconnect first: overdue by 40 days"),
            },
            {
                "slug": "ben-okafor",
                "name": "Ben Okafor",
                "influence": 4,
                "strength": 4,
                "next_step": _step("reconnect", "reconnect first: overdue by 25 days"),
            },
            {
                "slug": "eva-stone",
                "name": "Eva Stone",
                "influence": 4,
                "strength": 0,
                "next_step": _step(
                    "introduce", "get introduced: nobody you know is known to know them yet"
                ),
            },
        ],
        "short_list": [{"slug": "ben-okafor", "name": "Ben Okafor"}],
        "suggestions": [{"slug": "farid-haddad", "name": "Farid Haddad"}],
        "notices": [
            "The target list has 3 people; a focused list of 20 to 30 works best: add the "
            "influential people you most want to know (past business partners, connectors, "
            "good prospects)."
        ],
    }


def _step(kind: str, text: str, date: str | None = None) -> dict[str, object]:
    return {"kind": kind, "text": text, "date": date}


def test_path_json_lists_the_best_path_first_without_you(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    assert _json(project, "path", "victor-vance") == {
        "target": "victor-vance",
        "paths": [
            {"people": ["helen-marsh", "rosa-marsh", "victor-vance"], "score": 0.8},
            {"people": ["victor-vance"], "score": 0.4},
            {"people": ["carla-nguyen", "victor-vance"], "score": 0.2},
        ],
    }


def test_path_json_is_empty_when_there_is_no_path(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    assert _json(project, "path", "eva-stone") == {"target": "eva-stone", "paths": []}


def test_path_works_for_anyone_not_only_targets(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    assert _json(project, "path", "rosa-marsh") == {
        "target": "rosa-marsh",
        "paths": [
            {"people": ["helen-marsh", "rosa-marsh"], "score": 1.0},
            {"people": ["victor-vance", "rosa-marsh"], "score": 0.32},
        ],
    }


def test_an_unknown_slug_exits_1_with_the_closest_matches(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    result = run_kith("path", "victr-vance", cwd=project)
    assert result.code == 1
    assert result.out == ""
    assert result.err == "kith: no contact matches 'victr-vance'; did you mean 'victor-vance'?\n"
    result = run_kith("path", "Ben Okafr", cwd=project)
    assert result.err == "kith: no contact matches 'Ben Okafr'; did you mean 'ben-okafor'?\n"
    result = run_kith("path", "zzz", cwd=project)
    assert (result.code, result.err) == (1, "kith: no contact matches 'zzz'\n")


def test_path_takes_a_unique_prefix_or_a_name_like_every_slug_argument(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    for query in ("victor", "Victor Vance", "victor-vance"):
        result = run_kith("path", query, "--json", cwd=project)
        assert (result.code, json.loads(result.out)["target"]) == (0, "victor-vance"), query


def test_path_prints_the_actions_as_text(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    result = run_kith("path", "victor-vance", "--today", "2026-11-25", cwd=project)
    assert result.code == 0
    assert result.out == (
        "Intro paths to Victor Vance (victor-vance)\n"
        "\n"
        "Best (score 0.8): ask Helen Marsh to introduce you to Rosa Marsh, "
        "who knows Victor Vance.\n"
        "  You -5- Helen Marsh -5- Rosa Marsh -4- Victor Vance\n"
        "\n"
        "Alternative (score 0.4): reach out to Victor Vance directly.\n"
        "  You -2- Victor Vance\n"
        "\n"
        "Alternative (score 0.2): ask Carla Nguyen to introduce you to Victor Vance.\n"
        "  You -5- Carla Nguyen -1- Victor Vance\n"
    )
    result = run_kith("path", "eva-stone", cwd=project)
    assert result.out == "No known path to Eva Stone yet.\n"


def test_agenda_prints_aligned_tables(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    result = run_kith("agenda", "--today", "2026-11-25", cwd=project)
    assert result.code == 0
    assert result.out.startswith(
        "Agenda for 2026-11-25\n"
        "\n"
        "Next steps: 0\n"
        "  none\n"
        "\n"
        "Overdue: 4\n"
        "  Name          Overdue by  Last contact  Why first\n"
        "  Victor Vance  40 days     2026-09-01    target, influence 5, 1.9× past due\n"
        "  Ben Okafor    25 days     2026-10-01    target, influence 4, 1.8× past due\n"
        "  Carla Nguyen  2 months    2026-08-01    influence 2, 3.9× past due\n"
    )
    due = "\nDue soon: 1\n  Name         Due    Why first\n  Helen Marsh  today  influence 1\n"
    assert due in result.out
    assert "\n  Carla Nguyen  3 months ago, 2026-08-01  " in result.out  # cooling
    assert "\nFading: 0\n  none\n" in result.out and "\nReconnect: 0\n  none\n" in result.out
    assert result.out.endswith("\nReady to ask: 0\n  none\n")


def test_targets_prints_the_list_the_short_list_and_the_notice(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    result = run_kith("targets", "--today", "2026-11-25", cwd=project)
    assert result.code == 0
    assert result.out.startswith(
        "Targets: 3 (goal 20-30)\n"
        "  #  Name          Influence  Strength  Why            Best intro path"
        "                    Next step\n"
        "  1  Victor Vance  5          2         prospect       via Helen Marsh, Rosa Marsh (0.8)"
        "  reconnect first: overdue by 40 days\n"
        "  2  Ben Okafor    4          4         past-business  direct (0.8)"
        "                       reconnect first: overdue by 25 days\n"
        "  3  Eva Stone     4          0         connector      no known path yet"
        "                  get introduced: nobody you know is known to know them yet\n"
    )
    assert "\nNote: The target list has 3 people;" in result.out


def test_the_day_comes_from_the_today_option(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    agenda = _json(project, "agenda")
    later = run_kith("agenda", "--json", "--today", "2026-11-26", cwd=project)
    data = json.loads(later.out)
    assert data["today"] == "2026-11-26"
    assert data["overdue"][3]["slug"] == "dan-ito" and data["overdue"][3]["days_overdue"] == 180
    assert isinstance(agenda, dict) and agenda["overdue"][3]["days_overdue"] == 179
    assert data["due_soon"] == []  # Helen was due on the 25th: now she is overdue by a day
    helen = data["overdue"][-1]
    assert (helen["slug"], helen["days_overdue"], helen["last_contact"]) == (
        "helen-marsh",
        1,
        "2026-11-11",
    )


def test_a_vault_with_errors_exits_1_and_prints_no_json(tmp_path: Path) -> None:
    project = copy_vault("small-network", tmp_path)
    (project / "people" / "bad.md").write_text("---\nname: Bad\nstrength: high\n---\n")
    result = run_kith("agenda", "--json", cwd=project)
    assert result.code == 1
    assert result.out == ""
    assert "people/bad.md:3: strength must be a whole number from 0 to 5 (got 'high')" in result.err


def _in_order(shown: list[object], real: list[object]) -> bool:
    """True when every item shown appears in the real list, keys in the same order, in order."""
    lines = iter(json.dumps(item) for item in real)
    return all(json.dumps(item) in lines for item in shown)


def test_the_json_examples_in_the_manual_are_what_kith_prints(tmp_path: Path) -> None:
    project = copy_vault("method", tmp_path)
    # A meeting already booked with Sam, who is overdue: the example shows him as scheduled.
    booked = ("log", "sam-lee", "Pilot review", "--date", "2026-12-03", "--kind", "meet")
    assert run_kith(*booked, "--today", "2026-11-25", cwd=project).code == 0
    examples = [json.loads(block) for block in fenced_blocks(HELP / "commands.md", "json")]
    commands = [("agenda",), ("targets",), ("path", "catherine-vance"), ("connectors",)]
    for example, command in zip(examples, commands, strict=True):
        real = _json(project, *command)
        assert isinstance(real, dict)
        assert list(example) == list(real), command
        for key, shown in example.items():
            if isinstance(shown, list):
                assert shown and _in_order(shown, real[key]), (command, key)
            else:
                assert shown == real[key], (command, key)


def test_tables_align_wide_and_combining_characters_by_their_columns() -> None:
    from generator.cli.tables import format_table

    # CJK: two columns; U+0301 (combining): none; Latin letters with accents, ×: one each.
    rows = [["Ada", "1"], ["山田太郎", "2"], ["Zoe\u0301", "3"], ["Łukasz 3×", "4"]]
    assert format_table(["Name", "#"], rows).splitlines() == [
        "  Name       #",
        "  Ada        1",
        "  山田太郎   2",
        "  Zoe\u0301        3",
        "  Łukasz 3×  4",
    ]
