"""Rendered pages kept by a fingerprint of everything they were rendered from.

A page's key hashes the code and templates that render it, the settings, the day, the page's
path, template and title, and every value of its context. The mappings of the whole vault a
page may look into (`people_by_slug`, `records`) are not hashed whole: they are watched while
the page renders, and the entry keeps the fingerprint of each person or record the page read
(or found missing). An entry is used only when its key and every one of those fingerprints
match again, so a page never shows a stale name. A page whose context holds a value the
fingerprint does not know, or that walks a whole watched mapping, is rendered and not kept.

The store is the folder `.cache/kith/rendered-pages/`, its files written atomically (a
concurrent build sees the old file or the new one, and every entry in either is correct for
its key); a file that is missing, damaged or from other code holds no entries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import marshal
import operator
import os
import pickle
import re
import struct
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .. import __version__
from ..disk import (
    KeptEntries,
    SavedFiles,
    bulk_digest,
    content_digest,
    file_digest,
    files_stamp,
    stat_facts,
    text_digest,
)
from ..model import Person
from ..workers import Ahead

FILE_NAME = "rendered-pages"  # a folder of files (disk.KeptEntries)
WATCHED = ("people_by_slug", "records")  # the whole-vault mappings a page reads only in part
_CODE = Path(__file__).resolve().parent.parent  # every module of Kith: any may change a page
_LIBRARIES = ("jinja2", "markdown-it-py", "nh3", "MarkupSafe")
_ABSENT = object()  # a key a watched mapping does not hold
_MISSING = content_digest(b"kith: no such key")  # its fingerprint: as long as any other

# For each watched mapping a page read: its name, the keys read (sorted), and one digest of the
# fingerprints of what each key held (or of its absence).
Deps = tuple[tuple[str, tuple[str, ...], bytes], ...]
# The people read from files, by slug, and the hash of each one's file (`Fingerprints`).
Known = tuple[Mapping[str, Person], Mapping[str, bytes]]
# What looking a page up did: drew it and kept nothing, found it kept, or drew it to keep.
DRAWN, KEPT, STORED = 0, 1, 2
# (what happened, the entry's key, the entry's reads, the digest of the text drawn to keep)
LookUp = tuple[int, bytes, Deps, bytes]
# An entry: the text (or the shelf of its file's texts, read when first wanted), what the
# page read of the watched mappings, and the text's `text_digest`. A page's text is kept as
# the UTF-8 its file holds (`Text`), a text that is no page (`texts_ahead`) as a string.
Entry = tuple["Text | _Shelf", Deps, bytes]
# A page's text as drawn (str) or as its file holds it (UTF-8 bytes, `look_up`'s): `as_str`.
Text = str | bytes
# Texts that are no page, each with the parts that name it and what makes it (`texts_ahead`).
Wanted = Sequence[tuple[tuple[str, ...], Callable[[], str]]]


def as_str(text: Text) -> str:
    """Return a page's text as a string."""
    return text if isinstance(text, str) else text.decode("utf-8")


@dataclass(frozen=True, slots=True)
class Later:
    """A value (a picture) made only when its page is rendered, not when it is taken from here.

    Its function (by name) and arguments are what its fingerprint holds, so the arguments must
    be everything it reads.
    """

    make: Callable[..., Any]
    args: tuple[Any, ...]

    def __call__(self) -> Any:
        return self.make(*self.args)


def made(context: Mapping[str, Any]) -> dict[str, Any]:
    """Return the context with every Later value made."""
    return {key: value() if type(value) is Later else value for key, value in context.items()}


class PageInputs(Protocol):
    """What a page is drawn from, when that names it with less work than its context.

    The context must be made from what `keyed` returns alone, besides what the key holds
    anyway (the settings, the day, the templates) and the mappings `watched` returns, which
    the context holds under the same names (`WATCHED`) and the cache watches as they are read.
    """

    def keyed(self, name: Callable[[Person], str]) -> Any:
        """Return the values the page's key is made of; `name` gives what names a person
        record there (the digest of everything it holds), cheaper than the record itself."""

    def watched(self) -> Mapping[str, Mapping[str, Any]]:
        """Return the whole-vault mappings the page reads only in part, by context name."""

    def context(self) -> Mapping[str, Any]:
        """Return what the page's template is given."""

    def same_as(self, before: object) -> bool:
        """Return True only when `before` (what the same page was drawn from in the last run of
        this process) holds what `keyed` returns here as the very same values (`alike`): its
        key is then this one's, and need not be made again."""


