"""What every command gets: the parsed arguments, the settings, the day, where to print."""

from __future__ import annotations

import argparse
import datetime as dt
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TextIO

from ..settings import Settings, read_mkdocs_settings, resolve_today


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


class UserError(Exception):
    """The input or the vault is wrong (exit 1); the message says why."""


@dataclass
class Session:
    """What a command needs: settings, the day, where to print, and the parser it came from."""

    args: argparse.Namespace
    out: TextIO  # for people: control characters are shown, not obeyed (`terminal.py`)
    err: TextIO
    parser: argparse.ArgumentParser
    # What a command made that lives as long as the session (`keep`).
    kept: list[object] = field(default_factory=list)

    def keep(self, *values: object) -> None:
        """Keep what a command made (a loaded vault, its pages) until the session ends.

        The `kith` command keeps its session until the process leaves (`cli.run`), so these
        are never freed object by object: at 10,000 contacts freeing what `kith generate`
        made took about 45 ms after the work was done.
        """
        self.kept.extend(values)

    @property
    def data_out(self) -> TextIO:
        """Standard output as it is, for data: an export, a completion script, JSON."""
        raw: TextIO = getattr(self.out, "raw", self.out)
        return raw

    @property
    def raw_err(self) -> TextIO:
        """Standard error as it is, for a progress bar that draws with escape sequences."""
        raw: TextIO = getattr(self.err, "raw", self.err)
        return raw

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.args)

    @cached_property
    def today(self) -> dt.date:
        return resolve_today(self.args.today, self.settings, os.environ, dt.date.today())


def load_settings(args: argparse.Namespace) -> Settings:
    """Read the `kith` section of mkdocs.yml (or defaults when there is none)."""
    config = Path(args.config)
    if config.exists():
        return read_mkdocs_settings(config)
    if args.config_given:
        raise UserError(f"{config}: no such file")
    return Settings(root=Path.cwd(), people=Path.cwd() / "people")
