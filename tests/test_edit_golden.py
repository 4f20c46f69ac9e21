"""Each edit command on a file with comments, CRLF and a BOM, compared byte for byte.

The fixture vault is tests/vaults/edit; the expected file after each command is under
tests/golden/edit/<case>/. Regenerate with KITH_UPDATE_GOLDEN=1 and review the diff like code.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import VAULTS, copy_vault, run_kith

GOLDEN = Path(__file__).resolve().parent / "golden" / "edit"
UPDATE = os.environ.get("KITH_UPDATE_GOLDEN") == "1"

CASES = {
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


def snapshot(people: Path) -> dict[str, bytes]:
    return {p.relative_to(people).as_posix(): p.read_bytes() for p in sorted(people.rglob("*.md"))}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_edit_command_changes_one_file_as_the_golden_file_shows(
    tmp_path: Path, case: str
) -> None:
    project = copy_vault("edit", tmp_path / "project")
    before = snapshot(project / "people")

    result = run_kith(*CASES[case], "--today", "2026-11-25", cwd=project)

    assert result.code == 0, result.err
    after = snapshot(project / "people")
    changed = {rel for rel in after if before.get(rel) != after[rel]}
    assert len(changed) == 1, f"{case} changed {sorted(changed)}"
    rel = changed.pop()
    golden = GOLDEN / case / rel
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(after[rel])
    assert after[rel] == golden.read_bytes(), f"people/{rel} differs from {golden}"


def test_the_fixture_really_has_a_bom_crlf_comments_and_a_missing_final_newline() -> None:
    ada = (VAULTS / "edit" / "people" / "ada-lovelace.md").read_bytes()
    assert ada.startswith(b"\xef\xbb\xbf---\r\n")
    assert ada.count(b"\n") == ada.count(b"\r\n")
    assert b"# as on her card" in ada
    assert not (VAULTS / "edit" / "people" / "mary-somerville.md").read_bytes().endswith(b"\n")
