"""Golden trees: the pages Kith generates for fixture vaults, and each edit command's result.

Every case compares a whole tree (`tests/golden.py`): a page added, removed or changed fails it.
Regenerate with `make golden` and review the diff like code.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import VAULTS, copy_vault, run_kith
from gitrepo import commit_history
from golden import GOLDEN, UPDATE, assert_matches_golden, read_tree

from generator.site.scripts import SCRIPTS, script_files

SITE_CASES = ("basic", "small-network", "method")

EDIT_CASES = {
    "log": (
        "log",
        "ada",
        "Sent the notes\non Menabrea's paper",
        "--give",
        "--kind",
        "email",
        "--date",
        "2026-02-01",
    ),
    "log-creates-the-section": ("log", "mary", "First letter", "--date", "2026-11-20"),
    "log-an-introduction": (
        "log",
        "ada",
        "Asked Ada to introduce me to Mary",
        "--ask",
        "--intro",
        "somerville",
        "--next",
        "2026-12-04",
        "--date",
        "2026-11-20",
    ),
    "set-strength": ("set", "ada", "strength", "4"),
    "set-keeps-quotes": ("set", "ada", "company", "Babbage & Co: London"),
    "set-tags-keeps-block-style": ("set", "lovelace", "tags", "math", "engines", "poetry"),
    "set-adds-a-field": ("set", "ada", "cadence", "30"),
    "set-name": ("set", "ada", "name", "Augusta Ada King"),
    "unset": ("unset", "ada", "company"),
    "tie-changes-strength": ("tie", "ada", "charles", "--strength", "5"),
    "tie-adds": ("tie", "ada", "mary", "--strength", "4", "--how", "letters on science"),
    "tie-removes": ("tie", "ada", "mary-somerville", "--remove"),
    "new": (
        "new",
        "María López",
        "--circle",
        "client",
        "--strength",
        "1",
        "--influence",
        "4",
        "--target",
        "--why",
        "prospect",
        "--tag",
        "healthcare",
        "--knows",
        "ada:4",
    ),
}


@pytest.mark.parametrize("case", SITE_CASES)
def test_the_generated_site_matches_its_golden_tree(tmp_path: Path, case: str) -> None:
    project = copy_vault(case, tmp_path / "project")
    if (VAULTS / case / "history").is_dir():
        commit_history(VAULTS / case / "history", project)
    out = tmp_path / "out"
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    produced = read_tree(out, skip=(".kith-manifest",))
    # The site's scripts are copies of the package's own files, the same for every vault.
    scripts = {rel: produced.pop(rel) for rel in list(produced) if rel.startswith(SCRIPTS)}
    assert scripts == {rel: text.encode() for rel, text in script_files().items()}
    assert_matches_golden(produced, case)


@pytest.mark.parametrize("case", sorted(EDIT_CASES))
def test_an_edit_command_changes_the_files_its_golden_tree_shows(tmp_path: Path, case: str) -> None:
    """The edit fixture has a BOM, CRLF, comments and a missing final newline (checked below)."""
    project = copy_vault("edit", tmp_path / "project")
    before = read_tree(project / "people")
    result = run_kith(*EDIT_CASES[case], "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    after = read_tree(project / "people")
    changed = {rel: data for rel, data in after.items() if before.get(rel) != data}
    assert_matches_golden(changed, f"edit/{case}")


def test_the_edit_fixture_really_has_a_bom_crlf_comments_and_a_missing_final_newline() -> None:
    ada = (VAULTS / "edit" / "people" / "ada-lovelace.md").read_bytes()
    assert ada.startswith(b"\xef\xbb\xbf---\r\n")
    assert ada.count(b"\n") == ada.count(b"\r\n")
    assert b"# as on her card" in ada
    assert not (VAULTS / "edit" / "people" / "mary-somerville.md").read_bytes().endswith(b"\n")


@pytest.mark.skipif(UPDATE, reason="the golden trees are being rewritten")
def test_a_page_added_or_removed_fails_the_comparison(tmp_path: Path) -> None:
    root = tmp_path / "golden"
    shutil.copytree(GOLDEN / "basic", root / "basic")
    project = copy_vault("basic", tmp_path / "project")
    out = tmp_path / "out"
    assert run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project).code == 0
    produced = read_tree(out, skip=(".kith-manifest",))
    produced = {rel: data for rel, data in produced.items() if not rel.startswith(SCRIPTS)}
    with pytest.raises(AssertionError, match=r"not golden \['people/new\.md'\]"):
        assert_matches_golden({**produced, "people/new.md": b"x"}, "basic", root)
    del produced["people/emile-zola.md"]
    with pytest.raises(AssertionError, match=r"not produced \['people/emile-zola\.md'\]"):
        assert_matches_golden(produced, "basic", root)