class Unkeyable(Exception):
    """The context holds a value the fingerprint cannot describe; the page is not kept."""


class Watched(Mapping[str, Any]):
    """A read-only view of a mapping that remembers which keys a template read.

    Its own attributes start with an underscore, which no slug does, so `people_by_slug.ada`
    in a template still finds Ada and nothing of the view's.
    """

    __slots__ = ("_inner", "_read", "_whole")

    def __init__(self, inner: Mapping[str, Any]) -> None:
        self._inner = inner
        self._read: set[str] = set()
        self._whole = False  # iterated or counted: the page depends on every entry

    def __getitem__(self, key: str) -> Any:
        self._read.add(key)
        return self._inner[key]

    def __contains__(self, key: object) -> bool:
        self._read.add(str(key))
        return key in self._inner

    def __iter__(self) -> Iterator[str]:
        self._whole = True
        return iter(self._inner)

    def __len__(self) -> int:
        self._whole = True
        return len(self._inner)


class Fingerprints:
    """Fingerprint context values during one run.

    A value is pickled without memo (so equal values give equal bytes whatever objects they
    share) and hashed; every person in it is pickled as the digest of their record, made once
    per run and remembered by identity (each kept alive with its digest, so an identity is
    never reused for another object).

    `known` names records another way: the people read from files, by slug, and the loader's
    hash of each one's file (a Person is a function of its file alone, the same fact the parse
    cache is keyed by), so a run need not take every record apart to name it. Each is named
    when first asked for: a rebuild that recalls most pages (`PageCache.remember`) names few.
    """

    def __init__(self, known: Known = ({}, {})) -> None:
        self._people, self._sources = known
        # Every person named here is kept alive, so while this object lives no other object
        # takes their identity: the tables below are keyed by identity.
        self._alive: list[Person] = []
        self._digests: dict[int, bytes] = {}
        # How the pickler takes each person apart, made once: a page's key pickles a dozen
        # people (those who know them, their neighbours), and this is one look-up each.
        self._reduced: dict[int, tuple[type[str], tuple[str]]] = {}

        def reduce_person(
            person: Person, get: Any = self._reduced.get
        ) -> tuple[type[str], tuple[str]]:
            found: tuple[type[str], tuple[str]] | None = get(id(person))
            return found if found is not None else (str, (self.person(person),))

        self._table = _Reducers({Person: reduce_person})

    def person(self, person: Person) -> str:
        """Return the digest of everything a person record holds."""
        found = self._reduced.get(id(person))
        if found is not None:
            return found[1][0]
        source = self._sources.get(person.slug)
        if source is not None and self._people.get(person.slug) is person:
            digest = content_digest(b"file\0" + source)
        else:
            digest = content_digest(repr(person).encode("utf-8", "surrogatepass"))
        self._add(person, digest)
        return digest.hex()

    def _add(self, person: Person, digest: bytes) -> None:
        self._alive.append(person)
        self._digests[id(person)] = digest
        self._reduced[id(person)] = (str, (digest.hex(),))

    def entries(self, mapping: Mapping[str, Any], keys: Sequence[str]) -> bytes:
        """Return one digest of what `mapping` holds under each key (a key it lacks counts too).

        A page's entry keeps this for each whole-vault mapping it read, so that checking the
        dozen names a contact page looks up is one digest, not a dozen fingerprints.
        """
        digests = self._digests
        parts = []
        for key in keys:
            value = mapping.get(key, _ABSENT)
            if value is _ABSENT:
                parts.append(_MISSING)
                continue
            found = digests.get(id(value)) if type(value) is Person else None
            parts.append(found if found is not None else self.value(value))
        return content_digest(b"".join(parts))

    def value(self, value: Any) -> bytes:
        """Return the digest of one value (a person, a record, anything a context holds)."""
        if type(value) is Person:
            found = self._digests.get(id(value))
            return found if found is not None else bytes.fromhex(self.person(value))
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=5)
        pickler.dispatch_table = self._table
        pickler.fast = True  # no memo: the bytes do not depend on which objects are shared
        try:
            pickler.dump(value)
        except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as exc:
            raise Unkeyable(type(value).__qualname__) from exc
        return content_digest(out.getvalue())


