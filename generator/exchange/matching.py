"""Find the contact an imported record is about: by email, then LinkedIn URL, then name."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import unquote, urlsplit

from anyascii import anyascii

from .records import Record


def normal_email(email: str) -> str:
    """Compare emails without case or surrounding space (and a `mailto:`)."""
    return email.strip().removeprefix("mailto:").casefold()


def normal_linkedin(url: str) -> str:
    """Reduce a profile URL to `linkedin.com/in/<id>`: no scheme, country host, query or slash."""
    text = url.strip()
    if not text:
        return ""
    parts = urlsplit(text if "//" in text else f"https://{text}")
    host = parts.hostname or ""
    if not (host == "linkedin.com" or host.endswith(".linkedin.com")):
        return text.casefold()
    path = unquote(parts.path).rstrip("/").casefold()
    return f"linkedin.com{path}"


def normal_name(name: str) -> str:
    """Compare names without accents, case, punctuation or word order."""
    words = re.findall(r"[a-z0-9]+", anyascii(name).casefold())
    return " ".join(sorted(words))


@dataclass
class Index:
    """Look-up tables from email, profile URL and name to slugs; grows as contacts are planned."""

    emails: dict[str, str] = field(default_factory=dict)
    profiles: dict[str, str] = field(default_factory=dict)
    names: dict[str, list[str]] = field(default_factory=dict)

    def add(self, slug: str, name: str, emails: tuple[str, ...], linkedin: str) -> None:
        """Make a contact findable by its emails, profile and name."""
        for email in emails:
            if email.strip():
                self.emails.setdefault(normal_email(email), slug)
        if linkedin.strip():
            self.profiles.setdefault(normal_linkedin(linkedin), slug)
        if not name:
            return
        slugs = self.names.setdefault(normal_name(name), [])
        if slug not in slugs:
            slugs.append(slug)

    def find(self, record: Record) -> tuple[str | None, str]:
        """Return (slug, how) for the record's contact, or (None, why not) when there is none."""
        for email in record.emails:
            slug = self.emails.get(normal_email(email))
            if slug is not None:
                return slug, "email"
        if record.linkedin:
            slug = self.profiles.get(normal_linkedin(record.linkedin))
            if slug is not None:
                return slug, "LinkedIn URL"
        slugs = self.names.get(normal_name(record.name), [])
        if len(slugs) > 1:
            return None, f"same name as {', '.join(sorted(slugs))}"
        if slugs:
            return slugs[0], "name"
        return None, ""
