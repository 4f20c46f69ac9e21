"""`kith capture SOURCE PATH…`: interactions from calendars, mail, chats, calls and notes."""

from __future__ import annotations

import argparse
import zoneinfo
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from ...analysis.identity import index_identities
from ...analysis.phrases import plural
from ...build import VaultError, load_checked
from ...capture.context import Context
from ...capture.ledger import FILE_NAME, read_ledger
from ...capture.matching import Matcher, Stranger
from ...capture.plan import CapturePlan, plan_capture
from ...capture.seen import fingerprint, read_seen
from ...capture.sources import SOURCES, read_sources, total_size
from ...capture.touches import CaptureInputError, Findings, Owner, Window
from ...edit.batch import WriteError, apply_changes
from ...settings import SettingsError, check_timezone, parse_today
from ..common import add_parser, completes
from ..session import Session, UsageError, UserError

_PROGRESS_FROM = 32 << 20  # bytes; smaller sources are read before a bar would be seen


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `capture`."""
    cap = add_parser(
        sub,
        common,
        "capture",
        "add interactions from calendars, mail, chats, calls and notes to the log",
        "Read exports you already have (.ics calendars, mbox or Maildir mail, WhatsApp and "
        "Telegram chats, an Android phone's calls and texts, your Markdown notes) and add one "
        "log entry per meeting, call, or contact and day of messages. Safe to run again: what "
        "was captured is remembered in kith-captured.txt. All or nothing.",
        [
            "kith capture calendar calendar.ics --dry-run",
            "kith capture mail ~/Mail/archive.mbox --since 2026-01-01 --unknown",
            "kith capture whatsapp 'WhatsApp Chat with Ada Lovelace.txt'",
        ],
    )
    cap.add_argument("source", choices=tuple(SOURCES), help="what kind of export PATH is")
    completes(
        cap.add_argument("paths", nargs="*", metavar="PATH", help="files or folders to read"),
        "file",
    )
    cap.add_argument("--dry-run", action="store_true", help="show what each contact would gain")
    cap.add_argument("--since", metavar="YYYY-MM-DD", help="leave out what came before this day")
    cap.add_argument("--until", metavar="YYYY-MM-DD", help="leave out what came after this day")
    cap.add_argument(
        "--unknown", action="store_true", help="list the people you talk to who are not contacts"
    )
    cap.add_argument(
        "--no-subjects",
        action="store_true",
        help="leave mail subjects and meeting summaries out of the entries",
    )
    cap.set_defaults(run=run_capture)


def run_capture(session: Session) -> int:
    """Read the sources, plan every entry, print it, and (unless --dry-run) write it."""
    args, settings = session.args, session.settings
    loaded = load_checked(settings)
    for problem in loaded.warnings:
        print(problem, file=session.err)
    paths = [Path(p) for p in args.paths] or _default_paths(args.source, session)
    ctx = _context(session)
    seen = read_seen(settings.cache_dir, fingerprint(args.source, ctx, loaded.vault))
    try:
        with _progress(session, total_size(paths)) as step:
            found = read_sources(args.source, paths, _with_step(ctx, step), seen.unchanged)
        ledger = read_ledger(settings.root)
        matcher = Matcher(loaded.vault, index_identities(loaded.vault, settings.default_region))
        plan = plan_capture(
            args.source, found.files, loaded.vault, settings.root, ledger, matcher, session.today
        )
    except CaptureInputError as exc:
        raise VaultError(tuple(exc.problems)) from None
    for problem in found.problems:
        print(problem, file=session.err)
    _print_plan(plan, args.dry_run, session)
    if not args.dry_run:
        try:
            apply_changes(plan.changes, doing="capturing")
        except WriteError as exc:
            raise UserError(str(exc)) from None
        try:
            ledger.save()
        except OSError as exc:
            raise UserError(
                f"{FILE_NAME}: cannot write ({exc.strerror}); the entries were written, and "
                "running capture again will not add them twice"
            ) from None
        if not found.problems:  # a file with problems is read again, and they are shown again
            seen.remember(found.read)
    print(_summary(plan, found, args.dry_run, args.unknown), file=session.out)
    return 0


def _default_paths(source: str, session: Session) -> list[Path]:
    if source == "notes" and session.settings.notes:
        return list(session.settings.notes)
    hint = " (or list folders in the 'notes' setting)" if source == "notes" else ""
    raise UsageError(f"capture {source}: give the files or folders to read{hint}")


def _context(session: Session) -> Context:
    """The run's window, owner and limits; the time zone is read here, at the edge."""
    args, settings = session.args, session.settings
    try:
        since = parse_today(args.since, "--since") if args.since else None
        until = parse_today(args.until, "--until") if args.until else None
    except SettingsError as exc:
        raise UsageError(str(exc)) from None
    if since and until and since > until:
        raise UsageError(f"--since {since} is after --until {until}")
    window = Window(session.today, zoneinfo.ZoneInfo(_zone_name(settings.timezone)), since, until)
    owner = Owner.from_settings(settings.me, settings.default_region)
    return Context(window, owner, settings.root, settings.max_recipients, not args.no_subjects)


