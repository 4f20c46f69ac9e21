"""`kith log`, `set`, `unset`, `tie` and `open`: daily edits, each a call into `changes`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import subprocess

from ...edit.changes import (
    add_log_entry,
    remove_tie,
    set_field,
    set_tie,
    unset_field,
    value_from_text,
)
from ...edit.log import Links, format_entry
from ...edit.writer import Edited
from ...model import LOG_KINDS, Problem, Severity
from ...settings import SettingsError, parse_today
from ...vault.load import load_person
from ...vault.ties import TieError, check_strength
from ..common import Sub, add_parser, completes, load, pick, refusals, slug_argument
from ..session import Session, UsageError, UserError


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add log, set, unset, tie and open."""
    _register_log(sub, common)
    _register_set(sub, common)
    _register_tie(sub, common)
    opener = add_parser(
        sub,
        common,
        "open",
        "open a contact's file in your editor",
        "Open the contact's file in $VISUAL or $EDITOR (else vi); when the editor closes, the "
        "file is checked and any problem reported.",
        ("kith open ada", "EDITOR='code --wait' kith open lopez"),
    )
    slug_argument(opener)
    opener.set_defaults(run=run_open)


def _register_log(sub: Sub, common: argparse.ArgumentParser) -> None:
    log = add_parser(
        sub,
        common,
        "log",
        "add an entry to a contact's log",
        "Add '- DATE (tags): text' to the contact's '## Log', keeping the log in date order; "
        "the section is added at the end of the file when there is none. Line breaks in the "
        "text become spaces: an entry is one line.",
        (
            'kith log ada "Coffee; she asked about the pilot" --kind meet',
            "kith log lopez Sent the benchmark report --give --kind email --date 2026-11-20",
        ),
    )
    slug_argument(log)
    log.add_argument("text", nargs="+", metavar="TEXT", help="what happened (words are joined)")
    log.add_argument("--date", type=_date, metavar="YYYY-MM-DD", help="default: today")
    log.add_argument("--ask", action="store_true", help="you asked them for something")
    log.add_argument("--give", action="store_true", help="you did something for them")
    log.add_argument("--kind", choices=LOG_KINDS, help="how you were in touch")
    _add_step_options(log)
    log.set_defaults(run=run_log)


def _add_step_options(log: argparse.ArgumentParser) -> None:
    """Introductions and next steps: what `kith log` records beside the tags."""
    completes(
        log.add_argument(
            "--intro",
            metavar="SLUG",
            help="an introduction to SLUG: asked of them (with --ask), or how it went "
            "(with --made or --declined)",
        ),
        "slug",
    )
    outcome = log.add_mutually_exclusive_group()
    outcome.add_argument("--made", action="store_true", help="they made the introduction")
    outcome.add_argument("--declined", action="store_true", help="they declined to make it")
    completes(log.add_argument("--via", metavar="SLUG", help="SLUG introduced you to them"), "slug")
    log.add_argument(
        "--next",
        type=_date,
        metavar="YYYY-MM-DD",
        help="the next step about them is due that day (in the agenda until you log again)",
    )


def _links(session: Session) -> Links:
    """Read --intro, --made/--declined, --via and --next."""
    args = session.args
    outcome = "made" if args.made else "declined" if args.declined else ""
    if outcome and not args.intro:
        raise UsageError(f"--{outcome} says how an introduction went: give it with --intro SLUG")
    if args.intro and not (outcome or args.ask):
        raise UsageError(
            "--intro needs --ask (you asked them for the introduction) or --made or --declined "
            "(how it went); to say who introduced you to them, use --via"
        )
    slugs = {key: getattr(args, key) for key in ("intro", "via") if getattr(args, key)}
    loaded = load(session) if slugs else None
    found = {key: pick(session, query, loaded).slug for key, query in slugs.items()}
    return Links(found.get("intro", ""), outcome, found.get("via", ""), args.next)


def _register_set(sub: Sub, common: argparse.ArgumentParser) -> None:
    setter = add_parser(
        sub,
        common,
        "set",
        "change one front-matter field",
        "Set FIELD to VALUE, validated as the loader validates it; nothing else in the file "
        "changes. Numbers, true/false and dates are read as YAML reads them; tags take several "
        "values, or one with commas. Ties are changed with 'kith tie'.",
        (
            "kith set ada strength 4",
            'kith set ada company "Hospital Group"',
            "kith set ada tags healthcare procurement",
        ),
    )
    slug_argument(setter)
    completes(setter.add_argument("field", metavar="FIELD", help="e.g. strength"), "field")
    setter.add_argument("values", nargs="+", metavar="VALUE", help="the new value")
    setter.set_defaults(run=run_set)
    unset = add_parser(
        sub,
        common,
        "unset",
        "remove one front-matter field",
        "Remove FIELD from the front matter; the contact falls back to its default.",
        ("kith unset ada cadence",),
    )
    slug_argument(unset)
    completes(unset.add_argument("field", metavar="FIELD", help="e.g. cadence"), "field")
    unset.set_defaults(run=run_unset)


