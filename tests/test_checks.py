"""Checks where the owner runs them: GitHub annotations, the pre-commit hook, CI recipes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import HELP, REPO, fenced_blocks, make_project, run_kith
from gitrepo import Repo

BROKEN = {
    "ada.md": "---\nname: Ada\nstrength: 9\n---\n",
    "ben.md": "---\nname: Ben\nknows: [ada, cyd]\n---\n",
    "cy.md": "---\nname: Cy\ninfluence: 0\n---\n",
}


def test_github_format_prints_one_annotation_per_problem(tmp_path: Path) -> None:
    project = make_project(tmp_path, BROKEN)
    result = run_kith("check", "--format", "github", cwd=project)
    assert (result.code, result.err) == (1, "")
    assert result.out == (
        "::error file=people/ada.md,line=3::strength must be a whole number from 0 to 5 (got 9)\n"
        "::warning file=people/ben.md,line=3::knows: no contact 'ada' (tie ignored)\n"
        "::warning file=people/ben.md,line=3::knows: no contact 'cyd' (tie ignored)\n"
        "::error file=people/cy.md,line=3::influence must be a whole number from 1 to 5 (got 0)\n"
    )


def test_github_format_escapes_percent_newlines_and_property_separators(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "a,b:c.md": '---\nname: Ada\nstrength: "50%"\n---\n',
            "ben.md": '---\nname: Ben\nknows: {"x\\ny": 3}\n---\n',
        },
    )
    result = run_kith("check", "--format", "github", cwd=project)
    assert result.out == (
        "::error file=people/a%2Cb%3Ac.md,line=3::"
        "strength must be a whole number from 0 to 5 (got '50%25')\n"
        "::warning file=people/ben.md,line=3::knows: no contact 'x%0Ay' (tie ignored)\n"
    )


def test_github_format_leaves_out_the_line_when_there_is_none(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    shutil.rmtree(project / "people")
    (project / "people").write_text("")
    result = run_kith("check", "--format", "github", cwd=project)
    expected = "::error file=people::not a folder: contacts go in a folder of Markdown files\n"
    assert (result.code, result.out) == (1, expected)


def test_check_with_files_reports_only_theirs_but_fails_on_them(tmp_path: Path) -> None:
    project = make_project(tmp_path, BROKEN)
    only_ben = run_kith("check", "people/ben.md", cwd=project)
    assert (only_ben.code, only_ben.out) == (
        0,
        "people/ben.md:3: warning: knows: no contact 'ada' (tie ignored)\n"
        "people/ben.md:3: warning: knows: no contact 'cyd' (tie ignored)\n"
        "kith: 1 contact, 0 errors, 2 warnings\n",
    )
    only_ada = run_kith("check", "people/ada.md", cwd=project)
    assert (only_ada.code, only_ada.out, only_ada.err) == (
        1,
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 9)\n",
        "kith: 1 contact, 1 error, 0 warnings\n",
    )


def test_check_takes_its_options_between_the_files(tmp_path: Path) -> None:
    # argparse gave the files before an option to FILES and refused those after it.
    project = make_project(tmp_path, BROKEN)
    result = run_kith("check", "people/ben.md", "--strict", "people/ada.md", cwd=project)
    assert (result.code, result.out, result.err) == (
        1,
        "people/ada.md:3: strength must be a whole number from 0 to 5 (got 9)\n"
        "people/ben.md:3: warning: knows: no contact 'ada' (tie ignored)\n"
        "people/ben.md:3: warning: knows: no contact 'cyd' (tie ignored)\n",
        "kith: 1 contact, 1 error, 2 warnings\n",
    )


def test_check_refuses_a_file_that_does_not_exist(tmp_path: Path) -> None:
    project = make_project(tmp_path, BROKEN)
    result = run_kith("check", "nonexistent.md", "people/ben.md", "people/gone.md", cwd=project)
    assert (result.code, result.out, result.err) == (
        1,
        "",
        "kith: nonexistent.md: no such file; people/gone.md: no such file\n",
    )


def test_the_pre_commit_hook_definition_is_complete() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert [h["id"] for h in hooks] == ["kith-check"]
    hook = hooks[0]
    assert hook["entry"] == "kith check"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert re.search(hook["files"], "people/family/mom.md")
    assert not re.search(hook["files"], "docs/index.md")
    assert not re.search(hook["files"], "people/photo.jpg")


PRE_COMMIT = Path(sys.executable).parent / "pre-commit"


@pytest.mark.skipif(not PRE_COMMIT.exists(), reason="pre-commit comes with the dev extra")
def test_the_pre_commit_hook_checks_the_files_being_committed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "vault", BROKEN)
    repo = Repo(project)
    repo.git("add", "--all")
    files = ["people/ben.md", "people/cy.md"]  # ada.md has an error too, but is not committed
    command = [str(PRE_COMMIT), "try-repo", str(REPO), "kith-check", "--files", *files]
    env = {**repo.env("2026-11-25"), "PRE_COMMIT_HOME": str(tmp_path / "cache")}
    done = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True)
    assert done.returncode == 1, done.stdout + done.stderr
    assert re.search(r"^kith check\.+Failed$", done.stdout, re.MULTILINE)
    assert done.stdout.endswith(
        "people/ben.md:3: warning: knows: no contact 'ada' (tie ignored)\n"
        "people/ben.md:3: warning: knows: no contact 'cyd' (tie ignored)\n"
        "people/cy.md:3: influence must be a whole number from 1 to 5 (got 0)\n"
        "kith: 1 contact, 1 error, 2 warnings\n\n"
    )


def manual_yaml_blocks() -> list[str]:
    """The YAML blocks of the manual's page on hosting, pre-commit and CI."""
    return fenced_blocks(HELP / "hosting.md", "yaml")


