"""Golden trees: what Kith wrote, compared file by file with tests/golden/<case>/.

`make golden` (KITH_UPDATE_GOLDEN=1) rewrites each case's folder to exactly what was produced,
removing files no longer produced; review that diff like code.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("KITH_UPDATE_GOLDEN") == "1"


def read_tree(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Return {relative path: bytes} of every file under `folder`, but those named in `skip`."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def assert_matches_golden(produced: Mapping[str, bytes], case: str, root: Path = GOLDEN) -> None:
    """Assert that `produced` is exactly the golden tree of `case`: same files, same bytes."""
    folder = root / case
    if UPDATE:
        shutil.rmtree(folder, ignore_errors=True)
        for rel, data in produced.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
    expected = read_tree(folder) if folder.is_dir() else {}
    missing = sorted(expected.keys() - produced.keys())
    extra = sorted(produced.keys() - expected.keys())
    assert not missing and not extra, f"{case}: not produced {missing}; not golden {extra}"
    for rel in sorted(produced):
        # Compared as text first, so a failure shows a readable diff.
        assert produced[rel].decode("utf-8", "replace") == expected[rel].decode(
            "utf-8", "replace"
        ), f"{rel} differs from tests/golden/{case}/{rel}"
        assert produced[rel] == expected[rel], f"{rel} differs from tests/golden/{case}/{rel}"