def alike(a: Any, b: Any) -> bool:
    """Return True when `a` and `b` are the very same object, or values that fingerprint
    (`Fingerprints.value`) to the same bytes for certain: `str`, `int`, `float` and dates equal
    and of exactly one type (never 1 and 1.0, `True` and 1, or 0.0 and -0.0); tuples and
    dicts of alike values, in the same order; records (dataclasses) whose fields are alike.

    A person is alike only to itself: persons are named by their record's digest, and one of
    them made anew from a changed file is another record. Anything else (a list, a set, an
    object of another kind) is alike only to itself, so the answer errs on the side of False.
    Made for `mkdocs serve`, whose rebuilds give most pages the very objects of the last one:
    telling that costs far less than fingerprinting them.
    """
    if a is b:
        return True
    kind = type(a)
    if kind is not type(b):
        return False
    if kind is tuple:
        if len(a) != len(b):
            return False
        if all(map(operator.is_, a, b)):
            return True
        # Tuples of tuples (a picture's ties, those who know someone) are made anew each run,
        # of the very same values: told in one pass, in C.
        if (
            _ONLY_TUPLES == set(map(type, a)) == set(map(type, b))
            and list(map(len, a)) == list(map(len, b))
            and all(map(operator.is_, itertools.chain(*a), itertools.chain(*b)))
        ):
            return True
        for x, y in zip(a, b, strict=True):
            if x is y:
                continue
            if not alike(x, y):
                return False
        return True
    if kind is str or kind is int or kind is dt.date:
        return bool(a == b)
    if kind is float:
        return _DOUBLE.pack(a) == _DOUBLE.pack(b)  # the very bits: -0.0 and each NaN apart
    if kind is dict:
        if len(a) != len(b):
            return False
        if all(map(operator.is_, a, b)) and all(map(operator.is_, a.values(), b.values())):
            return True
        return alike(tuple(a.items()), tuple(b.items()))
    if kind not in _RECORD_FIELDS:
        _RECORD_FIELDS[kind] = _fields_of(kind)
    fields = _RECORD_FIELDS[kind]
    return fields is not None and alike(fields(a), fields(b))


_ONLY_TUPLES = {tuple}
_DOUBLE = struct.Struct("<d")
# What gives each kind's fields for `alike` (None: a kind it does not look into; a person is
# alike only to itself).
_RECORD_FIELDS: dict[type, Callable[[Any], tuple[Any, ...]] | None] = {Person: None}


def _fields_of(kind: type) -> Callable[[Any], tuple[Any, ...]] | None:
    """Return what gives a record's (a dataclass's) fields as a tuple, in order, read in C;
    None for any other kind. The fingerprint pickles a record as these (`_Reducers`), so
    `alike` compares records by the very same values."""
    if not dataclasses.is_dataclass(kind):
        return None
    names = [f.name for f in dataclasses.fields(kind)]
    if len(names) != 1:  # attrgetter gives a tuple of two or more; none is the empty tuple
        return operator.attrgetter(*names) if names else lambda value: ()
    get = operator.attrgetter(names[0])
    return lambda value: (get(value),)


class _Reducers(dict[type, Callable[[Any], Any]]):
    """How the pickler takes each type apart: a record by its fields, read in C; else as usual.

    Faster than dataclasses' own `__getstate__`, which lists the fields on every call.
    """

    def __missing__(self, kind: type) -> Callable[[Any], Any]:
        fields = _fields_of(kind)
        if fields is None:
            reducer: Callable[[Any], Any] = operator.methodcaller("__reduce_ex__", 5)
        else:
            reducer = lambda value: (kind, fields(value))  # noqa: E731
        self[kind] = reducer
        return reducer


