"""A real git repository for tests: files written, committed on known dates."""

from __future__ import annotations

import os
import subprocess
import textwrap
from pathlib import Path


def contact(name: str, *, log: str = "", **fields: object) -> str:
    """Return a contact file with these front-matter fields (Python values as YAML)."""
    lines = [f"name: {name}"]
    for key, value in fields.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        lines.append(f"{key}: {shown}")
    body = f"\n## Log\n{log}" if log else ""
    return "---\n" + "\n".join(lines) + "\n---\nNotes.\n" + body


class Repo:
    """A git repository at `root`; `commit` pins both dates (author and committer)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.git("init", "--quiet", "--initial-branch=main")

    def env(self, date: str, author_date: str | None = None) -> dict[str, str]:
        """Return an environment that ignores the machine's git config and pins the dates."""
        return {
            **os.environ,
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Owner",
            "GIT_AUTHOR_EMAIL": "owner@example.org",
            "GIT_COMMITTER_NAME": "Owner",
            "GIT_COMMITTER_EMAIL": "owner@example.org",
            "GIT_AUTHOR_DATE": f"{author_date or date}T12:00:00+00:00",
            "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00",
        }

    def git(self, *args: str, date: str = "2026-01-01", author_date: str | None = None) -> str:
        done = subprocess.run(
            ("git", *args),
            cwd=self.root,
            env=self.env(date, author_date),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()

    def move(self, old: str, new: str) -> None:
        (self.root / new).parent.mkdir(parents=True, exist_ok=True)
        (self.root / old).rename(self.root / new)

    def commit(self, date: str, message: str = "edit", author_date: str | None = None) -> None:
        """Commit everything in the work tree, dated `date` (author: `author_date` or `date`)."""
        self.git("add", "--all", date=date)
        self.git(
            "commit", "--quiet", "--allow-empty", "-m", message, date=date, author_date=author_date
        )


def commit_history(history: Path, project: Path, last: str = "2026-11-20") -> Repo:
    """Commit a fixture's history into `project`: each dated folder's files over people/, then
    people/ itself on `last` (see tests/vaults/method/history/README.md)."""
    repo = Repo(project)
    final = {p.name: p.read_bytes() for p in (project / "people").glob("*.md")}
    for folder in sorted(p for p in history.iterdir() if p.is_dir()):
        for name, data in final.items():
            (project / "people" / name).write_bytes(data)
        for path in folder.glob("*.md"):
            (project / "people" / path.name).write_bytes(path.read_bytes())
        repo.commit(folder.name, f"people as of {folder.name}")
    for name, data in final.items():
        (project / "people" / name).write_bytes(data)
    repo.commit(last, "people as they are now")
    return repo
