"""A vault of one's own: the files `kith init` writes, written only where nothing stands yet.

A vault is a folder with `mkdocs.yml` (the kith plugin, a theme that asks no other site for
anything, the manual as Help pages), `docs/` for pages of one's own, `people/` for the contacts
and a `.gitignore` for what Kith and MkDocs rebuild. `people/` may be missing (git keeps no empty
folder): that is a vault with no contacts yet, and everything works on it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from .disk import write_atomic

GITIGNORE = "/site/\n/.cache/\n"
# git keeps no empty folder, and MkDocs refuses a docs_dir that does not exist; MkDocs leaves
# files whose names start with a dot out of the site.
DOCS_PLACEHOLDER = "docs/.gitkeep"
FIRST_COMMIT = "Start a Kith vault"

MKDOCS_YML = """\
# {heading}
site_name: {site_name}
docs_dir: docs            # pages of your own, if any; Kith generates the rest
site_dir: site
use_directory_urls: true

theme:
  name: material
  font: false             # no web fonts: the site asks no other site for anything
  features:
    - search.highlight
  palette:
    primary: teal

plugins:
  - search
  - tags
  - kith:
      people: people
{kith_options}
markdown_extensions:
  - tables
  - toc:
      permalink: false
"""

VAULT_OPTIONS = """\
      help: true                  # the manual as the site's Help pages
      # today: 2026-11-25         # pin the day for reproducible builds (or SOURCE_DATE_EPOCH)
      # private_fields: [email, phone, location]
      # cadence: {family: 14, friend: 30, client: 30, colleague: 60, acquaintance: 90}
"""


class ProjectError(Exception):
    """A vault could not be made; the message says why and what was left behind."""


def mkdocs_yml(heading: str, site_name: str, kith_options: str) -> str:
    """Write an mkdocs.yml for a vault: the kith plugin with these option lines, a private theme."""
    return MKDOCS_YML.format(heading=heading, site_name=site_name, kith_options=kith_options)


def vault_files() -> dict[str, str]:
    """Return every file of a new vault by relative path."""
    heading = "Your Kith vault: contacts in people/, settings in the kith section below."
    return {
        "mkdocs.yml": mkdocs_yml(heading, "Kith", VAULT_OPTIONS),
        ".gitignore": GITIGNORE,
        DOCS_PLACEHOLDER: "",
    }


def create_vault(folder: Path) -> tuple[str, ...]:
    """Write a new vault's files and `people/` into `folder`; return the files written.

    Nothing is written when any of them is there already (an empty `people/` is fine).
    """
    if folder.exists() and not folder.is_dir():
        raise ProjectError(f"{folder} is a file, not a folder; nothing was written")
    files = vault_files()
    taken = [rel for rel in [*files, "people"] if _occupied(folder / rel, rel)]
    if taken:
        listed = ", ".join(f"{folder / rel}" for rel in taken)
        raise ProjectError(f"{listed} already there; nothing was written")
    made = [f for f in (folder, folder / "docs", folder / "people") if not f.exists()]
    written: list[str] = []
    try:
        for rel, text in files.items():
            write_atomic(folder / rel, text.encode("utf-8"), exclusive=True)
            written.append(rel)
        (folder / "people").mkdir(exist_ok=True)
    except OSError as exc:
        for rel in written:
            (folder / rel).unlink(missing_ok=True)
        for made_folder in reversed(made):
            with contextlib.suppress(OSError):
                made_folder.rmdir()
        raise ProjectError(
            f"{folder}: cannot write ({exc.strerror}); nothing was written"
        ) from None
    return tuple(written)


def _occupied(path: Path, rel: str) -> bool:
    """Tell whether something stands where the vault's file goes (an empty people/ does not)."""
    if rel == "people":
        return path.is_symlink() or (path.exists() and (not path.is_dir() or any(path.iterdir())))
    return os.path.lexists(path)


def git_repository_of(folder: Path) -> Path | None:
    """Return the top of the git repository that holds `folder`, if any."""
    probe = folder if folder.is_dir() else folder.parent
    while not probe.exists():
        probe = probe.parent
    done = _git(probe, "rev-parse", "--show-toplevel")
    return Path(done.stdout.strip()) if done.returncode == 0 else None


def commit_vault(folder: Path, files: Sequence[str]) -> None:
    """Make `folder` a git repository and commit the vault's files in it."""
    for args in (
        ("init", "--quiet"),
        ("add", "--", *files),
        ("commit", "--quiet", "-m", FIRST_COMMIT),
    ):
        done = _git(folder, *args)
        if done.returncode != 0:
            said = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise ProjectError(f"git {args[0]} failed in {folder}: {said}")


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    git = shutil.which("git")
    if git is None:
        raise ProjectError("git is not installed (or not on PATH)")
    return subprocess.run([git, *args], cwd=folder, capture_output=True, text=True, check=False)
