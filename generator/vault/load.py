"""Read `people/` once and turn it into a Vault, collecting every problem with its file and line."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..disk import content_digest
from ..model import (
    FREE_FIELDS,
    KNOWN_FIELDS,
    LIST_FIELDS,
    Person,
    Problem,
    Severity,
    Vault,
    not_utf8,
)
from ..workers import processes, share
from .body import parse_body
from .cache import CachedParse, ParseCache, Stat, decode_entry, encode_entry, file_stat
from .fields import (
    CONVERTERS,
    FieldError,
    convert_field,
    misspelt_field_hint,
)
from .files import (
    Found,
    is_contact_name,
    is_hidden_folder,
    read_contact_stat,
    walk_people,
)
from .logtags import check_log_links
from .slugs import SlugError, check_slug, is_generated_page, reserved_message
from .split import SplitError, split_front_matter
from .ties import collect_edges, parse_knows, same_ties, unknown_ties
from .yaml_nodes import BUILD_ERRORS, TIMESTAMP, SourceMap, TooDeepError, construct_front

# Text fields whose values YAML may read as something else (`phone: 0612345670` is an octal
# number, `tags: [no]` is False): they are kept as the owner wrote them.
_AS_WRITTEN = frozenset(("name", "tags", "source", *FREE_FIELDS, *LIST_FIELDS))
MAX_NODES = 20_000  # far above any real contact; a YAML alias bomb passes it at once


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The vault and every problem found while reading it."""

    vault: Vault
    problems: tuple[Problem, ...]
    # Each contact's slug to the hash of the file it was read from (its path and bytes): a
    # Person is a function of its file alone, so this names the record (site/page_cache.py).
    sources: Mapping[str, bytes] = field(default_factory=dict)
    # Every contact file found in people/ (its path and the path shown in problems), loaded or
    # not, in the order `walk_people` finds them: what `vault/lookup.list_contacts` lists.
    files: tuple[tuple[str, str], ...] = ()

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def load_vault(
    people_dir: Path,
    root: Path | None = None,
    cache: ParseCache | None = None,
    before: Vault | None = None,
) -> LoadResult:
    """Load every `*.md` under `people_dir`; paths in problems are relative to `root`.

    With a cache, a file whose bytes were parsed before is not parsed again. `before` is the
    vault this process loaded last (`mkdocs serve`): when the contacts and the ties they
    declare are the same, its ties are not joined again.
    """
    root = root if root is not None else people_dir.parent
    with collector_paused():
        return _load_all(people_dir, root, cache, before)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration; nesting is harmless.

    Loading a vault and planning its pages allocate hundreds of thousands of small objects that
    form no cycles, and every collection walks everything built so far: about a fifth of the
    pipeline's time for 10,000 contacts. Objects are still freed as soon as they are unused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load_all(
    people_dir: Path, root: Path, cache: ParseCache | None, before: Vault | None
) -> LoadResult:
    problems: list[Problem] = []
    people: dict[str, Person] = {}
    first_path: dict[str, str] = {}
    # A folder not made yet is an empty vault (a fresh `kith init`, a clone before the first
    # contact); something else in its place is a mistake.
    if people_dir.exists() and not people_dir.is_dir():
        problems.append(
            Problem(
                _rel(people_dir, root), 0, "not a folder: contacts go in a folder of Markdown files"
            )
        )
    found_files = list(walk_people(people_dir, root))
    ready = _parse_ahead(found_files, cache)
    sources: dict[str, bytes] = {}
    for found in found_files:
        path, rel = found.path, found.rel
        if found.outside:
            problems.append(Problem(rel, 0, _outside_message(found.outside), Severity.WARNING))
            continue
        name = os.path.basename(path)[:-3]
        if is_generated_page(name):
            problems.append(Problem(rel, 1, reserved_message(name)))
            continue
        unusable = unusable_name(name)
        if unusable:
            problems.append(Problem(rel, 1, unusable))
            continue
        entry, digest = ready.get(rel) or _load_file(path, rel, cache)
        problems.extend(entry[1])
        person = entry[0]
        if person is None:
            continue
        _check_file_name(person.slug, rel, problems)
        if person.slug in people:
            other = first_path[person.slug]
            problems.append(Problem(other, 1, f"duplicate slug '{person.slug}' (also {rel})"))
            problems.append(Problem(rel, 1, f"duplicate slug '{person.slug}' (also {other})"))
            continue
        people[person.slug] = person
        first_path[person.slug] = rel
        sources[person.slug] = content_digest(
            b"%s\0%s" % (rel.encode("utf-8", "surrogatepass"), digest)
        )
    _warn_case_twins(first_path, problems)
    if before is not None and same_ties(people, before.by_slug):
        unknown_ties(people, problems)
        edges = before.edges
    else:
        edges = collect_edges(people, problems)
    check_log_links(people, problems)
    ordered = tuple(people[s] for s in sorted(people))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    if cache is not None:
        cache.save()
    files = tuple((found.path, found.rel) for found in found_files if not found.outside)
    return LoadResult(Vault.build(ordered, edges, before), tuple(problems), sources, files)


