"""Read an import file of a given kind into records; say so when it is another kind of file."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Problem
from .csvfile import decode_text
from .google import is_google_header, parse_google
from .linkedin import is_linkedin_header, parse_linkedin
from .records import InputFileError, Parsed
from .vcard_import import parse_vcards

READERS: dict[str, Callable[[str, str], Parsed]] = {
    "linkedin": parse_linkedin,
    "google": parse_google,
    "vcard": parse_vcards,
}


def read_import(kind: str, data: bytes, path: str) -> Parsed:
    """Decode and parse an export of `kind` (linkedin, google, vcard)."""
    text = decode_text(data, path)
    try:
        return READERS[kind](text, path)
    except InputFileError:
        other = guess_kind(text)
        if other is None or other == kind:
            raise
        hint = f"this looks like a {_NAMES[other]}: run 'kith import {other} {path}'"
        raise InputFileError([Problem(path, 1, hint)]) from None


_NAMES = {
    "linkedin": "LinkedIn Connections.csv",
    "google": "Google Contacts CSV",
    "vcard": "vCard file",
}


def guess_kind(text: str) -> str | None:
    """Tell which kind of export a text is, from its first lines."""
    for line in text.splitlines()[:50]:
        if line.strip().upper() == "BEGIN:VCARD":
            return "vcard"
        cells = [c.strip().strip('"').strip() for c in line.split(",")]
        if is_google_header(cells):
            return "google"
        if is_linkedin_header(cells):
            return "linkedin"
    return None