def _register_tie(sub: Sub, common: argparse.ArgumentParser) -> None:
    tie = add_parser(
        sub,
        common,
        "tie",
        "add, change or remove a tie between two contacts",
        "Write the tie into A's file under 'knows'. A tie is symmetric: one end is enough, and "
        "when both files declare it the stronger value counts.",
        (
            'kith tie ada ben --strength 4 --how "same board"',
            "kith tie ada ben --remove",
        ),
    )
    slug_argument(tie, "a", "A")
    slug_argument(tie, "b", "B")
    tie.add_argument("--strength", metavar="N", help="1-5 (default 3 for a new tie)")
    tie.add_argument("--how", metavar="TEXT", help="how they know each other ('' removes it)")
    tie.add_argument("--remove", action="store_true", help="remove the tie from A's file")
    tie.set_defaults(run=run_tie)


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def run_log(session: Session) -> int:
    """Append one dated entry."""
    args = session.args
    contact = pick(session, args.slug)
    date = args.date or _today(session)
    tags = [t for t, on in (("ask", args.ask), ("give", args.give)) if on]
    tags += [args.kind] if args.kind else []
    text = " ".join(args.text)
    links = _links(session)
    with refusals(session):
        edited = add_log_entry(contact.path, contact.rel, date, text, tags, links)
    print(f"{edited.rel}: {format_entry(date, text, tags, links)}", file=session.out)
    if date > _today(session):
        print(f"kith: note: {date.isoformat()} is in the future", file=session.err)
    return 0


def _today(session: Session) -> dt.date:
    """The date a new entry gets: --today, else the clock (a `today` pinned for builds is not)."""
    if session.args.today:
        try:
            return parse_today(session.args.today)
        except SettingsError as exc:
            raise UserError(str(exc)) from None
    return dt.date.today()


def run_set(session: Session) -> int:
    """Change one field."""
    args = session.args
    contact = pick(session, args.slug)
    with refusals(session):
        value = value_from_text(args.field, args.values)
        edited = set_field(contact.path, contact.rel, args.field, value)
    _report(session, edited, f"{args.field}: {' '.join(args.values)}")
    return 0


def run_unset(session: Session) -> int:
    """Remove one field."""
    args = session.args
    contact = pick(session, args.slug)
    with refusals(session):
        edited = unset_field(contact.path, contact.rel, args.field)
    if not edited.changed:
        print(f"{edited.rel}: no field '{args.field}'; nothing changed", file=session.out)
        return 0
    print(f"{edited.rel}: removed {args.field}", file=session.out)
    return 0


def run_tie(session: Session) -> int:
    """Add, change or remove the tie in A's file; say what B's file declares."""
    args = session.args
    loaded = load(session)
    a, b = pick(session, args.a, loaded), pick(session, args.b, loaded)
    with refusals(session):
        if args.remove:
            edited = remove_tie(a.path, a.rel, b.slug)
        else:
            strength = None if args.strength is None else _tie_strength(b.slug, args.strength)
            edited = set_tie(a.path, a.rel, b.slug, strength, args.how)
    tie = next((t for t in edited.person.ties if t.other == b.slug), None)
    shown = "removed" if tie is None else f"{tie.strength}" + (f" ({tie.how})" if tie.how else "")
    _report(session, edited, f"knows {b.slug}: {shown}")
    other = loaded.vault.by_slug.get(b.slug)
    back = next((t for t in other.ties if t.other == a.slug), None) if other else None
    if back is not None and args.remove:
        print(
            f"kith: note: {b.rel} still declares this tie (strength {back.strength}); "
            f"remove it there too with: kith tie {b.slug} {a.slug} --remove",
            file=session.err,
        )
    elif back is not None:
        print(
            f"kith: note: {b.rel} also declares this tie (strength {back.strength}); "
            "the stronger value counts",
            file=session.err,
        )
    return 0


def _tie_strength(other: str, text: str) -> int:
    try:
        return check_strength(other, value_from_text("strength", [text]))
    except TieError as exc:
        raise UserError(str(exc)) from None


def _report(session: Session, edited: Edited, what: str) -> None:
    suffix = "" if edited.changed else " (already so; nothing changed)"
    print(f"{edited.rel}: {what}{suffix}", file=session.out)


def run_open(session: Session) -> int:
    """Open the file in the editor, then report what the loader thinks of it."""
    contact = pick(session, session.args.slug)
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    try:
        words = shlex.split(editor) or ["vi"]
    except ValueError as exc:
        raise UserError(f"cannot read the editor command {editor!r} ({exc})") from None
    try:
        status = subprocess.call([*words, str(contact.path)])
    except OSError as exc:
        raise UserError(f"cannot run the editor {editor!r} ({exc.strerror}); set $EDITOR") from None
    if status != 0:
        raise UserError(f"the editor {editor!r} exited with status {status}")
    problems: list[Problem] = []
    load_person(contact.path, contact.rel, problems)
    for problem in problems:
        print(problem, file=session.err)
    return 1 if any(p.severity is Severity.ERROR for p in problems) else 0
