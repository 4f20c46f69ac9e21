"""`write_tree`'s record: a generated file `stat` shows as it was left is not read back.

A run keeps, in a cache, each file's text digest and what `stat` said of it. The next run
compares a file's bytes only when `stat` says something else, or the text is new.
"""

from __future__ import annotations

import marshal
import os
from pathlib import Path

import pytest
from conftest import make_project, run_kith, settle

from generator.disk import text_digest, write_tree, written_record

FILES = {"a.md": "# Ada\n", "people/b.md": "# Bob\n", "people/c.md": "# Carol\n"}


def _settled_tree(tmp_path: Path) -> tuple[Path, Path]:
    """Write the files, date them an hour back, and let a run record them."""
    folder, record = tmp_path / "out", tmp_path / "cache" / "record"
    first = write_tree(folder, FILES, record=record)
    assert first.written == tuple(sorted(FILES))
    settle(*(folder / rel for rel in FILES))
    second = write_tree(folder, FILES, record=record)
    assert second.compared == tuple(sorted(FILES))  # read back once, and recorded
    return folder, record


def test_files_as_recorded_are_not_read_back(tmp_path: Path) -> None:
    folder, record = _settled_tree(tmp_path)
    digests = {rel: text_digest(text) for rel, text in FILES.items()}
    third = write_tree(folder, FILES, record=record, digests=digests)
    assert (third.written, third.compared) == ((), ())
    assert third.unchanged == tuple(sorted(FILES))
    # Without digests the texts are hashed, and the files are still not read.
    assert write_tree(folder, FILES, record=record).compared == ()


def test_a_file_kiths_record_knows_that_holds_something_else_is_written_again(
    tmp_path: Path,
) -> None:
    folder, record = _settled_tree(tmp_path)
    page = folder / "people" / "b.md"
    before = os.stat(page)
    page.write_text("# Rob\n")  # the same size, written in place
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))  # and its time put back
    again = write_tree(folder, FILES, record=record)
    assert again.written == ("people/b.md",)
    assert page.read_text() == "# Bob\n"
    # A file replaced by another of the same size and time (another inode) is found too.
    replacement = tmp_path / "other.md"
    replacement.write_text("# Bib\n")
    settle(page)
    write_tree(folder, FILES, record=record)
    os.utime(replacement, ns=(os.stat(page).st_atime_ns, os.stat(page).st_mtime_ns))
    os.replace(replacement, page)
    assert write_tree(folder, FILES, record=record).written == ("people/b.md",)
    assert page.read_text() == "# Bob\n"


def test_a_new_text_is_written_though_its_file_is_as_recorded(tmp_path: Path) -> None:
    folder, record = _settled_tree(tmp_path)
    changed = {**FILES, "a.md": "# Ada Lovelace\n"}
    digests = {rel: text_digest(text) for rel, text in changed.items()}
    result = write_tree(folder, changed, record=record, digests=digests)
    assert (result.written, result.compared) == (("a.md",), ())
    assert (folder / "a.md").read_text() == "# Ada Lovelace\n"


def test_a_file_written_just_now_is_not_recorded(tmp_path: Path) -> None:
    """Within the clock's tick of its last write a file could change again unseen: it is read
    back until a run finds it settled."""
    folder, record = tmp_path / "out", tmp_path / "record"
    write_tree(folder, FILES, record=record)
    assert write_tree(folder, FILES, record=record).compared == tuple(sorted(FILES))
    assert write_tree(folder, FILES, record=record).compared == tuple(sorted(FILES))


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"not marshal",
        marshal.dumps(("kith written files 1", ["a list"])),
        marshal.dumps(("kith written files 0", {})),
        marshal.dumps(
            (
                "kith written files 1",
                {"a.md": 7, "people/b.md": ("x",) * 6, "people/c.md": (b"", 1.5, 2, 3, 4, 5)},
            )
        ),
    ],
    ids=["empty", "garbage", "not-a-dict", "other-format", "hostile-statuses"],
)
def test_a_damaged_or_foreign_record_is_not_trusted(tmp_path: Path, content: bytes) -> None:
    folder, record = _settled_tree(tmp_path)
    (folder / "a.md").write_text("# Eve\n")  # changed behind Kith's back
    record.write_bytes(content)
    result = write_tree(folder, FILES, record=record)
    assert result.written == ("a.md",)
    assert result.compared == ("people/b.md", "people/c.md")
    assert {rel: (folder / rel).read_text() for rel in FILES} == FILES


def test_a_record_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder would be\n")
    result = write_tree(folder, FILES, record=blocker / "record")
    assert result.written == tuple(sorted(FILES))
    assert blocker.read_text() == "a file where the cache folder would be\n"


def test_kith_generate_reads_back_only_files_it_cannot_vouch_for(tmp_path: Path) -> None:
    project = make_project(
        tmp_path / "project",
        {
            "ada.md": "---\nname: Ada Lovelace\n---\n",
            "bob.md": "---\nname: Bob Stone\nties:\n  - ada\n---\n",
        },
    )
    out = project / "build"
    assert run_kith("generate", "--out", str(out), cwd=project).code == 0
    settle(*(path for path in out.rglob("*") if path.is_file()))
    assert run_kith("generate", "--out", str(out), cwd=project).code == 0
    record = written_record(project / ".cache" / "kith", out)
    recorded = marshal.loads(record.read_bytes())[1]
    assert "people/ada.md" in recorded
    # The owner edits a generated page by hand, keeping its size and time.
    page = out / "people" / "ada.md"
    text, before = page.read_text(), os.stat(page)
    page.write_text(text.replace("Ada", "Eve"))
    os.utime(page, ns=(before.st_atime_ns, before.st_mtime_ns))
    result = run_kith("generate", "--out", str(out), cwd=project)
    assert "(1 written," in result.out
    assert page.read_text() == text


def test_kith_generate_counts_every_file_it_keeps_in_the_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project", {"ada.md": "---\nname: Ada Lovelace\n---\n"})
    out = project / "build"
    result = run_kith("generate", "--out", str(out), cwd=project)
    listed = (out / ".kith-manifest").read_text().splitlines()
    assert listed and all((out / rel).is_file() for rel in listed)
    assert f"kith: {len(listed)} files in {out} ({len(listed)} written," in result.out
