"""Read `people/` once and turn it into a Vault, collecting every problem with its file and line."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .body import parse_body
from .fields import (
    CONVERTERS,
    KNOWN_FIELDS,
    FieldError,
    convert_field,
    did_you_mean,
    misspelt_field_hint,
)
from .frontmatter import SplitError, split_front_matter
from .model import Edge, Person, Problem, Severity, Tie, Vault
from .yamlsource import SourceMap

try:
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_NODES = 20_000  # far above any real contact; a YAML alias bomb passes it at once
_TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class LoadResult:
    """The vault and every problem found while reading it."""

    vault: Vault
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


def load_vault(people_dir: Path, root: Path | None = None) -> LoadResult:
    """Load every `*.md` under `people_dir`; paths in problems are relative to `root`."""
    root = root if root is not None else people_dir.parent
    problems: list[Problem] = []
    people: dict[str, Person] = {}
    first_path: dict[str, str] = {}
    if not people_dir.is_dir():
        problems.append(Problem(_rel(people_dir, root), 0, "people folder does not exist"))
    for path in iter_contact_files(people_dir):
        rel = _rel(path, root)
        person = load_person(path, rel, problems)
        if person is None:
            continue
        if person.slug in people:
            other = first_path[person.slug]
            problems.append(Problem(other, 1, f"duplicate slug '{person.slug}' (also {rel})"))
            problems.append(Problem(rel, 1, f"duplicate slug '{person.slug}' (also {other})"))
            continue
        people[person.slug] = person
        first_path[person.slug] = rel
    edges = _collect_edges(people, problems)
    ordered = tuple(people[s] for s in sorted(people))
    problems.sort(key=lambda p: (p.path, p.line, p.message))
    return LoadResult(Vault.build(ordered, edges), tuple(problems))


def iter_contact_files(people_dir: Path) -> Iterator[Path]:
    """Yield every contact file in a stable order, skipping hidden folders and files."""
    for dirpath, dirnames, filenames in os.walk(people_dir):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".md") and not name.startswith("."):
                yield Path(dirpath, name)


def _rel(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def load_person(path: Path, rel: str, problems: list[Problem]) -> Person | None:
    """Parse one contact file; append its problems; None when it cannot be read at all."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        problems.append(Problem(rel, 0, f"cannot read file ({exc.strerror})"))
        return None
    return parse_person(data, path.stem, rel, problems)


def parse_person(data: bytes, slug: str, rel: str, problems: list[Problem]) -> Person | None:
    """Turn one file's bytes into a Person, or None (with problems) when it has no usable facts."""
    if not data.strip():
        problems.append(Problem(rel, 1, "file is empty: a contact needs front matter with a name"))
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        problems.append(
            Problem(
                rel, line, f"file is not UTF-8 (byte 0x{data[exc.start]:02x}); save it as UTF-8"
            )
        )
        return None
    try:
        split = split_front_matter(text)
    except SplitError as exc:
        problems.append(Problem(rel, exc.line, exc.message))
        return None
    source = SourceMap(split.front, first_line=2)
    raw = _parse_yaml(split.front, source, rel, problems)
    if raw is None:
        return None
    _check_duplicate_keys(split.front, rel, problems)
    return _build_person(raw, slug, rel, source, split.body, split.body_line, problems)


