"""What the contact commands share: finding the contact a SLUG argument means, and refusals."""

from __future__ import annotations

import argparse
import os
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TypeAlias

from ..analysis.phrases import no_contacts_yet, plural
from ..build import open_cache
from ..disk import owner_files
from ..edit.writer import EditError
from ..vault.load import LoadResult, load_vault
from ..vault.lookup import ContactFile, MatchError, contacts_of, list_contacts, resolve
from ..vault.slugs import SlugError, shown_path
from .session import Session, UserError

SLUG_HELP = "a contact: its slug, a unique prefix of it, or (part of) the name"
Sub: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def add_parser(
    sub: Sub,
    common: argparse.ArgumentParser,
    name: str,
    summary: str,
    description: str,
    examples: Sequence[str],
) -> argparse.ArgumentParser:
    """Add a subcommand whose --help ends with examples, one per line."""
    heading = "example:" if len(examples) == 1 else "examples:"
    return sub.add_parser(
        name,
        parents=[common],
        help=summary,
        description=textwrap.fill(description, 78),
        epilog="\n".join([heading, *(f"  {e}" for e in examples)]),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def completes(action: argparse.Action, kind: str) -> argparse.Action:
    """Mark what an argument takes, for shell completion: slug, field, file, dir or none."""
    setattr(action, "complete", kind)  # noqa: B010 - argparse has no slot for it
    return action


def slug_argument(
    parser: argparse.ArgumentParser, dest: str = "slug", metavar: str = "SLUG"
) -> argparse.Action:
    """Add a positional SLUG argument that completes to contact slugs."""
    return completes(parser.add_argument(dest, metavar=metavar, help=SLUG_HELP), "slug")


def load(session: Session) -> LoadResult:
    """Load the whole vault (problems in other files do not stop a command)."""
    settings = session.settings
    return load_vault(settings.people, settings.root, open_cache(settings))


def pick(session: Session, query: str, loaded: LoadResult | None = None) -> ContactFile:
    """Find the one contact `query` means; refuse (listing candidates) when it is ambiguous."""
    settings = session.settings
    if loaded is None:
        exact = [c for c in list_contacts(settings.people, settings.root, {}) if c.slug == query]
        if len(exact) == 1:
            return exact[0]  # the common case needs no loading at all
        loaded = load(session)
    names = {p.slug: p.name for p in loaded.vault.people}
    # The common case again: a slug, found without making a record of every file.
    named = [(path, rel) for path, rel in loaded.files if os.path.basename(path) == query + ".md"]
    if len(named) == 1:
        return contacts_of(named, names)[0]
    contacts = contacts_of(loaded.files, names)  # as `list_contacts`, without a second walk
    if not contacts:
        raise UserError(f"no contact matches {query!r} ({empty_vault(session)})")
    with refusals(session):
        return resolve(query, contacts)


def empty_vault(session: Session) -> str:
    """Say that the vault has no contacts yet, and how to add the first."""
    return no_contacts_yet(shown_path(session.settings.people, session.settings.root))


@contextmanager
def refusals(session: Session) -> Iterator[None]:
    """Turn the library's refusals into the CLI's exit 1, printing any file problems first."""
    try:
        yield
    except EditError as exc:
        for problem in exc.problems:
            print(problem, file=session.err)
        raise UserError(exc.message) from exc
    except (SlugError, MatchError) as exc:
        raise UserError(str(exc)) from exc


def refuse_owner_files(folder: Path, files: Mapping[str, str | bytes], option: str) -> None:
    """Refuse, before writing anything, to write over files in `folder` that Kith did not write."""
    found = owner_files(folder, files)
    if not found:
        return
    shown = "\n".join(f"  {(folder / rel).as_posix()}" for rel in found[:10])
    more = f"\n  and {len(found) - 10} more" if len(found) > 10 else ""
    raise UserError(
        f"{plural(len(found), 'file')} in {folder.as_posix()} Kith did not write would be "
        f"replaced; nothing was written:\n{shown}{more}\n"
        f"Move them away or choose another {option}."
    )
