"""Kith's benchmark: `make bench` (or `make bench QUICK=1`). Not a test: it measures and reports.

For each vault size it makes a synthetic vault (`kith sample`), then measures, each as the median
of several runs, rounds interleaved so that a change in machine load hits every figure alike:

1. floor      read every contact file and parse its front matter with libyaml (bench/floor.py)
2. check      `kith check`, the whole process, with no parse cache (cold) and with one (warm)
3. generate   `kith generate --out DIR`: load + analysis + render + write. Cold: no parse cache,
              DIR holds the pages of the last run (so nothing is rewritten, as when you run it
              again); fresh: no parse cache and DIR empty (adds writing every file, which on
              a busy disk varies several-fold); warm: parse cache and DIR both up to date
4. build      `mkdocs build` of the vault (the kith plugin on), cold
5. baseline   `mkdocs build` of exactly the Markdown `kith generate` wrote, the kith plugin off
              (same theme, same other plugins, the same navigation): what MkDocs alone costs
6. memory     peak resident memory of 3 and 4 (each child process's own, by GNU time)
7. reload     `mkdocs serve --dirtyreload` in a child process; after an edit to one contact,
              the time from the server noticing the change to "Reloading browsers". Beside
              it, edit for edit, the same for plain MkDocs serving the Markdown of 5 after an
              edit of that contact's page: what any rebuild of these pages costs, Kith or not.
              Then, on the same server, an interaction logged with the most overdue contact
              and taken out again, edit for edit: the edit that moves the Follow-ups page

Every ratio is the median of ratios of runs made side by side: a site build to the baseline of
the same round, every `generate` (cold, fresh, warm and after an edit; cold and after an edit
are timed three times as often as the other figures) and every warm figure to a floor run made
just before it.
The machine's speed drifts over minutes; a ratio of medians taken minutes apart moved with it.

It prints a table and PASS/FAIL per target, a profile of the top costs of every target that
fails, and writes everything to bench/results.json. If bench/history_bench.py exists (what git
history adds to a build) it is run too, with `--repeat 1` when quick; its exit code and what it
prints are kept under "history" and shown at the end.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from measure import PEAK_METHOD, BenchError, Reload, Run, ServeSession, run_timed
from report import print_report, targets

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BIN = Path(sys.executable).parent
SEED = 7
TODAY = "2026-11-25"
# `kith generate` after one edit is timed this many times the runs of each figure, each beside
# a floor run: a ratio near its limit on a machine whose speed drifts needs more pairs than 5
# for its median to say which side it is on.
EDIT_PAIRS = 3
# So is `kith generate` from scratch (cold), for the same reason: each round of the first loop
# times it this many times, spread through the round, each time after a cold `kith check` and
# beside a floor run made just before it. Five pairs of one run ranged from 2.33x to 4.02x.
COLD_PAIRS = 3


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write bench/results.json."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 and 2,000 contacts, 3 runs")
    parser.add_argument("--sizes", help="comma-separated vault sizes (default 1000,10000)")
    parser.add_argument("--runs", type=int, help="runs per figure (default 5; 3 for quick)")
    parser.add_argument("--big-runs", type=int, default=3, help="runs of the biggest builds")
    parser.add_argument("--edits", type=int, default=5, help="edits timed under serve")
    parser.add_argument("--work", default=str(BENCH / "work"), help="scratch folder")
    parser.add_argument("--json", default=str(BENCH / "results.json"), help="results file")
    args = parser.parse_args(argv)
    default = "200,2000" if args.quick else "1000,10000"
    sizes = [int(s) for s in (args.sizes or default).split(",")]
    runs = args.runs or (3 if args.quick else 5)
    work = Path(args.work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    env["NO_MKDOCS_2_WARNING"] = "1"
    # An installed Kith has its bytecode compiled; without this a sandbox's setting would make
    # every run compile Kith's modules again.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine(),
        "quick": args.quick,
        "runs": {
            "figures": runs,
            "big_builds": min(runs, args.big_runs),
            "edits": args.edits,
            "generate_edits": runs * EDIT_PAIRS,
            "generate_cold": runs * COLD_PAIRS,
        },
        "peak_memory": PEAK_METHOD,
        "sizes": {},
    }
    try:
        for size in sizes:
            big = size == max(sizes) and len(sizes) > 1
            build_runs = min(runs, args.big_runs) if big else runs
            print(f"kith bench: {size:,} contacts ...", file=sys.stderr, flush=True)
            results["sizes"][str(size)] = bench_size(size, work, env, runs, build_runs, args.edits)
    except BenchError as exc:
        print(f"kith bench: {exc}", file=sys.stderr)
        return 1
    print("kith bench: startup (the demo vault) ...", file=sys.stderr, flush=True)
    results["startup"] = measure_startup(work, env, runs)
    results["machine"]["load_after"] = os.getloadavg()
    results["targets"] = targets(results, sizes)
    results["profiles"] = profiles(results["targets"], sizes, work, env)
    history = run_history(env, args.quick)
    if history is not None:
        results["history"] = history
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_report(results, sizes)
    return 0


def machine() -> dict[str, Any]:
    """Describe where the figures come from."""
    return {
        "cpus": os.cpu_count(),
        "cpu_model": _proc_field("/proc/cpuinfo", "model name"),
        "memory": _proc_field("/proc/meminfo", "MemTotal"),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_before": os.getloadavg(),
    }


def _proc_field(path: str, name: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(name):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def bench_size(
    size: int, work: Path, env: dict[str, str], runs: int, build_runs: int, edits: int
) -> dict[str, Any]:
    """Measure every figure for one vault size."""
    vault, markdown, baseline_yml, counts = prepare(size, work, env)
    logs = work / f"logs-{size}"
    logs.mkdir(exist_ok=True)
    kith, mkdocs = str(BIN / "kith"), str(BIN / "mkdocs")
    cache = vault / ".cache" / "kith"
    fresh, site, base_site = work / f"fresh-{size}", work / f"site-{size}", work / f"base-{size}"
    generate = [kith, "generate", "--out"]
    floor = [sys.executable, str(BENCH / "floor.py"), str(vault / "people")]
    # Each from-scratch run is compared with a floor run made just before it, once a cold
    # `kith check` has read the contacts again: a floor run right after a site build read
    # files the build had pushed out of the disk cache (1.3 to 3.8 s where 1.7 s is usual),
    # and flattered every ratio taken to it.
    steps = {
        "check_cold": ([kith, "check"], [cache], runs),
        "floor": (floor, [], runs),
        # Into the folder that holds the same pages already, as when you generate again.
        "generate_cold": ([*generate, str(markdown)], [cache], runs),
        "floor_generate_fresh": (floor, [], runs),
        "generate_fresh": ([*generate, str(fresh)], [cache, fresh], runs),
        "build": ([mkdocs, "build", "-q", "-d", str(site)], [cache, site], build_runs),
        "baseline": ([mkdocs, "build", "-q", "-f", str(baseline_yml)], [base_site], build_runs),
    }
    # The from-scratch triple (cold check, floor, cold generate) runs COLD_PAIRS times a round,
    # spread between the other figures, so that its pairs sample the whole round.
    cold = ("check_cold", "floor", "generate_cold")
    order = [*cold, "floor_generate_fresh", "generate_fresh", *cold, "build", *cold, "baseline"]
    assert order.count("generate_cold") == COLD_PAIRS and set(order) == set(steps)
    measured: dict[str, list[Run]] = {name: [] for name in steps}
    for round_ in range(runs):
        for name in order:
            argv, clear, count = steps[name]
            if round_ < count:
                for path in clear:
                    shutil.rmtree(path, ignore_errors=True)
                measured[name].append(run_timed(argv, vault, env, logs / f"{name}.log"))
    warm = {
        "check_warm": [kith, "check"],
        "agenda_warm": [kith, "agenda"],
        "targets_warm": [kith, "targets"],
        "generate_warm": [*generate, str(markdown)],
        "show": [kith, "show", _middle(vault).stem],
    }
    # Each warm figure is compared with a floor run made just before it too: the machine's
    # speed drifts over the minutes the first loop takes.
    for name in warm:
        measured[name], measured[f"floor_{name}"] = [], []
    for _ in range(runs):
        for name, argv in warm.items():
            measured[f"floor_{name}"].append(run_timed(floor, vault, env, logs / "floor.log"))
            measured[name].append(run_timed(argv, vault, env, logs / f"{name}.log"))
    measured["generate_edit"], measured["floor_generate_edit"] = generate_after_edits(
        vault, markdown, env, logs, runs * EDIT_PAIRS, floor
    )
    reloads = measure_reloads(vault, markdown, baseline_yml, env, edits)
    return {**summarize(size, vault, markdown, measured, reloads), **counts}


def prepare(size: int, work: Path, env: dict[str, str]) -> tuple[Path, Path, Path, dict[str, int]]:
    """Make the vault, the Markdown Kith writes for it, and the plain-MkDocs config for it."""
    vault, markdown = work / f"vault-{size}", work / f"markdown-{size}"
    kith = str(BIN / "kith")
    sample = [kith, "sample", "--people", str(size), "--seed", str(SEED), "--today", TODAY]
    run_timed([*sample, "--out", str(vault), "--force"], work, env, work / "sample.log")
    shutil.rmtree(markdown, ignore_errors=True)
    run_timed([kith, "generate", "--out", str(markdown)], vault, env, work / "markdown.log")
    config = yaml.safe_load((vault / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [p for p in config["plugins"] if not (isinstance(p, dict) and "kith" in p)]
    config["docs_dir"] = str(markdown)
    config["site_dir"] = str(work / f"base-{size}")
    config["nav"], counts = describe(vault)
    baseline_yml = work / f"baseline-{size}.yml"
    baseline_yml.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return vault, markdown, baseline_yml, counts


def describe(vault: Path) -> tuple[list[dict[str, str]], dict[str, int]]:
    """Return the navigation the kith plugin gives MkDocs (its in-nav pages), and vault counts."""
    sys.path.insert(0, str(REPO))
    from generator.build import generate
    from generator.settings import read_mkdocs_settings

    settings = read_mkdocs_settings(vault / "mkdocs.yml")
    generated = generate(settings, dt.date.fromisoformat(TODAY))
    people = generated.loaded.vault.people
    counts = {
        "ties": len(generated.loaded.vault.edges),
        "interactions": sum(len(p.log) for p in people),
        "targets": sum(p.target for p in people),
    }
    return [{p.title: p.path} for p in generated.site.pages if p.in_nav], counts


def _middle(vault: Path) -> Path:
    """The contact file every edit of the benchmark changes."""
    contacts = sorted((vault / "people").glob("*.md"))
    return contacts[len(contacts) // 2]


def generate_after_edits(
    vault: Path, markdown: Path, env: dict[str, str], logs: Path, runs: int, floor: list[str]
) -> tuple[list[Run], list[Run]]:
    """Time `kith generate --out` (caches warm) after one log entry was added to one contact,
    and the floor (`floor`) just before each, after the edit."""
    contact = _middle(vault)
    original = contact.read_bytes()
    kith = str(BIN / "kith")
    done, floors = [], []
    try:
        for number in range(runs):
            contact.write_bytes(original.replace(b"## Log\n", _log_line("generate", number), 1))
            floors.append(run_timed(floor, vault, env, logs / "floor.log"))
            argv = [kith, "generate", "--out", str(markdown)]
            done.append(run_timed(argv, vault, env, logs / "generate_edit.log"))
    finally:
        contact.write_bytes(original)
    return done, floors


def _most_overdue(vault: Path, env: dict[str, str]) -> Path:
    """The contact file of the first overdue contact `kith agenda` lists (the most pressing)."""
    done = subprocess.run(
        [str(BIN / "kith"), "agenda", "--json"],
        cwd=vault,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    slug = json.loads(done.stdout)["overdue"][0]["slug"]
    found = [p for p in (vault / "people").rglob(f"{slug}.md") if b"## Log\n" in p.read_bytes()]
    if len(found) != 1:
        raise BenchError(f"no single contact file with a log for {slug}")
    return found[0]


def _log_line(what: str, number: int) -> bytes:
    """The `## Log` heading with the number-th edit's entry under it: a valid day before
    `TODAY` however many edits are asked for."""
    day = dt.date(2026, 11, 1) + dt.timedelta(days=number % 24)
    return f"## Log\n- {day}: {what} edit {number}\n".encode()


def measure_startup(work: Path, env: dict[str, str], runs: int) -> dict[str, Any]:
    """Time the commands that need little, whole process, in a copy of the demo vault."""
    demo = work / "demo"
    shutil.rmtree(demo, ignore_errors=True)
    shutil.copytree(REPO / "people", demo / "people")
    shutil.copy(REPO / "mkdocs.yml", demo / "mkdocs.yml")
    subprocess.run(["git", "init", "-q"], cwd=demo, check=True)
    kith = str(BIN / "kith")
    slug = sorted((demo / "people").glob("*.md"))[0].stem
    commands = {
        "version": [kith, "--version"],
        "show": [kith, "show", slug],
        "log": [kith, "log", slug, "benchmark", "--date", "2026-11-20"],
    }
    logs = demo / "logs"
    logs.mkdir()
    found = {}
    for name, argv in commands.items():
        done = [run_timed(argv, demo, env, logs / f"{name}.log") for _ in range(runs)]
        found[f"{name}_s"] = _median([r.seconds for r in done])
    return {"people": len(list((demo / "people").glob("*.md"))), "figures": found}


def measure_reloads(
    vault: Path, markdown: Path, baseline_yml: Path, env: dict[str, str], edits: int
) -> dict[str, list[Reload]]:
    """Serve the vault with --dirtyreload and time the rebuild after each edit of one contact;
    beside it, plain MkDocs serving the same Markdown (`baseline_yml`), timed after each edit
    of that contact's page. The two servers run at once and take the edits in turn."""
    contact = _middle(vault)
    page = markdown / "people" / contact.name
    overdue = _most_overdue(vault, env)
    originals = {path: path.read_bytes() for path in (contact, page, overdue)}
    sessions = {
        "kith": ServeSession(BIN / "mkdocs", vault, env),
        "baseline": ServeSession(BIN / "mkdocs", vault, env, baseline_yml),
    }
    reloads: dict[str, list[Reload]] = {name: [] for name in (*sessions, "followup")}
    try:
        for session in sessions.values():
            session.wait_for("Serving on", timeout=1800)
        for number in range(edits):
            line = _log_line("benchmark", number)
            added = f"\nbenchmark edit {number}\n".encode()

            def edit_contact(line: bytes = line) -> None:
                contact.write_bytes(originals[contact].replace(b"## Log\n", line, 1))

            def edit_page(added: bytes = added) -> None:
                page.write_bytes(originals[page] + added)

            # The edit people make most: log an interaction with someone overdue, which moves
            # them off the Follow-ups page's first list (and the next edit puts them back).
            def edit_followup(line: bytes = line, log: bool = number % 2 == 0) -> None:
                data = originals[overdue]
                overdue.write_bytes(data.replace(b"## Log\n", line, 1) if log else data)

            reloads["kith"].append(sessions["kith"].measure(edit_contact, timeout=300))
            reloads["baseline"].append(sessions["baseline"].measure(edit_page, timeout=300))
            reloads["followup"].append(sessions["kith"].measure(edit_followup, timeout=300))
    finally:
        for session in sessions.values():
            session.close()
        for path, data in originals.items():
            path.write_bytes(data)
    return reloads


