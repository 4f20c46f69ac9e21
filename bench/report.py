"""The benchmark's targets and its printed report.

`python bench/report.py [bench/results.json [bench/capture-results.json]]` prints the latest
figures as the Markdown tables the manual's Performance page quotes (`tests/test_bench_report.py`
checks that it quotes them as they are).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

GIB_1_5 = 1.5e9 / 2**20  # 1.5 GB in MiB
# Figures that measure Kith (the baseline and the floor do not): each may grow at most 11x.
KITH_FIGURES = (
    "check_cold_s",
    "check_warm_s",
    "agenda_warm_s",
    "targets_warm_s",
    "show_s",
    "generate_cold_s",
    "generate_fresh_s",
    "generate_warm_s",
    "generate_edit_s",
    "build_s",
    "generate_cold_peak_mib",
    "build_peak_mib",
    "reload_rebuild_s",
)
RATIOS = (
    "generate_cold_to_floor",
    "generate_fresh_to_floor",
    "generate_warm_to_floor",
    "generate_edit_to_floor",
    "check_warm_to_floor",
    "agenda_warm_to_floor",
    "targets_warm_to_floor",
    "build_to_baseline",
    "reload_to_baseline",
)
ROWS = (
    ("floor_s", "floor: read + libyaml front matter", "s"),
    ("check_cold_s", "kith check, cold", "s"),
    ("check_warm_s", "kith check, warm parse cache", "s"),
    ("agenda_warm_s", "kith agenda, warm", "s"),
    ("targets_warm_s", "kith targets, warm", "s"),
    ("show_s", "kith show SLUG, warm", "s"),
    ("generate_cold_s", "kith generate --out, cold", "s"),
    ("generate_fresh_s", "kith generate --out, cold, empty folder", "s"),
    ("generate_warm_s", "kith generate --out, warm", "s"),
    ("generate_edit_s", "kith generate --out, one contact changed", "s"),
    ("build_s", "mkdocs build (kith), cold", "s"),
    ("baseline_s", "mkdocs build of the same Markdown, no kith", "s"),
    ("generate_cold_peak_mib", "peak memory, kith generate", "MiB"),
    ("build_peak_mib", "peak memory, mkdocs build (kith)", "MiB"),
    ("baseline_peak_mib", "peak memory, mkdocs build, no kith", "MiB"),
    ("reload_rebuild_s", "serve --dirtyreload: edit -> rebuilt", "s"),
    ("reload_mkdocs_build_s", "  of which MkDocs' build() says", "s"),
    ("reload_latency_s", "  edit -> reload, the watcher's delay included", "s"),
    ("reload_baseline_rebuild_s", "serve, plain MkDocs of the same Markdown", "s"),
    ("reload_followup_rebuild_s", "serve: an overdue contact logged -> rebuilt", "s"),
)


def targets(results: dict[str, Any], sizes: list[int]) -> list[dict[str, Any]]:
    """Check every target of the issue against this run's figures."""
    small, big = min(sizes), max(sizes)
    at = results["sizes"]

    def fig(size: int, name: str) -> float:
        return float(at[str(size)]["figures"][name]["median"])

    def ratio(size: int, name: str) -> float:
        return float(at[str(size)]["ratios"][name])

    checked = [
        _target(
            f"generate, {big:,} contacts, one contact changed: at most 1.5x the floor",
            ratio(big, "generate_edit_to_floor"),
            1.5,
            "x",
            ("generate-edit", big),
        ),
        _target(
            f"generate, {big:,} contacts, from scratch (no cache): at most 3x the floor",
            ratio(big, "generate_cold_to_floor"),
            3.0,
            "x",
            ("generate", big),
        ),
        *(
            _target(
                f"kith {view}, {big:,} contacts, warm: at most 1.3x the floor",
                ratio(big, f"{view}_warm_to_floor"),
                1.3,
                "x",
                (view, big),
            )
            for view in ("check", "agenda", "targets")
        ),
        *(
            _target(
                f"{what}, {size:,} contacts, serve --dirtyreload: at most {limit} s",
                fig(size, figure),
                limit,
                "s",
                (profile, size) if profile else None,
            )
            for what, figure, profile in (
                ("edit one contact", "reload_rebuild_s", "reload"),
                # Runs before this figure existed have none: their reports leave it out.
                ("log an overdue contact", "reload_followup_rebuild_s", None),
            )
            for size, limit in ((small, 0.5), (big, 3.0))
            if figure in at[str(size)]["figures"]
        ),
        _target(
            f"full site, {small:,} contacts: at most 1.15x the baseline build",
            ratio(small, "build_to_baseline"),
            1.15,
            "x",
            ("build", small),
        ),
        _target(
            f"full site, {big:,} contacts: at most 1.05x the baseline build",
            ratio(big, "build_to_baseline"),
            1.05,
            "x",
            None,
        ),
        _target(
            f"full site, {big:,} contacts: under 1.5 GB peak memory",
            fig(big, "build_peak_mib"),
            GIB_1_5,
            "MiB",
            None,
        ),
    ]
    startup = results.get("startup", {}).get("figures", {})
    for name, figure in startup.items():
        command = "--version" if name == "version_s" else name.removesuffix("_s")
        checked.append(
            _target(
                f"kith {command}, whole process: at most 0.2 s", figure["median"], 0.2, "s", None
            )
        )
    for name in KITH_FIGURES:
        growth = fig(big, name) / fig(small, name)
        checked.append(
            _target(f"growth {small:,} -> {big:,}: {name}", growth, 1.1 * big / small, "x", None)
        )
    return checked


