"""The parse cache and the one-parse YAML path: faster, and never a different answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import cache_entries, cache_files, make_project, run_kith, settle

import generator.vault.cache as cache_module
from generator.vault.cache import FILE_NAME, ParseCache, file_stat
from generator.vault.load import load_vault
from generator.vault.yaml_nodes import compose_front, construct_front

TRICKY_FRONT_MATTER = [
    "name: Ada\nstrength: 3\ntags: [a, b]\n",
    "name: Ada\nstrength: 03\ninfluence: 0x2\ncadence: 1_0\nx: +3\ny: 0\n",
    "name: yes\ntags: [on, off, ~, null, 1.5, .inf, 2026-01-02, 2026-01-02T10:00:00]\n",
    "name: Ada\nbase: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n",
    "name: Ada\nknows: &k [bob]\nalso: *k\n",
    "name: Ada\n=: value\n2024: year\nyes: key\n",
    "name: !!str 123\nstrength: !!int '3'\nf: !!float 1\nn: !!null ''\n",
    "name: Ada\nomap: !!omap [a: 1, b: 2]\nbin: !!binary aGVsbG8=\n",
    "name: Ada\nstrength: 1:20\nnested: {a: [1, {b: c}], d: 'e'}\n",
    "name: Ada\nname: Bob\n",
    "- a\n- b\n",
    "",
    "just text\n",
]


@pytest.mark.parametrize("front", TRICKY_FRONT_MATTER)
def test_building_from_nodes_gives_what_yaml_load_gives(front: str) -> None:
    expected = yaml.load(front, Loader=yaml.CSafeLoader)
    value, too_big, odd = construct_front(compose_front(front), 20_000)
    if odd:  # but for field names YAML reads as no string: each keeps its text
        assert [(key.value, read) for key, read in odd] == [("2024", 2024), ("yes", True)]
        expected = {"name": "Ada", "=": "value", "2024": "year", "yes": "key"}
    assert value == expected and type(value) is type(expected)
    assert too_big is False


def _tree(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return node.tag, node.value, node.start_mark.line, node.style
    if isinstance(node, yaml.SequenceNode):
        return node.tag, [_tree(item) for item in node.value]
    return node.tag, [(_tree(key), _tree(value)) for key, value in node.value]


@pytest.mark.parametrize("front", [f for f in TRICKY_FRONT_MATTER if f.strip()])
def test_the_nodes_are_yamls_own_whatever_path_resolvers_yaml_was_given(
    front: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kith's loader answers the resolver's questions about paths itself (it has none): the very
    # nodes, tags and lines of PyYAML's safe loader, and none of the path resolvers another
    # library may add to PyYAML's loaders.
    expected = _tree(yaml.compose(front, Loader=yaml.CSafeLoader))
    assert _tree(compose_front(front)) == expected
    monkeypatch.setattr(yaml.CSafeLoader, "yaml_path_resolvers", {})
    yaml.add_path_resolver("!odd", ["name"], str, Loader=yaml.CSafeLoader)
    assert _tree(compose_front(front)) == expected
    if front.startswith("name: Ada"):  # PyYAML's own loader now reads the name otherwise
        assert yaml.compose(front, Loader=yaml.CSafeLoader).value[0][1].tag == "!odd"


def test_a_front_matter_past_the_value_limit_is_too_big_with_or_without_aliases() -> None:
    tags = "tags: [" + ", ".join(f"t{i}" for i in range(30)) + "]\n"
    assert construct_front(compose_front(tags), 33)[1] is False  # a map, a key, a list, 30 tags
    assert construct_front(compose_front(tags), 32)[1] is True
    aliased = "a: &a []\nb: *a\n" + tags  # PyYAML builds this one: the same count applies
    assert construct_front(compose_front(aliased), 37)[1] is False
    assert construct_front(compose_front(aliased), 36)[1] is True
    bomb = "a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n"
    assert construct_front(compose_front(bomb), 20)[1] is True


def test_a_value_yaml_cannot_build_is_reported_with_its_line(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\nx: !!bool maybe\n---\n",
            "bob.md": "---\nname: Bob\nstrength: !!int abc\n---\n",
        },
    )
    result = run_kith("check", cwd=project)
    assert result.code == 1
    assert result.out == (
        "people/ada.md:3: invalid YAML: 'maybe' is not a valid bool\n"
        "people/bob.md:3: invalid YAML: 'abc' is not a valid int\n"
    )


CONTACTS = {
    "ada.md": "---\nname: Ada\nstrength: 4\nknows: {bob: 3}\n---\n## Log\n- 2026-01-02: hi\n",
    "bob.md": "---\nname: Bob\nbirthday: 1980-01-01\nknows: [ghost]\n---\nNotes.\n",
    "bad.md": "---\nname: Bad\nstrength: 9\n---\n",
}


def test_a_warm_cache_gives_exactly_what_parsing_gives(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    fresh = load_vault(project / "people", project)
    path = tmp_path / "cache" / FILE_NAME
    cold = load_vault(project / "people", project, ParseCache(path))
    assert path.exists()
    warm = load_vault(project / "people", project, ParseCache(path))
    assert fresh == cold == warm
    assert [str(p) for p in warm.problems] == [
        "people/bad.md:3: strength must be a whole number from 0 to 5 (got 9)",
        "people/bob.md:4: warning: knows: no contact 'ghost' (tie ignored)",
    ]


def test_a_changed_file_is_parsed_again_even_with_the_same_size_and_time(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    memory = ParseCache(path)
    load_vault(project / "people", project, memory)
    ada = project / "people" / "ada.md"
    before = ada.stat()
    ada.write_text(ada.read_text().replace("strength: 4", "strength: 2"))
    os.utime(ada, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert ada.stat().st_size == before.st_size and ada.stat().st_mtime_ns == before.st_mtime_ns
    for cache in (memory, ParseCache(path)):
        loaded = load_vault(project / "people", project, cache)
        assert loaded.vault.by_slug["ada"].strength == 2
    assert load_vault(project / "people", project, ParseCache(path)) == load_vault(
        project / "people", project
    )


@pytest.mark.parametrize("damage", [b"\x00 not a cache", b""])
def test_a_damaged_cache_file_is_ignored(tmp_path: Path, damage: bytes) -> None:
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    for name, data in cache_files(path).items():
        (path / name).write_bytes(damage or data[: len(data) // 2])
    assert load_vault(project / "people", project, ParseCache(path)) == load_vault(
        project / "people", project
    )
    assert ParseCache(path).lookup("people/ada.md", (project / "people/ada.md").read_bytes())
    assert "people/ada.md" in cache_entries(path)  # every damaged file was written again


@pytest.mark.parametrize("change", [lambda r: ("shifted", *r), lambda r: r[1:]])
def test_a_cached_record_of_another_shape_is_not_used(tmp_path: Path, change: Any) -> None:
    # Well-formed marshal, under the right stamp, but each person with a field more or less in
    # front: a file written by hand or by a bug. Records are decoded by position, so a record
    # of another length must not be read as the fields it would shift.
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    for name, data in cache_files(path).items():
        stamp, entries = marshal.loads(data)
        for rel, (digest, (person, problems), stat) in list(entries.items()):
            if person is not None:
                entries[rel] = (digest, (change(person), problems), stat)
        (path / name).write_bytes(marshal.dumps((stamp, entries)))
    assert load_vault(project / "people", project, ParseCache(path)) == load_vault(
        project / "people", project
    )


def test_files_of_other_code_are_replaced_or_removed(tmp_path: Path) -> None:
    # A file Kith cannot use is written again at the next save, or removed when no entry
    # belongs in it: a cache folder does not keep dead files around.
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    path.mkdir(parents=True)
    for number in range(256):
        (path / f"{number:02x}.marshal").write_bytes(marshal.dumps(("other code", {})))
    (path / "notes.txt").write_text("mine")
    load_vault(project / "people", project, ParseCache(path))
    files = cache_files(path)
    assert files.pop("notes.txt") == b"mine"  # not a file of the cache: left alone
    assert 0 < len(files) <= len(CONTACTS)
    assert {rel.removeprefix("people/") for rel in cache_entries(path)} == set(CONTACTS)


def test_a_file_past_the_caches_number_of_files_is_removed_unread(tmp_path: Path) -> None:
    # Code that spread the cache over more files (256 until 2026-12-05) left files no entry
    # of this code's goes to: none is read, even under this code's stamp, and the save removes
    # them. Read, this one would add an entry for a contact there is no file of.
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    stamp, entries = marshal.loads(next(path.glob("*.marshal")).read_bytes())
    extra = {f"people/nobody-{rel.removeprefix('people/')}": e for rel, e in entries.items()}
    past = path / f"{ParseCache.SHARDS:02x}.marshal"
    past.write_bytes(marshal.dumps((stamp, extra)))
    again = ParseCache(path)
    assert again.held() == len(CONTACTS)
    load_vault(project / "people", project, again)
    assert not past.exists()
    assert {rel.removeprefix("people/") for rel in cache_entries(path)} == set(CONTACTS)


def test_one_changed_file_rewrites_one_file_of_the_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    settle(*(project / "people").rglob("*.md"))
    path = tmp_path / "cache" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    before = cache_files(path)
    assert len(before) > 1  # the entries are spread over several files
    ada = project / "people" / "ada.md"
    ada.write_text(ada.read_text().replace("strength: 4", "strength: 2"))
    load_vault(project / "people", project, ParseCache(path))
    after = cache_files(path)
    assert before.keys() == after.keys()
    assert len([name for name in before if before[name] != after[name]]) == 1


def test_the_single_file_of_kith_0_1_is_removed(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    path.parent.mkdir()
    old = path.parent / "parsed-contacts.marshal"
    old.write_bytes(b"an old cache")
    load_vault(project / "people", project, ParseCache(path))
    assert not old.exists() and path.is_dir()


def test_a_removed_contact_leaves_the_cache(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    path = tmp_path / "cache" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    data = (project / "people" / "bad.md").read_bytes()
    (project / "people" / "bad.md").unlink()
    load_vault(project / "people", project, ParseCache(path))
    assert ParseCache(path).lookup("people/bad.md", data) is None


def test_the_cli_keeps_its_cache_in_the_project_and_answers_the_same(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    first = run_kith("check", cwd=project)
    assert (project / ".cache" / "kith" / FILE_NAME).exists()
    second = run_kith("check", cwd=project)
    assert (
        (first.code, first.out, first.err)
        == (second.code, second.out, second.err)
        == (
            1,
            "people/bad.md:3: strength must be a whole number from 0 to 5 (got 9)\n"
            "people/bob.md:4: warning: knows: no contact 'ghost' (tie ignored)\n",
            "kith: 2 contacts, 1 error, 1 warning\n",
        )
    )


FINGERPRINTS = """
import sys
from pathlib import Path
import generator.vault.cache as cache

