"""The editing commands through the CLI: what they write, what they refuse, and how they say it."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from conftest import copy_vault, make_project, run_kith

from generator.edit import batch
from generator.edit.changes import contact_text, set_tie
from generator.edit.writer import EditError

ADA = "---\nname: Ada Lovelace\nstrength: 2\n---\nNotes.\n"
BROKEN = "---\nname: Ada Lovelace\nstrength: high\n---\n"


def people(project: Path) -> dict[str, bytes]:
    folder = project / "people"
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# --- new ---------------------------------------------------------------------------------------


def test_new_makes_the_slug_from_the_name_with_accents_transliterated(project) -> None:
    root = project()
    result = run_kith("new", "María José Ñúñez", "--company", "Clínica Sur", cwd=root)
    assert result.code == 0, result.err
    assert result.out == "created people/maria-jose-nunez.md\n"
    text = (root / "people" / "maria-jose-nunez.md").read_text(encoding="utf-8")
    assert text.startswith("---\nname: María José Ñúñez\ncircle: acquaintance\nstrength: 0\n")
    assert "company: Clínica Sur\n" in text
    assert run_kith("check", "--strict", cwd=root).code == 0


def test_new_refuses_a_taken_slug_and_suggests_a_free_one(project) -> None:
    root = project({"maria-lopez.md": ADA, "work/maria-lopez-2.md": ADA.replace("Ada", "Eve")})
    before = people(root)
    result = run_kith("new", "María López", cwd=root)
    assert result.code == 1
    assert result.err == (
        "kith: people/maria-lopez.md already exists: the slug 'maria-lopez' is taken; "
        "choose another with --slug (e.g. --slug maria-lopez-3)\n"
    )
    assert people(root) == before
    assert run_kith("new", "María López", "--slug", "maria-lopez-3", cwd=root).code == 0
    assert (root / "people" / "maria-lopez-3.md").is_file()


def test_new_finds_a_taken_slug_in_any_sub_folder_and_in_any_case(project) -> None:
    root = project({"family/Ben.md": "---\nname: Ben\n---\n"})
    result = run_kith("new", "Ben", cwd=root)
    assert result.code == 1
    assert result.err.startswith("kith: people/family/Ben.md already exists: the slug 'Ben'")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("../../etc/passwd",),
            "kith: the name '../../etc/passwd' holds characters that cannot be part of a file "
            "name; choose a slug with --slug\n",
        ),
        (
            ("!!!",),
            "kith: cannot make a file name from the name '!!!'; choose a slug with --slug\n",
        ),
        (
            ("Ada", "--slug", "../ada"),
            "kith: a slug is letters, digits, '-', '_' and '.', starting with a letter or digit "
            "(got '../ada')\n",
        ),
        (("Ada", "--slug", "ada.md"), "kith: give the slug without '.md' (got 'ada.md')\n"),
        (
            ("Con", "--slug", "con"),
            "kith: 'con' is a device name on Windows; choose another slug\n",
        ),
        (
            ("Ada", "--folder", "../outside"),
            "kith: a folder inside people/ is names of letters, digits, '-', '_' and '.' "
            "separated by '/' (got '../outside')\n",
        ),
    ],
)
def test_new_refuses_names_that_would_leave_people_or_are_no_file_name(
    project, args: tuple[str, ...], message: str
) -> None:
    root = project()
    result = run_kith("new", *args, cwd=root)
    assert (result.code, result.err) == (1, message)
    assert people(root) == {}
    assert not (root / "outside").exists()


def test_new_writes_into_a_sub_folder_with_ties_resolved_from_names(project) -> None:
    root = project({"ada-lovelace.md": ADA})
    result = run_kith(
        "new", "Mom", "--folder", "family", "--circle", "family", "--knows", "lovelace:5", cwd=root
    )
    assert result.code == 0, result.err
    text = (root / "people" / "family" / "mom.md").read_text()
    assert text == (
        "---\nname: Mom\ncircle: family\nstrength: 0\ninfluence: 1\n"
        "knows:\n  ada-lovelace: 5\n---\n\n## Log\n"
    )


def test_new_validates_values_as_the_loader_does(project) -> None:
    root = project()
    result = run_kith("new", "Ada", "--strength", "high", cwd=root)
    assert (result.code, result.err) == (
        1,
        "kith: strength must be a whole number from 0 to 5 (got 'high')\n",
    )
    result = run_kith("new", "Ada", "--knows", "nobody:2", cwd=root)
    assert (result.code, result.err) == (
        1,
        "kith: no contact matches 'nobody' (no contacts yet in people/; add your first with: "
        'kith new "Full Name")\n',
    )
    assert people(root) == {}


def test_a_new_file_gets_the_permissions_the_umask_gives_not_a_temporary_files(project) -> None:
    root = project()
    old = os.umask(0o027)
    try:
        run_kith("new", "Ada", cwd=root)
    finally:
        os.umask(old)
    assert stat.S_IMODE((root / "people" / "ada.md").stat().st_mode) == 0o640


# --- log ---------------------------------------------------------------------------------------


def test_log_dates_the_entry_with_today_and_joins_words(project) -> None:
    root = project({"ada-lovelace.md": ADA})
    result = run_kith(
        "log", "ada", "Coffee", "at", "the", "fair", "--today", "2026-11-25", cwd=root
    )
    assert result.out == "people/ada-lovelace.md: - 2026-11-25: Coffee at the fair\n"
    assert (root / "people" / "ada-lovelace.md").read_text() == (
        ADA + "\n## Log\n- 2026-11-25: Coffee at the fair\n"
    )


def test_log_folds_line_breaks_and_notes_a_date_in_the_future(project) -> None:
    root = project({"ada.md": ADA})
    result = run_kith(
        "log",
        "ada",
        "one\ntwo\r\n\tthree",
        "--date",
        "2027-01-01",
        "--today",
        "2026-11-25",
        cwd=root,
    )
    assert result.code == 0
    assert result.err == "kith: note: 2027-01-01 is in the future\n"
    assert (root / "people" / "ada.md").read_text().endswith("- 2027-01-01: one two three\n")


def test_log_refuses_a_bad_date_as_bad_input_like_a_bad_today(project) -> None:
    root = project({"ada.md": ADA})
    result = run_kith("log", "ada", "x", "--date", "2026-02-30", cwd=root)
    assert (result.code, result.err) == (1, "kith: --date: 2026-02-30 does not exist\n")
    result = run_kith("log", "ada", "x", "-d", "someday", cwd=root)
    assert (result.code, result.err) == (
        1,
        "kith: --date: 'someday' is not a day: write YYYY-MM-DD, today, yesterday, -3d, -2w "
        "or a weekday (mon: the last Monday before today)\n",
    )
    step = run_kith("log", "ada", "x", "--next", "2026-02-30", cwd=root)
    assert (step.code, step.err) == (
        1,
        "kith: --next must be a date YYYY-MM-DD (got '2026-02-30')\n",
    )
    today = run_kith("log", "ada", "x", "--today", "2026-02-30", cwd=root)
    assert (today.code, today.err) == (
        1,
        "kith: --today must be a date YYYY-MM-DD (got '2026-02-30')\n",
    )
    assert (root / "people" / "ada.md").read_text() == ADA


@pytest.mark.parametrize(
    ("given", "day"),
    [
        (("--date", "2026-11-20"), "2026-11-20"),
        (("-d", "today"), "2026-11-25"),
        (("--date", "yesterday"), "2026-11-24"),
        (("--date", "-3d"), "2026-11-22"),  # argparse alone would take -3d for an option
        (("-d", "-3d"), "2026-11-22"),
        (("--date=-2w",), "2026-11-11"),
        (("-d", "mon"), "2026-11-23"),  # 2026-11-25 is a Wednesday
        (("-d", "Wednesday"), "2026-11-18"),  # the last one before today, not today
    ],
)
def test_log_reads_the_day_as_a_person_writes_it(project, given, day) -> None:
    root = project({"ada.md": ADA})
    result = run_kith("log", "ada", "Call", *given, "--today", "2026-11-25", cwd=root)
    assert (result.code, result.out) == (0, f"people/ada.md: - {day}: Call\n"), result.err


SANJAY = "---\nname: Sanjay Rao\n---\n"
WEI = "---\nname: Wei Chen\n---\n\n## Log\n- 2026-11-01: Met at the expo\n"


def test_log_writes_one_entry_for_each_contact_named_before_the_text(project) -> None:
    root = project(
        {"sanjay-rao.md": SANJAY, "wei-chen.md": WEI, "rosa.md": "---\nname: Rosa\n---\n"}
    )
    result = run_kith(
        "log",
        "sanjay",
        "wei",
        "Lunch at Rosa's",
        "-k",
        "meet",
        "-d",
        "yesterday",
        "-g",
        "--today",
        "2026-11-25",
        cwd=root,
    )
    assert result.code == 0, result.err
    line = "- 2026-11-24 (give, meet): Lunch at Rosa's"
    assert result.out == f"people/sanjay-rao.md: {line}\npeople/wei-chen.md: {line}\n"
    assert (root / "people" / "sanjay-rao.md").read_text() == SANJAY + f"\n## Log\n{line}\n"
    assert (root / "people" / "wei-chen.md").read_text() == WEI + f"{line}\n"
    assert (root / "people" / "rosa.md").read_text() == "---\nname: Rosa\n---\n"


def test_log_takes_only_exact_names_as_more_contacts_and_never_the_last_word(project) -> None:
    theo = "---\nname: Theodore Hale\n---\n"
    root = project({"ada.md": ADA, "theodore-hale.md": theo, "wei-chen.md": WEI})
    # "the" only starts a name, and "Wei Chen talked" is quoted text: both are text.
    for words, text in (
        (["the", "report"], "the report"),
        (["Wei Chen talked"], "Wei Chen talked"),
    ):
        result = run_kith("log", "ada", *words, "--today", "2026-11-25", cwd=root)
        assert result.out == f"people/ada.md: - 2026-11-25: {text}\n"
    # The full name, the slug and a whole word of the name each name a contact...
    for who in ("Wei Chen", "wei-chen", "chen"):
        result = run_kith("log", "ada", who, "Call", "--today", "2026-11-25", cwd=root)
        assert result.out.splitlines()[1] == "people/wei-chen.md: - 2026-11-25: Call", who
    # ... but the last word is always text, and so is the first contact named again.
    assert run_kith("log", "ada", "wei", cwd=root).out.startswith("people/ada.md: - ")
    again = run_kith("log", "ada", "Ada", "called", "--today", "2026-11-25", cwd=root)
    assert again.out == "people/ada.md: - 2026-11-25: Ada called\n"


def test_log_to_several_contacts_writes_none_when_one_cannot_take_it(project) -> None:
    root = project({"ada.md": ADA, "ben.md": BROKEN.replace("Ada Lovelace", "Ben")})
    before = people(root)
    result = run_kith("log", "ada", "ben", "Lunch", cwd=root)
    assert result.code == 1
    assert result.err == (
        "people/ben.md:3: strength must be a whole number from 0 to 5 (got 'high')\n"
        "kith: people/ben.md does not load cleanly; fix it first (nothing was changed)\n"
    )
    assert people(root) == before


def test_ctrl_c_part_way_through_a_log_to_several_contacts_changes_nothing(
    project, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = project({"ada.md": ADA, "ben.md": ADA.replace("Ada Lovelace", "Ben")})
    before = people(root)
    make, made = batch._make, []

    def interrupted(*args: Any) -> Any:
        if made:
            raise KeyboardInterrupt  # Ctrl-C once the first contact's file is written
        made.append(make(*args))
        return made[-1]

    monkeypatch.setattr(batch, "_make", interrupted)
    result = run_kith("log", "ada", "ben", "Lunch", cwd=root)
    assert (result.code, result.out, result.err) == (130, "", "kith: interrupted\n")
    assert made and people(root) == before


def test_a_file_keeps_its_permissions_when_edited(project) -> None:
    root = project({"ada.md": ADA})
    path = root / "people" / "ada.md"
    path.chmod(0o640)
    assert run_kith("set", "ada", "strength", "3", cwd=root).code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".")]  # no temporary left


# --- set / unset -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("strength", "high"), "strength must be a whole number from 0 to 5 (got 'high')"),
        (("strength", "4.5"), "strength must be a whole number from 0 to 5 (got 4.5)"),
        (("target", "maybe"), "target must be true or false (got 'maybe')"),
        (
            ("circle", "frend"),
            "unknown circle 'frend' (one of family, friend, colleague, "
            "client, acquaintance, stranger); did you mean 'friend'?",
        ),
        (
            ("last_contact", "2026-02-30"),
            "last_contact must be a date that exists, YYYY-MM-DD (got '2026-02-30')",
        ),
        (("strenght", "3"), "unknown field 'strenght'; did you mean 'strength'?"),
        (("knows", "ben"), "knows holds ties: change them with 'kith tie'"),
        (("company", "A", "B"), "company takes one value (got 2); quote a value with spaces"),
    ],
)
def test_set_refuses_a_bad_value_with_the_loaders_message(
    project, args: tuple[str, ...], message: str
) -> None:
    root = project({"ada.md": ADA})
    result = run_kith("set", "ada", *args, cwd=root)
    assert (result.code, result.err) == (1, f"kith: {message}\n")
    assert (root / "people" / "ada.md").read_text() == ADA


def test_set_reads_values_as_yaml_would(project) -> None:
    root = project({"ada.md": ADA})
    for args in (("strength", "4"), ("target", "yes"), ("last_contact", "2026-11-01")):
        assert run_kith("set", "ada", *args, cwd=root).code == 0
    assert run_kith("set", "ada", "tags", "health care, it", "math", cwd=root).code == 0
    assert run_kith("set", "ada", "role", "CTO: interim", cwd=root).code == 0
    assert (root / "people" / "ada.md").read_text() == (
        "---\nname: Ada Lovelace\nstrength: 4\ntarget: true\nlast_contact: 2026-11-01\n"
        'tags: [health care, it, math]\nrole: "CTO: interim"\n---\nNotes.\n'
    )


def test_setting_the_same_value_again_changes_nothing(project) -> None:
    root = project({"ada.md": ADA})
    result = run_kith("set", "ada", "strength", "2", cwd=root)
    assert result.out == "people/ada.md: strength: 2 (already so; nothing changed)\n"


def test_unset_removes_a_field_and_refuses_the_name(project) -> None:
    root = project({"ada.md": ADA})
    assert run_kith("unset", "ada", "strength", cwd=root).out == "people/ada.md: removed strength\n"
    assert (root / "people" / "ada.md").read_text() == "---\nname: Ada Lovelace\n---\nNotes.\n"
    missing = run_kith("unset", "ada", "strength", cwd=root)
    assert (missing.code, missing.out) == (
        0,
        "people/ada.md: no field 'strength'; nothing changed\n",
    )
    name = run_kith("unset", "ada", "name", cwd=root)
    assert (name.code, name.err) == (1, "kith: name is required: it can be changed, not removed\n")


# --- tie ---------------------------------------------------------------------------------------


def test_tie_writes_into_the_first_file_and_notes_the_other_end(project) -> None:
    root = project({"ada.md": ADA, "ben.md": "---\nname: Ben Okafor\nknows:\n  ada: 3\n---\n"})
    result = run_kith("tie", "ada", "okafor", "--strength", "4", "--how", "same board", cwd=root)
    assert result.code == 0, result.err
    assert result.out == "people/ada.md: knows ben: 4 (same board)\n"
    assert result.err == (
        "kith: note: people/ben.md also declares this tie (strength 3); the stronger value counts\n"
    )
    assert (
        'knows:\n  ben: {strength: 4, how: "same board"}\n' in (root / "people/ada.md").read_text()
    )
    removed = run_kith("tie", "ada", "ben", "--remove", cwd=root)
    assert removed.out == "people/ada.md: knows ben: removed\n"
    assert removed.err == (
        "kith: note: people/ben.md still declares this tie (strength 3); "
        "remove it there too with: kith tie ben ada --remove\n"
    )
    assert (root / "people" / "ada.md").read_text() == ADA


def test_tie_changes_nothing_when_the_other_end_already_holds_it_as_strongly(project) -> None:
    ben = "---\nname: Ben Okafor\nknows:\n  ada: {strength: 5, how: colleagues}\n---\n"
    root = project({"ada.md": ADA, "ben.md": ben})
    held = (
        "people/ben.md: already knows ada at strength 5; nothing changed "
        "(a tie is symmetric: one end is enough)\n"
    )
    for asked in ((), ("--strength", "2"), ("--strength", "5"), ("--how", "colleagues")):
        result = run_kith("tie", "ada", "ben", *asked, cwd=root)
        assert (result.code, result.out, result.err) == (0, held, ""), asked
    described = run_kith("tie", "ada", "okafor", "--how", "same board", cwd=root)
    assert (described.code, described.out) == (0, held)
    assert described.err == (
        "kith: note: to change how they know each other, change that end: "
        "kith tie ben ada --how 'same board'\n"
    )
    assert (root / "people" / "ada.md").read_text() == ADA
    assert (root / "people" / "ben.md").read_text() == ben


def test_tie_refuses_a_tie_to_oneself_and_a_bad_strength(project) -> None:
    root = project({"ada.md": ADA, "ben.md": "---\nname: Ben\n---\n"})
    assert run_kith("tie", "ada", "ada", cwd=root).err == "kith: a contact cannot know themselves\n"
    for given, shown in (("0", "0"), ("2.5", "2.5"), ("true", "True"), ("high", "'high'")):
        bad = run_kith("tie", "ada", "ben", "--strength", given, cwd=root)
        assert bad.err == (
            f"kith: knows: ben: strength must be a whole number from 1 to 5 (got {shown})\n"
        )
    assert (root / "people" / "ada.md").read_text() == ADA


def test_the_library_refuses_a_fractional_tie_strength_as_the_loader_would(project) -> None:
    root = project({"ada.md": ADA})
    path = root / "people" / "ada.md"
    with pytest.raises(EditError, match=r"^knows: ben: strength must be .* \(got 2\.5\)$"):
        set_tie(path, "people/ada.md", "ben", 2.5)  # type: ignore[arg-type]
    with pytest.raises(EditError, match=r"^knows: ben: strength must be .* \(got 2\.5\)$"):
        contact_text("Cy", knows=[("ben", 2.5)])  # type: ignore[list-item]
    assert path.read_text() == ADA


def test_kith_tie_and_an_import_write_the_same_tie_the_same_way(tmp_path: Path) -> None:
    vcard = (
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ada\nUID:urn:uuid:ada\n"
        "RELATED;VALUE=uri;X-KITH-STRENGTH=4;X-KITH-HOW=same board:urn:uuid:ben\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:4.0\nFN:Ben\nUID:urn:uuid:ben\nEND:VCARD\n"
    )
    imported = make_project(tmp_path / "imported")
    (imported / "cards.vcf").write_text(vcard)
    assert run_kith("import", "vcard", "cards.vcf", cwd=imported).code == 0
    edited = make_project(tmp_path / "edited", {"ada.md": "---\nname: Ada\n---\n"})
    edited_ben = "---\nname: Ben\n---\n"
    (edited / "people" / "ben.md").write_text(edited_ben)
    assert (
        run_kith("tie", "ada", "ben", "--strength", "4", "--how", "same board", cwd=edited).code
        == 0
    )
    line = '  ben: {strength: 4, how: "same board"}\n'
    assert line in (imported / "people" / "ada.md").read_text()
    assert line in (edited / "people" / "ada.md").read_text()


# --- slugs: prefixes, names, ambiguity ---------------------------------------------------------


def test_a_slug_argument_takes_a_unique_prefix_or_a_name_in_any_case_and_accent(project) -> None:
    root = project({"maria-lopez.md": "---\nname: María López\n---\n", "ben.md": ADA})
    for query in ("maria-lopez", "mar", "López", "MARIA LOPEZ", "lop"):
        result = run_kith("set", query, "strength", "1", cwd=root)
        assert result.out.startswith("people/maria-lopez.md: strength: 1"), query


def test_an_ambiguous_slug_lists_the_candidates_and_changes_nothing(project) -> None:
    root = project(
        {
            "marcus-bell.md": "---\nname: Marcus Bell\n---\n",
            "family/margaret-hale.md": "---\nname: Margaret Hale\n---\n",
        }
    )
    before = people(root)
    result = run_kith("log", "mar", "hello", cwd=root)
    assert result.code == 1
    assert result.err == (
        "kith: 'mar' matches 2 contacts:\n"
        "  marcus-bell  Marcus Bell  (people/marcus-bell.md)\n"
        "  margaret-hale  Margaret Hale  (people/family/margaret-hale.md)\n"
    )
    assert people(root) == before


def test_an_unknown_slug_suggests_a_close_one(project) -> None:
    root = project({"marcus-bell.md": "---\nname: Marcus Bell\n---\n"})
    result = run_kith("show", "marcus-bel1", cwd=root)
    assert (result.code, result.err) == (
        1,
        "kith: no contact matches 'marcus-bel1'; did you mean 'marcus-bell'?\n",
    )


# --- refusing broken files, exit codes, tracebacks ---------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ("set", "ada", "role", "CTO"),
        ("unset", "ada", "role"),
        ("log", "ada", "hello"),
        ("tie", "ada", "ben"),
    ],
)
def test_a_file_that_does_not_load_cleanly_is_refused_with_its_line(project, args) -> None:
    root = project({"ada.md": BROKEN, "ben.md": "---\nname: Ben\n---\n"})
    result = run_kith(*args, cwd=root)
    assert result.code == 1
    assert result.err == (
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 'high')\n"
        "kith: people/ada.md does not load cleanly; fix it first (nothing was changed)\n"
    )
    assert (root / "people" / "ada.md").read_text() == BROKEN


BAD_VALUES = """\
---
name: Ada Lovelace   # keep this comment
strength: high
last_contact: 2026-02-30
role: CTO
---
Notes.
"""


def test_set_mends_the_very_field_that_is_wrong_and_touches_nothing_else(project) -> None:
    root = project({"ada.md": BROKEN.replace("---\n", "---\n# keep this comment\n", 1)})
    path = root / "people" / "ada.md"
    before = path.read_text()
    other = run_kith("set", "ada", "role", "CTO", cwd=root)  # the result would still be broken
    assert (other.code, path.read_text()) == (1, before)
    mended = run_kith("set", "ada", "strength", "4", cwd=root)
    assert (mended.code, mended.out) == (0, "people/ada.md: strength: 4\n")
    assert path.read_text() == before.replace("high", "4")
    assert run_kith("check", cwd=root).code == 0


def test_a_second_bad_value_is_named_on_its_own_line_when_mending_the_first(project) -> None:
    root = project({"ada.md": BAD_VALUES})
    path = root / "people" / "ada.md"
    refused = run_kith("set", "ada", "last_contact", "2026-02-28", cwd=root)
    assert refused.code == 1
    assert refused.err == (
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 'high')\n"
        "kith: people/ada.md has other problems too; fix them first (nothing was changed)\n"
    )
    refused = run_kith("set", "ada", "strength", "4", cwd=root)  # what check shows first
    assert refused.err == (
        "people/ada.md:4: date 2026-02-30 does not exist\n"
        "kith: people/ada.md does not load cleanly; fix it first (nothing was changed)\n"
    )
    assert path.read_text() == BAD_VALUES


def test_unset_removes_a_bad_value(project) -> None:
    root = project({"ada.md": BROKEN})
    result = run_kith("unset", "ada", "strength", cwd=root)
    assert (result.code, result.out) == (0, "people/ada.md: removed strength\n")
    assert (root / "people" / "ada.md").read_text() == "---\nname: Ada Lovelace\n---\n"


def test_usage_errors_exit_2_and_input_errors_exit_1_without_a_traceback(project) -> None:
    root = project({"ada.md": ADA})
    assert run_kith("log", cwd=root).code == 2
    assert run_kith("set", "ada", "strength", cwd=root).code == 2
    assert run_kith("new", "X", "--circle", "enemy", cwd=root).code == 2
    assert run_kith("completion", cwd=root).code == 2
    wrong = run_kith("set", "ada", "strength", "9", cwd=root)
    assert wrong.code == 1
    assert "Traceback" not in wrong.err


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_the_traceback_of_a_refusal(project, where: str) -> None:
    root = project({"ada.md": ADA})
    args = ["set", "ada", "strength", "9"]
    args = ["--debug", *args] if where == "before" else [*args, "--debug"]
    result = run_kith(*args, cwd=root)
    assert result.code == 1
    assert "Traceback (most recent call last)" in result.err
    assert result.err.endswith("kith: strength must be a whole number from 0 to 5 (got 9)\n")


def test_an_edit_through_a_symlink_changes_the_target_and_keeps_the_link(project) -> None:
    root = project()
    real = root / "people" / ".store" / "ada.md"  # inside people/; one outside is refused
    real.parent.mkdir()
    real.write_text(ADA)
    (root / "people" / "ada.md").symlink_to(real)
    assert run_kith("set", "ada", "strength", "5", cwd=root).code == 0
    assert (root / "people" / "ada.md").is_symlink()
    assert "strength: 5" in real.read_text()


def test_the_demo_vault_survives_a_round_of_edits(tmp_path: Path) -> None:
    root = copy_vault("edit", tmp_path / "project")
    for args in (
        ("log", "charles", "Lunch", "--date", "2026-11-01", "--kind", "meet"),
        ("set", "charles", "cadence", "45"),
        ("tie", "charles", "mary", "--strength", "2"),
        ("unset", "charles", "company"),
    ):
        assert run_kith(*args, cwd=root).code == 0, args
    assert run_kith("check", "--strict", cwd=root).code == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_folder_that_cannot_be_written_is_reported_not_a_crash(project) -> None:
    root = project({"ada.md": ADA})
    folder = root / "people"
    folder.chmod(0o555)
    try:
        result = run_kith("set", "ada", "strength", "3", cwd=root)
    finally:
        folder.chmod(0o755)
    assert (result.code, result.err) == (
        1,
        "kith: people/ada.md: cannot write (Permission denied); nothing was changed\n",
    )
    assert (folder / "ada.md").read_text() == ADA