class _Shelf:
    """The texts one cache file holds, read from it only when one of them is first wanted.

    A cache file is its entries' keys, reads and digests, then the texts of its pages apart
    (`split_file`). A run that finds most pages unchanged, and their files as it wrote them
    (`disk.write_tree`'s record), never needs their texts: reading and copying the 90 MB of
    them at 10,000 contacts took most of the time of reading the cache. When a text is wanted,
    the texts are read back from where the file held them, only if `stat` still shows the
    file as it was when its head was read: a file replaced since (another build's) or
    written over holds none. Each text must then have the digest its entry gives (damage
    `stat` cannot see). The file keeps no digest of all its texts: hashing the 90 MB of them
    again was a quarter of the CPU time of saving the cache on a first run, and no run that
    reads them needs it.
    """

    __slots__ = ("facts", "path", "size", "start", "texts")

    def __init__(
        self, path: Path, start: int, size: int, facts: tuple[int, int, int, int, int]
    ) -> None:
        self.path, self.start, self.size, self.facts = path, start, size, facts
        self.texts: dict[bytes, Text] | None = None

    def get(self, key: bytes, digest: bytes) -> Text | None:
        """Return the text kept under a key, if it has this digest (`text_digest`); None when
        the file's texts cannot be read or it does not."""
        if self.texts is None:
            found = None
            try:
                with self.path.open("rb") as file:
                    if stat_facts(os.fstat(file.fileno())) == self.facts:
                        file.seek(self.start)
                        blob = file.read(self.size)
                        found = marshal.loads(blob) if len(blob) == self.size else None
            except Exception:  # gone or damaged: the pages are drawn again
                found = None
            self.texts = found if isinstance(found, dict) else {}
        text = self.texts.get(key)
        if type(text) is bytes or type(text) is str:
            return text if file_digest(text) == digest else None
        return None


_HEAD = struct.Struct("<Q")  # the size of a cache file's head (`split_file`)


def join_file(stamp: str, index: Any, texts: bytes) -> bytes:
    """Return the bytes of a page cache file (`split_file`)."""
    head = marshal.dumps((stamp, index, len(texts)))
    return _HEAD.pack(len(head)) + head + texts


def split_file(data: bytes) -> tuple[Any, Any, bytes]:
    """Return what a page cache file holds: the code's stamp, the index of its entries, and
    the marshalled texts of its pages. Its bytes are the head's size, the head (the stamp,
    the index, the texts' size), then the texts. Raise when it is not such a file."""
    if len(data) < _HEAD.size:
        raise ValueError("not a page cache file")
    (size,) = _HEAD.unpack_from(data)
    stamp, index, length = _head(data[_HEAD.size : _HEAD.size + size])
    texts = data[_HEAD.size + size :]
    if len(texts) != length:
        raise ValueError("not a page cache file")
    return stamp, index, texts


def _head(data: bytes) -> tuple[Any, Any, int]:
    """Return a file's head: the stamp, the index and the texts' size."""
    try:
        head = marshal.loads(data)
    except (ValueError, EOFError, TypeError):
        raise ValueError("not a page cache file") from None
    if not (isinstance(head, tuple) and len(head) == 3):
        raise ValueError("not a page cache file")
    stamp, index, length = head
    if type(length) is not int:
        raise ValueError("not a page cache file")
    return stamp, index, length


