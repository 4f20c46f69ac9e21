"""The manual: a README that stays short, and the Help pages the site publishes when asked."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import (
    HELP,
    MKDOCS_YML,
    REPO,
    Result,
    build_site,
    copy_vault,
    fenced_blocks,
    run_kith,
    with_kith_lines,
)
from mkdocs.exceptions import Abort
from test_links import broken_links

from generator.cli.parser import build_parser
from generator.settings import SettingsError, settings_from_mapping

HELP_YML = with_kith_lines(MKDOCS_YML.format(today="2026-11-25"), "      help: true\n")
KITH_NAV = [".", "targets/", "follow-ups/", "reconnect/", "intro-paths/", "connectors/"]
KITH_NAV += ["network/", "dead-ends/", "people/", "tags/"]
ORDER = ["index", "site", "format", "commands", "exchange", "capture", "settings", "hosting"]
ORDER += ["performance"]
HELP_NAV = ["help/" if name == "index" else f"help/{name}/" for name in ORDER]
MANUAL = {path.stem: path.read_text(encoding="utf-8") for path in HELP.glob("*.md")}


def with_help(root: Path) -> Path:
    """A copy of the basic vault whose mkdocs.yml turns the Help pages on."""
    project = copy_vault("basic", root)
    (project / "mkdocs.yml").write_text(HELP_YML)
    return project


@pytest.fixture(scope="module")
def help_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(with_help(tmp_path_factory.mktemp("help") / "project"))


def nav_links(site: Path) -> list[str]:
    home = (site / "index.html").read_text(encoding="utf-8")
    return re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)


def subcommands() -> list[str]:
    """Every subcommand `kith --help` lists, in its order."""
    listed = re.findall(r"^    ([a-z]+) ", build_parser().format_help(), flags=re.MULTILINE)
    assert len(listed) >= 17
    return listed


def test_with_help_on_the_nav_has_a_help_section_after_kiths_pages(help_site: Path) -> None:
    assert nav_links(help_site) == KITH_NAV + HELP_NAV
    home = (help_site / "index.html").read_text(encoding="utf-8")
    section = home[home.index('<a href="tags/"') :]
    assert re.search(r'<span class="md-ellipsis">\s*Help\s*</span>', section)
    for path in HELP_NAV:
        assert (help_site / path / "index.html").is_file(), path


def test_the_help_pages_are_the_manual_with_its_links_between_pages(help_site: Path) -> None:
    assert broken_links(help_site) == []
    index = (help_site / "help" / "index.html").read_text(encoding="utf-8")
    assert '<h1 id="how-kith-works">How Kith works</h1>' in index
    for page in HELP_NAV[1:]:
        assert f'href="{page.removeprefix("help/")}"' in index, page
    commands = (help_site / "help" / "commands" / "index.html").read_text(encoding="utf-8")
    assert 'href="../hosting/#checks-before-every-commit"' in commands
    hosting = (help_site / "help" / "hosting" / "index.html").read_text(encoding="utf-8")
    assert 'id="checks-before-every-commit"' in hosting
    assert "{{" in MANUAL["hosting"] and "${{ secrets.KITH_DEPLOY_KEY }}" in hosting  # no Jinja


def test_the_help_pages_carry_the_private_head(help_site: Path) -> None:
    for path in HELP_NAV:
        html = (help_site / path / "index.html").read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert '<meta name="robots" content="noindex, nofollow">' in head, path
        assert 'http-equiv="Content-Security-Policy" content="default-src \'self\'' in head, path


def test_by_default_the_site_has_no_help(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "project")
    site = build_site(project)
    assert nav_links(site) == KITH_NAV
    assert not (site / "help").exists()
    out = tmp_path / "out"
    assert run_kith("generate", "--out", str(out), cwd=project).code == 0
    assert not (out / "help").exists()


def test_kith_generate_writes_the_manual_as_it_is_when_help_is_on(tmp_path: Path) -> None:
    project = with_help(tmp_path / "project")
    out = tmp_path / "out"
    assert run_kith("generate", "--out", str(out), cwd=project).code == 0
    written = {p.stem: p.read_text(encoding="utf-8") for p in (out / "help").glob("*.md")}
    assert written == MANUAL
    assert run_kith("generate", "--zensical", "--out", str(tmp_path / "z"), cwd=project).code == 0
    config = yaml.safe_load((tmp_path / "z" / "mkdocs.yml").read_text())
    titles = [MANUAL[name].partition("\n")[0].removeprefix("# ") for name in ORDER]
    assert titles[:3] == ["How Kith works", "The site", "Contact format"]
    help_nav = [{title: f"help/{name}.md"} for title, name in zip(titles, ORDER, strict=True)]
    assert config["nav"][-1] == {"Help": help_nav}
    assert (tmp_path / "z" / "docs" / "help" / "settings.md").read_text() == MANUAL["settings"]


def test_help_must_be_true_or_false(tmp_path: Path) -> None:
    message = "kith setting 'help' must be true or false (got 'maybe')"
    with pytest.raises(SettingsError) as raised:
        settings_from_mapping({"help": "maybe"}, tmp_path)
    assert str(raised.value) == message
    project = copy_vault("basic", tmp_path / "project")
    (project / "mkdocs.yml").write_text(HELP_YML.replace("help: true", "help: maybe"))
    result = run_kith("check", cwd=project)
    assert (result.code, result.err) == (1, f"kith: {message}\n")
    with pytest.raises(Abort):
        build_site(project)


def test_every_help_page_is_published_and_opens_with_its_title() -> None:
    assert sorted(MANUAL) == sorted(ORDER)
    for name, text in MANUAL.items():
        assert re.match(r"# \S.*\n\n", text), name


def test_the_scripting_example_runs_on_the_demo_and_prints_what_it_says(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    [example] = fenced_blocks(HELP / "format.md", "python")
    monkeypatch.chdir(REPO)
    exec(compile(example, "format.md", "exec"), {})
    said = example.rstrip().rsplit("# ", 1)[1]
    assert capsys.readouterr().out == said + "\n"


def test_the_readme_is_short_and_its_command_table_lists_every_subcommand() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode()) < 9000
    assert re.findall(r"^\| `kith ([a-z]+)", readme, flags=re.MULTILINE) == subcommands()


def test_the_manual_lists_every_subcommand_in_its_command_table() -> None:
    rows = re.findall(r"^\| `kith ([a-z]+)", MANUAL["commands"], flags=re.MULTILINE)
    assert rows == subcommands()


def test_every_link_from_the_readme_into_the_repository_resolves() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)#]+)(?:#([^)]+))?\)", readme)
    assert len(links) > 10
    for target, anchor in links:
        assert (REPO / target).exists(), target
        if anchor:
            headings = re.findall(r"^#+ (.*)$", (REPO / target).read_text(), flags=re.MULTILINE)
            assert anchor in {_slug(h) for h in headings}, f"{target}#{anchor}"


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


# --- the examples of the README and the manual, run as written -----------------------------

TODAY = "2026-11-25"


def shell_commands(block: str) -> list[list[str]]:
    """The commands of a ```sh block as words: continuations joined, comments and `&&` split."""
    commands: list[list[str]] = []
    for line in block.replace("\\\n", " ").splitlines():
        current: list[str] = []
        for word in shlex.split(line, comments=True):
            if word == "&&":
                commands.append(current)
                current = []
            else:
                current.append(word)
        commands += [current] if current else []
    return commands


def run_examples(block: str, cwd: Path, home: Path) -> list[tuple[str, Result]]:
    """Run a block's `kith` commands in order (following its `cd`s); skip every other program."""
    ran = []
    for words in shell_commands(block):
        words = [str(home) + w[1:] if w.startswith("~") else w for w in words]
        words = words[: words.index(">")] if ">" in words else words  # the output is not kept
        if words[0] == "cd":
            cwd = cwd / words[1]
        elif words[0] == "kith":
            ran.append((shlex.join(words), run_kith(*words[1:], "--today", TODAY, cwd=cwd)))
    return ran


def demo_copy(root: Path) -> Path:
    shutil.copytree(REPO / "people", root / "people")
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    (root / "docs").mkdir()
    return root


@pytest.mark.parametrize("page", [REPO / "README.md", HELP / "index.md"])
def test_the_first_steps_run_as_written_in_an_empty_home(
    page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    for who in ("AUTHOR", "COMMITTER"):  # `kith init --git` commits
        monkeypatch.setenv(f"GIT_{who}_NAME", "Owner")
        monkeypatch.setenv(f"GIT_{who}_EMAIL", "owner@example.org")
    [block] = [b for b in fenced_blocks(page, "sh") if "kith init" in b]
    ran = run_examples(block, tmp_path, tmp_path)
    assert [c for c, r in ran if r.code != 0] == []
    assert [c.split()[1] for c, _ in ran][:3] == ["init", "new", "log"]
    ada = (tmp_path / "network" / "people" / "ada-lovelace.md").read_text(encoding="utf-8")
    assert ada.endswith("- 2026-11-24 (meet): Coffee; she asked about the pilot\n")


def test_the_editing_examples_run_as_written_on_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "true")  # `kith open` opens an editor that closes at once
    vault = demo_copy(tmp_path / "demo")
    blocks = [b for b in fenced_blocks(HELP / "commands.md", "sh") if "kith " in b]
    ran = [run for block in blocks for run in run_examples(block, vault, tmp_path)]
    assert len(ran) >= 12
    assert [(c, r.err) for c, r in ran if r.code != 0] == []
    lopez = (vault / "people" / "maria-lopez.md").read_text(encoding="utf-8")
    assert "- 2026-11-24 (meet): Lunch at Rosa's: the pilot's figures" in lopez
    okoro = (vault / "people" / "work" / "daniel-okoro.md").read_text(encoding="utf-8")
    assert "- 2026-11-24 (meet): Lunch at Rosa's: the pilot's figures" in okoro
    assert 'catherine-vance: {strength: 2, how: "same board"}' in lopez


def test_the_misspelt_slug_example_is_what_kith_says_on_the_demo(tmp_path: Path) -> None:
    said = re.search(r"`(kith: no contact matches '([^']+)'[^`]*)`", MANUAL["commands"])
    assert said is not None
    result = run_kith("path", said[2], cwd=demo_copy(tmp_path))
    assert (result.code, result.err) == (1, said[1] + "\n")


def test_every_shell_block_with_kith_in_it_is_run_by_a_test() -> None:
    # Imports and captures need their files, and the sample writes 10,000 contacts: their own
    # tests cover them.
    elsewhere = {"exchange", "capture", "performance"}
    pages = {"README": REPO / "README.md", **{n: HELP / f"{n}.md" for n in MANUAL}}
    with_kith = {
        name
        for name, path in pages.items()
        for block in fenced_blocks(path, "sh")
        if any(words[0] == "kith" for words in shell_commands(block))
    }
    assert with_kith - elsewhere == {"README", "index", "commands"}