def _parse_ahead(
    found_files: list[Found], cache: ParseCache | None
) -> dict[str, tuple[CachedParse, bytes]]:
    """In a big vault, read, hash and parse the contact files whose stat the cache does not
    know, in worker processes (`generator/workers.py`); return what each file parsed to and
    the hash of its bytes, by path.

    A file the cache has an entry for is `stat`ed here first, to find it unchanged (`_known`);
    the stat kept beside a file's hash is the one its worker's `open` gives, before it reads
    the file: a first run at 10,000 contacts asks no stat twice. A file that
    cannot be read is left to the loop that reports it; so is every file when the work is too
    small to share.
    """
    if processes(len(found_files)) == 1:
        return {}
    ready: dict[str, tuple[CachedParse, bytes]] = {}
    todo: list[tuple[str, str, str]] = []
    for found in found_files:
        slug = os.path.basename(found.path)[:-3]
        if found.outside or is_generated_page(slug) or unusable_name(slug):
            continue
        same = _known(found.path, found.rel, cache)
        if same is not None:
            ready[found.rel] = same
        else:
            todo.append((found.path, slug, found.rel))
    if processes(len(todo)) == 1:
        return ready

    def parse_part(part: Sequence[tuple[str, str, str]]) -> list[_Read | None]:
        return [_read_and_parse(path, slug, rel, cache) for path, slug, rel in part]

    for (_, _, rel), read in zip(todo, share(parse_part, todo, codec=_READ_CODEC), strict=True):
        if read is None:
            continue  # not readable: the loop reads it again and says why
        digest, entry, stat = read
        if entry is None:  # the cache knows these bytes
            entry = cache.find(rel, digest) if cache is not None else None
            if entry is None:  # not after all (cannot be: the cache did not change)
                continue
        ready[rel] = (entry, digest)
        if cache is not None:
            cache.keep(rel, digest, entry, stat)
    return ready


# What a worker found of a file: the hash of its bytes, what they parsed to (None when the
# cache holds them already), and what `stat` said of the file before it was read, when;
# None when the file could not be read.
_Read = tuple[bytes, "CachedParse | None", tuple[Stat, int]]


def _read_and_parse(path: str, slug: str, rel: str, cache: ParseCache | None) -> _Read | None:
    """Read a file and parse it, unless the cache knows its bytes (after a checkout that
    changed only its stat); None when it cannot be read."""
    try:
        data, stat = read_contact_stat(path)
    except OSError:
        return None
    digest = content_digest(data)
    if cache is not None and cache.holds(rel, digest):
        return digest, None, stat
    problems: list[Problem] = []
    return digest, (parse_person(data, slug, rel, problems), tuple(problems)), stat


def _encode_read(read: _Read | None) -> Any:
    if read is None or read[1] is None:
        return read
    return read[0], encode_entry(read[1]), read[2]


def _decode_read(sent: Any) -> _Read | None:
    if sent is None or sent[1] is None:
        return sent  # type: ignore[no-any-return]
    return sent[0], decode_entry(sent[1]), sent[2]


_READ_CODEC = (_encode_read, _decode_read)


# A name of bytes that are no UTF-8 (an archive or a repository made elsewhere) can name no
# page: a URL or a file of the site must be UTF-8. A control character (a line break: git
# and Linux allow one; U+2028 reads as one too) would split the lists of written files that
# `kith generate` keeps, and the terminal's lines.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def unusable_name(slug: str) -> str:
    """Say why a contact file's name can name no page ('' when it can)."""
    try:
        slug.encode("utf-8")
    except UnicodeEncodeError:
        return f"the file name is not UTF-8 (got {slug!r}): rename the file to give it a page"
    if _CONTROL.search(slug):
        return (
            f"the file name holds a control character or a line break (got {slug!r}): rename "
            "the file to give it a page"
        )
    return ""