def test_the_ci_recipes_in_the_manual_are_valid_yaml_that_publish_nothing() -> None:
    documents = [yaml.safe_load(block) for block in manual_yaml_blocks()]
    workflows = [d for d in documents if isinstance(d, dict) and "jobs" in d]
    daily = [w for w in workflows if "schedule" in w[True]]  # YAML 1.1 reads `on` as true
    assert len(daily) == 1
    assert "push" in daily[0][True] and daily[0][True]["schedule"][0]["cron"]
    steps = daily[0]["jobs"]["site"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    assert any(s.get("run") == "kith check --strict --format github" for s in steps)
    gitlab = [d for d in documents if isinstance(d, dict) and "kith-site" in d]
    assert len(gitlab) == 1
    assert gitlab[0]["kith-site"]["variables"]["GIT_DEPTH"] == "0"
    assert "pages" not in gitlab[0]  # the job name that publishes GitLab Pages
    text = "\n".join(manual_yaml_blocks()).lower()
    for public in ("deploy-pages", "upload-pages-artifact", "gh-pages", "netlify", "vercel"):
        assert public not in text


def test_the_ci_recipes_install_kith_as_a_package_and_silence_materials_notice() -> None:
    documents = [yaml.safe_load(block) for block in manual_yaml_blocks()]
    steps = [
        step
        for d in documents
        if isinstance(d, dict) and "jobs" in d
        for job in d["jobs"].values()
        for step in job["steps"]
    ]
    builds = [s for s in steps if "mkdocs build" in s.get("run", "")]
    assert len(builds) == 2
    assert all(s["env"]["NO_MKDOCS_2_WARNING"] == "1" for s in builds)
    gitlab = next(d for d in documents if isinstance(d, dict) and "kith-site" in d)
    assert gitlab["kith-site"]["variables"]["NO_MKDOCS_2_WARNING"] == "1"
    # A vault is a repository of its own: Kith comes from elsewhere, not from `pip install .`.
    assert "pip install ." not in "\n".join(manual_yaml_blocks())


def test_the_pre_commit_config_in_the_manual_names_the_hook() -> None:
    configs = [d for d in map(yaml.safe_load, manual_yaml_blocks()) if "repos" in (d or {})]
    assert [h["id"] for c in configs for r in c["repos"] for h in r["hooks"]] == ["kith-check"]
