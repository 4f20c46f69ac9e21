"""`kith import` and `kith export`: bring a network in from other tools, and take it out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..build import load_checked
from ..cli import Session, UsageError, UserError
from ..exchange.csv_export import export_csv
from ..exchange.ics_export import export_follow_ups
from ..exchange.vcard_export import VERSIONS, export_vcards
from ..model import CIRCLES
from ..output import write_atomic
from ..report import analyze

EXPORTS = ("vcard", "ics", "csv")
IMPORTS = ("linkedin", "google", "vcard")


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
        help="bring contacts in from LinkedIn, Google Contacts or vCard",
        description="Read a LinkedIn Connections.csv, a Google Contacts CSV or a vCard file. "
        "A row matches an existing contact by email, then LinkedIn URL, then name; a match "
        "only fills empty fields. New people get new files. All or nothing: on any error "
        "the vault is left as it was.",
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
        text = export_vcards(vault, args.card_version or "4.0")
    else:
        report = analyze(vault, session.settings, session.today)
        if args.format == "ics":
            text = export_follow_ups(report, session.settings.site_name)
        else:
            text = export_csv(vault, report)
    if args.out is None:
        session.out.write(text)
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
    """Import a file into the vault (implemented below)."""
    raise UserError("import is not implemented yet")


def _isatty() -> bool:
    return sys.stderr.isatty()
