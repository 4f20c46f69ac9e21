"""`kith init`: a vault of one's own, in a folder of its own, optionally its own git repository."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...project import ProjectError, commit_vault, create_vault, git_repository_of
from ..common import Sub, add_parser, completes
from ..session import Session, UserError


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add `init`."""
    init = add_parser(
        sub,
        common,
        "init",
        "start a vault of your own",
        "Write mkdocs.yml (the kith plugin, a theme that asks no other site for anything, the "
        "manual as Help pages), .gitignore, docs/ and an empty people/ into DIR (default: the "
        "current folder, made if missing). Nothing is overwritten: if any of them is there "
        "already, nothing is written. --git also makes DIR a git repository and commits them.",
        ("kith init ~/network --git", "kith init"),
    )
    completes(
        init.add_argument("folder", nargs="?", default=".", metavar="DIR", help="default: ."),
        "dir",
    )
    init.add_argument(
        "--git", action="store_true", help="run git init in DIR and commit the new files"
    )
    init.set_defaults(run=run_init)


def run_init(session: Session) -> int:
    """Write the vault's files; with --git, make the repository and the first commit."""
    folder = Path(session.args.folder)
    try:
        if session.args.git:
            _refuse_nested_repository(folder)
        written = create_vault(folder)
    except ProjectError as exc:
        raise UserError(str(exc)) from None
    print(f"kith: a new vault in {folder}: {', '.join(written)}, people/", file=session.out)
    if session.args.git:
        try:
            commit_vault(folder, written)
        except ProjectError as exc:
            raise UserError(f"{exc}; the files are written: commit them yourself") from None
        print(
            f"kith: {folder} is now a git repository; the first commit holds them", file=session.out
        )
    where = "" if folder == Path(".") else f"cd {folder} && "
    print(
        f'next: {where}kith new "Full Name" --circle friend --strength 3, then mkdocs serve',
        file=session.out,
    )
    return 0


def _refuse_nested_repository(folder: Path) -> None:
    top = git_repository_of(folder)
    if top is not None:
        raise ProjectError(
            f"{folder} is already inside the git repository {top}; nothing was written "
            "(run kith init without --git and commit the files there)"
        )
