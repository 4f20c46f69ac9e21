"""How much the git history costs a 1,000-contact build (budget: 1 s).

Makes a throwaway git repository with N contacts and a few hundred commits that change
strengths, circles, targets and logs and move files into sub-folders, then times:
  - reading the history alone (`read_history`), from scratch and with the versions kept by an
    earlier run (`.cache/kith/history-snapshots/`),
  - a real `mkdocs build` with `history: false` and with `history: true`.
Prints the figures (best of --repeat builds each way, and the median of their differences side by
side) and exits 1 when history adds more than --budget s.

    .venv/bin/python bench/history_bench.py [--contacts 1000] [--commits 300] [--repeat 3]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

from mkdocs.commands.build import build
from mkdocs.config import load_config

from generator.vault.history import SnapshotCache, read_history

CIRCLES = ("family", "friend", "colleague", "client", "acquaintance")
MKDOCS_YML = """\
site_name: Bench
docs_dir: docs
site_dir: {site}
theme:
  name: material
  font: false
plugins:
  - search
  - kith:
      today: 2026-11-25
      history: {history}
markdown_extensions:
  - tables
"""


def contact(n: int, strength: int, circle: str, target: bool, log: list[str], size: int) -> str:
    ties = "".join(f"  p{(n + 13 * k) % size:04d}: {1 + k % 5}\n" for k in range(1, 4))
    entries = "".join(f"- {line}\n" for line in log)
    return (
        f"---\nname: Person {n:04d}\ncircle: {circle}\nstrength: {strength}\n"
        f"influence: {1 + n % 5}\ntarget: {'true' if target else 'false'}\n"
        f"tags: [t{n % 20}]\nknows:\n{ties}---\nNotes about person {n}.\n\n## Log\n{entries}"
    )


def make_repo(root: Path, contacts: int, commits: int) -> None:
    """Write the vault and its history with `git fast-import`: one process, any size."""
    rng = random.Random(7)
    state = {
        n: [rng.randint(0, 5), rng.choice(CIRCLES), n % 30 == 0, [], f"people/p{n:04d}.md"]
        for n in range(contacts)
    }
    (root / "docs").mkdir(parents=True)
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(root)], check=True)
    stream: list[bytes] = []
    day = 1735732800  # 2025-01-01 12:00 UTC

    def emit(message: str, files: dict[str, str | None]) -> None:
        nonlocal day
        day += 86400
        stamp = f"Owner <owner@example.org> {day} +0000"
        stream.append(f"commit refs/heads/main\nauthor {stamp}\ncommitter {stamp}\n".encode())
        stream.append(f"data {len(message)}\n{message}\n".encode())
        for path, text in files.items():
            if text is None:
                stream.append(f"D {path}\n".encode())
                continue
            data = text.encode()
            stream.append(f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n")

    emit("import", {s[4]: contact(n, s[0], s[1], s[2], s[3], contacts) for n, s in state.items()})
    for index in range(commits):
        files: dict[str, str | None] = {}
        for n in rng.sample(range(contacts), 5):
            s = state[n]
            roll = rng.random()
            if roll < 0.3:
                s[0] = min(5, s[0] + 1)
            elif roll < 0.4:
                s[1] = rng.choice(CIRCLES)
            elif roll < 0.5:
                s[2] = not s[2]
            elif roll < 0.55:
                files[s[4]] = None
                s[4] = f"people/sub{n % 7}/p{n:04d}.md"
            s[3].append(f"2025-06-{1 + index % 28:02d}: touch {index}")
            files[s[4]] = contact(n, s[0], s[1], s[2], s[3], contacts)
        emit(f"edit {index}", files)
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root, input=b"".join(stream), check=True)
    subprocess.run(["git", "checkout", "--quiet", "main"], cwd=root, check=True)


def time_builds(root: Path, repeat: int) -> tuple[dict[bool, float], float]:
    """Build `repeat` times each way, side by side (each round's order alternates, so a drift
    of the machine's speed hits both alike); return the best time each way and the median of
    the rounds' differences (history on minus off)."""
    best = {False: float("inf"), True: float("inf")}
    differences = []
    for round_ in range(repeat):
        took = {}
        for history in (False, True) if round_ % 2 == 0 else (True, False):
            yml = root / f"mkdocs-{history}.yml"
            site = root.parent / f"site-{history}"
            yml.write_text(MKDOCS_YML.format(site=site, history=str(history).lower()))
            config = load_config(str(yml))
            start = time.perf_counter()
            build(config)
            took[history] = time.perf_counter() - start
            best[history] = min(best[history], took[history])
        differences.append(took[True] - took[False])
    return best, statistics.median(differences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=1.0, help="seconds history may add")
    args = parser.parse_args()
    logging.disable(logging.INFO)  # MkDocs' own INFO lines would drown the figures
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "vault"
        start = time.perf_counter()
        make_repo(root, args.contacts, args.commits)
        print(
            f"repository: {args.contacts} contacts, {args.commits + 1} commits "
            f"(made in {time.perf_counter() - start:.1f} s)"
        )
        reads = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            found = read_history(root / "people")
            reads.append(time.perf_counter() - start)
        assert found.history is not None, found.reason
        print(f"read_history: {min(reads):.3f} s ({len(found.history.timelines)} timelines)")
        # As every run after the first: the versions' front matter kept in .cache/ (a folder
        # apart here, so that the builds below start without it).
        kept = Path(tmp) / "snapshots"
        first = SnapshotCache(kept)
        read_history(root / "people", cache=first)
        first.save()
        again = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            cache = SnapshotCache(kept)
            assert read_history(root / "people", cache=cache) == found
            cache.save()
            again.append(time.perf_counter() - start)
        print(f"read_history, versions kept from an earlier run: {min(again):.3f} s")
        best, extra = time_builds(root, args.repeat)
        print(f"mkdocs build, history off: {best[False]:.2f} s (best of {args.repeat})")
        print(f"mkdocs build, history on:  {best[True]:.2f} s (best of {args.repeat})")
        print(
            f"history adds: {extra:+.2f} s (median of {args.repeat} rounds side by side; "
            f"budget {args.budget:.1f} s)"
        )
    return 0 if extra <= args.budget else 1


if __name__ == "__main__":
    sys.exit(main())