def _zone_name(setting: str | None) -> str:
    """The `timezone` setting, else the system's time zone (UTC when it cannot be told)."""
    if setting:
        return setting
    import tzlocal

    try:
        return check_timezone(tzlocal.get_localzone_name(), "the system's time zone")
    except (SettingsError, LookupError, OSError, ValueError):
        return "UTC"


def _with_step(ctx: Context, step: Callable[[int], None]) -> Context:
    return Context(ctx.window, ctx.owner, ctx.root, ctx.max_people, ctx.subjects, step)


def _print_plan(plan: CapturePlan, dry_run: bool, session: Session) -> None:
    out = session.out
    if dry_run:
        current = ""
        for gain in sorted(plan.gains, key=lambda g: (g.slug, g.date)):
            if gain.slug != current:
                current = gain.slug
                print(f"{gain.slug}:", file=out)
            print(f"  + {gain.line}", file=out)
    for stranger in plan.ambiguous:
        both = " and ".join(stranger.slugs)
        print(
            f"ambiguous {_who(stranger)} is {both}: not captured "
            f"({plural(stranger.count, 'time')}; give one of them another address or name)",
            file=out,
        )
    if session.args.unknown and plan.unknown:
        print("Not in the vault, most frequent first:", file=out)
        for stranger in plan.unknown:
            print(f"{stranger.count:>6}  {_who(stranger)}  {_new_line(stranger)}", file=out)


def _who(stranger: Stranger) -> str:
    handle = stranger.handle
    if handle.kind == "name" or handle.kind == "slug":
        return handle.value
    return f"{handle.label} <{handle.value}>" if handle.label else handle.value


def _new_line(stranger: Stranger) -> str:
    handle = stranger.handle
    name = handle.label or (handle.value if handle.kind in ("name", "slug") else "NAME")
    quoted = "'" + name.replace("'", "'\\''") + "'"
    if handle.kind in ("email", "phone"):
        return f"kith new {quoted} --{handle.kind} {handle.value}"
    return f"kith new {quoted}"


def _summary(plan: CapturePlan, found: Findings, dry_run: bool, listed: bool) -> str:
    contacts = len({g.slug for g in plan.gains})
    entries = f"{plural(len(plan.gains), 'entry', 'entries')} for {plural(contacts, 'contact')}"
    parts = [f"dry run: {entries} would be written" if dry_run else f"{entries} written"]
    if plan.known:
        parts.append(f"{plan.known} already captured")
    if plan.logged:
        parts.append(f"{plan.logged} already in the log")
    if found.skipped:
        left = ", ".join(f"{why} ({n})" for why, n in sorted(found.skipped.items()))
        parts.append(f"left out: {left}")
    if found.problems:
        parts.append(f"{plural(len(found.problems), 'warning')} (see above)")
    if found.unchanged:
        parts.append(f"unchanged since the last capture: {plural(len(found.unchanged), 'file')}")
    if plan.unknown:
        who = plural(len(plan.unknown), "person", "people")
        hint = "" if listed else " (--unknown lists them)"
        parts.append(f"{who} not in the vault{hint}")
    return "kith: " + "; ".join(parts)


@contextmanager
def _progress(session: Session, total: int) -> Iterator[Callable[[int], None]]:
    """A progress bar on a terminal for long reads; elsewhere, nothing."""
    if total < _PROGRESS_FROM or not session.err.isatty():
        yield lambda done: None
        return
    with Progress(console=Console(file=session.err), transient=True) as bar:
        task = bar.add_task("Reading", total=total)
        yield lambda done: bar.advance(task, done)
