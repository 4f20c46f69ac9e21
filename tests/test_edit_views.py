"""`kith show`, `find`, `open`, `completion` and every command's --help."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import HELP, run_kith

from generator.cli import main

CARD_PEOPLE = {
    "maria-lopez.md": """\
        ---
        name: María López
        circle: client
        strength: 2
        influence: 4
        target: true
        why: prospect
        company: Hospital Group
        role: Head of Procurement
        email: maria@example.com
        tags: [healthcare, procurement]
        birthday: 1980-04-12
        knows:
          ben-okafor: {strength: 4, how: "same board"}
        ---
        Met her at the *fair*. [bold]not markup[/bold]

        ## Log
        - 2026-11-01: Short chat at the trade fair
        - 2026-11-13 (ask, call): Asked for a meeting with her CFO

        ## Private
        Prefers mornings.
        """,
    "ben-okafor.md": """\
        ---
        name: Ben Okafor
        circle: friend
        strength: 4
        company: Lopez Logistics
        ---
        """,
    "carla-nguyen.md": """\
        ---
        name: Carla Nguyen
        circle: colleague
        tags: [lopez-fans]
        knows:
          maria-lopez: 2
        ---
        """,
    "dan-ruiz.md": """\
        ---
        name: Dan Ruiz
        ---
        Once worked with María López on a tender.
        """,
}

COMMANDS = ("new", "log", "set", "unset", "tie", "open", "show", "find", "completion")


@pytest.fixture(autouse=True)
def _colour_by_the_output_only(monkeypatch) -> None:
    """Whether output is a terminal decides colour, not the environment the tests run in."""
    for variable in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(variable, raising=False)


def test_show_prints_a_plain_card_when_piped(project) -> None:
    root = project(CARD_PEOPLE)
    result = run_kith("show", "lopez", "--today", "2026-11-25", cwd=root)
    assert result.code == 0, result.err
    assert result.out == textwrap.dedent(
        """\
        María López  maria-lopez
        Head of Procurement at Hospital Group
        people/maria-lopez.md

        circle        client
        strength      2 of 5
        influence     4 of 5
        target        yes (prospect)
        cadence       every 30 days
        last contact  12 days ago, 2026-11-13
        next touch    due in 18 days, 2026-12-13
        email         maria@example.com
        tags          healthcare, procurement
        birthday      1980-04-12

        What to do
        next step        give first: 1 ask and 0 gives so far
        too-early ask    2026-11-13: Asked for a meeting with her CFO (1 earlier interaction)
        gives / asks     0 / 1: you ask more than you give: give first
        best intro path  ask Ben Okafor to introduce you to María López (score 0.64)

        Ties
        →  Ben Okafor  ben-okafor      4  same board
        ←  Carla Nguyen  carla-nguyen  2

        Log (2)
        2026-11-13  12 days ago  ask, call  Asked for a meeting with her CFO
        2026-11-01  24 days ago             Short chat at the trade fair

        Notes
        Met her at the *fair*. [bold]not markup[/bold]

        Private
        Prefers mornings.
        """
    )


class Terminal(io.StringIO):
    """An output that says it is a terminal, as a real one would."""

    def isatty(self) -> bool:
        return True


def test_show_uses_colour_only_on_a_terminal(project, monkeypatch) -> None:
    root = project(CARD_PEOPLE)
    monkeypatch.chdir(root)
    monkeypatch.setenv("TERM", "xterm-256color")
    out, err = Terminal(), io.StringIO()
    assert main(["show", "maria", "--today", "2026-11-25"], out=out, err=err) == 0
    assert "\x1b[1m" in out.getvalue()
    assert "\x1b[" not in run_kith("show", "maria", cwd=root).out


def test_show_refuses_a_contact_whose_file_does_not_load(project) -> None:
    root = project({"ada.md": "---\nname: Ada\nstrength: 9\n---\n"})
    result = run_kith("show", "ada", cwd=root)
    assert (result.code, result.err) == (
        1,
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 9)\n"
        "kith: people/ada.md does not load; fix it first\n",
    )


def test_find_ranks_names_above_work_above_tags_above_notes(project) -> None:
    root = project(CARD_PEOPLE)
    result = run_kith("find", "LOPEZ", cwd=root)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "name          slug          circle        found in",
        "María López   maria-lopez   client        name",
        "Ben Okafor    ben-okafor    friend        work: Lopez Logistics",
        "Carla Nguyen  carla-nguyen  colleague     tag: lopez-fans",
        "Dan Ruiz      dan-ruiz      acquaintance  notes: Once worked with María López on a "
        "tender.",
    ]


def test_find_ignores_accents_and_says_when_nothing_matches(project) -> None:
    root = project(CARD_PEOPLE)
    assert "María López" in run_kith("find", "maria", "lo", cwd=root).out
    assert "Dan Ruiz" in run_kith("find", "mária lópez on", cwd=root).out
    none = run_kith("find", "zzz", cwd=root)
    assert (none.code, none.out, none.err) == (1, "", "kith: no contact matches 'zzz'\n")


def test_find_takes_the_words_in_any_order(project) -> None:
    root = project(CARD_PEOPLE)
    result = run_kith("find", "lopez", "maria", cwd=root)
    assert result.out.splitlines()[1:] == [
        "María López  maria-lopez  client        name",
        "Dan Ruiz     dan-ruiz     acquaintance  notes: Once worked with María López on a tender.",
    ]
    assert "María López" in run_kith("find", "procurement hospital", cwd=root).out


BOARD_PEOPLE = {
    "ada.md": "---\nname: Ada Boardman\n---\n",
    "ben.md": "---\nname: Ben Okafor\nknows: {cy: {strength: 4, how: On the same board}}\n---\n",
    "cy.md": "---\nname: Cy Twombly\n---\n",
    "dee.md": "---\nname: Dee Park\ntags: [board]\n---\n",
    "eve.md": "---\nname: Eve Stone\n---\nRuns the onboarding of new staff.\n",
}


def test_find_ranks_whole_words_first_and_searches_tie_descriptions(project) -> None:
    root = project(BOARD_PEOPLE)
    result = run_kith("find", "board", cwd=root)
    assert result.code == 0, result.err
    assert result.out.splitlines() == [
        "name          slug  circle        found in",
        "Dee Park      dee   acquaintance  tag: board",
        "Ben Okafor    ben   acquaintance  tie: On the same board (with Cy Twombly)",
        "Cy Twombly    cy    acquaintance  tie: On the same board (with Ben Okafor)",
        "Ada Boardman  ada   acquaintance  name",  # the start of a word
        "Eve Stone     eve   acquaintance  notes: Runs the onboarding of new staff.",  # inside one
    ]
    # A name inside a tie's description is not searched: only the description is.
    assert run_kith("find", "okafor", cwd=root).out.splitlines()[1:] == [
        "Ben Okafor  ben   acquaintance  name"
    ]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command: str, capsys) -> None:
    assert main([command, "--help"]) == 0
    shown = capsys.readouterr().out
    assert "example" in shown
    assert f"  kith {command} " in shown or f"<(kith {command} " in shown


# --- open --------------------------------------------------------------------------------------


def editor(tmp_path: Path, body: str) -> str:
    script = tmp_path / "editor.sh"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_open_runs_the_editor_on_the_file_then_checks_it(project, tmp_path, monkeypatch) -> None:
    root = project({"ada.md": "---\nname: Ada\n---\n"})
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.setenv(
        "EDITOR",
        editor(
            tmp_path,
            'printf "strength: 7\\n" > "$1.x"; '
            'printf -- "---\\nname: Ada\\nstrength: 7\\n---\\n" > "$1"',
        ),
    )
    result = run_kith("open", "ada", cwd=root)
    assert (result.code, result.err) == (
        1,
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 7)\n",
    )


def test_open_prefers_visual_and_reports_an_editor_that_fails(
    project, tmp_path, monkeypatch
) -> None:
    root = project({"ada.md": "---\nname: Ada\n---\n"})
    monkeypatch.setenv("EDITOR", editor(tmp_path, "exit 0"))
    monkeypatch.setenv("VISUAL", editor(tmp_path / "..", 'echo "$1" > "$1.seen"; exit 3'))
    result = run_kith("open", "ada", cwd=root)
    assert result.code == 1
    assert result.err.endswith("exited with status 3\n")
    assert (root / "people" / "ada.md.seen").read_text().strip().endswith("people/ada.md")
    monkeypatch.setenv("VISUAL", "/no/such/editor")
    missing = run_kith("open", "ada", cwd=root)
    assert missing.err == (
        "kith: cannot run the editor '/no/such/editor' (No such file or directory); set $EDITOR\n"
    )


# --- completion --------------------------------------------------------------------------------


def kith_bin() -> str:
    found = shutil.which("kith", path=str(Path(sys.executable).parent))
    assert found, "the kith script is installed next to the test interpreter"
    return found


def completions(shell_script: str, words: list[str], cwd: Path) -> list[str]:
    """Run the bash completion function for `words` (the last one being completed)."""
    program = (
        f"{shell_script}\n"
        f"COMP_WORDS=({' '.join(repr(w) for w in words)}); COMP_CWORD={len(words) - 1}\n"
        '_kith; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    env = {"PATH": f"{Path(kith_bin()).parent}:/usr/bin:/bin"}
    done = subprocess.run(
        ["bash", "-c", program], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return [line for line in done.stdout.splitlines() if line]


def test_bash_completion_offers_commands_options_choices_fields_and_slugs(project) -> None:
    root = project(CARD_PEOPLE)
    script = run_kith("completion", "bash", cwd=root).out
    assert "complete -F _kith kith" in script
    assert completions(script, ["kith", "ti"], root) == ["tie"]
    assert completions(script, ["kith", "log", "dan-ruiz", "--kind", "m"], root) == [
        "meet",
        "message",
    ]
    assert completions(script, ["kith", "--today", "2026-01-01", "show", "b"], root) == [
        "ben-okafor"
    ]
    assert completions(script, ["kith", "set", "ben-okafor", "stre"], root) == ["strength"]
    assert completions(script, ["kith", "tie", "ben-okafor", "c"], root) == ["carla-nguyen"]
    assert completions(script, ["kith", "log", "ben-okafor", "--da"], root) == ["--date"]


def test_the_slugs_for_completion_come_from_the_people_folder(project) -> None:
    root = project(CARD_PEOPLE)
    result = run_kith("completion", "--slugs", cwd=root)
    assert result.out.split() == ["ben-okafor", "carla-nguyen", "dan-ruiz", "maria-lopez"]


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completion_offers_slugs_and_choices(project) -> None:
    root = project(CARD_PEOPLE)
    script = root / "kith.fish"
    script.write_text(run_kith("completion", "fish", cwd=root).out)
    env = {"PATH": f"{Path(kith_bin()).parent}:/usr/bin:/bin", "HOME": str(root)}

    def complete(line: str) -> list[str]:
        command = f"source {script}; complete -C '{line}'"
        done = subprocess.run(
            ["fish", "-c", command], cwd=root, env=env, capture_output=True, text=True, check=True
        )
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("kith show c") == ["carla-nguyen"]
    assert complete("kith log dan-ruiz --kind m") == ["meet", "message"]
    assert complete("kith set dan-ruiz infl") == ["influence"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_the_zsh_script_loads_into_compinit(project) -> None:
    root = project(CARD_PEOPLE)
    script = root / "_kith"
    script.write_text(run_kith("completion", "zsh", cwd=root).out)
    command = f"autoload -U compinit; compinit -u -D; source {script}; print -r -- $_comps[kith]"
    done = subprocess.run(
        ["zsh", "-f", "-c", command], cwd=root, capture_output=True, text=True, check=True
    )
    assert (done.stdout, done.stderr) == ("_kith\n", "")


def test_the_manual_documents_every_new_command() -> None:
    manual = (HELP / "commands.md").read_text()
    for command in COMMANDS:
        assert f"`kith {command}" in manual, command
