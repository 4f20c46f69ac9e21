"""Git history on the pages: a real repository with commits on known dates."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_site, make_project, run_kith
from gitrepo import Repo, contact

from generator.vault import history as history_module
from generator.vault.history import HistoryResult, SnapshotCache, read_history
from generator.vault.load import load_vault

TODAY = "2026-11-25"


def network(root: Path) -> Repo:
    """Eleven months of a small network, with the last 30 days busy."""
    make_project(root, today=TODAY)
    repo = Repo(root)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=1, influence=3))
    repo.write("people/ben.md", contact("Ben Okafor", circle="friend", strength=3, target=True))
    repo.write("people/dan.md", contact("Dan Roe", strength=2, target=True))
    repo.write("people/eve.md", contact("Eve Ray", strength=2, target=True))
    repo.write("people/fay.md", contact("Fay Wong", strength=1))
    repo.commit("2026-01-05", "first contacts")
    repo.write(
        "people/ada.md",
        contact("Ada Lovelace", circle="colleague", strength=2, influence=3, target=True),
    )
    repo.commit("2026-03-10")
    repo.write(
        "people/ada.md",
        contact("Ada Lovelace", circle="colleague", strength=4, influence=3, target=True),
    )
    repo.commit("2026-10-02")
    repo.move("people/ada.md", "people/work/ada.md")
    repo.commit("2026-10-20", "file Ada under work")
    repo.write("people/ben.md", contact("Ben Okafor", circle="friend", strength=4, target=True))
    repo.commit("2026-11-02")
    repo.write("people/cleo.md", contact("Cleo Park", influence=5, target=True))
    repo.write("people/fay.md", contact("Fay Wong", strength=3))
    repo.commit("2026-11-10")
    repo.write("people/dan.md", contact("Dan Roe", strength=2, target=False))
    repo.commit("2026-11-15")
    repo.remove("people/eve.md")
    repo.commit("2026-11-20", "Eve moved away")
    repo.write(
        "people/work/ada.md",
        contact("Ada Lovelace", circle="colleague", strength=5, influence=3, target=True),
    )
    repo.commit("2026-11-24")
    repo.write("people/gina.md", contact("Gina Holt", target=True))
    repo.commit("2026-12-01", "after the day the site is built for")
    return repo


def generate(project: Path, out: Path) -> dict[str, str]:
    result = run_kith("generate", "--out", str(out), "--today", TODAY, cwd=project)
    assert result.code == 0, result.err
    return {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.md")}


def section(page: str, heading: str) -> str:
    start = page.index(heading)
    end = page.find("\n## ", start + len(heading))
    return page[start : end if end >= 0 else None].strip() + "\n"


def test_a_contact_page_lists_its_committed_changes_newest_first_and_when_it_was_added(
    tmp_path: Path,
) -> None:
    pages = generate(network(tmp_path / "p").root, tmp_path / "out")
    assert section(pages["people/ada.md"], "## History") == (
        "## History\n\n"
        "How this relationship moved, from the file's committed history "
        "(edits not yet committed are not in it).\n\n"
        "- strength 4 → 5 on 2026-11-24\n"
        "- strength 2 → 4 on 2026-10-02\n"
        "- joined the target list on 2026-03-10\n"
        "- circle acquaintance → colleague on 2026-03-10\n"
        "- strength 1 → 2 on 2026-03-10\n"
        "- added on 2026-01-05\n"
    )


def test_the_dashboard_shows_the_movement_of_the_last_30_days(tmp_path: Path) -> None:
    pages = generate(network(tmp_path / "p").root, tmp_path / "out")
    assert section(pages["index.md"], "## Movement of the last 30 days") == (
        "## Movement of the last 30 days\n\n"
        "From 2026-10-27 to 2026-11-25, as committed to git.\n\n"
        "### Targets whose strength rose\n\n"
        "- [Ada Lovelace](people/ada.md) — strength 4 → 5 · 2026-11-24\n"
        "- [Ben Okafor](people/ben.md) — strength 3 → 4 · 2026-11-02\n\n"
        "### Contacts added\n\n"
        "- [Cleo Park](people/cleo.md) · 2026-11-10\n\n"
        "### Joined the target list\n\n"
        "- [Cleo Park](people/cleo.md) · 2026-11-10\n\n"
        "### Left the target list\n\n"
        "- Eve Ray · 2026-11-20\n"
        "- [Dan Roe](people/dan.md) · 2026-11-15\n"
    )


def test_a_quiet_month_says_nothing_moved(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=1, target=True))
    repo.commit("2026-01-05")
    repo.write(
        "people/ada.md",
        contact("Ada Lovelace", strength=1, target=True, log="- 2026-11-20: coffee\n"),
    )
    repo.commit("2026-11-20", "a log entry, no movement")
    home = generate(project, tmp_path / "out")["index.md"]
    assert section(home, "## Movement of the last 30 days") == (
        "## Movement of the last 30 days\n\n"
        "From 2026-10-27 to 2026-11-25, as committed to git.\n\n"
        "Nothing moved: no target grew stronger, no contact was added, "
        "the target list stayed the same.\n"
    )


def test_a_move_into_a_sub_folder_keeps_the_history(tmp_path: Path) -> None:
    network(tmp_path / "p")
    history = read_history(tmp_path / "p" / "people").history
    assert history is not None
    ada = history.timelines["ada"]
    assert ada.added is not None and ada.added.isoformat() == "2026-01-05"
    assert [c.date.isoformat() for c in ada.changes if c.field == "present"] == ["2026-01-05"]


def test_a_removed_and_restored_contact_shows_both(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace"))
    repo.commit("2026-01-05")
    repo.remove("people/ada.md")
    repo.commit("2026-02-01")
    repo.write("people/ada.md", contact("Ada Lovelace"))
    repo.commit("2026-03-01")
    page = generate(project, tmp_path / "out")["people/ada.md"]
    assert section(page, "## History").endswith(
        "- added again on 2026-03-01\n- file removed on 2026-02-01\n- added on 2026-01-05\n"
    )


def test_uncommitted_edits_are_not_history_and_a_new_file_says_so(tmp_path: Path) -> None:
    repo = network(tmp_path / "p")
    repo.write("people/ben.md", contact("Ben Okafor", circle="friend", strength=5, target=True))
    repo.write("people/hal.md", contact("Hal Jordan"))
    pages = generate(repo.root, tmp_path / "out")
    assert "| Strength | 5 of 5 |" in pages["people/ben.md"]
    assert "- strength 3 → 4 on 2026-11-02\n- added on 2026-01-05\n" in pages["people/ben.md"]
    assert "strength 4 → 5" not in pages["people/ben.md"]
    assert section(pages["people/hal.md"], "## History") == (
        "## History\n\nNot committed yet: the history starts with the file's first commit.\n"
    )


def test_dates_are_author_dates(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=1))
    repo.commit("2026-01-05")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=2))
    repo.commit("2026-04-01", author_date="2026-03-03")  # written in March, rebased in April
    page = generate(project, tmp_path / "out")["people/ada.md"]
    assert "- strength 1 → 2 on 2026-03-03\n" in page


def test_a_version_with_a_bad_value_is_skipped_not_shown(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=1))
    repo.commit("2026-01-05")
    repo.write("people/ada.md", contact("Ada Lovelace", strength="high"))
    repo.commit("2026-02-01")
    repo.write("people/ada.md", "---\nname: [unclosed\n---\n")
    repo.commit("2026-02-02")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=3))
    repo.commit("2026-03-01")
    page = generate(project, tmp_path / "out")["people/ada.md"]
    assert section(page, "## History").endswith(
        "\n\n- strength 1 → 3 on 2026-03-01\n- added on 2026-01-05\n"
    )


def test_a_field_left_out_counts_as_its_default(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace"))
    repo.commit("2026-01-05")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=2, circle="friend"))
    repo.commit("2026-02-01")
    page = generate(project, tmp_path / "out")["people/ada.md"]
    assert "- circle acquaintance → friend on 2026-02-01\n- strength 0 → 2 on 2026-02-01\n" in page


def test_a_merge_brings_the_changes_of_its_branch_on_the_merge_date(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", today=TODAY)
    repo = Repo(project)
    repo.write("people/ada.md", contact("Ada Lovelace", strength=1))
    repo.commit("2026-01-05")
    repo.git("switch", "--quiet", "-c", "side")
    repo.write("people/ada.md", contact("Ada Lovelace", strength=3))
    repo.commit("2026-02-01")
    repo.git("switch", "--quiet", "main")
    repo.write("people/ben.md", contact("Ben Okafor"))
    repo.commit("2026-02-05")
    repo.git("merge", "--quiet", "--no-ff", "-m", "merge side", "side", date="2026-02-10")
    history = read_history(project / "people").history
    assert history is not None and history.commits == 3
    ada = history.timelines["ada"]
    assert [(c.date.isoformat(), c.old, c.new) for c in ada.shown] == [("2026-02-10", 1, 3)]


def test_history_runs_three_git_commands_whatever_the_number_of_contacts(
    tmp_path: Path,
) -> None:
    repo = network(tmp_path / "p")
    trace = tmp_path / "trace"
    code = (
        "import sys, pathlib, generator.vault.history as h\n"
        "assert h.read_history(pathlib.Path(sys.argv[1])).history"
    )
    env = {**repo.env(TODAY), "GIT_TRACE": str(trace)}
    subprocess.run([sys.executable, "-c", code, str(repo.root / "people")], env=env, check=True)
    commands = [
        line.split("trace: built-in: git ")[1].split()[0]
        for line in trace.read_text().splitlines()
        if "trace: built-in: git " in line
    ]
    # The log starts beside the check whether the repository is shallow: in either order.
    assert sorted(commands[:2]) == ["log", "rev-parse"]
    assert commands[2:] == ["cat-file"]


def shallow_clone(tmp_path: Path) -> tuple[Repo, Path]:
    """A repository of the network, and a clone of its last commit only (`--depth 1`)."""
    repo = network(tmp_path / "p")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "--quiet", "--depth", "1", f"file://{repo.root}", str(clone)],
        env=repo.env(TODAY),
        check=True,
    )
    return repo, clone


def test_a_log_started_beside_the_check_is_stopped_when_the_check_says_no(tmp_path: Path) -> None:
    repo, clone = shallow_clone(tmp_path)
    outside = tmp_path / "outside" / "people"
    outside.mkdir(parents=True)
    # A git process left running, or never waited for, is a ResourceWarning when its Popen goes.
    code = (
        "import sys, pathlib, gc, generator.vault.history as h\n"
        "for folder in sys.argv[1:]:\n"
        "    print(h.read_history(pathlib.Path(folder)).reason)\n"
        "gc.collect()\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-X",
            "dev",
            "-W",
            "error",
            "-c",
            code,
            str(clone / "people"),
            str(outside),
        ],
        env={**repo.env(TODAY), "GIT_CEILING_DIRECTORIES": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.splitlines() == [
        "the repository is a shallow clone (fetch the whole history: fetch-depth: 0 on GitHub, "
        "GIT_DEPTH: 0 on GitLab)",
        "the contacts folder is not in a git repository",
    ]


def test_outside_git_the_pages_omit_the_history_and_the_build_log_says_why(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path / "p", {"ada.md": contact("Ada Lovelace")}, today=TODAY)
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.kith"):
        site = build_site(project)
    assert (
        "kith: pages without git history: the contacts folder is not in a git repository"
        in caplog.messages
    )
    assert "History" not in (site / "people" / "ada" / "index.html").read_text()
    assert "Movement" not in (site / "index.html").read_text()


def test_outside_git_reading_again_says_why_as_the_first_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `mkdocs serve` asks again after each edit, in one git process where it can; outside a
    # repository that one fails and the questions are asked apart, to say what git said.
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    project = make_project(tmp_path / "p", {"ada.md": contact("Ada Lovelace")}, today=TODAY)
    first = read_history(project / "people")
    again = read_history(project / "people", first)
    outside = "the contacts folder is not in a git repository"
    assert (again.history, again.reason) == (None, outside)
    assert first.reason == again.reason


def test_a_shallow_clone_omits_the_history_and_says_how_to_fetch_it(tmp_path: Path) -> None:
    _, clone = shallow_clone(tmp_path)
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=clone)
    assert result.code == 0
    assert result.err == (
        "kith: pages without git history: the repository is a shallow clone (fetch the whole "
        "history: fetch-depth: 0 on GitHub, GIT_DEPTH: 0 on GitLab)\n"
    )
    assert "## History" not in (tmp_path / "out" / "people" / "ada.md").read_text()
    # Read again, as `mkdocs serve` does after each edit (one git process asks both questions):
    # still the same answer.
    once = read_history(clone / "people")
    again = read_history(clone / "people", once)
    assert once.history is again.history is None
    assert again.reason == once.reason and "shallow clone" in once.reason


def test_without_git_installed_the_build_still_works(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = network(tmp_path / "p")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=repo.root)
    assert (result.code, result.err) == (
        0,
        "kith: pages without git history: git is not installed\n",
    )


def test_a_repository_without_commits_is_no_error(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"ada.md": contact("Ada Lovelace")}, today=TODAY)
    Repo(project)
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert (result.code, result.err) == (
        0,
        "kith: pages without git history: the repository has no commits yet\n",
    )


def test_the_history_setting_turns_it_off(tmp_path: Path) -> None:
    repo = network(tmp_path / "p")
    yml = repo.root / "mkdocs.yml"
    yml.write_text(yml.read_text().replace("today:", "history: false\n      today:"))
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=repo.root)
    assert result.err == (
        "kith: pages without git history: turned off by the kith setting 'history: false'\n"
    )
    assert "## History" not in (tmp_path / "out" / "people" / "ada.md").read_text()
    bad = run_kith("check", cwd=repo.root)
    assert bad.code == 0
    yml.write_text(yml.read_text().replace("history: false", "history: maybe"))
    bad = run_kith("check", cwd=repo.root)
    assert (bad.code, bad.err) == (
        1,
        "kith: kith setting 'history' must be true or false (got 'maybe')\n",
    )


def test_the_history_shows_on_the_built_site(tmp_path: Path) -> None:
    site = build_site(network(tmp_path / "p").root)
    ada = (site / "people" / "ada" / "index.html").read_text()
    assert "<li>strength 2 → 4 on 2026-10-02</li>" in ada
    home = (site / "index.html").read_text()
    assert '<a href="people/ben/">Ben Okafor</a> — strength 3 → 4 · 2026-11-02' in home


def test_the_history_counts_as_contacts_exactly_the_files_the_loader_reads(tmp_path: Path) -> None:
    make_project(tmp_path, today=TODAY)
    repo = Repo(tmp_path)
    files = {
        "people/ada.md": True,
        "people/family/mom.md": True,
        "people/v1.2.md": True,
        "people/.draft.md": False,
        "people/.obsidian/workspace.md": False,
        "people/family/.trash/old.md": False,
        "people/notes.txt": False,
        "people/README.MD": False,
    }
    for rel in files:
        repo.write(rel, contact(Path(rel).stem.title()))
    repo.commit("2026-01-05")
    loaded = {p.slug for p in load_vault(tmp_path / "people", tmp_path).vault.people}
    history = read_history(tmp_path / "people").history
    assert history is not None
    assert set(history.timelines) == loaded == {"ada", "mom", "v1.2"}


def test_reading_again_at_the_same_commit_keeps_what_was_read(tmp_path: Path) -> None:
    # `mkdocs serve` reads again after every edit; most edits commit nothing.
    repo = network(tmp_path / "p")
    people = tmp_path / "p" / "people"
    once = read_history(people)
    assert once.read_at == ("", "")  # a command that reads once does not ask for the commit
    first = read_history(people, once)
    head = repo.git("rev-parse", "HEAD").strip()
    assert first.history is not None and first.read_at == (str(people.resolve()), head)
    started: list[tuple[str, ...]] = []
    start = history_module._start

    def counted(cwd: Path, *args: str) -> subprocess.Popen[bytes]:
        started.append(args)
        return start(cwd, *args)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(history_module, "_start", counted)
        assert read_history(people, first) is first
    # One git process asks both whether the clone is shallow and which commit HEAD names.
    assert started == [("rev-parse", "--is-shallow-repository", "-q", "--verify", "HEAD")]
    repo.write("people/fay.md", contact("Fay Wong", strength=5))  # not committed: no change
    assert read_history(people, first) is first
    repo.commit("2026-11-22")
    again = read_history(people, first)
    assert again is not first and again.history is not None
    fay = again.history.timelines["fay"]
    assert [c.date.isoformat() for c in fay.changes if c.field == "strength"][-1] == "2026-11-22"
    assert read_history(people, again) is again
    elsewhere = tmp_path / "q"
    repo.git("clone", "--quiet", str(tmp_path / "p"), str(elsewhere))
    # Another folder at the same commit is read anew: the key is the folder and the commit.
    other = read_history(elsewhere / "people", again)
    assert other is not again and other.read_at[1] == again.read_at[1]


def test_a_repository_with_no_commit_yet_says_so_when_read_again(tmp_path: Path) -> None:
    make_project(tmp_path / "p", today=TODAY)
    Repo(tmp_path / "p")
    people = tmp_path / "p" / "people"
    first = read_history(people)
    assert (first.history, first.reason) == (None, "the repository has no commits yet")
    assert read_history(people, first) == first


def test_serve_reads_the_history_again_only_after_a_commit(tmp_path: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project, site = tmp_path / "p", tmp_path / "site"
    repo = network(project)
    fay = site / "people" / "fay" / "index.html"

    def rebuild() -> None:  # as `mkdocs serve --dirtyreload` does after each change
        again = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        build(again, serve_url="http://127.0.0.1:8000/", dirty=True)

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=True)
    try:
        build(config, serve_url="http://127.0.0.1:8000/", dirty=True)
        plugin = config.plugins["kith"]
        rebuild()  # this one asks for the commit too
        first = plugin.prior.history
        assert first.history is not None and first.read_at[1]
        repo.write("people/fay.md", contact("Fay Wong", strength=5))  # not committed
        rebuild()
        assert plugin.prior.history is first
        page = fay.read_text(encoding="utf-8")
        assert "<td>5 of 5</td>" in page
        repo.commit("2026-11-22")
        rebuild()
        assert plugin.prior.history is not first
        assert fay.read_text(encoding="utf-8") != page  # the history's strength now reaches 5
    finally:
        config.plugins.on_shutdown()


class Counted:
    """Counts the front matters parsed and records the blobs `cat-file` is asked for."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.parsed = 0
        self.asked: list[list[str]] = []
        parse, git = history_module._parse_front, history_module._git

        def parse_front(front: str) -> object:
            self.parsed += 1
            return parse(front)

        def run_git(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
            if args[:1] == ("cat-file",):
                self.asked.append((stdin or b"").decode().split())
            return git(cwd, *args, stdin=stdin)

        monkeypatch.setattr(history_module, "_parse_front", parse_front)
        monkeypatch.setattr(history_module, "_git", run_git)


def read_kept(people: Path, kept: Path) -> HistoryResult:
    """Read the history as a run does: the blobs' snapshots kept in `kept`, saved after."""
    cache = SnapshotCache(kept)
    found = read_history(people, cache=cache)
    cache.save()
    return found


def test_a_blob_read_once_is_not_streamed_or_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = network(tmp_path / "p")
    people, kept = tmp_path / "p" / "people", tmp_path / "cache" / "snapshots"
    plain = read_history(people)
    assert read_kept(people, kept) == plain
    counted = Counted(monkeypatch)
    assert read_kept(people, kept) == plain  # another run
    assert (counted.parsed, counted.asked) == (0, [])
    repo.write("people/fay.md", contact("Fay Wong", strength=5))
    repo.commit("2026-11-22")
    again = read_history(people, cache=SnapshotCache(kept))
    blob = repo.git("rev-parse", "HEAD:people/fay.md").strip()
    assert (counted.asked, counted.parsed) == ([[blob]], 1)  # only the commit's new blob
    assert again == read_history(people)  # as if read without the cache


def test_a_damaged_history_cache_is_read_past_and_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network(tmp_path / "p")
    people, kept = tmp_path / "p" / "people", tmp_path / "cache" / "snapshots"
    plain = read_history(people)
    read_kept(people, kept)
    files = sorted(kept.iterdir())
    assert files
    files[0].write_bytes(b"not marshal")
    assert read_kept(people, kept) == plain
    counted = Counted(monkeypatch)
    assert read_history(people, cache=SnapshotCache(kept)) == plain
    assert counted.asked == []  # every entry is back


def test_a_blob_a_partial_clone_lacks_is_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = network(tmp_path / "p")
    people, kept = tmp_path / "p" / "people", tmp_path / "cache" / "snapshots"
    plain = read_history(people)
    lacking = repo.git("rev-parse", "HEAD:people/fay.md").strip()
    git = history_module._git

    def partial(cwd: Path, *args: str, stdin: bytes | None = None) -> bytes:
        found = git(cwd, *args, stdin=stdin)
        if args[:1] != ("cat-file",):
            return found
        # As git answers for a blob it has not fetched: "<id> missing", no content.
        start = found.index(lacking.encode())
        size = int(found[start:].split(b"\n", 1)[0].split()[2])
        end = found.index(b"\n", start) + 1 + size + 1
        return found[:start] + lacking.encode() + b" missing\n" + found[end:]

    monkeypatch.setattr(history_module, "_git", partial)
    assert read_kept(people, kept) != plain
    monkeypatch.setattr(history_module, "_git", git)  # fetched since
    cache = SnapshotCache(kept)
    assert cache.known([lacking]) == {}
    assert read_history(people, cache=cache) == plain


def test_kith_show_keeps_the_history_read_and_shows_the_same(tmp_path: Path) -> None:
    project = tmp_path / "p"
    network(project)
    first = run_kith("show", "ada", cwd=project)
    kept = project / ".cache" / "kith" / "history-snapshots"
    assert first.code == 0 and "strength" in first.out and any(kept.iterdir())
    assert run_kith("show", "ada", cwd=project) == first
