from pathlib import Path

from conftest import REPO, build_site, make_project, run_kith


def test_the_demo_vault_checks_clean() -> None:
    result = run_kith("check", "--strict", cwd=REPO)
    assert result.code == 0, result.err
    assert "40 contacts, 0 errors, 0 warnings" in result.out


def test_a_fixture_project_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": "---\nname: Ada Lovelace\n---\nNotes.\n"})
    site = build_site(project)
    assert "Ada Lovelace" in (site / "people" / "ada" / "index.html").read_text()
