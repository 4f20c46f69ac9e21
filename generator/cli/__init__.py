"""The terminal adapter: parse arguments, read settings, call the library, print, exit.

Exit codes: 0 success, 1 the vault or the input is wrong (with a message), 2 usage.
"""

from __future__ import annotations

import gc
import os
import sys
import traceback
from collections.abc import Sequence
from typing import TextIO

from ..analysis.phrases import plural
from ..settings import SettingsError
from .parser import COMMON_DEFAULTS, attach_dashed_values, build_parser, modules_for
from .session import Session, UsageError, UserError
from .terminal import for_people

__all__ = ["main", "run"]


def main(
    argv: Sequence[str] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    hold: list[object] | None = None,
) -> int:
    """Run the `kith` command line and return its exit code.

    `hold` is a list the session is added to, for a caller that keeps what the command made
    alive until the process leaves (`run`); otherwise it is freed when `main` returns.
    """
    # Whatever is printed shows control characters from contact files instead of obeying them.
    out = for_people(out or sys.stdout)
    err = for_people(err or sys.stderr)
    words = attach_dashed_values(sys.argv[1:] if argv is None else argv)
    parser = build_parser(modules_for(words))
    try:
        args = parser.parse_args(words)
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
    session = Session(args, out, err, parser)
    if hold is not None:
        hold.append(session)
    try:
        return int(args.run(session))
    except KeyboardInterrupt:
        # Ctrl-C: every file Kith writes is written whole or not at all, so nothing is left
        # half-written; say so in a line, not a traceback.
        if args.debug:
            raise
        print("kith: interrupted", file=err)
        return 130
    except Exception as exc:
        code = _failed(exc, args.debug, err)
        if code is None:
            raise
        return code


def _failed(exc: Exception, debug: bool, err: TextIO) -> int | None:
    """Say why a command failed and return its exit code (None: raise it, for `--debug`).
    The pipeline (`build`, for VaultError) is imported only here, once a command has failed,
    so `kith --version` starts without it."""
    from ..build import VaultError

    if isinstance(exc, VaultError):
        for problem in exc.problems:
            print(problem, file=err)
        count = len(exc.problems)
        print(f"kith: {plural(count, 'problem')}; nothing was written", file=err)
        return 1
    if isinstance(exc, UserError | SettingsError):
        if debug:
            traceback.print_exception(exc, file=err)
        print(f"kith: {exc}", file=err)
        return 1
    if isinstance(exc, UsageError):
        print(f"kith: {exc}", file=err)
        return 2
    if isinstance(exc, BrokenPipeError):
        # The reader stopped early (`kith agenda | head`): what it read is all it wanted.
        _silence_stdout()
        return 0
    if debug:
        return None
    traceback.print_exception(exc, file=err)
    print("kith: internal error (a bug in Kith, please report it with the trace above)", file=err)
    return 3


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's last flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def run() -> None:
    """The `kith` command: run, flush, and leave without tearing the heap down object by object.

    A run over 10,000 contacts leaves millions of objects; freeing each one and the collector's
    last pass over them took about a second after the work was done. Everything Kith writes is
    closed before `main` returns, so only the standard streams need flushing (mypy leaves the
    same way). What a command keeps for its session (`Session.keep`) is held here until then.

    The cyclic garbage collector is off for the whole command. Loading, analysing and planning
    leave millions of objects that live until the process ends, and every collection walks all
    of them: a quarter second to half a second of `kith agenda` at 10,000 contacts, a fifth of
    its time. A command makes little cyclic garbage and ends soon; its memory is freed as soon
    as each object is unused, as before (the peaks in `make bench` are the same either way).
    """
    gc.disable()
    held: list[object] = []
    code = main(hold=held)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except BrokenPipeError:
            pass  # the reader stopped early, as in `main`
        except (OSError, ValueError):
            code = code or 1
    os._exit(code)
