"""Read an import file of a given kind into records; say so when it is another kind of file."""

from __future__ import annotations

from collections.abc import Callable

from ..model import Problem
from .csvfile import decode_text
from .google import is_google_header, parse_google
from .linkedin import is_linkedin_header, parse_linkedin
from .outlook import is_outlook_header, parse_outlook
from .records import InputFileError, Parsed
from .vcard_import import parse_vcards

READERS: dict[str, Callable[[str, str], Parsed]] = {
    "linkedin": parse_linkedin,
    "google": parse_google,
    "outlook": parse_outlook,
    "vcard": parse_vcards,
}


def read_import(kind: str, data: bytes, path: str) -> Parsed:
    """Decode and parse an export of `kind` (linkedin, google, outlook, vcard)."""
    text = decode_text(data, path)
    try:
        return READERS[kind](text, path)
    except InputFileError:
        other = guess_kind(text)
        if other is None or other == kind:
            raise
        hint = f"this looks like {_NAMES[other]}: run 'kith import {other} {path}'"
        raise InputFileError([Problem(path, 1, hint)]) from None


_NAMES = {
    "linkedin": "a LinkedIn Connections.csv",
    "google": "a Google Contacts CSV",
    "outlook": "an Outlook contacts CSV",
    "vcard": "a vCard file",
}
# Each header test accepts only its own kind; the order only settles what none of them claims.
_HEADERS = (
    ("google", is_google_header),
    ("outlook", is_outlook_header),
    ("linkedin", is_linkedin_header),
)


def guess_kind(text: str) -> str | None:
    """Tell which kind of export a text is, from its first lines."""
    for line in text.splitlines()[:50]:
        if line.strip().upper() == "BEGIN:VCARD":
            return "vcard"
        for delimiter in ",;\t":
            cells = [c.strip().strip('"').strip() for c in line.split(delimiter)]
            for kind, is_header in _HEADERS:
                if is_header(cells):
                    return kind
    return None