class PageCache(KeptEntries[bytes, Entry]):
    """Rendered pages by key; optionally kept in a file between runs.

    Each file keeps its entries' reads and digests apart from their texts, which are decoded
    only when a text is wanted (`kept`).
    """

    SHARDS = 64

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(path)
        self.rendered: list[str] = []  # the pages the last run rendered (not taken from here)
        # While serving (`remember`), each kept page's inputs are remembered with its key, by
        # path, until the next run: a page drawn from the very same values again (`same_as`)
        # has the same key, and looking it up makes no key. `recalled` counts those pages.
        self.remember = False
        self.recalled = 0
        self._last: dict[str, _Recent] = {}
        self._recent: dict[str, _Recent] = {}

    def begin(self) -> None:
        """Start a run: forget which pages the last one rendered; read the file if not yet."""
        self.rendered = []
        self.recalled = 0
        self._last, self._recent = (self._recent, {}) if self.remember else ({}, {})
        if not self._loaded:
            self._load()

    def look_up(
        self,
        path: str,
        key_parts: tuple[str, ...],
        source: Mapping[str, Any] | PageInputs,
        draw: Callable[[dict[str, Any]], str],
        prints: Fingerprints,
    ) -> tuple[Text | None, LookUp]:
        """Return the page and what `apply` must record of it, changing nothing here.

        `source` is the page's context, or what the page is drawn from (PageInputs), which
        names it faster; the context is then made only if the page is drawn. A worker
        process does this part (`site/render.py`); the parent applies the outcomes. A page
        found kept comes back as None: its text is `kept(key)`, read only if wanted.
        """
        if not self._loaded:
            self._load()
        if isinstance(source, Mapping):
            watched = {name: source[name] for name in WATCHED if name in source}
            keyed: Any = {k: v for k, v in source.items() if k not in watched}
        else:
            watched = dict(source.watched())
            recent = self._last.get(path)
            if recent is not None and self._recalled(recent, key_parts, source, watched):
                self._recent[path] = _Recent(key_parts, source, recent.key, recent.reads)
                self.recalled += 1
                return None, (KEPT, recent.key, (), b"")
            keyed = ("inputs", source.keyed(prints.person))
        try:
            digest = content_digest("\0".join((*key_parts, path)).encode() + prints.value(keyed))
            key = _file_of(path) + digest
        except Unkeyable:
            return draw(dict(_context(source))), (DRAWN, b"", (), b"")
        found = self._entries.get(key)
        if found is not None and _current(found[1], watched, prints):
            self._remember(path, key_parts, source, key, watched, found[1])
            return None, (KEPT, key, (), b"")
        plain = {k: v for k, v in _context(source).items() if k not in watched}
        views = {name: Watched(inner) for name, inner in watched.items()}
        text = draw({**plain, **views})
        if any(view._whole for view in views.values()):
            return text, (DRAWN, b"", (), b"")
        deps = _deps(views, prints)
        self._remember(path, key_parts, source, key, watched, deps)
        # Kept, sent by a worker and written as the UTF-8 its file holds: encoded once, here.
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: kept as text (writing it will fail)
            return text, (STORED, key, deps, text_digest(text))
        return data, (STORED, key, deps, bulk_digest(data))

    def _remember(
        self,
        path: str,
        key_parts: tuple[str, ...],
        source: Mapping[str, Any] | PageInputs,
        key: bytes,
        watched: Mapping[str, Mapping[str, Any]],
        deps: Deps,
    ) -> None:
        """While serving, keep what a page keyed from its inputs was drawn from, its key, and
        the very values it read, for the next run to recall it by (`_recalled`)."""
        if self.remember and not isinstance(source, Mapping):
            reads = tuple(_read(watched, name, keys) for name, keys, _ in deps)
            self._recent[path] = _Recent(key_parts, source, key, reads)

    def _recalled(
        self,
        recent: _Recent,
        key_parts: tuple[str, ...],
        source: PageInputs,
        watched: Mapping[str, Mapping[str, Any]],
    ) -> bool:
        """Return True when a page is drawn from what it was drawn from in the last run: the
        same key parts, the very same values (`same_as`), and the very same entries of the
        whole-vault mappings where the page read them; and its entry is still here."""
        if recent.parts != key_parts or recent.key not in self._entries:
            return False
        if not source.same_as(recent.source):
            return False
        for name, keys, values in recent.reads:
            inner = watched.get(name)
            if inner is None:
                return False
            found = map(inner.get, keys, itertools.repeat(_ABSENT))
            if not all(map(operator.is_, found, values)):
                return False
        return True

    def saving(self) -> SavedFiles:
        """As `KeptEntries.saving`, with every text the files will hold read into memory now:
        a child process may write them while this one still reads kept texts, and would
        replace the files those texts are read from."""
        saved = super().saving()
        for entries in saved.shards.values():
            for key in entries:
                self.kept_data(key)
        return saved

    def kept(self, key: bytes) -> str | None:
        """Return the text kept under a key `look_up` found (its outcome says KEPT).

        None when its file's texts turn out damaged: the caller draws the page again, and
        the entry and its file are dropped (`_drop_damaged`).
        """
        text = self.kept_data(key)
        return None if text is None else as_str(text)

    def kept_data(self, key: bytes) -> Text | None:
        """As `kept`, the text as it is kept: a page's as the UTF-8 its file holds."""
        found = self._entries.get(key)
        if found is None:
            return None
        text = found[0]
        if type(text) is bytes or type(text) is str:
            return text
        assert isinstance(text, _Shelf)
        made = text.get(key, found[2])
        if made is None:
            self._drop_damaged(key)
        else:  # checked once: a server's rebuilds may want it again and again
            self._entries[key] = (made, found[1], found[2])
        return made

    def apply(self, path: str, text: Text | None, outcome: LookUp) -> bytes:
        """Record what `look_up` found for a page: rendered again, reused, or kept anew
        (`text` is None only when reused).

        Return the text's `text_digest` when the cache knows it (b"" when not kept).
        """
        kind, key, deps, digest = outcome
        if kind != KEPT:
            self.rendered.append(path)
        if kind == STORED:
            assert text is not None
            self._put(key, (text, deps, digest))
        elif kind == KEPT:
            self._used.add(key)
            digest = self._entries[key][2]
        return digest

    def texts_ahead(self, listed: Callable[[], Wanted], size: int) -> Ahead:
        """Start making the texts `listed()` gives, each with the parts that name it (which
        must name everything it depends on), that did not make one before, by a background
        child while this process goes on when they are many (`workers.Ahead`; `size` says how
        many items the work is made from): `result()` returns every text in order, and keeps
        them.

        When the cache keeps nothing at all (a first run), no text can be found here: the child
        lists and names the texts too, and this process forks it without doing either.
        For a file that is not a page, such as the follow-ups feed's events.
        """
        if not self._loaded:
            self._load()
        stamp = code_stamp()
        if not self._entries:

            def make_all() -> list[list[Any]]:
                wanted = listed()
                keys = [_text_key(stamp, parts) for parts, _ in wanted]
                return [keys, [make() for _, make in wanted]]

            def keep_all(made: list[Any]) -> list[Any]:
                keys, texts = made[0]
                for key, text in zip(keys, texts, strict=True):
                    self._put(key, (text, (), b""))
                return list(texts)

            return Ahead([make_all], keep_all, size=size)
        wanted = listed()
        keys = [_text_key(stamp, parts) for parts, _ in wanted]
        found = [self.kept(key) for key in keys]
        missing = [i for i, text in enumerate(found) if text is None]

        def keep(made: list[Any]) -> list[Any]:
            for i, text in zip(missing, made, strict=True):
                self._put(keys[i], (text, (), b""))
                found[i] = text
            self._used.update(keys)
            return [text for text in found if text is not None]

        return Ahead([wanted[i][1] for i in missing], keep)

    def _stamp(self) -> str:
        return code_stamp()

    def _shard(self, key: bytes) -> int:
        """Return which file keeps a key: its first byte, which for a page names its path
        (`_file_of`), so that the entry a page is drawn anew under replaces the old one in the
        same file, and an edit rewrites one file for each page it changes, not two."""
        return key[0] % self.SHARDS if key else 0

    def _dump(self, entries: dict[bytes, Entry]) -> Any:
        """Return the entries' reads and digests, and the pages' texts apart, marshalled
        (bytes). A text that is no page (`texts_ahead`: the feed's events, all wanted by every run)
        stays with its entry."""
        index: dict[bytes, tuple[Deps, bytes, str | None]] = {}
        texts: dict[bytes, Text] = {}
        for key, (_, deps, digest) in entries.items():
            made = self.kept_data(key)  # reads the file's texts if they are still on disk
            if made is None:
                continue
            if digest:
                index[key], texts[key] = (deps, digest, None), made
            else:
                index[key] = (deps, digest, as_str(made))
        return index, marshal.dumps(texts)

    def _file_data(self, stamp: str, entries: dict[bytes, Entry]) -> bytes:
        index, texts = self._dump(entries)
        assert isinstance(texts, bytes)
        return join_file(stamp, index, texts)

    def _read_file(self, path: Path, stamp: str) -> dict[bytes, Entry] | None:
        """Read a file's head only: its texts stay on disk until one is wanted (`_Shelf`)."""
        with path.open("rb") as file:
            facts = stat_facts(os.fstat(file.fileno()))
            (size,) = _HEAD.unpack(file.read(_HEAD.size))
            found_stamp, index, length = _head(file.read(size))
        if facts[0] != _HEAD.size + size + length:
            raise ValueError("not a page cache file")  # cut short, or longer than written
        if found_stamp != stamp:
            return None
        return self._restore((index, _Shelf(path, _HEAD.size + size, length, facts)))

    def _restore(self, payload: Any) -> dict[bytes, Entry]:
        if not (isinstance(payload, tuple) and len(payload) == 2):
            raise ValueError("not a page cache")
        index, shelf = payload
        if not (isinstance(shelf, _Shelf) and _well_formed(index)):
            raise ValueError("not a page cache")
        return {
            key: (shelf if text is None else text, deps, digest)
            for key, (deps, digest, text) in index.items()
        }


