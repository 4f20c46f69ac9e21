"""Whose handle this is: the vault's identity index, with what found nobody or two people."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..analysis.identity import Identities, Match, fold_name, normal_email, normal_phone
from ..model import Vault
from .notes import SLUG
from .touches import EMAIL, PHONE, Handle


@dataclass(frozen=True, slots=True)
class Stranger:
    """Someone the sources name who is no contact (or is two): how often, and how to add them."""

    handle: Handle
    count: int
    slugs: tuple[str, ...] = ()  # two or more: ambiguous


@dataclass
class Matcher:
    """Match handles to slugs once each; count who was not found or found twice."""

    vault: Vault
    identities: Identities
    cache: dict[tuple[str, str], Match] = field(default_factory=dict)
    unknown: Counter[tuple[str, str]] = field(default_factory=Counter)
    ambiguous: Counter[tuple[str, str]] = field(default_factory=Counter)
    labels: dict[tuple[str, str], Handle] = field(default_factory=dict)
    normal: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)

    def slug(self, handle: Handle, count: int) -> str | None:
        """Return the contact a handle names, or None (counted as unknown or ambiguous)."""
        raw = (handle.kind, handle.value)
        key = self.normal.get(raw) or self.normal.setdefault(
            raw, (handle.kind, self._normal(handle))
        )
        match = self.cache.get(key)
        if match is None:
            match = self.cache[key] = self._match(handle)
        if match.slug is None:
            (self.ambiguous if match.ambiguous else self.unknown)[key] += count
            if key not in self.labels or (handle.label and not self.labels[key].label):
                self.labels[key] = handle
        return match.slug

    def strangers(self) -> tuple[tuple[Stranger, ...], tuple[Stranger, ...]]:
        """Return the unknown (most frequent first) and the ambiguous handles."""
        unknown = tuple(
            Stranger(self.labels[k], n)
            for k, n in sorted(self.unknown.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        ambiguous = tuple(
            Stranger(self.labels[k], n, self.cache[k].slugs)
            for k, n in sorted(self.ambiguous.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        return unknown, ambiguous

    def _normal(self, handle: Handle) -> str:
        if handle.kind == EMAIL:
            return normal_email(handle.value)
        if handle.kind == PHONE:
            return normal_phone(handle.value, self.identities.region) or handle.value
        return fold_name(handle.value)

    def _match(self, handle: Handle) -> Match:
        if handle.kind == EMAIL:
            return self.identities.by_email(handle.value)
        if handle.kind == PHONE:
            return self.identities.by_phone(handle.value)
        if handle.kind == SLUG and handle.value in self.vault.by_slug:
            return Match((handle.value,))
        return self.identities.by_name(handle.value)
