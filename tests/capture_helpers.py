"""What the capture tests share: the capture fixture vault with its settings, and its files."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import VAULTS, make_project

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "capture"

CAPTURE_YML = """\
site_name: Capture
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - kith:
      today: {today}
      timezone: Europe/Madrid
      default_region: GB
      me:
        emails: [me@example.com, sam@home.example]
        phones: ["+34 600 111 222"]
        names: [Sam Rivera]
{extra}markdown_extensions:
  - tables
"""


def capture_project(root: Path, today: str = "2026-11-25", extra: str = "") -> Path:
    """A project holding the capture vault, with the owner's addresses and a time zone."""
    source = VAULTS / "capture" / "people"
    files = {p.name: p.read_bytes() for p in source.glob("*.md")}
    yml = CAPTURE_YML.format(today=today, extra=extra)
    return make_project(root, files, mkdocs_yml=yml)


def fixture(project: Path, name: str) -> str:
    """Copy a capture fixture into the project and return its name there."""
    shutil.copy(FIXTURES / name, project / name)
    return name


def snapshot(project: Path) -> dict[str, bytes]:
    """Every file of the project but the copied fixtures, by relative path."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted(project.rglob("*"))
        if p.is_file() and not (FIXTURES / p.name).exists()
    }


def log_of(project: Path, slug: str) -> list[str]:
    """The log lines of a contact file, as written."""
    text = (project / "people" / f"{slug}.md").read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.startswith("- ")]