def _target(
    name: str, value: float, limit: float, unit: str, profile: tuple[str, int] | None
) -> dict[str, Any]:
    return {
        "name": name,
        "value": round(value, 4),
        "limit": round(limit, 4),
        "unit": unit,
        "pass": value <= limit,
        "profile": list(profile) if profile else None,
    }


def print_report(results: dict[str, Any], sizes: list[int]) -> None:
    """Print the figures, the ratios, the targets and the profiles of failing targets."""
    machine = results["machine"]
    print(
        f"\nKith benchmark, {results['date']}: {machine['cpus']} CPUs ({machine['cpu_model']}), "
        f"Python {machine['python']}, load {_load(machine['load_before'])} before, "
        f"{_load(machine['load_after'])} after"
    )
    head = "".join(f"{size:>14,}" for size in sizes)
    print(f"\n{'median of runs':<44}{head}{'growth':>9}")
    for key, label, unit in ROWS:
        values = [results["sizes"][str(s)]["figures"][key]["median"] for s in sizes]
        cells = "".join(f"{_fmt(v, unit):>14}" for v in values)
        print(f"{label:<44}{cells}{values[-1] / values[0]:>8.1f}x")
    for key in RATIOS:
        cells = "".join(f"{results['sizes'][str(s)]['ratios'][key]:>13.2f}x" for s in sizes)
        print(f"{key.replace('_', ' '):<44}{cells}")
    startup = results.get("startup")
    if startup:
        cells = ", ".join(f"{k[:-2]} {v['median']:.2f} s" for k, v in startup["figures"].items())
        print(f"{'startup, demo vault (' + str(startup['people']) + ' contacts)':<44}{cells}")
    print()
    for target in results["targets"]:
        verdict = "PASS" if target["pass"] else "FAIL"
        value, limit = (_fmt(target[k], target["unit"]) for k in ("value", "limit"))
        print(f"{verdict}  {target['name']} (got {value}, limit {limit})")
    for name, text in results.get("profiles", {}).items():
        print(f"\nTop costs of {name} (cProfile, cumulative):\n{text}")
    history = results.get("history")
    if history is not None:
        verdict = "PASS" if history["exit_code"] == 0 else f"FAIL (exit {history['exit_code']})"
        print(f"\nGit history, bench/history_bench.py: {verdict}\n{history['output']}")


def _fmt(value: float, unit: str) -> str:
    if unit == "MiB":
        return f"{value:,.0f} MiB"
    if unit == "x":
        return f"{value:.2f}x"
    return f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _load(values: list[float] | tuple[float, ...]) -> str:
    return "/".join(f"{v:.1f}" for v in values)


def markdown(results: dict[str, Any]) -> str:
    """Return the figures and the targets as Markdown tables, for the manual."""
    sizes = sorted(int(s) for s in results["sizes"])
    at = results["sizes"]
    lines = [
        "| median of runs | " + " | ".join(f"{s:,} contacts" for s in sizes) + " | growth |",
        "|---|" + "---:|" * (len(sizes) + 1),
    ]
    for key, label, unit in ROWS:
        values = [at[str(s)]["figures"][key]["median"] for s in sizes]
        cells = " | ".join(_fmt(v, unit) for v in values)
        lines.append(f"| {label.strip()} | {cells} | {values[-1] / values[0]:.1f}x |")
    for key in RATIOS:
        cells = " | ".join(f"{at[str(s)]['ratios'][key]:.2f}x" for s in sizes)
        lines.append(f"| {key.replace('_', ' ')} | {cells} | |")
    lines += ["", "| target | got | limit | |", "|---|---:|---:|---|"]
    for target in results["targets"]:
        got, limit = (_fmt(target[k], target["unit"]) for k in ("value", "limit"))
        verdict = "PASS" if target["pass"] else "**FAIL**"
        lines.append(f"| {target['name']} | {got} | {limit} | {verdict} |")
    return "\n".join(lines)