package = Path(sys.argv[1])
cache._FINGERPRINT.clear()
prints = {"none": cache.fingerprint()}
for path in [package / "model.py", *sorted((package / "vault").glob("*.py"))]:
    original = path.read_bytes()
    path.write_bytes(original + b"\\n# an upgrade changes this module\\n")
    cache._FINGERPRINT.clear()
    prints[path.relative_to(package).as_posix()] = cache.fingerprint()
    path.write_bytes(original)
print("\\n".join(f"{name} {value}" for name, value in prints.items()))
"""


def test_a_change_to_any_module_of_the_vault_stage_empties_the_cache(tmp_path: Path) -> None:
    # A copy of the package, so that its modules can be changed as an upgrade would change them.
    copy = tmp_path / "copy"
    package = Path(__file__).resolve().parent.parent / "generator"
    shutil.copytree(package, copy / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [sys.executable, "-c", FINGERPRINTS, str(copy / "generator")],
        cwd=copy,
        env={**os.environ, "PYTHONPATH": str(copy)},
        capture_output=True,
        text=True,
        check=True,
    )
    prints = dict(line.split() for line in done.stdout.splitlines())
    changed = set(prints) - {"none"}
    assert {"model.py", "vault/body.py", "vault/load.py", "vault/ties.py"} <= changed
    assert len(set(prints.values())) == len(prints)  # every module's change gives a new print


def test_a_settled_file_is_known_by_its_stat_and_any_write_is_seen(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    ada = project / "people/ada.md"
    for name in CONTACTS:
        settle(project / "people" / name)
    path = project / ".cache/kith" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    # A stat taken an hour after the last write is kept: the file need not be read again.
    assert ParseCache(path).unchanged("people/ada.md", file_stat(str(ada))) is not None
    # The same size and the old modification time put back: the change time still tells.
    stamp = os.stat(ada)
    ada.write_bytes(ada.read_bytes().replace(b"strength: 4", b"strength: 2"))
    os.utime(ada, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert os.stat(ada).st_size == stamp.st_size
    assert os.stat(ada).st_mtime_ns == stamp.st_mtime_ns
    assert ParseCache(path).unchanged("people/ada.md", file_stat(str(ada))) is None
    warm = load_vault(project / "people", project, ParseCache(path))
    assert warm.vault.by_slug["ada"].strength == 2
    assert warm == load_vault(project / "people", project)


def test_a_stat_taken_soon_after_a_write_is_not_trusted(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)  # written just now: within SETTLED
    path = project / ".cache/kith" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    ada = str(project / "people/ada.md")
    assert ParseCache(path).unchanged("people/ada.md", file_stat(ada)) is None
    assert ParseCache(path).lookup("people/ada.md", Path(ada).read_bytes()) is not None
    # Once settled, the next run keeps the stat (and rewrites that entry once).
    settle(Path(ada))
    load_vault(project / "people", project, ParseCache(path))
    assert ParseCache(path).unchanged("people/ada.md", file_stat(ada)) is not None


def test_a_settled_file_moved_or_replaced_is_read_again(tmp_path: Path) -> None:
    project = make_project(tmp_path, CONTACTS)
    for name in CONTACTS:
        settle(project / "people" / name)
    path = project / ".cache/kith" / FILE_NAME
    load_vault(project / "people", project, ParseCache(path))
    ada, bob = project / "people/ada.md", project / "people/bob.md"
    # Bob's file renamed onto Ada's path: same times, another inode.
    ada.unlink()
    bob.rename(ada)
    assert ParseCache(path).unchanged("people/ada.md", file_stat(str(ada))) is None
    warm = load_vault(project / "people", project, ParseCache(path))
    assert warm == load_vault(project / "people", project)
    assert warm.vault.by_slug["ada"].name == "Bob"


@dataclasses.dataclass(frozen=True, slots=True)
class _Plain:
    name: str
    when: dt.date | None
    tags: tuple[str, ...]


@dataclasses.dataclass(frozen=True, slots=True)
class _Checked:
    name: str

    def __post_init__(self) -> None:
        if not self.name:
            raise ValueError("a name is needed")


@pytest.mark.parametrize("cls", [_Plain, _Checked])
def test_a_record_decodes_to_what_its_constructor_makes(cls: type[Any]) -> None:
    """Fields are set straight into their slots only where `__init__` does nothing else."""
    encode, decode = cache_module._record_codec(cls)
    record = cls("Ada", dt.date(2026, 11, 25), ("a",)) if cls is _Plain else cls("Ada")
    assert decode(marshal.loads(marshal.dumps(encode(record)))) == record
    if cls is _Checked:
        with pytest.raises(ValueError, match="a name is needed"):
            decode(("",))
