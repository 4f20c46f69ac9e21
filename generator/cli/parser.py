"""The `kith` argument parser: common options, then every subcommand."""

from __future__ import annotations

import argparse
import re
from collections.abc import Sequence
from typing import cast

from .. import __version__
from .commands import MODULES, OWNERS, register_all

COMMON_DEFAULTS = {"config": None, "today": None, "debug": False}
# Options whose value may start with a dash (`--date -3d`), which argparse takes for an option.
_DASHED_VALUES = {"--date": "=", "-d": ""}
_DASHED = re.compile(r"-\d+[a-z]\Z")
_VALUED = {"-f", "--config", "--today"}  # the common options that take the next word


def attach_dashed_values(argv: Sequence[str]) -> list[str]:
    """Write `--date -3d` as `--date=-3d` (and `-d -3d` as `-d-3d`) so argparse reads a value."""
    words = list(argv)
    joined: list[str] = []
    while words:
        word = words.pop(0)
        if word in _DASHED_VALUES and words and _DASHED.match(words[0]):
            word += _DASHED_VALUES[word] + words.pop(0)
        joined.append(word)
    return joined


def modules_for(argv: Sequence[str]) -> tuple[str, ...]:
    """Return the command modules a run needs: the one of its command, or all of them.

    `kith --version` alone needs none; a word that is no command needs all, so that argparse
    can list the choices.
    """
    words = iter(argv)
    for word in words:
        if word in _VALUED:
            next(words, None)
        elif word == "--":
            break
        elif not word.startswith("-"):
            owner = OWNERS.get(word)
            return (owner,) if owner is not None else MODULES
    return () if "--version" in argv else MODULES


class _Intermixed(argparse.ArgumentParser):
    """A command's parser that takes its options anywhere among its words:
    `kith capture calendar --dry-run cal.ics` as `kith capture calendar cal.ics --dry-run`.

    A plain parser hands a command's words to its positionals in runs: `calendar` alone gives
    the kind and no PATH (it may have none), and `cal.ics` after the option is left over, an
    error. This one reads the options first, then the positionals from what is left
    (`parse_known_intermixed_args`), which calls `parse_known_args` in turn: plainly then.
    """

    _intermixing = False

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        if self._intermixing:
            return super().parse_known_args(args, namespace)
        self._intermixing = True
        try:
            return self.parse_known_intermixed_args(args, namespace)
        finally:
            self._intermixing = False


def build_parser(modules: tuple[str, ...] = MODULES) -> argparse.ArgumentParser:
    """Create the parser with the subcommands of these modules (by default every one)."""
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
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Intermixed)
    # The commands add their parsers as plain ones (`add_parser` makes _Intermixed ones).
    commands = cast("argparse._SubParsersAction[argparse.ArgumentParser]", sub)
    register_all(commands, common, modules)
    return parser
