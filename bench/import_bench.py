"""Time `kith import linkedin` of 10,000 connections into an empty vault, then again (no change).

Run with `make bench`. The target: well under a minute for 10,000 rows on the 2-core machine.
"""

from __future__ import annotations

import io
import random
import shutil
import sys
import time
from pathlib import Path

from generator.cli import main

ROWS = 10_000
WORK = Path(__file__).resolve().parent / "work" / "import"
FIRST = ["Ana", "Ben", "Carla", "Dmitri", "Émile", "Fatima", "Göran", "Hana", "Iván", "José", "Wei"]
LAST = ["López", "Okafor", "Nguyễn", "Ivanov", "Zola", "Noor", "Ström", "Sato", "García", "Chen"]
COMPANIES = ["Northgate Health", "Acme Robotics", "Hospital Group, S.A.", "Klinikum Nord", ""]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def connections_csv(rows: int) -> str:
    """Write a Connections.csv the way LinkedIn does, with its preamble and some empty emails."""
    rng = random.Random(42)
    lines = ["Notes:", '"When exporting your connection data, you may notice ..."', ""]
    lines.append("First Name,Last Name,URL,Email Address,Company,Position,Connected On")
    for n in range(rows):
        first, last = rng.choice(FIRST), f"{rng.choice(LAST)}{n}"
        email = f"person{n}@example.com" if n % 3 == 0 else ""
        company = rng.choice(COMPANIES)
        date = f"{rng.randint(1, 28):02d} {rng.choice(MONTHS)} {rng.randint(2010, 2026)}"
        url = f"https://www.linkedin.com/in/person-{n}"
        lines.append(f'{first},{last},{url},{email},"{company}",Director,{date}')
    return "\n".join(lines) + "\n"


def timed(args: list[str]) -> float:
    out = io.StringIO()
    start = time.perf_counter()
    code = main(args, out=out, err=out)
    elapsed = time.perf_counter() - start
    if code != 0:
        sys.exit(f"kith {' '.join(args)} failed:\n{out.getvalue()}")
    print(f"  {out.getvalue().strip().splitlines()[-1]}")
    return elapsed


def main_bench() -> None:
    shutil.rmtree(WORK, ignore_errors=True)
    (WORK / "people").mkdir(parents=True)
    source = WORK / "Connections.csv"
    source.write_text(connections_csv(ROWS), encoding="utf-8")
    config = str(WORK / "mkdocs.yml")
    (WORK / "mkdocs.yml").write_text("site_name: Bench\nplugins:\n  - kith\n")
    args = ["import", "linkedin", str(source), "-f", config, "--today", "2026-11-25"]
    first = timed(args)
    print(f"import of {ROWS} LinkedIn rows into an empty vault: {first:.1f} s")
    second = timed(args)
    print(f"the same import again (nothing to change): {second:.1f} s")
    if max(first, second) > 60:
        sys.exit("slower than a minute: too slow")


if __name__ == "__main__":
    main_bench()