def summarize(
    size: int,
    vault: Path,
    markdown: Path,
    measured: dict[str, list[Run]],
    reloads: dict[str, list[Reload]],
) -> dict[str, Any]:
    """Turn runs into medians and ratios (every ratio from figures of this same bench run)."""
    figures: dict[str, Any] = {}
    for name, done in measured.items():
        figures[f"{name}_s"] = _median([r.seconds for r in done])
        figures[f"{name}_peak_mib"] = _median([r.peak_mib for r in done])
    kith, baseline = reloads["kith"], reloads["baseline"]
    figures["reload_rebuild_s"] = _median([r.rebuild for r in kith])
    figures["reload_latency_s"] = _median([r.latency for r in kith])
    built = [r.built_in for r in kith if r.built_in is not None]
    figures["reload_mkdocs_build_s"] = _median(built or [float("nan")])
    figures["reload_baseline_rebuild_s"] = _median([r.rebuild for r in baseline])
    figures["reload_followup_rebuild_s"] = _median([r.rebuild for r in reloads["followup"]])
    people = list((vault / "people").rglob("*.md"))

    def paired(name: str, base: str) -> float:
        """The median of each run's ratio to the run of `base` made beside it (the same round
        of the first loop, or just before it)."""
        pairs = zip(measured[name], measured[base], strict=True)
        return statistics.median(run.seconds / under.seconds for run, under in pairs)

    return {
        "people": size,
        "contact_bytes": sum(p.stat().st_size for p in people),
        "generated_pages": sum(1 for _ in markdown.rglob("*.md")),
        "figures": figures,
        "ratios": {
            "generate_cold_to_floor": paired("generate_cold", "floor"),
            "generate_fresh_to_floor": paired("generate_fresh", "floor_generate_fresh"),
            "generate_warm_to_floor": paired("generate_warm", "floor_generate_warm"),
            "generate_edit_to_floor": paired("generate_edit", "floor_generate_edit"),
            "check_warm_to_floor": paired("check_warm", "floor_check_warm"),
            "agenda_warm_to_floor": paired("agenda_warm", "floor_agenda_warm"),
            "targets_warm_to_floor": paired("targets_warm", "floor_targets_warm"),
            "build_to_baseline": paired("build", "baseline"),
            "reload_to_baseline": statistics.median(
                k.rebuild / b.rebuild for k, b in zip(kith, baseline, strict=True)
            ),
        },
    }


