"""Slugs: file names made from names, checked to stay plain and inside people/."""

from __future__ import annotations

import re
from pathlib import Path

MAX_SLUG = 80
_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# Names Windows keeps for devices: a file called `con.md` cannot be opened there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"{p}{i}" for p in ("com", "lpt") for i in range(10))}
# Contact pages are people/<slug>.md; these names are the People index page itself (MkDocs
# reads README.md as index.md), in any case, for file systems that ignore it.
GENERATED_PAGE_SLUGS = frozenset(("index", "readme"))


class SlugError(Exception):
    """A slug (or a folder) that cannot be a contact's file name."""


def _ascii(text: str) -> str:
    # Imported when first needed: most commands never fold a name, and the import costs about
    # ten milliseconds of their start-up (it brings importlib.resources, tempfile, shutil).
    from anyascii import anyascii

    return anyascii(text)


def fold(text: str) -> str:
    """Lower-case and strip accents, for comparisons a person would call equal."""
    return " ".join(_ascii(text).casefold().split())


def make_slug(name: str) -> str:
    """Make a file-name slug from a name: `María López` -> `maria-lopez`."""
    if any(c in "/\\" or not c.isprintable() for c in name) or name.strip() in (".", ".."):
        raise SlugError(
            f"the name {name!r} holds characters that cannot be part of a file name; choose a slug"
        )
    words = re.findall(r"[a-z0-9]+", _ascii(name).lower())
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > MAX_SLUG:
            break
        slug = longer
    if not slug:
        raise SlugError(f"cannot make a file name from the name {name!r}; choose a slug")
    check_slug(slug)
    return slug


def check_slug(slug: str) -> str:
    """Refuse a slug that is not a plain, portable file name inside the people folder."""
    if slug.endswith(".md"):
        raise SlugError(f"give the slug without '.md' (got {slug!r})")
    if not _SLUG.match(slug) or slug.endswith(".") or ".." in slug:
        raise SlugError(
            f"a slug is letters, digits, '-', '_' and '.', starting with a letter or digit "
            f"(got {slug!r})"
        )
    if len(slug) > MAX_SLUG:
        raise SlugError(f"a slug has at most {MAX_SLUG} characters (got {len(slug)})")
    if slug.split(".")[0].lower() in _RESERVED:
        raise SlugError(f"{slug!r} is a device name on Windows; choose another slug")
    if is_generated_page(slug):
        raise SlugError(reserved_message(slug))
    return slug


def is_generated_page(slug: str) -> bool:
    """Tell whether a contact with this slug would take the place of a generated page."""
    return slug.lower() in GENERATED_PAGE_SLUGS


def reserved_message(slug: str) -> str:
    """Say why a slug is refused: its page would replace the People index."""
    return (
        f"'{slug}' cannot be a contact's slug: people/{slug}.md would replace the People index "
        "page; give the file another name"
    )


def is_slug(text: str) -> bool:
    """Tell whether `check_slug` accepts the text."""
    try:
        check_slug(text)
    except SlugError:
        return False
    return True


def check_folder(folder: str) -> tuple[str, ...]:
    """Split a sub-folder of people/ into parts, refusing any that would leave it."""
    parts = tuple(p for p in folder.replace("\\", "/").split("/") if p)
    for part in parts:
        try:
            check_slug(part)
        except SlugError:
            raise SlugError(
                f"a folder inside people/ is names of letters, digits, '-', '_' and '.' "
                f"separated by '/' (got {folder!r})"
            ) from None
    return parts


def shown_path(path: Path, root: Path) -> str:
    """Show a path relative to the project root, as problems name files."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()
