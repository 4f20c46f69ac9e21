"""The manual as the site's Help pages: static Markdown shipped in `help/`, never templated."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path

HELP_DIR = "help"
HELP_TITLE = "Help"
# The pages in the order the navigation lists them: the method first, then the site it makes,
# the files it reads, the commands, and what a reader needs less often.
HELP_PAGES = (
    "index",
    "site",
    "format",
    "commands",
    "exchange",
    "capture",
    "settings",
    "hosting",
    "performance",
)


@dataclass(frozen=True, slots=True)
class HelpPage:
    """One page of the manual: its path in the site, its title (its `# ` heading), its Markdown."""

    path: str
    title: str
    text: str


def manual_folder() -> Path:
    """Return the folder of the manual's Markdown files (the repo's own when editable)."""
    return Path(str(resources.files("generator.site") / HELP_DIR))


def read_manual() -> tuple[HelpPage, ...]:
    """Read every Help page, in navigation order."""
    folder = manual_folder()
    return tuple(_read(folder, name) for name in HELP_PAGES)


def _read(folder: Path, name: str) -> HelpPage:
    text = (folder / f"{name}.md").read_text(encoding="utf-8")
    heading = text.partition("\n")[0]
    title = heading.removeprefix("# ") if heading.startswith("# ") else name
    return HelpPage(f"{HELP_DIR}/{name}.md", title, text)
