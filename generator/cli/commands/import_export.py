"""`kith import` and `kith export`: bring a network in from other tools, and take it out."""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from ...analysis.phrases import plural
from ...build import VaultError, analyze_kept, load_checked, open_cache
from ...disk import write_atomic
from ...edit.batch import WriteError, apply_changes
from ...exchange.csv_export import export_csv
from ...exchange.ics_export import export_follow_ups
from ...exchange.importer import read_import
from ...exchange.plan import Options, Plan, plan_import
from ...exchange.records import InputFileError
from ...exchange.vcard_export import VERSIONS, export_vcards
from ...model import CIRCLES
from ...vault.load import collector_paused
from ...vault.slugs import shown_path
from ..session import Session, UsageError, UserError

EXPORTS = ("vcard", "ics", "csv")
IMPORTS = ("linkedin", "google", "outlook", "vcard")
_PROGRESS_FROM = 200  # rows; shorter imports finish before a bar would be seen


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `import` and `export`."""
    exp = sub.add_parser(
        "export",
        parents=[common],
        help="write every contact as vCard, the follow-ups as iCalendar, or a CSV table",
        description="vcard: one card per contact (ties as RELATED). ics: one event per "
        "follow-up overdue or due in the next 30 days. csv: every contact with its computed "
        "fields. Prints to standard output unless --out is given.",
        epilog="example: kith export vcard --version 3.0 --out contacts.vcf",
    )
    exp.add_argument("format", choices=EXPORTS, help="what to write")
    exp.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")
    exp.add_argument(
        "--version",
        dest="card_version",
        choices=VERSIONS,
        default=None,
        help="vCard version (default 4.0; 3.0 for phones that want it)",
    )
    exp.add_argument("--strict", action="store_true", help="treat warnings as errors")
    exp.set_defaults(run=run_export)

    imp = sub.add_parser(
        "import",
        parents=[common],
        help="bring contacts in from LinkedIn, Google Contacts, Outlook or vCard",
        description="Read a LinkedIn Connections.csv, a Google Contacts CSV, an Outlook "
        "contacts CSV or a vCard file, in any layout they ship. A row matches an existing "
        "contact by e-mail, LinkedIn URL or phone, then by name when nothing contradicts it; "
        "a match only fills empty fields. New people get new files. All or nothing: on any "
        "error the vault is left as it was.",
        epilog="example: kith import linkedin Connections.csv --tag linkedin --dry-run",
    )
    imp.add_argument("format", choices=IMPORTS, help="what kind of file FILE is")
    imp.add_argument("file", metavar="FILE", help="the exported file")
    imp.add_argument("--dry-run", action="store_true", help="show what would change; write nothing")
    imp.add_argument("--circle", choices=CIRCLES, help="circle for the new contacts")
    imp.add_argument(
        "--tag", action="append", default=[], metavar="T", help="tag the new contacts (repeatable)"
    )
    imp.set_defaults(run=run_import)


def run_export(session: Session) -> int:
    """Write the export to --out or standard output."""
    args = session.args
    if args.card_version is not None and args.format != "vcard":
        raise UsageError("--version is only for 'kith export vcard'")
    loaded = load_checked(session.settings, args.strict)
    for problem in loaded.warnings:
        print(problem, file=session.err)
    vault = loaded.vault
    if args.format == "vcard":
        people = shown_path(session.settings.people, session.settings.root)
        text = export_vcards(vault, args.card_version or "4.0", people)
    else:
        report = analyze_kept(vault, session.settings, session.today)
        if args.format == "ics":
            text = export_follow_ups(report, session.settings.site_name)
        else:
            text = export_csv(vault, report)
    if args.out is None:
        session.data_out.write(text)
        return 0
    # Spreadsheets need the byte-order mark to read a CSV file as UTF-8.
    data = ("\ufeff" if args.format == "csv" else "") + text
    try:
        write_atomic(Path(args.out), data.encode("utf-8"))
    except OSError as exc:
        raise UserError(f"{args.out}: cannot write ({exc.strerror})") from None
    print(f"kith: wrote {args.format} to {args.out}", file=session.err)
    return 0


def run_import(session: Session) -> int:
    """Plan the import in memory, print it, and (unless --dry-run) write it all or nothing."""
    args = session.args
    settings = session.settings
    loaded = load_checked(settings, cache=open_cache(settings))
    path = Path(args.file)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"{args.file}: cannot read ({exc.strerror})") from None
    options = Options(
        args.format, session.today, args.circle, tuple(args.tag), settings.default_region
    )
    try:
        parsed = read_import(args.format, data, args.file)
        with collector_paused(), _progress(session, len(parsed.records), "Matching") as step:
            plan = plan_import(parsed, loaded.vault, settings.people, settings.root, options, step)
    except InputFileError as exc:
        # Printed like a vault's problems: every one with its file and line, then a count.
        raise VaultError(exc.problems) from None
    _print_plan(plan, args.dry_run, args.file, session)
    for warning in parsed.warnings:
        print(warning, file=session.err)
    if not args.dry_run and plan.changes:
        with _progress(session, len(plan.changes), "Writing") as step:
            try:
                apply_changes(plan.changes, step)
            except WriteError as exc:
                raise UserError(str(exc)) from None
    print(_summary(plan, args.dry_run, len(parsed.warnings)), file=session.out)
    return 0


def _print_plan(plan: Plan, dry_run: bool, source: str, session: Session) -> None:
    for outcome in plan.outcomes:
        where = f"{source}:{outcome.line}"
        if outcome.kind == "skipped":
            print(f"skipped   {where}: {outcome.detail}", file=session.out)
        elif dry_run and outcome.kind != "unchanged":
            print(f"{outcome.kind:9} {outcome.slug} ({where}, {outcome.detail})", file=session.out)
    for d in plan.differences:
        print(
            f"differs   {d.slug}: {d.field} kept {d.kept!r}; {source}:{d.line} has {d.offered!r}",
            file=session.out,
        )


def _summary(plan: Plan, dry_run: bool, warnings: int) -> str:
    counts = ", ".join(
        f"{plan.count(k)} {k}" for k in ("created", "merged", "unchanged", "skipped")
    )
    if warnings:
        counts += f", {plural(warnings, 'warning')}"
    files = len(plan.changes)
    if dry_run:
        return f"kith: {counts}; dry run: {plural(files, 'file')} would be written"
    return f"kith: {counts}; {plural(files, 'file')} written"


@contextmanager
def _progress(session: Session, total: int, label: str) -> Iterator[Callable[[], None]]:
    """Show a progress bar on a terminal for long runs; elsewhere, nothing."""
    if total < _PROGRESS_FROM or not session.err.isatty():
        yield lambda: None
        return
    console = Console(file=session.raw_err)  # it draws with escape sequences; no contact text
    # Redrawn from here, at most ten times a second: a bar that redraws itself runs a thread,
    # and a process with a thread never forks workers (`workers.processes`).
    with Progress(console=console, transient=True, auto_refresh=False) as bar:
        task = bar.add_task(label, total=total)
        drawn = [0.0]

        def step() -> None:
            bar.advance(task)
            now = time.monotonic()
            if now - drawn[0] >= 0.1:
                drawn[0] = now
                bar.refresh()

        yield step
