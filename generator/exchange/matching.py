"""Find the contact an imported record is about: by email, then LinkedIn URL, then name."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.identity import name_key as normal_name
from ..analysis.identity import normal_email, normal_linkedin
from .records import Record

__all__ = ["Index", "normal_email", "normal_linkedin", "normal_name"]


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
