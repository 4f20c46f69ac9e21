"""The terminal adapter: parse arguments, read settings, call the library, print, exit.

Exit codes: 0 success, 1 the vault or the input is wrong (with a message), 2 usage.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TextIO

from . import __version__
from .build import VaultError
from .settings import Settings, SettingsError, read_mkdocs_settings, resolve_today


class UsageError(Exception):
    """The command line itself is wrong (exit 2)."""


class UserError(Exception):
    """The input or the vault is wrong (exit 1); the message says why."""


@dataclass
class Session:
    """What a command needs: settings, the day, and where to print."""

    args: argparse.Namespace
    out: TextIO
    err: TextIO

    @cached_property
    def settings(self) -> Settings:
        return load_settings(self.args)

    @cached_property
    def today(self) -> dt.date:
        return resolve_today(self.args.today, self.settings, os.environ, dt.date.today())


Command = Callable[[Session], int]
COMMON_DEFAULTS = {"config": None, "today": None, "debug": False}


def load_settings(args: argparse.Namespace) -> Settings:
    """Read the `kith` section of mkdocs.yml (or defaults when there is none)."""
    config = Path(args.config)
    if config.exists():
        return read_mkdocs_settings(config)
    if args.config_given:
        raise UserError(f"{config}: no such file")
    return Settings(root=Path.cwd(), people=Path.cwd() / "people")


def build_parser() -> argparse.ArgumentParser:
    """Create the parser with every subcommand."""
    # SUPPRESS: a subcommand's default must not undo `kith --debug log ...` (see COMMON_DEFAULTS).
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument(
        "-f",
        "--config",
        metavar="FILE",
        help="mkdocs.yml whose kith section holds the settings (default: ./mkdocs.yml)",
    )
    common.add_argument("--today", metavar="YYYY-MM-DD", help="count days from this date")
    common.add_argument("--debug", action="store_true", help="show a traceback on errors")
    parser = argparse.ArgumentParser(
        prog="kith",
        description="Kith: your network as Markdown files, a private site and a terminal tool.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"kith {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from .commands import register_all  # the commands import this module's Session

    register_all(sub, common)
    return parser


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the `kith` command line and return its exit code."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0) if isinstance(exc.code, int) else 2
    for name, default in COMMON_DEFAULTS.items():
        if not hasattr(args, name):
            setattr(args, name, default)
    if not getattr(args, "run", None):
        parser.print_help(out)
        return 2
    args.config_given = args.config is not None
    args.config = args.config or "mkdocs.yml"
    session = Session(args, out, err)
    try:
        return int(args.run(session))
    except VaultError as exc:
        for problem in exc.problems:
            print(problem, file=err)
        count = len(exc.problems)
        print(f"kith: {count} problem{'s' if count != 1 else ''}; nothing was written", file=err)
        return 1
    except (UserError, SettingsError) as exc:
        if args.debug:
            traceback.print_exc(file=err)
        print(f"kith: {exc}", file=err)
        return 1
    except UsageError as exc:
        print(f"kith: {exc}", file=err)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`kith agenda | head`): what it read is all it wanted.
        _silence_stdout()
        return 0
    except Exception:
        if args.debug:
            raise
        traceback.print_exc(file=err)
        print(
            "kith: internal error (a bug in Kith, please report it with the trace above)", file=err
        )
        return 3


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
