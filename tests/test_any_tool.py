"""Files any tool can read: every contact Kith accepts loads the same with python-frontmatter.

An owner scripting their vault reaches for python-frontmatter; what it reads must be what Kith
reads. The manual shows the three lines (help page "Contact format", "Scripting your vault").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import frontmatter
import pytest
from conftest import REPO, VAULTS, run_kith

from generator.model import Severity
from generator.vault.load import load_vault
from generator.vault.split import split_front_matter
from generator.vault.yaml_nodes import SourceMap, construct_front


def kith_reads(path: Path) -> tuple[Any, str]:
    """What Kith reads from a file: its front-matter values and its body (line ends as LF)."""
    split = split_front_matter(path.read_bytes().decode("utf-8"))
    values, _, _ = construct_front(SourceMap(split.front, first_line=2).compose(), 20_000)
    return values, split.body.replace("\r\n", "\n").strip()


def accepted(people: Path, root: Path) -> list[Path]:
    """The contact files of a folder that Kith loads without a problem."""
    loaded = load_vault(people, root)
    troubled = {p.path for p in loaded.problems if p.severity is Severity.ERROR}
    # Read otherwise by other tools, and said: front matter closed with `...`, a field name
    # YAML reads as True or a number (`on:`).
    told = ("'...'", "(as other tools read it)")
    troubled |= {p.path for p in loaded.problems if any(t in p.message for t in told)}
    return [root / person.path for person in loaded.vault.people if person.path not in troubled]


def assert_same(path: Path) -> None:
    post = frontmatter.load(path, encoding="utf-8-sig")  # utf-8-sig: a BOM is no content
    values, body = kith_reads(path)
    assert post.metadata == values, path
    assert post.content == body, path


def fixture_files() -> list[Path]:
    files = accepted(REPO / "people", REPO)
    for vault in sorted(VAULTS.iterdir()):
        if (vault / "people").is_dir():
            files += accepted(vault / "people", vault)
    return files


@pytest.mark.parametrize("path", fixture_files(), ids=lambda p: p.relative_to(REPO).as_posix())
def test_python_frontmatter_reads_the_demo_and_every_fixture_as_kith_does(path: Path) -> None:
    assert_same(path)


def test_python_frontmatter_reads_a_1000_contact_sample_as_kith_does(tmp_path: Path) -> None:
    result = run_kith("sample", "--people", "1000", "--out", str(tmp_path), "--today", "2026-11-25")
    assert result.code == 0, result.err
    files = accepted(tmp_path / "people", tmp_path)
    assert len(files) == 1000
    for path in files:
        assert_same(path)


ODD = {
    "bom-crlf.md": "\ufeff---\r\nname: Ada\r\ntags: [a, b]\r\n---\r\nNotes.\r\n\r\n## Log\r\n"
    "- 2026-11-01: Coffee\r\n",
    "comments.md": "---\n# who she is\nname: Ada  # as on her card\nknows:\n  # family\n  ben: 4\n"
    "---\n\n## Log\n",
    "spaces-after-fences.md": "---   \nname: Ada\n---  \nbody\n",
    "no-body.md": "---\nname: Ada\n---",
    "dashes-in-body.md": "---\nname: Ada\n---\nA rule:\n\n---\n\nmore\n",
    "block-scalar.md": "---\nname: Ada\nbio: |\n  line one\n  line two\n---\nNotes\n",
    "unicode.md": "---\nname: María López\ncompany: Ñandú & Cía\n---\nNotas.\n",
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_python_frontmatter_reads_the_odd_cases_as_kith_does(tmp_path: Path, name: str) -> None:
    people = tmp_path / "people"
    people.mkdir()
    (people / name).write_bytes(ODD[name].encode("utf-8"))
    assert [p.name for p in accepted(people, tmp_path)] == [name]
    assert_same(people / name)