def _parse_yaml(
    front: str, source: SourceMap, rel: str, problems: list[Problem]
) -> dict[str, Any] | None:
    try:
        raw = yaml.load(front, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        problems.append(Problem(rel, *_yaml_error(exc, source.first_line)))
        return None
    except yaml.YAMLError as exc:
        problems.append(Problem(rel, source.first_line, f"invalid YAML: {exc}"))
        return None
    except (ValueError, OverflowError):
        # PyYAML resolves `2026-13-01` as a date and fails building it.
        line, value = source.bad_timestamp()
        problems.append(Problem(rel, line, f"date {value} does not exist"))
        return None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        problems.append(
            Problem(rel, source.first_line, "front matter must be fields (name: value), not a list")
        )
        return None
    if _too_big(raw):
        problems.append(
            Problem(
                rel, source.first_line, "front matter expands to too many values (YAML aliases?)"
            )
        )
        return None
    return raw


def _yaml_error(exc: yaml.MarkedYAMLError, first_line: int) -> tuple[int, str]:
    mark = exc.problem_mark or exc.context_mark
    line = first_line + (mark.line if mark else 0)
    message = f"invalid YAML: {exc.problem or exc.context}"
    context = exc.context_mark
    if (
        exc.problem
        and exc.context
        and context is not None
        and context.line != getattr(mark, "line", None)
    ):
        message += f" ({exc.context} that starts on line {first_line + context.line})"
    return line, message


def _too_big(value: Any) -> bool:
    """Walk at most MAX_NODES values; a nested alias bomb stops the walk early."""
    budget = MAX_NODES
    stack = [value]
    while stack:
        item = stack.pop()
        budget -= 1
        if budget < 0:
            return True
        if isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_duplicate_keys(front: str, rel: str, problems: list[Problem]) -> None:
    seen: dict[str, int] = {}
    for match in _TOP_KEY.finditer(front):
        key = match.group(1)
        line = front.count("\n", 0, match.start()) + 2
        if key in seen:
            problems.append(
                Problem(rel, line, f"field '{key}' appears twice (first on line {seen[key]})")
            )
        else:
            seen[key] = line


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
        if key in ("name", "tags") and value is not None:
            value = source.restore_scalars(key, value)
        try:
            values[key] = convert_field(key, value)
        except FieldError as exc:
            problems.append(Problem(rel, source.line_of(key), exc.message))
            ok = False
    ties = _parse_knows(raw.get("knows"), slug, rel, source, problems)
    extra = _extra_fields(raw, rel, source, problems)
    parsed = parse_body(body, body_line, rel, problems)
    if not ok:
        return None
    values["last_contact_field"] = values.pop("last_contact")
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


def _parse_knows(
    value: Any, slug: str, rel: str, source: SourceMap, problems: list[Problem]
) -> tuple[Tie, ...]:
    if value is None:
        return ()
    if isinstance(value, list):
        entries: list[tuple[Any, Any]] = [(item, 3) for item in value]
    elif isinstance(value, dict):
        entries = list(value.items())
    else:
        problems.append(
            Problem(rel, source.line_of("knows"), "knows must list slugs or map slugs to strengths")
        )
        return ()
    ties: list[Tie] = []
    for other, spec in entries:
        line = source.line_of("knows", other)
        tie = _parse_tie(other, spec, slug, line, rel, problems)
        if tie is not None:
            ties.append(tie)
    return tuple(ties)


def _parse_tie(
    other: Any, spec: Any, slug: str, line: int, rel: str, problems: list[Problem]
) -> Tie | None:
    if not isinstance(other, str) or not other:
        problems.append(Problem(rel, line, f"knows: {other!r} is not a slug (a file name)"))
        return None
    if other == slug:
        problems.append(Problem(rel, line, f"knows: '{other}' is this contact; remove the tie"))
        return None
    how = ""
    strength = spec
    if isinstance(spec, dict):
        strength = spec.get("strength", 3)
        how_value = spec.get("how")
        if isinstance(how_value, (dict, list)):
            problems.append(Problem(rel, line, f"knows: {other}: how must be text"))
            return None
        how = "" if how_value is None else str(how_value)
    if strength is None:
        strength = 3
    if isinstance(strength, bool) or not isinstance(strength, int) or not 1 <= strength <= 5:
        shown = repr(strength) if isinstance(strength, str) else str(strength)
        problems.append(
            Problem(
                rel,
                line,
                f"knows: {other}: strength must be a whole number from 1 to 5 (got {shown})",
            )
        )
        return None
    return Tie(other=other, strength=strength, how=how, line=line)


def _collect_edges(people: dict[str, Person], problems: list[Problem]) -> tuple[Edge, ...]:
    best: dict[tuple[str, str], Edge] = {}
    slugs = sorted(people)
    for person in people.values():
        for tie in person.ties:
            if tie.other not in people:
                hint = did_you_mean(tie.other, slugs)
                problems.append(
                    Problem(
                        person.path,
                        tie.line,
                        f"knows: no contact '{tie.other}'{hint} (tie ignored)",
                        Severity.WARNING,
                    )
                )
                continue
            a, b = sorted((person.slug, tie.other))
            edge = Edge(a, b, tie.strength, tie.how)
            current = best.get((a, b))
            if current is None or _stronger(edge, current):
                best[(a, b)] = edge
    return tuple(best[k] for k in sorted(best))


def _stronger(new: Edge, old: Edge) -> bool:
    if new.strength != old.strength:
        return new.strength > old.strength
    # Equal strengths: keep a description if only one end gave one, else the first in order.
    return bool(new.how) and (not old.how or new.how < old.how)
