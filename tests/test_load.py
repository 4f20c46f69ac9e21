"""Loading: every problem named with its file and line; good input kept exactly."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from conftest import VAULTS, make_project, run_kith

from generator.model import Severity
from generator.vault.load import load_vault


def load(tmp_path: Path, files: dict[str, str | bytes]):
    project = make_project(tmp_path / "p", files)
    return load_vault(project / "people", project)


def test_every_kind_of_bad_input_is_reported_with_its_file_and_line() -> None:
    broken = VAULTS / "broken"
    result = run_kith("check", "-f", str(broken / "mkdocs.yml"))
    assert result.code == 1
    assert result.out == (broken / "expected.txt").read_text()
    assert result.err == "kith: 10 contacts, 23 errors, 4 warnings\n"
    assert "Traceback" not in result.err


def test_a_misspelt_field_is_only_a_warning_unless_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": "---\nname: Ada\nstrenght: 3\n---\n"})
    assert run_kith("check", cwd=project).code == 0
    strict = run_kith("check", "--strict", cwd=project)
    assert strict.code == 1
    assert strict.out == (
        "people/ada.md:3: warning: unknown field 'strenght'; did you mean 'strength'? "
        "(kept and shown as is)\n"
    )


def test_a_tie_to_a_slug_in_the_wrong_case_suggests_the_slug(tmp_path: Path) -> None:
    files = {
        "bob.md": "---\nname: Bob\n---\n",
        "ada.md": "---\nname: Ada\nknows:\n  BOB: 3\n  Bobby: 2\n---\n",
    }
    result = run_kith("check", cwd=make_project(tmp_path, files))
    assert (result.code, result.out) == (
        0,
        "people/ada.md:4: warning: knows: no contact 'BOB'; did you mean 'bob'? (tie ignored)\n"
        "people/ada.md:5: warning: knows: no contact 'Bobby' (tie ignored)\n"
        "kith: 2 contacts, 0 errors, 2 warnings\n",
    )


def test_a_log_link_or_a_choice_in_the_wrong_case_suggests_what_was_meant(tmp_path: Path) -> None:
    # The same hint as for a tie (`did_you_mean` finds what differs only in case).
    files = {
        "bob.md": "---\nname: Bob\n---\n",
        "ada.md": "---\nname: Ada\n---\n## Log\n- 2026-11-01 (ask, intro: BOB): asked\n",
        "cy.md": "---\nname: Cy\ncircle: FRIEND\n---\n",
    }
    result = run_kith("check", cwd=make_project(tmp_path, files))
    assert (result.code, result.out) == (
        1,
        "people/ada.md:5: warning: intro: no contact 'BOB'; did you mean 'bob'? (ignored)\n"
        "people/cy.md:3: unknown circle 'FRIEND' (one of family, friend, colleague, client, "
        "acquaintance, stranger); did you mean 'friend'?\n",
    )


def test_field_names_yaml_reads_as_true_or_a_number_keep_their_names_and_warn(
    tmp_path: Path,
) -> None:
    # YAML reads `on:`, `yes:` and `true:` as one key, True: the last value won, silently.
    contact = "---\nname: Kay\non: site\nyes: 3\n1: one\ntrue: last\n---\n"
    result = run_kith("check", cwd=make_project(tmp_path, {"kay.md": contact}))
    said = "means {} in YAML (as other tools read it); Kith keeps the name '{}': put it in quotes"
    assert (result.code, result.out.splitlines()) == (
        0,
        [
            f"people/kay.md:{line}: warning: field name '{name}' {said.format(read, name)} "
            f"('{name}':)"
            for line, name, read in (
                (3, "on", "true"),
                (4, "yes", "true"),
                (5, "1", "the number 1"),
                (6, "true", "true"),
            )
        ]
        + ["kith: 1 contact, 0 errors, 4 warnings"],
    )
    result = load(tmp_path / "p", {"kay.md": contact})
    assert result.vault.by_slug["kay"].extra == (
        ("on", "site"),
        ("yes", "3"),
        ("1", "one"),
        ("true", "last"),
    )


def test_an_html_comment_outside_private_and_code_is_a_warning_that_it_is_published(
    tmp_path: Path,
) -> None:
    body = (
        "Notes <!-- hidden? -->\n\n```\n<!-- code is code -->\n```\n\n## Log\n"
        "- 2026-01-01: met <!-- this too -->\n\n## Private\n<!-- kept off the site -->\n"
    )
    result = run_kith(
        "check", cwd=make_project(tmp_path, {"cee.md": f"---\nname: Cee\n---\n{body}"})
    )
    said = (
        "warning: an HTML comment is published, shown as text on the contact's page; only a "
        "'## Private' heading keeps what follows off the site"
    )
    assert (result.code, result.out) == (
        0,
        f"people/cee.md:4: {said}\npeople/cee.md:11: {said}\n"
        "kith: 1 contact, 0 errors, 2 warnings\n",
    )


def test_values_yaml_turns_into_other_types_are_kept_as_written(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "ada.md": "---\nname: 1984\ntags: [no, yes, 2026-01-02, 7]\n"
            "phone: 5550100\nbirthday: 1971-04-12\n---\n"
        },
    )
    assert result.problems == ()
    ada = result.vault.by_slug["ada"]
    assert ada.name == "1984"
    assert ada.tags == ("no", "yes", "2026-01-02", "7")
    assert ada.phone == "5550100"
    assert ada.extra == (("birthday", "1971-04-12"),)


def test_a_yaml_set_of_tags_keeps_the_order_it_is_written_in(tmp_path: Path) -> None:
    text = "---\nname: Ada\ntags: !!set {zeta, alpha, mid}\nsource: !!set {b 1, a 2}\n---\n"
    for run in range(3):  # each load in a new process: a set's order follows the hash seed
        done = subprocess.run(
            [sys.executable, "-c", SHOW_TAGS, str(tmp_path / f"v{run}")],
            input=text,
            env={**os.environ, "PYTHONHASHSEED": str(run)},
            capture_output=True,
            text=True,
            check=True,
        )
        assert done.stdout == "('zeta', 'alpha', 'mid') ('b 1', 'a 2')\n"


SHOW_TAGS = """
import sys
from pathlib import Path
from generator.vault.load import load_vault
people = Path(sys.argv[1], "people")
people.mkdir(parents=True)
(people / "ada.md").write_text(sys.stdin.read())
ada = load_vault(people).vault.people[0]
print(ada.tags, ada.source)
"""


def test_a_bom_and_crlf_line_endings_are_accepted(tmp_path: Path) -> None:
    text = (
        "\ufeff---\r\nname: Ada\r\nstrength: high\r\n---\r\n"
        "Notes.\r\n\r\n## Log\r\n- 2026-01-02: hi\r\n"
    )
    result = load(tmp_path, {"ada.md": text.encode("utf-8")})
    assert [str(p) for p in result.problems] == [
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 'high')"
    ]
    fixed = load(tmp_path / "2", {"ada.md": text.replace("high", "2").encode("utf-8")})
    ada = fixed.vault.by_slug["ada"]
    assert (ada.strength, ada.notes) == (2, "Notes.")
    assert ada.log[0].date == dt.date(2026, 1, 2) and ada.log[0].line == 8


def test_a_five_megabyte_file_is_handled(tmp_path: Path) -> None:
    notes = ("A long paragraph of notes about a person. " * 24 + "\n\n") * 5000
    text = f"---\nname: Big\n---\n{notes}## Log\n- 2026-01-02: hi\n"
    assert len(text) > 5_000_000
    result = load(tmp_path, {"big.md": text})
    assert result.problems == ()
    assert result.vault.by_slug["big"].log[0].line == text.count("\n")


def test_an_alias_bomb_is_refused_and_the_other_contacts_still_load() -> None:
    result = load_vault(VAULTS / "broken" / "people", VAULTS / "broken")
    bomb = [p for p in result.problems if p.path == "people/alias-bomb.md"]
    assert [p.message for p in bomb] == ["front matter expands to too many values (YAML aliases?)"]
    assert "bob-smith" in result.vault.by_slug


def test_a_tie_declared_from_both_ends_keeps_the_stronger_value(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\nknows:\n  bob: {strength: 2, how: board}\n---\n",
            "bob.md": "---\nname: Bob\nknows: {ada: 4}\n---\n",
            "cy.md": "---\nname: Cy\nknows: [ada, bob]\n---\n",
        },
    )
    assert result.problems == ()
    edges = [(e.a, e.b, e.strength, e.how) for e in result.vault.edges]
    assert edges == [("ada", "bob", 4, ""), ("ada", "cy", 3, ""), ("bob", "cy", 3, "")]
    assert [o for o, _ in result.vault.neighbours("ada")] == ["bob", "cy"]


def test_edges_are_in_the_order_of_their_two_slugs_where_one_slug_begins_another(
    tmp_path: Path,
) -> None:
    # "ab" < "ab-c" < "abc": the pair ("ab", "abc") comes before ("ab-c", "abc"), which a key
    # joining the slugs with a character sorting after "-" would turn around.
    files = {
        "ab.md": "---\nname: Ab\nknows: [abc, ab-c, a]\n---\n",
        "ab-c.md": "---\nname: Ab C\nknows: [abc, nobody]\n---\n",
        "abc.md": "---\nname: Abc\nknows: {a: 2}\n---\n",
        "a.md": "---\nname: A\n---\n",
    }
    result = load(tmp_path, files)
    pairs = [(e.a, e.b) for e in result.vault.edges]
    assert pairs == sorted(pairs)
    assert pairs == [("a", "ab"), ("a", "abc"), ("ab", "ab-c"), ("ab", "abc"), ("ab-c", "abc")]
    assert [str(p) for p in result.problems] == [
        "people/ab-c.md:3: warning: knows: no contact 'nobody' (tie ignored)"
    ]
    assert [o for o, _ in result.vault.neighbours("ab")] == ["a", "ab-c", "abc"]


def test_last_contact_is_the_newer_of_the_log_and_the_field(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\nlast_contact: 2026-03-01\n---\n## Log\n"
            "- 2026-05-01: later\n- 2026-01-01: earlier\n",
            "bob.md": "---\nname: Bob\nlast_contact: '2026-06-01'\n---\n## Log\n- 2026-05-01: x\n",
        },
    )
    ada, bob = result.vault.by_slug["ada"], result.vault.by_slug["bob"]
    assert ada.last_contact == dt.date(2026, 5, 1)
    assert [i.text for i in ada.log] == ["earlier", "later"]
    assert bob.last_contact == dt.date(2026, 6, 1)


def test_log_tags_continuations_and_private_sections_are_read(tmp_path: Path) -> None:
    body = (
        "Intro.\n\n```\n# Later\n- not a heading, code\n```\n\n## Log\n"
        "- 2026-11-22 (Give, CALL): Sent the report\n  she wanted\n\n"
        "## Private\nsecret canary\n\n## Later\nMore notes.\n"
    )
    result = load(tmp_path, {"ada.md": f"---\nname: Ada\n---\n{body}"})
    assert result.problems == ()
    ada = result.vault.by_slug["ada"]
    assert [(i.tags, i.text) for i in ada.log] == [(("give", "call"), "Sent the report she wanted")]
    assert ada.log[0].is_give and not ada.log[0].is_ask
    assert ada.private_notes == "secret canary"
    assert "secret" not in ada.notes
    assert (
        ada.notes == "Intro.\n\n```\n# Later\n- not a heading, code\n```\n\n## Later\nMore notes."
    )


def test_hidden_files_and_folders_are_not_contacts(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\n---\n",
            ".trash/bob.md": "---\nname: Bob\n---\n",
            ".draft.md": "nonsense",
            "README.txt": "not markdown",
        },
    )
    assert [p.slug for p in result.vault.people] == ["ada"]
    assert result.problems == ()


def test_warnings_and_errors_are_told_apart(tmp_path: Path) -> None:
    result = load(
        tmp_path,
        {"ada.md": "---\nname: Ada\nknows: [nobody]\n---\n", "bob.md": "---\nstrength: 1\n---\n"},
    )
    assert [p.severity for p in result.problems] == [Severity.WARNING, Severity.ERROR]
    assert [str(p) for p in result.errors] == [
        "people/bob.md:2: name is required: add 'name: Full Name' to the front matter"
    ]
