"""`kith log`, `set`, `unset`, `tie` and `open`: daily edits, each a call into `changes`."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shlex
import subprocess

from ...build import open_cache
from ...edit.changes import (
    add_log_entries,
    remove_tie,
    set_field,
    set_tie,
    unset_field,
    value_from_text,
)
from ...edit.log import DAY_FORMS, DayError, Links, format_entry, read_day
from ...edit.writer import Edited
from ...model import LOG_KINDS, Problem, Severity
from ...settings import SettingsError, parse_today
from ...vault.load import LoadResult, load_person, load_vault
from ...vault.lookup import ContactFile, list_contacts, resolve_strictly
from ...vault.ties import DEFAULT_STRENGTH, TieError, check_strength
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
        "add an entry to one or more contacts' logs",
        "Add '- DATE (tags): text' to the contact's '## Log', keeping the log in date order; "
        "the section is added at the end of the file when there is none. Line breaks in the "
        "text become spaces: an entry is one line. Leading words that name a contact by slug, "
        "full name or one whole word of the name are more contacts: each gets the entry, and "
        "every file is written or none is (quote the text when it starts with a name).",
        (
            'kith log ada "Coffee; she asked about the pilot" --kind meet',
            'kith log sanjay wei "Lunch at Rosa\'s" -k meet -d yesterday',
            "kith log lopez Sent the benchmark report --give --kind email --date 2026-11-20",
        ),
    )
    slug_argument(log)
    log.add_argument(
        "text",
        nargs="+",
        metavar="TEXT",
        help="more contacts, then what happened (words are joined)",
    )
    log.add_argument("-d", "--date", metavar="DAY", help=f"{DAY_FORMS}; default: today")
    log.add_argument("-a", "--ask", action="store_true", help="you asked them for something")
    log.add_argument("-g", "--give", action="store_true", help="you did something for them")
    log.add_argument("-k", "--kind", choices=LOG_KINDS, help="how you were in touch")
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
    return Links(found.get("intro", ""), outcome, found.get("via", ""), _next_day(args.next))


def _next_day(text: str | None) -> dt.date | None:
    """Read --next: bad input (exit 1) when it is no day, as for --date and --today."""
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--next must be a date YYYY-MM-DD (got {text!r})") from None


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
        "Write the tie into A's file under 'knows'. A tie is symmetric: one end is enough. "
        "When B's file already declares it at that strength or more, nothing changes; when "
        "both files declare it, the stronger value counts.",
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


def run_log(session: Session) -> int:
    """Add one dated entry to every contact named, all or nothing."""
    args = session.args
    contacts, text = _contacts_and_text(session)
    today = _today(session)
    try:
        date = today if args.date is None else read_day(args.date, today)
    except DayError as exc:
        raise UserError(f"--date: {exc}") from None
    tags = [t for t, on in (("ask", args.ask), ("give", args.give)) if on]
    tags += [args.kind] if args.kind else []
    links = _links(session)
    files = [(c.path, c.rel) for c in contacts]
    with refusals(session):
        edited = add_log_entries(files, date, text, tags, links)
    for done in edited:
        print(f"{done.rel}: {format_entry(date, text, tags, links)}", file=session.out)
    if date > today:
        print(f"kith: note: {date.isoformat()} is in the future", file=session.err)
    return 0


def _contacts_and_text(session: Session) -> tuple[list[ContactFile], str]:
    """Split `kith log A [B…] TEXT…`: leading words that name a contact exactly are contacts."""
    words = list(session.args.text)
    if len(words) == 1:
        return [pick(session, session.args.slug)], words[0]
    settings = session.settings
    # Names are needed to tell a name from a word; the parse cache keeps that quick.
    loaded = load_vault(settings.people, settings.root, open_cache(settings))
    names = {p.slug: p.name for p in loaded.vault.people}
    every = list_contacts(settings.people, settings.root, names)
    contacts = [pick(session, session.args.slug, loaded)]
    while len(words) > 1:
        with refusals(session):
            other = resolve_strictly(words[0], every)
        if other is None or other.path in {c.path for c in contacts}:  # `ada Ada called`: text
            break
        contacts.append(other)
        words.pop(0)
    return contacts, " ".join(words)


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
    strength = None if args.strength is None else _tie_strength(b.slug, args.strength)
    if not args.remove and _held_at_the_other_end(session, loaded, a, b, strength):
        return 0
    with refusals(session):
        if args.remove:
            edited = remove_tie(a.path, a.rel, b.slug)
        else:
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


def _held_at_the_other_end(
    session: Session, loaded: LoadResult, a: ContactFile, b: ContactFile, strength: int | None
) -> bool:
    """Say so, and change nothing, when B's file already holds a new tie at that strength or more.

    A second, weaker declaration would change nothing (the stronger value counts) but clutter A's
    file; a tie A's file already declares is edited as asked.
    """
    here, there = loaded.vault.by_slug.get(a.slug), loaded.vault.by_slug.get(b.slug)
    if here is None or there is None or any(t.other == b.slug for t in here.ties):
        return False
    back = next((t for t in there.ties if t.other == a.slug), None)
    wanted = DEFAULT_STRENGTH if strength is None else strength
    if back is None or back.strength < wanted:
        return False
    print(
        f"{b.rel}: already knows {a.slug} at strength {back.strength}; nothing changed "
        "(a tie is symmetric: one end is enough)",
        file=session.out,
    )
    how = session.args.how
    if how is not None and how != back.how:
        print(
            f"kith: note: to change how they know each other, change that end: "
            f"kith tie {b.slug} {a.slug} --how {shlex.quote(how)}",
            file=session.err,
        )
    return True


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
