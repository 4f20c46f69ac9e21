"""`kith log`: one entry for one or more contacts, dated as people write days, all or nothing."""

from __future__ import annotations

import argparse
import datetime as dt

from ...build import open_cache
from ...edit.changes import add_log_entries
from ...edit.log import DAY_FORMS, DayError, Links, format_entry, read_day
from ...model import LOG_KINDS
from ...settings import SettingsError, parse_today
from ...vault.load import load_vault
from ...vault.lookup import ContactFile, list_contacts, resolve_strictly
from ..common import Sub, add_parser, completes, load, pick, refusals, slug_argument
from ..session import Session, UsageError, UserError


def register(sub: Sub, common: argparse.ArgumentParser) -> None:
    """Add `log`."""
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
