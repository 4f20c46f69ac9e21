"""Property tests: an edit of one thing leaves every other byte of a contact file as it was."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import yaml
from contactgen import OPTIONAL, SLUGS, ContactFile, contact_files, text_value
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from generator.edit.changes import add_log_entry, remove_tie, set_field, set_tie, unset_field
from generator.model import CIRCLES, LOG_KINDS, Interaction, Person, Severity, Tie
from generator.vault.fields import CONVERTERS, convert_field
from generator.vault.load import parse_person
from generator.vault.scalars import format_scalar

SETTINGS = settings(
    max_examples=int(os.environ.get("KITH_EXAMPLES", "150")),  # raise it to search harder
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
REL = "people/ada.md"
TAGS = ("math", "engines", "Zoë", "a b", "c-d", "poetry", "x: y", "#7")  # overlaps contactgen's


def new_value(field: str) -> st.SearchStrategy[Any]:
    """A valid new value for a field, as a caller of `set_field` passes it."""
    return {
        "circle": st.sampled_from(CIRCLES),
        "strength": st.integers(0, 5),
        "influence": st.integers(1, 5),
        "cadence": st.integers(0, 400),
        "target": st.booleans(),
        "last_contact": st.dates(dt.date(2000, 1, 1), dt.date(2030, 12, 31)),
        "tags": st.lists(st.sampled_from(TAGS), min_size=1, max_size=5, unique=True).map(tuple),
    }.get(field, text_value())


def load(data: bytes) -> Person:
    problems: list[Any] = []
    person = parse_person(data, "ada", REL, problems)
    errors = [p for p in problems if p.severity is Severity.ERROR]
    assert person is not None and not errors, (data, errors)
    return person


def comparable(person: Person) -> Person:
    ties = tuple(dataclasses.replace(t, line=0) for t in person.ties)
    log = tuple(sorted((dataclasses.replace(i, line=0) for i in person.log), key=repr))
    return dataclasses.replace(person, ties=ties, log=log)


def with_field(person: Person, field: str, value: Any) -> Person:
    """The contact as it must load after `field` got `value` (the spec, written independently)."""
    if field in CONVERTERS:
        model = convert_field(field, list(value) if isinstance(value, tuple) else value)
        attr = "last_contact_field" if field == "last_contact" else field
        return dataclasses.replace(person, **{attr: model})
    shown = value.isoformat() if isinstance(value, dt.date) else str(value)
    extra = dict(person.extra)
    extra[field] = shown
    return dataclasses.replace(person, extra=tuple(extra.items()))


def inserted_line(old: str, new: str, nl: str) -> str:
    """Assert `new` is `old` with one whole line added; return that line without its break."""
    lines = new.splitlines(keepends=True)
    for index, line in enumerate(lines):
        if "".join(lines[:index] + lines[index + 1 :]) == old:
            return line.rstrip("\r\n")
    if lines and new == old + nl + lines[-1]:
        return lines[-1]  # added after a last line that had no line break
    raise AssertionError(f"not one added line:\n{old!r}\n{new!r}")


def changed_region(old: str, new: str, within: tuple[int, int] | None = None) -> tuple[int, int]:
    """Return the [start, end) of `old` that an edit replaced ((0, 0) when nothing changed).

    Where the replaced text and what follows it start alike ("- eve\\n---" became "---"), the
    region can be placed more than one way; with `within`, the placement inside it is returned.
    """
    if old == new:
        return 0, 0
    shortest = min(len(old), len(new))
    prefix = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), shortest)
    suffix = next((i for i in range(shortest) if old[-1 - i] != new[-1 - i]), shortest)
    # Prefix first, then suffix first: the two extreme placements of the same change.
    placements = [
        (prefix, len(old) - min(suffix, shortest - prefix)),
        (min(prefix, shortest - suffix), len(old) - suffix),
    ]
    if within is not None:
        for start, end in placements:
            if within[0] <= start <= end <= within[1]:
                return start, end
    return placements[0]


def line_breaks_kept(file: ContactFile, new: str) -> None:
    if file.nl == "\r\n":
        assert new.count("\n") == new.count("\r\n"), "a bare LF crept into a CRLF file"
    else:
        assert "\r" not in new


@SETTINGS
@given(file=contact_files(), data=st.data())
def test_setting_a_field_changes_only_its_value(
    tmp_path: Path, file: ContactFile, data: Any
) -> None:
    field = data.draw(st.sampled_from(sorted(k for k in file.spans if k != "knows")))
    value = data.draw(new_value(field))
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)
    before = load(file.data)

    set_field(path, REL, field, value)

    new = path.read_bytes()
    span = file.spans[field]
    # A list may grow by a line after its last item's comment; anything else stays in the value.
    limit = span.line_end if field == "tags" else span.value_end
    kept_before, kept_after = file.text[: span.value_start], file.text[limit:]
    assert new.decode().startswith(kept_before)
    assert new.decode().endswith(kept_after)
    assert len(new.decode()) >= len(kept_before) + len(kept_after)
    assert comparable(load(new)) == comparable(with_field(before, field, value))
    line_breaks_kept(file, new.decode())
    if field == "tags":
        kept_item_lines_stay(file.text[span.line_start : span.line_end], value, new.decode())


def kept_item_lines_stay(old_entry: str, tags: tuple[str, ...], new: str) -> None:
    """A block list item that is still wanted keeps its line, comment and all."""
    new_lines = new.splitlines()
    for line in old_entry.splitlines():
        item = re.match(r"^\s*- (.*?)(\s+#.*)?$", line)
        if item and str(yaml.safe_load(item.group(1))) in tags:
            assert line in new_lines


@SETTINGS
@given(file=contact_files(), data=st.data())
def test_adding_a_field_inserts_one_line_in_the_front_matter(
    tmp_path: Path, file: ContactFile, data: Any
) -> None:
    missing = sorted(k for k in OPTIONAL if k not in file.spans and k != "knows")
    field = data.draw(st.sampled_from([*missing, "spouse"]))
    value = data.draw(new_value(field))
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)
    before = load(file.data)

    set_field(path, REL, field, value)

    new = path.read_bytes().decode()
    inserted = inserted_line(file.text, new, file.nl)
    assert inserted.startswith(f"{field}: ")
    assert new.index(inserted) <= file.front_end
    assert comparable(load(new.encode())) == comparable(with_field(before, field, value))
    line_breaks_kept(file, new)


@SETTINGS
@given(file=contact_files(), data=st.data())
def test_unsetting_a_field_removes_exactly_its_lines(
    tmp_path: Path, file: ContactFile, data: Any
) -> None:
    assume(len(file.spans) > 1)
    field = data.draw(st.sampled_from(sorted(k for k in file.spans if k != "name")))
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)

    unset_field(path, REL, field)

    span = file.spans[field]
    assert path.read_bytes().decode() == file.text[: span.line_start] + file.text[span.line_end :]


@SETTINGS
@given(
    file=contact_files(),
    date=st.dates(dt.date(2024, 6, 1), dt.date(2027, 6, 1)),
    text=text_value(),
    tags=st.lists(st.sampled_from(("ask", "give", *LOG_KINDS)), max_size=3, unique=True),
)
def test_logging_inserts_one_line_and_keeps_the_log_in_date_order(
    tmp_path: Path, file: ContactFile, date: dt.date, text: str, tags: list[str]
) -> None:
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)
    before = load(file.data)

    add_log_entry(path, REL, date, text, tags)

    new = path.read_bytes().decode()
    entry = Interaction(date, text, tuple(t for t in ("ask", "give", *LOG_KINDS) if t in tags))
    label = f" ({', '.join(entry.tags)})" if entry.tags else ""
    line = f"- {date.isoformat()}{label}: {text}"
    if "## Log" in file.text:
        assert inserted_line(file.text, new, file.nl) == line
    else:
        assert new.startswith(file.text)
        added = new[len(file.text) :].lstrip("\r\n")
        assert added == f"## Log{file.nl}{line}{file.nl}"
    after = load(new.encode())
    assert comparable(after) == comparable(dataclasses.replace(before, log=(*before.log, entry)))
    in_file_order = [i.date for i in sorted(after.log, key=lambda i: i.line)]
    assert in_file_order == sorted(in_file_order)
    line_breaks_kept(file, new)


@SETTINGS
@given(
    file=contact_files(),
    other=st.sampled_from((*SLUGS, "zed")),
    strength=st.one_of(st.none(), st.integers(1, 5)),
    how=st.one_of(st.none(), st.just(""), text_value()),
)
def test_a_tie_changes_only_the_knows_entry(
    tmp_path: Path, file: ContactFile, other: str, strength: int | None, how: str | None
) -> None:
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)
    before = load(file.data)

    set_tie(path, REL, other, strength, how)

    new = path.read_bytes().decode()
    span = file.spans.get("knows")
    start, end = changed_region(file.text, new, (span.line_start, span.line_end) if span else None)
    if span is None:
        assert start == end <= file.front_end  # a pure insertion into the front matter
    elif new != file.text:
        assert span.line_start <= start <= end <= span.line_end
    old = next((t for t in before.ties if t.other == other), None)
    tie = Tie(
        other,
        strength if strength is not None else old.strength if old else 3,
        how if how is not None else old.how if old else "",
    )
    ties = [tie if t.other == other else t for t in before.ties]
    expected = dataclasses.replace(before, ties=tuple(ties if old else [*ties, tie]))
    assert comparable(load(new.encode())) == comparable(expected)
    line_breaks_kept(file, new)


@SETTINGS
@given(file=contact_files(), other=st.sampled_from(SLUGS))
def test_removing_a_tie_changes_only_the_knows_entry(
    tmp_path: Path, file: ContactFile, other: str
) -> None:
    path = tmp_path / "ada.md"
    path.write_bytes(file.data)
    before = load(file.data)

    remove_tie(path, REL, other)

    new = path.read_bytes().decode()
    span = file.spans.get("knows")
    start, end = changed_region(file.text, new, (span.line_start, span.line_end) if span else None)
    if span is None or all(t.other != other for t in before.ties):
        assert new == file.text
    else:
        assert span.line_start <= start <= end <= span.line_end
    ties = tuple(t for t in before.ties if t.other != other)
    assert comparable(load(new.encode())) == comparable(dataclasses.replace(before, ties=ties))


@settings(max_examples=2000, deadline=None)
@given(text=st.text(), flow=st.booleans(), quote=st.sampled_from(["", "'", '"']))
def test_any_text_is_written_as_a_scalar_that_reads_back_the_same(
    text: str, flow: bool, quote: str
) -> None:
    written = format_scalar(text, flow=flow, quote=quote)
    document = f"[{written}]" if flow else f"- {written}"
    assert yaml.load(document, Loader=yaml.CSafeLoader) == [text]


_SCALAR_CHARS = st.sampled_from(list("ab .()/&+-_09:@,%=?#~'ézh中\t![]{}*|>\"yesnoTrul"))


@settings(max_examples=int(os.environ.get("KITH_EXAMPLES", "150")) * 20, deadline=None)
@given(st.text(_SCALAR_CHARS, max_size=12), st.booleans(), st.booleans())
def test_a_scalar_written_plain_reads_back_as_itself_with_pyyaml_as_with_libyaml(
    text: str, flow: bool, typed_ok: bool
) -> None:
    # libyaml decides the common plain texts (fast); PyYAML, stricter, must agree on each.
    written = format_scalar(text, flow=flow, typed_ok=typed_ok)
    document = f"[{written}]" if flow else f"- {written}"
    for loader in (yaml.SafeLoader, yaml.CSafeLoader):
        node = yaml.compose(document, Loader=loader)
        assert isinstance(node, yaml.SequenceNode) and len(node.value) == 1
        item = node.value[0]
        assert isinstance(item, yaml.ScalarNode) and item.value == text
        if written == text and not typed_ok:
            assert item.tag == "tag:yaml.org,2002:str"