def _warn_case_twins(paths: Mapping[str, str], problems: list[Problem]) -> None:
    """Warn about slugs that differ only in case (`Ann`, `ann`): on a file system that ignores
    case (macOS, Windows) the two files are one, and so are the two contact pages."""
    seen: dict[str, str] = {}
    for slug in sorted(paths):
        twin = seen.setdefault(slug.casefold(), slug)
        if twin != slug:
            message = (
                f"slug '{slug}' differs from '{twin}' ({paths[twin]}) only in case: on macOS "
                "and Windows the two files are one, and so are their pages; rename one"
            )
            problems.append(Problem(paths[slug], 1, message, Severity.WARNING))


def _check_file_name(slug: str, rel: str, problems: list[Problem]) -> None:
    """Warn about a file name that is no slug: ties, completion and commands cannot name it."""
    try:
        check_slug(slug)
    except SlugError as exc:
        message = (
            f"the file name is no slug: {exc}; rename the file so that ties and kith commands "
            "can name it"
        )
        problems.append(Problem(rel, 1, message, Severity.WARNING))


def iter_contact_files(people_dir: Path) -> Iterator[Path]:
    """Yield every contact file in a stable order, skipping hidden folders and files."""
    for found in walk_people(people_dir, people_dir):
        if not found.outside:
            yield Path(found.path)


def _outside_message(target: str) -> str:
    return (
        f"a link to {target}, outside the people folder: not read (Kith reads and writes only "
        "files inside it)"
    )


def contact_slug(rel: str) -> str | None:
    """Return the slug of a path inside people/ ('family/mom.md' -> 'mom'); None if no contact."""
    *folders, name = rel.split("/")
    if not is_contact_name(name) or any(is_hidden_folder(f) for f in folders):
        return None
    return name[:-3]


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_person(path: Path, rel: str, problems: list[Problem]) -> Person | None:
    """Parse one contact file; append its problems; None when it cannot be read at all."""
    (person, own), _ = _load_file(str(path), rel, None)
    problems.extend(own)
    return person


def _known(path: str, rel: str, cache: ParseCache | None) -> tuple[CachedParse, bytes] | None:
    """Return what the cache holds for a file it has an entry for whose `stat` shows it
    unchanged; None: read it. A file the cache has no entry for is not `stat`ed here: what
    the cache keeps beside its hash is the status its reader's `open` gives, before the read
    (`read_contact_stat`)."""
    if cache is None or not cache.knows(rel):
        return None
    return cache.unchanged(rel, file_stat(path))


def _load_file(path: str, rel: str, cache: ParseCache | None) -> tuple[CachedParse, bytes]:
    """Read and parse one file (or find it in the cache); return it with the hash of its bytes
    (a file that cannot be read is no person and a problem)."""
    same = _known(path, rel, cache)
    if same is not None:
        return same
    try:
        data, stat = read_contact_stat(path)
    except OSError as exc:
        return (None, (Problem(rel, 0, f"cannot read file ({exc.strerror})"),)), b""
    digest = content_digest(data)
    entry = cache.find(rel, digest) if cache is not None else None
    if entry is None:
        own: list[Problem] = []
        entry = (parse_person(data, os.path.basename(path)[:-3], rel, own), tuple(own))
    if cache is not None:
        cache.keep(rel, digest, entry, stat)
    return entry, digest


