"""Time `kith generate` with this tree's code and another revision's, taking the runs in turn.

Usage: python bench/ab.py REV [--people N] [--rounds N] [--cold]

`make bench` measures `kith generate` after one edit as a ratio to the floor, the median of
fifteen pairs; on a shared machine that ratio moves by a tenth from one run to the next, so a
change that saves a few percent cannot be told from the noise by running it again. This
script times the two codes side by side instead: each keeps its own copy of one `kith sample`
vault (and so its own caches), and in every round both take the same edit (a log line added
to the middle contact, as `make bench` does), the order alternating, each run a whole process
beside a floor run made just before it. It prints each code's median time and ratio and in how
many rounds this tree's code was the faster. `--cold` removes `.cache/kith` before each run
(the benchmark's "from scratch").

REV's `generator/` is taken with `git archive` into `bench/work/ab/`; both codes run on this
tree's interpreter and libraries. Not a test: it measures and reports.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
from pathlib import Path

from measure import BenchError, run_timed

from bench import BENCH, REPO, SEED, TODAY, _log_line, _middle

WORK = BENCH / "work" / "ab"
# Run `kith` from a given tree: its `generator` package first on the path.
LAUNCH = "import sys; sys.path.insert(0, sys.argv.pop(1)); from generator.cli import run; run()"


def main(argv: list[str] | None = None) -> int:
    try:
        return compare(argv)
    except BenchError as exc:  # a run that failed: its command and the end of its output
        print(f"ab: {exc}", file=sys.stderr)
        return 1


def compare(argv: list[str] | None) -> int:
    """Time both codes and print what was found."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", help="the revision to compare with (a commit, a tag, HEAD~3)")
    parser.add_argument("--people", type=int, default=10_000, help="vault size (10,000)")
    parser.add_argument("--rounds", type=int, default=20, help="edits each code takes (20)")
    parser.add_argument("--cold", action="store_true", help="no cache before each run")
    args = parser.parse_args(argv)
    sha = subprocess.run(
        ["git", "rev-parse", "--verify", f"{args.rev}^{{commit}}"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    if sha.returncode != 0:
        print(f"ab: no such revision: {args.rev}", file=sys.stderr)
        return 2
    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    commit = sha.stdout.strip()
    trees = {f"{args.rev} ({commit[:10]})": export(commit), "this tree": REPO}
    # As `make bench`: no fixed clock, and each tree's bytecode kept.
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    first = WORK / "vault-0"
    sample = ["sample", "--people", str(args.people), "--seed", str(SEED), "--today", TODAY]
    run_timed([*kith(REPO), *sample, "--out", str(first), "--force"], WORK, env, WORK / "log")
    vaults = {name: WORK / f"vault-{number}" for number, name in enumerate(trees)}
    for vault in vaults.values():
        if vault != first:
            shutil.copytree(first, vault, symlinks=True)
    for name, vault in vaults.items():
        generate(trees[name], vault, env)  # its caches, and each tree's bytecode
    seconds: dict[str, list[float]] = {name: [] for name in trees}
    ratios: dict[str, list[float]] = {name: [] for name in trees}
    floor = [sys.executable, str(BENCH / "floor.py"), "people"]
    for number in range(args.rounds):
        order = list(trees) if number % 2 == 0 else list(reversed(trees))
        for name in order:
            vault = vaults[name]
            contact = _middle(vault)
            original = contact.read_bytes()
            try:
                contact.write_bytes(original.replace(b"## Log\n", _log_line("ab", number), 1))
                if args.cold:
                    shutil.rmtree(vault / ".cache" / "kith", ignore_errors=True)
                base = run_timed(floor, vault, env, WORK / "floor.log")
                run = generate(trees[name], vault, env)
            finally:
                contact.write_bytes(original)
            seconds[name].append(run)
            ratios[name].append(run / base.seconds)
        print(
            f"round {number + 1}: "
            + ", ".join(f"{name} {seconds[name][-1]:.2f} s" for name in trees),
            flush=True,
        )
    old, new = trees
    faster = sum(n < o for o, n in zip(seconds[old], seconds[new], strict=True))
    what = "from scratch" if args.cold else "after one edit"
    print(f"\nkith generate {what}, {args.people:,} contacts, {args.rounds} rounds:")
    for name in trees:
        print(
            f"  {name}: median {statistics.median(seconds[name]):.3f} s, "
            f"{statistics.median(ratios[name]):.2f}x the floor"
        )
    print(f"  this tree was the faster in {faster} of {args.rounds} rounds")
    return 0


def export(sha: str) -> Path:
    """Unpack a revision's `generator/` package into the work folder; return its tree."""
    tree = WORK / f"tree-{sha[:10]}"
    tree.mkdir()
    archive = subprocess.run(
        ["git", "archive", "--format=tar", sha, "generator"], cwd=REPO, capture_output=True
    )
    if archive.returncode != 0:
        raise SystemExit(f"ab: git archive failed: {archive.stderr.decode(errors='replace')}")
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as bundle:
        bundle.extractall(tree, filter="data")
    return tree


def kith(tree: Path) -> list[str]:
    """The command that runs `kith` with a tree's code."""
    return [sys.executable, "-c", LAUNCH, str(tree)]


def generate(tree: Path, vault: Path, env: dict[str, str]) -> float:
    """Run `kith generate --out` in a vault with a tree's code; return its seconds."""
    argv = [*kith(tree), "generate", "--out", str(vault / "out")]
    return run_timed(argv, vault, env, vault / "generate.log").seconds


if __name__ == "__main__":
    sys.exit(main())