@dataclass(frozen=True, slots=True)
class _Recent:
    """What a kept page was drawn from in the last run of this process, and its key."""

    parts: tuple[str, ...]  # the key's parts besides the inputs
    source: PageInputs
    key: bytes
    # For each whole-vault mapping the page read: its name, the keys read, and the very
    # values found under them (`_ABSENT` for a key it lacked).
    reads: tuple[tuple[str, tuple[str, ...], tuple[Any, ...]], ...]


def _read(
    watched: Mapping[str, Mapping[str, Any]], name: str, keys: tuple[str, ...]
) -> tuple[str, tuple[str, ...], tuple[Any, ...]]:
    get = watched[name].get
    return name, keys, tuple([get(key, _ABSENT) for key in keys])


def _context(source: Mapping[str, Any] | PageInputs) -> Mapping[str, Any]:
    return source if isinstance(source, Mapping) else source.context()


def _deps(views: dict[str, Watched], prints: Fingerprints) -> Deps:
    return tuple(
        (name, keys, prints.entries(view._inner, keys))
        for name, view in views.items()
        if view._read
        for keys in [tuple(sorted(view._read))]
    )


def _current(deps: Deps, watched: Mapping[str, Mapping[str, Any]], prints: Fingerprints) -> bool:
    for name, keys, digest in deps:
        inner = watched.get(name)
        if inner is None or prints.entries(inner, keys) != digest:
            return False
    return True