def parse_person(data: bytes, slug: str, rel: str, problems: list[Problem]) -> Person | None:
    """Turn one file's bytes into a Person, or None (with problems) when it has no usable facts."""
    if not data.strip():
        problems.append(Problem(rel, 1, "file is empty: a contact needs front matter with a name"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, byte = not_utf8(exc)
        problems.append(Problem(rel, line, f"file is not UTF-8 (byte {byte}); save it as UTF-8"))
        return None
    try:
        split = split_front_matter(text)
    except SplitError as exc:
        problems.append(Problem(rel, exc.line, exc.message))
        return None
    if split.closed_with_dots:
        message = (
            "front matter closed with '...': Kith reads it, but python-frontmatter and most "
            "Markdown tools do not; close it with '---'"
        )
        problems.append(Problem(rel, split.body_line - 1, message, Severity.WARNING))
    source = SourceMap(split.front, first_line=2)
    raw = _parse_yaml(source, rel, problems)
    if raw is None:
        return None
    for key, line, first in source.duplicate_keys():
        problems.append(Problem(rel, line, f"field '{key}' appears twice (first on line {first})"))
    return _build_person(raw, slug, rel, source, split.body, split.body_line, problems)


def _parse_yaml(source: SourceMap, rel: str, problems: list[Problem]) -> dict[str, Any] | None:
    try:
        raw, too_big, odd = construct_front(source.compose(), MAX_NODES)
    except yaml.MarkedYAMLError as exc:
        problems.append(Problem(rel, *_yaml_error(exc, source.first_line)))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, source.first_line, f"invalid YAML: {exc}"))
        return None
    except BUILD_ERRORS:
        # PyYAML resolves `2026-13-01` as a date and fails building it; `!!bool maybe` fails too.
        line, value, tag = source.bad_scalar()
        if tag == TIMESTAMP:
            message = f"date {value} does not exist"
        else:
            message = f"invalid YAML: {value!r} is not a valid {tag.rpartition(':')[2] or 'value'}"
        problems.append(Problem(rel, line, message))
        return None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(
            Problem(rel, source.first_line, "front matter must be fields (name: value), not a list")
        )
        return None
    if too_big:
        problems.append(
            Problem(
                rel, source.first_line, "front matter expands to too many values (YAML aliases?)"
            )
        )
        return None
    for key, read in odd:
        problems.append(
            Problem(
                rel,
                source.first_line + key.start_mark.line,
                f"field name '{key.value}' means {_yaml_reading(read)} in YAML (as other tools "
                "read it); "
                f"Kith keeps the name '{key.value}': put it in quotes ('{key.value}':)",
                Severity.WARNING,
            )
        )
    return raw


def _yaml_reading(value: object) -> str:
    """Say what YAML reads a field name as, in YAML's words (`true`, not Python's `True`)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"the date {value.isoformat()}"
    return f"a {type(value).__name__}"


def _yaml_error(exc: yaml.MarkedYAMLError, first_line: int) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    message = f"invalid YAML: {exc.problem or exc.context}"
    if isinstance(exc, TooDeepError):  # valid YAML, but more than a contact can be
        message = str(exc.problem)
    context = exc.context_mark
    if (
        exc.problem
        and exc.context
        and context is not None
        and context.line != getattr(mark, "line", None)
    ):
        message += f" ({exc.context} that starts on line {first_line + context.line})"
    return line, message


def _build_person(
    raw: dict[str, Any],
    slug: str,
    rel: str,
    source: SourceMap,
    body: str,
    body_line: int,
    problems: list[Problem],
) -> Person | None:
    values: dict[str, Any] = {}
    ok = True
    for key in CONVERTERS:
        value = raw.get(key)
        if key in _AS_WRITTEN and value is not None:
            value = source.restore_scalars(key, value)
        try:
            values[key] = convert_field(key, value)
        except FieldError as exc:
            problems.append(Problem(rel, source.line_of(key), exc.message))
            ok = False
    ties = parse_knows(
        raw.get("knows"), slug, rel, lambda sub: source.line_of("knows", sub), problems
    )
    extra = _extra_fields(raw, rel, source, problems)
    parsed = parse_body(body, body_line, rel, problems)
    if not ok:
        return None
    values["last_contact_field"] = values.pop("last_contact")
    values["connected_on_field"] = values.pop("connected_on")
    return Person(
        slug=slug,
        path=rel,
        ties=ties,
        log=parsed.log,
        notes=parsed.notes,
        private_notes=parsed.private,
        extra=extra,
        **values,
    )


def _extra_fields(
    raw: dict[str, Any], rel: str, source: SourceMap, problems: list[Problem]
) -> tuple[tuple[str, str], ...]:
    extra = []
    for key in raw:
        name = str(key)
        if name in KNOWN_FIELDS:
            continue
        hint = misspelt_field_hint(name)
        if hint:
            problems.append(
                Problem(
                    rel,
                    source.line_of(name),
                    f"unknown field '{name}'{hint} (kept and shown as is)",
                    Severity.WARNING,
                )
            )
        extra.append((name, source.display(name, raw[key])))
    return tuple(extra)
