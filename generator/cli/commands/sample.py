"""`kith sample`: write a synthetic vault, to try Kith (and measure it) at scale."""

from __future__ import annotations

import argparse
from pathlib import Path

from ...disk import write_tree
from ..common import refuse_owner_files
from ..session import Session, UsageError, UserError

MAX_PEOPLE = 1_000_000


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add `sample`."""
    sample = sub.add_parser(
        "sample",
        parents=[common],
        help="write a synthetic vault of N people",
        description="Write a project folder (mkdocs.yml and people/) holding N made-up contacts "
        "with ties, logs and notes. The same N, seed and --today always give the same bytes; "
        "log dates count back from --today.",
        epilog="example: kith sample --people 1000 --seed 7 --out /tmp/kith-1000",
    )
    sample.add_argument(
        "--people", type=int, default=1000, metavar="N", help="how many contacts (default 1000)"
    )
    sample.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    sample.add_argument("--out", required=True, metavar="DIR", help="folder to write into")
    sample.add_argument(
        "--force",
        action="store_true",
        help="write into a folder that is not empty: files a previous sample wrote are replaced, "
        "files of your own never",
    )
    sample.set_defaults(run=run_sample)


def run_sample(session: Session) -> int:
    """Make the sample and write it; refuse a non-empty folder unless --force."""
    args = session.args
    if not 1 <= args.people <= MAX_PEOPLE:
        raise UsageError(f"--people must be from 1 to {MAX_PEOPLE:,} (got {args.people})")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise UserError(f"{out} is a file, not a folder")
    if out.is_dir() and any(out.iterdir()) and not args.force:
        raise UserError(f"{out} is not empty; use --force to write into it anyway")
    from ...exchange.sample import make_sample  # only this command needs the word lists

    files = make_sample(args.people, args.seed, session.today)
    refuse_owner_files(out, files, "--out")
    result = write_tree(out, files)
    (out / "docs").mkdir(exist_ok=True)  # MkDocs needs its docs_dir, even an empty one
    print(
        f"kith: {args.people} contacts in {out} ({len(result.written)} files written, "
        f"{len(result.unchanged)} unchanged, {len(result.removed)} removed); "
        f"try: cd {out} && mkdocs serve",
        file=session.out,
    )
    return 0
