"""Commands that need little import little: what each run loads, not how long it takes."""

from __future__ import annotations

import argparse
import importlib
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_project
from gitrepo import contact

from generator.cli import main
from generator.cli.commands import MODULES, OWNERS
from generator.cli.parser import modules_for
from generator.cli.session import Session

HEAVY = (
    "icalendar",
    "recurring_ical_events",
    "vobject",
    "jinja2",
    "markdown_it",
    "nh3",
    "phonenumbers",
    "mkdocs",
    "generator.site",
    "generator.exchange",
    "generator.capture",
)
PROBE = """
import sys
from generator.cli import main
code = main(sys.argv[1:])
modules = sorted(sys.modules)
import json
print(json.dumps([code, modules]), file=sys.stderr)
"""


def imported(project: Path, *args: str) -> list[str]:
    """Run `kith ARGS` in a new interpreter and return the modules it imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=project, capture_output=True, text=True
    )
    code, modules = json.loads(done.stderr.strip().splitlines()[-1])
    assert code == 0, done.stderr
    return list(modules)


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("show", "ada"),
        ("log", "ada", "coffee", "--date", "2026-11-20"),
        ("find", "Ada"),
    ],
)
def test_a_command_that_needs_little_imports_no_heavy_library(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    project = make_project(tmp_path, {"ada.md": contact("Ada", strength=3)})
    modules = imported(project, *args)
    loaded = [m for m in modules if m.split(".")[0] in HEAVY or m.startswith(HEAVY)]
    assert loaded == []


@pytest.mark.parametrize(
    "args",
    [("--version",), ("show", "ada"), ("log", "ada", "coffee", "--date", "2026-11-20")],
)
def test_a_command_that_needs_little_imports_only_what_it_uses(
    tmp_path: Path, args: tuple[str, ...]
) -> None:
    # Each a few milliseconds of every start: OpenSSL (`hashlib`; Kith's digests are BLAKE2,
    # CPython's own), JSON (only for --json), difflib (only for a typo or a list edit), search.
    project = make_project(tmp_path, {"ada.md": contact("Ada", strength=3)})
    modules = imported(project, *args)
    unused = ("hashlib", "_hashlib", "json", "difflib", "generator.analysis.search")
    assert [m for m in unused if m in modules] == []


def test_kith_version_starts_without_the_pipeline(tmp_path: Path) -> None:
    # `build` (and through it the loader, the caches and git history) was imported by the
    # command line for the one exception class it catches: a fifth of `--version`'s imports.
    project = make_project(tmp_path, {"ada.md": contact("Ada", strength=3)})
    modules = imported(project, "--version")
    pipeline = ("generator.build", "generator.vault", "generator.disk", "subprocess")
    assert [m for m in modules if m.startswith(pipeline)] == []


def test_every_command_is_registered_by_the_module_that_owns_it() -> None:
    common = argparse.ArgumentParser(add_help=False)
    found = {}
    for name in MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        importlib.import_module(f"generator.cli.commands.{name}").register(sub, common)
        found.update(dict.fromkeys(sub.choices, name))
    assert found == OWNERS


def test_a_run_parses_with_the_module_of_its_command_only() -> None:
    assert modules_for(["--today", "2026-01-01", "show", "ada"]) == ("show",)
    assert modules_for(["-f", "x.yml", "agenda"]) == ("views",)
    assert modules_for(["--version"]) == ()
    assert modules_for(["--help"]) == MODULES
    assert modules_for(["no-such-command"]) == MODULES


def test_a_contact_named_by_its_slug_is_found_without_folding_names(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": contact("Ada", strength=3)})
    assert "anyascii" not in imported(project, "show", "ada")
    assert "anyascii" in imported(project, "show", "ADA")  # not a slug: names are folded


def test_generate_reads_no_package_metadata_and_checks_no_duplicates(tmp_path: Path) -> None:
    # Each took milliseconds of every `kith generate`: the versions the page cache is named by
    # are read from the names of the libraries' folders (`page_cache.library_version`).
    project = make_project(tmp_path, {"ada.md": contact("Ada", strength=3)})
    modules = imported(project, "generate", "--out", str(tmp_path / "out"))
    assert "generator.site.page_cache" in modules
    assert "importlib.metadata" not in modules
    assert "generator.analysis.duplicates" not in modules


def test_the_kith_command_runs_without_the_cyclic_collector(tmp_path: Path) -> None:
    # `run` ends the process itself; what `main` saw is printed before it does.
    probe = (
        "import gc, sys, generator.cli as cli\n"
        "cli.main = lambda hold: print(gc.isenabled(), file=sys.stderr) or 0\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "False\n")


def test_what_a_command_made_is_held_until_the_process_leaves(tmp_path: Path) -> None:
    # Freed object by object when `main` returned, what `kith generate` made at 10,000
    # contacts took about 45 ms more: `run` holds the session, which keeps it, to the end.
    probe = (
        "import sys, generator.cli as cli\n"
        "class Loud:\n"
        "    def __del__(self): print('freed', file=sys.stderr)\n"
        "def main(hold): hold.append(Loud()); return 0\n"
        "cli.main = main\n"
        "cli.run()\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    project = make_project(tmp_path / "project", {"ada.md": contact("Ada")})
    held: list[object] = []
    out = io.StringIO()
    argv = ["-f", str(project / "mkdocs.yml"), "generate", "--out", str(tmp_path / "out")]
    code = main(argv, out=out, err=io.StringIO(), hold=held)
    assert code == 0, out.getvalue()
    (session,) = held
    assert isinstance(session, Session)
    kinds = {type(value).__name__ for value in session.kept}
    assert kinds == {"Generated", "ParseCache", "PageCache"}