def _file_of(path: str) -> bytes:
    """Return the byte a page's keys start with: which of the cache's files keeps the page."""
    return bytes((zlib.crc32(path.encode("utf-8", "surrogatepass")) & 0xFF,))


def _text_key(stamp: str, parts: tuple[str, ...]) -> bytes:
    """Return the key a text that is no page is kept under (`texts_ahead`)."""
    return content_digest("\0".join(("text", stamp, *parts)).encode("utf-8", "surrogatepass"))


def _well_formed(entries: object) -> bool:
    if not isinstance(entries, dict):
        return False
    for key, entry in entries.items():
        if not (isinstance(key, bytes) and isinstance(entry, tuple) and len(entry) == 3):
            return False
        deps, digest, text = entry
        if not (isinstance(deps, tuple) and isinstance(digest, bytes)):
            return False
        if not (isinstance(text, str) if not digest else text is None):
            return False
        for dep in deps:
            if not (isinstance(dep, tuple) and len(dep) == 3 and isinstance(dep[1], tuple)):
                return False
    return True


_STAMP: list[str] = []


def code_stamp() -> str:
    """Name everything that renders a page: Kith's code and templates, Python, the libraries."""
    if not _STAMP:
        versions = [__version__, sys.version]
        versions += (f"{name} {library_version(name)}" for name in _LIBRARIES)
        code = (p for p in sorted(_CODE.rglob("*")) if p.suffix in (".py", ".j2") and p.is_file())
        _STAMP.append(files_stamp(versions, code, _CODE))
    return _STAMP[0]


def library_version(name: str) -> str:
    """Return an installed library's version ("?" when it is not installed): the version in
    the name of its `.dist-info` folder, in the first folder on `sys.path` that holds one: the
    folder `importlib.metadata.version` would read, whose name carries the version the wheel
    was built with (the tests compare the two for the libraries Kith uses). About 1 ms;
    importing `importlib.metadata` and asking it took about 10 ms of every `kith generate`.
    That module still answers when `sys.path` holds anything but folders (a zip), or the
    folder's name is not one the wheel format makes (`NAME-VERSION.dist-info`, the name's
    dashes written as underscores). Only a change of version matters here: the page cache is
    named by these (`code_stamp`).
    """
    wanted = _normalized(name)
    if all(os.path.isdir(entry) or not os.path.exists(entry) for entry in sys.path):
        for entry in sys.path:
            try:
                names = os.listdir(entry or ".")
            except OSError:
                continue
            found = [
                (kind, version)
                for info in names
                for stem, kind in [os.path.splitext(info)]
                if kind in (".dist-info", ".egg-info")
                for found_name, _, version in [stem.partition("-")]
                if _normalized(found_name) == wanted
            ]
            if len(found) == 1 and found[0][0] == ".dist-info" and _plain(found[0][1]):
                return found[0][1]
            if found:
                break  # two of them, an egg's, or a name the wheel format does not make
    from importlib import metadata

    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "?"


def _plain(version: str) -> bool:
    """Tell whether a version read from a folder's name is one: not empty, no dash."""
    return bool(version) and "-" not in version


def _normalized(name: str) -> str:
    """A project's name as the packaging standards compare names (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def templates_stamp(folder: Path | None) -> str:
    """Name the owner's templates folder by the names and bytes of every file in it."""
    if folder is None or not folder.is_dir():
        return "no owner templates"
    return files_stamp((), (p for p in sorted(folder.rglob("*")) if p.is_file()), folder)
