"""Parsed contacts kept between runs, keyed by each file's content: a changed file is re-read.

The cache maps a file's path to the hash of its bytes and what parsing those bytes gave (the
Person, or None, and the file's own problems). A file whose bytes hash differently is parsed
again, whatever its modification time says. The cache is stored with `marshal` (plain values
only, nothing that runs code) under `.cache/kith/`, and is thrown away whole when Kith, Python
or PyYAML change, since any of them can change what parsing gives.

Beside the hash it keeps what `stat` said of the file when it was read, as git's index does:
a file whose size, times, inode and device are all as they were is not read again. Any write
changes the change time (`ctime`, which no program can set), so such a file holds the same
bytes, except when it was written again within the filesystem's clock tick of being read
(git's "racily clean" files). A stat is therefore trusted only when the file's modification
time was at least `SETTLED` before the moment it was taken; a newer file is read and hashed as
before. The clock is read only for that test, which decides how a file is read, never what
any page says.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import functools
import os
import sys
import time
import types
import typing
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .. import __version__
from ..disk import SETTLED, KeptEntries, content_digest, files_stamp, stat_facts
from ..model import Person, Problem, slot_setters

FILE_NAME = "parsed-contacts"  # a folder of files (disk.KeptEntries)
# The code that decides what a file parses to: the whole vault stage and the model it builds.
# A change to any of these files empties the cache.
_VAULT = Path(__file__).parent
_PARSING_CODE = (_VAULT.parent / "model.py", *sorted(_VAULT.glob("*.py")))

CachedParse = tuple[Person | None, tuple[Problem, ...]]
Codec = Callable[[Any], Any]
# What `stat` said of a file: size, modification and change times, inode, device; and when.
Stat = tuple[int, int, int, int, int]


def file_stat(path: str) -> tuple[Stat, int] | None:
    """Return what `stat` says of a file and the time it was asked (None: no such file)."""
    try:
        found = os.stat(path)
    except (OSError, ValueError):
        return None
    return stat_facts(found), time.time_ns()


class ParseCache(KeptEntries[str, tuple[bytes, CachedParse, Stat | None]]):
    """What each contact file parsed to, by path and content hash; optionally kept in a file."""

    SHARDS = 32

    def unchanged(
        self, rel: str, stat: tuple[Stat, int] | None
    ) -> tuple[CachedParse, bytes] | None:
        """Return the parse and hash of a file `stat` shows unchanged since it was read, or None.

        Only a stat taken long enough after the file was last written counts (`SETTLED`).
        """
        if stat is None:
            return None
        if not self._loaded:
            self._load()
        found = self._entries.get(rel)
        if found is None or found[2] != stat[0]:
            return None
        self._used.add(rel)
        return found[1], found[0]

    def lookup(self, rel: str, data: bytes) -> CachedParse | None:
        """Return what these exact bytes parsed to before, or None."""
        return self.find(rel, content_digest(data))

    def knows(self, rel: str) -> bool:
        """Tell whether the cache has an entry for this path (of any bytes)."""
        if not self._loaded:
            self._load()
        return rel in self._entries

    def holds(self, rel: str, digest: bytes) -> bool:
        """Tell whether the cache holds what the bytes with this `content_digest` parsed to
        (`find` gives it; this marks nothing as used)."""
        return self._match(rel, digest) is not None

    def find(self, rel: str, digest: bytes) -> CachedParse | None:
        """Return what the bytes with this `content_digest` parsed to before, or None."""
        found = self._match(rel, digest)
        self._used.add(rel)
        return found

    def _match(self, rel: str, digest: bytes) -> CachedParse | None:
        if not self._loaded:
            self._load()
        found = self._entries.get(rel)
        return found[1] if found is not None and found[0] == digest else None

    def keep(
        self, rel: str, digest: bytes, entry: CachedParse, stat: tuple[Stat, int] | None = None
    ) -> None:
        """Remember what the bytes with this `content_digest` parsed to, and what `stat` said
        of their file just before they were read (kept only when the file had settled)."""
        facts = stat[0] if stat is not None and stat[0][1] <= stat[1] - SETTLED else None
        self._used.add(rel)
        found = self._entries.get(rel)
        if found is None or found[0] != digest or found[1] is not entry or found[2] != facts:
            self._put(rel, (digest, entry, facts))

    def _stamp(self) -> str:
        return fingerprint()

    def _dump(self, entries: dict[str, tuple[bytes, CachedParse, Stat | None]]) -> Any:
        return {rel: (d, encode_entry(e), st) for rel, (d, e, st) in entries.items()}

    def _restore(self, payload: Any) -> dict[str, tuple[bytes, CachedParse, Stat | None]]:
        return {rel: (d, decode_entry(e), _stat_or_none(st)) for rel, (d, e, st) in payload.items()}


def _stat_or_none(value: Any) -> Stat | None:
    """Return a kept stat if it is one (five integers); anything else is no stat."""
    if isinstance(value, tuple) and len(value) == 5 and all(type(v) is int for v in value):
        return value
    return None


_FINGERPRINT: list[str] = []


def fingerprint() -> str:
    """Name the code that parses: Kith's parsing modules, Python and PyYAML."""
    if not _FINGERPRINT:
        facts = (__version__, sys.version, yaml.__version__, str(yaml.__with_libyaml__))
        _FINGERPRINT.append(files_stamp(facts, _PARSING_CODE, _VAULT.parent))
    return _FINGERPRINT[0]