# `kith capture` (bench/capture_bench.py): ten years of mail and a busy calendar.
CAPTURE_LIMITS = {"mail_s": 120.0, "mail_peak_mib": 300.0, "calendar_s": 10.0, "again": 1 / 3}


def capture_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Check the capture figures against the issue's targets."""
    mail, calendar = results["figures"]["mail"], results["figures"]["calendar"]
    messages, events = results["messages"], results["events"]
    limits = CAPTURE_LIMITS
    checked = [
        _target(
            f"capture mail, {messages:,} messages: at most 2 min",
            mail["first"]["seconds"],
            limits["mail_s"],
            "s",
            None,
        ),
        _target(
            f"capture mail, {messages:,} messages: at most 300 MB peak memory",
            mail["first"]["peak_mib"],
            limits["mail_peak_mib"],
            "MiB",
            None,
        ),
        _target(
            f"capture calendar, {events:,} events with recurrences: at most 10 s",
            calendar["first"]["seconds"],
            limits["calendar_s"],
            "s",
            None,
        ),
    ]
    for kind, runs in (("mail", mail), ("calendar", calendar)):
        ratio = runs["second"]["seconds"] / runs["first"]["seconds"]
        checked.append(
            _target(
                f"capture {kind} again over the same source: at most 1/3 of the first",
                ratio,
                limits["again"],
                "x",
                None,
            )
        )
    return checked


def capture_markdown(results: dict[str, Any], cores: int) -> str:
    """Return the capture figures as the Markdown table the manual's Performance page quotes
    (`cores`: the machine's, which `make bench` measured beside them in `results.json`)."""
    when = dt.datetime.fromisoformat(results["date"]).astimezone(dt.UTC)
    mail, calendar = results["figures"]["mail"], results["figures"]["calendar"]

    def first(runs: dict[str, Any]) -> str:
        return f"{_fmt(runs['first']['seconds'], 's')}, {_fmt(runs['first']['peak_mib'], 'MiB')}"

    size = results["mbox_bytes"] / 1e9
    return "\n".join(
        [
            f"| figure (run of {when:%H:%M} UTC, {when:%Y-%m-%d}, {cores} cores) "
            "| first run | again, same sources | target |",
            "|---|---:|---:|---|",
            f"| `kith capture mail`, {results['messages']:,} messages, {size:.2f} GB "
            f"| {first(mail)} | {_fmt(mail['second']['seconds'], 's')} "
            "| ≤ 2 min, ≤ 300 MB; again ≤ 1/3 |",
            f"| `kith capture calendar`, {results['events']:,} events "
            f"| {first(calendar)} | {_fmt(calendar['second']['seconds'], 's')} "
            "| ≤ 10 s; again ≤ 1/3 |",
        ]
    )


def print_capture(results: dict[str, Any]) -> None:
    """Print the capture figures and their targets."""
    size = results["mbox_bytes"] / 1e9
    print(
        f"\nKith capture benchmark, {results['date']}: mbox of {results['messages']:,} messages "
        f"({size:.2f} GB), {results['events']:,} calendar events"
    )
    for kind, runs in results["figures"].items():
        for which in ("first", "second"):
            run = runs[which]
            took, peak = _fmt(run["seconds"], "s"), _fmt(run["peak_mib"], "MiB")
            print(f"  {kind:<9} {which:<7} {took:>9} {peak:>9}")
        print(f"  {kind:<9} {runs['summary']}")
    for target in results["targets"]:
        verdict = "PASS" if target["pass"] else "FAIL"
        value, limit = (_fmt(target[k], target["unit"]) for k in ("value", "limit"))
        print(f"{verdict}  {target['name']} (got {value}, limit {limit})")


if __name__ == "__main__":
    here = Path(__file__).parent
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else here / "results.json"
    capture = Path(sys.argv[2]) if len(sys.argv) > 2 else here / "capture-results.json"
    results = json.loads(source.read_text(encoding="utf-8"))
    print(markdown(results))
    if capture.is_file():
        print()
        cores = results["machine"]["cpus"]
        print(capture_markdown(json.loads(capture.read_text(encoding="utf-8")), cores))