def _median(values: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(values), "runs": [round(v, 4) for v in values]}


def profiles(
    checked: list[dict[str, Any]], sizes: list[int], work: Path, env: dict[str, str]
) -> dict[str, str]:
    """Profile what each failing target measures, so the top costs can be read."""
    wanted: dict[str, list[str]] = {}
    for target in checked:
        if not target["pass"] and target.get("profile"):
            step, size = target["profile"]
            vault = work / f"vault-{size}"
            extra = {
                "generate": [str(work / "profile-gen")],
                "generate-edit": [str(work / "profile-gen")],
                "build": [str(work / "profile-site")],
            }
            wanted[f"{step} {size}"] = [step, str(vault), *extra.get(step, [])]
    found = {}
    for name, argv in wanted.items():
        print(f"kith bench: profiling {name} ...", file=sys.stderr, flush=True)
        script = [sys.executable, str(BENCH / "profile_run.py"), *argv]
        done = subprocess.run(script, cwd=REPO, env=env, capture_output=True, text=True)
        found[name] = done.stdout if done.returncode == 0 else done.stderr[-3000:]
    return found


def run_history(env: dict[str, str], quick: bool) -> dict[str, Any] | None:
    """Run bench/history_bench.py (git history's cost) when it exists and keep what it prints."""
    script = BENCH / "history_bench.py"
    if not script.exists():
        return None
    print("kith bench: git history (bench/history_bench.py) ...", file=sys.stderr, flush=True)
    argv = [sys.executable, str(script), *(["--repeat", "1"] if quick else [])]
    done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True)
    return {"exit_code": done.returncode, "output": (done.stdout + done.stderr).strip()}


if __name__ == "__main__":
    sys.exit(main())