def _record_codec(cls: type[Any]) -> tuple[Codec, Codec]:
    """Encode a frozen record as a tuple of its fields, each field by its annotated type.

    Both functions are written out for the record's fields, as `dataclasses` writes
    `__init__`: every contact's record is decoded on every run, and decoding was most of
    reading the cache (0.47 s of 0.6 s at 10,000 contacts with a loop over the fields, 0.37 s
    written out). Field names are the record's own identifiers, never text from a file.
    """
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)
    scope: dict[str, Any] = {"cls": cls, "day": dt.date.fromordinal, "new": object.__new__}
    encoded, decoded = [], []
    for i, field in enumerate(fields):
        hint, got, put = hints[field.name], f"r.{field.name}", f"v[{i}]"
        if _is_date(hint):
            encoded.append(f"None if {got} is None else {got}.toordinal()")
            decoded.append(f"None if {put} is None else day({put})")
            continue
        codec = _field_codec(hint)
        if codec is None:
            encoded.append(got)
            decoded.append(put)
        else:
            scope[f"enc_{field.name}"], scope[f"dec_{field.name}"] = codec
            encoded.append(f"enc_{field.name}({got})")
            decoded.append(f"dec_{field.name}({put})")
    source = (
        f"def encode(r):\n    return ({''.join(f'{part}, ' for part in encoded)})\n"
        f"def decode(v):\n"
        f"    if len(v) != {len(fields)}:\n"
        f"        raise ValueError('a record of {cls.__name__} with ' + str(len(v)) + ' fields')\n"
    )
    slots = slot_setters(cls, fields)
    if slots is None:
        source += f"    return cls({', '.join(decoded)})\n"
    else:
        # Each field straight into its slot: a frozen record's `__init__` goes through
        # `object.__setattr__` for every field, which took most of the time of decoding.
        scope.update(slots)
        source += "    r = new(cls)\n"
        pairs = zip(fields, decoded, strict=True)
        source += "".join(f"    set_{field.name}(r, {put})\n" for field, put in pairs)
        source += "    return r\n"
    exec(compile(source, f"<kith codec of {cls.__name__}>", "exec"), scope)
    return scope["encode"], scope["decode"]


def _is_date(hint: Any) -> bool:
    """A date, or a date or None."""
    return hint is dt.date or (
        isinstance(hint, types.UnionType) and dt.date in typing.get_args(hint)
    )


def _field_codec(hint: Any) -> tuple[Codec, Codec] | None:
    """Pick how a field travels through marshal; None when it can go as it is."""
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _record_codec(hint)
    if typing.get_origin(hint) is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = _field_codec(args[0])
        if inner is None:
            return None
        enc, dec = inner
        return (lambda v: tuple(map(enc, v))), (lambda v: tuple(map(dec, v)))
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return (lambda v: v.value), hint
    if _is_date(hint):
        return (lambda v: None if v is None else v.toordinal()), _from_ordinal
    return None


def _from_ordinal(value: int | None) -> dt.date | None:
    return None if value is None else dt.date.fromordinal(value)


@functools.cache
def _codecs() -> tuple[tuple[Codec, Codec], tuple[Codec, Codec]]:
    """Make the codecs of a person and a problem once, when the cache is first read or written."""
    return _record_codec(Person), _record_codec(Problem)


def encode_entry(entry: CachedParse) -> tuple[Any, ...]:
    person, problems = entry
    (encode, _), (encode_problem, _) = _codecs()
    return (
        None if person is None else encode(person),
        tuple(encode_problem(p) for p in problems),
    )


def decode_entry(values: tuple[Any, ...]) -> CachedParse:
    person, problems = values
    (_, decode), (_, decode_problem) = _codecs()
    return (
        None if person is None else decode(person),
        tuple(decode_problem(p) for p in problems),
    )
