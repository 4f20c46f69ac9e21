"""`kith capture` at scale: ten years of mail and a busy calendar. Run by `make bench`.

Makes a vault of 1,000 contacts, a 100,000-message mbox of about 2 GB (headers like real mail,
bodies of base64 lines like attachments) and an .ics of 20,000 events (a tenth of them weekly
series with exceptions and moved occurrences), all under bench/work/capture/, then times
`kith capture mail` and `kith capture calendar` as child processes (wall time and the child's
own peak memory, bench/measure.py), each twice: into the fresh vault, and again over the same
sources (everything already captured). Targets: mail ≤ 120 s and ≤ 300 MiB; calendar ≤ 10 s;
each second run ≤ 1/3 of its first. `--quick` uses a tenth of the mail.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import sys
from pathlib import Path
from typing import Any

from measure import PEAK_METHOD, BenchError, Run, run_timed
from report import capture_targets, print_capture

BENCH = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
WORK = BENCH / "work" / "capture"
TODAY = dt.date(2026, 11, 25)
CONTACTS = 1_000
MESSAGES = 100_000
EVENTS = 20_000
BODY_LINES = 255  # 76-character lines: about 20 KB a message, 2 GB in all
ME = "sam@example.com"


def main(argv: list[str] | None = None) -> int:
    """Make the sources, time the captures, print and store the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10,000 messages instead of 100,000")
    parser.add_argument("--json", default=str(BENCH / "capture-results.json"))
    args = parser.parse_args(argv)
    messages = MESSAGES // 10 if args.quick else MESSAGES
    WORK.mkdir(parents=True, exist_ok=True)
    mbox, ics = WORK / f"mail-{messages}.mbox", WORK / f"calendar-{EVENTS}.ics"
    if not mbox.exists():
        print(f"capture bench: writing {messages:,} messages ...", file=sys.stderr, flush=True)
        write_mbox(mbox, messages)
    if not ics.exists():
        write_calendar(ics, EVENTS)
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    try:
        figures = {
            "mail": time_twice("mail", mbox, env),
            "calendar": time_twice("calendar", ics, env),
        }
    except BenchError as exc:
        print(f"capture bench: {exc}", file=sys.stderr)
        return 1
    results: dict[str, Any] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "messages": messages,
        "mbox_bytes": mbox.stat().st_size,
        "events": EVENTS,
        "peak_memory": PEAK_METHOD,
        "figures": figures,
    }
    results["targets"] = capture_targets(results)
    Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_capture(results)
    return 0 if all(t["pass"] for t in results["targets"]) else 1


def time_twice(kind: str, source: Path, env: dict[str, str]) -> dict[str, Any]:
    """Capture into a fresh vault, then again over the same source; return both runs."""
    project = fresh_vault(WORK / f"vault-{kind}")
    argv = [str(BIN / "kith"), "capture", kind, str(source), "--today", TODAY.isoformat()]
    first = run_timed(argv, project, env, WORK / f"{kind}-first.log")
    second = run_timed(argv, project, env, WORK / f"{kind}-second.log")
    summary = (WORK / f"{kind}-first.log").read_text().strip().splitlines()[-1]
    return {"first": _run(first), "second": _run(second), "summary": summary}


def _run(run: Run) -> dict[str, float]:
    return {"seconds": round(run.seconds, 3), "peak_mib": round(run.peak_mib, 1)}


def fresh_vault(project: Path) -> Path:
    """A project of 1,000 contacts, each with an address the sources use."""
    shutil.rmtree(project, ignore_errors=True)
    people = project / "people"
    people.mkdir(parents=True)
    (project / "mkdocs.yml").write_text(
        "site_name: Capture bench\nplugins:\n  - kith:\n      timezone: Europe/Madrid\n"
        f"      me:\n        emails: [{ME}]\n        names: [Sam Rivera]\n"
    )
    for n in range(CONTACTS):
        (people / f"person-{n}.md").write_text(
            f"---\nname: Person {n}\ncircle: colleague\nemail: person{n}@example.com\n---\n"
            "## Log\n- 2015-01-01: Met at a conference\n"
        )
    return project


def write_mbox(path: Path, count: int) -> None:
    """Write `count` messages: most between you and contacts, some lists, bulk and strangers."""
    rng = random.Random(13)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    lines = ["".join(rng.choice(alphabet) for _ in range(76)) for _ in range(997)]
    start = dt.datetime(2016, 11, 25, tzinfo=dt.UTC)
    span = (TODAY - start.date()).days * 86400
    with path.open("w", encoding="ascii", newline="\n") as out:
        for n in range(count):
            when = start + dt.timedelta(seconds=rng.randrange(span))
            out.write(_message(n, when, rng))
            offset = rng.randrange(len(lines) - BODY_LINES)
            out.write("\n".join(lines[offset : offset + BODY_LINES]))
            out.write("\n\n")


def _message(n: int, when: dt.datetime, rng: random.Random) -> str:
    contact = f"Person {rng.randrange(CONTACTS)} <person{rng.randrange(CONTACTS)}@example.com>"
    kind = rng.random()
    sender, to, extra = contact, f"Sam Rivera <{ME}>", ""
    if kind < 0.35:
        sender, to = f"Sam Rivera <{ME}>", contact
    elif kind < 0.45:
        extra = f"List-Id: <list{n % 7}.lists.example>\n"
    elif kind < 0.5:
        extra = "Precedence: bulk\n"
    elif kind < 0.6:
        sender = f"Stranger {n % 500} <s{n % 500}@elsewhere.example>"
    stamp = when.strftime("%a, %d %b %Y %H:%M:%S +0000")
    return (
        f"From {sender.split('<')[1][:-1]} {when.strftime('%a %b %d %H:%M:%S %Y')}\n"
        f"Received: from mx{n % 9}.example.com by mail.example.com; {stamp}\n"
        f"Received: from client by mx{n % 9}.example.com; {stamp}\n"
        f"Message-ID: <{n}.{n * 7919 % 100003}@mail.example.com>\n"
        f"Date: {stamp}\nFrom: {sender}\nTo: {to}\n"
        f"Subject: =?UTF-8?Q?Re:_project_{n % 311}_=E2=80=93_update?=\n{extra}"
        "MIME-Version: 1.0\nContent-Type: application/octet-stream\n"
        "Content-Transfer-Encoding: base64\n\n"
    )


def write_calendar(path: Path, count: int) -> None:
    """Write `count` events over five years, a tenth of them weekly series with exceptions."""
    rng = random.Random(17)
    out = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Kith bench//EN",
        "X-WR-TIMEZONE:Europe/Madrid",
    ]
    first = dt.datetime(2021, 11, 1, 8, 0)
    for n in range(count):
        start = first + dt.timedelta(days=rng.randrange(5 * 365), hours=rng.randrange(10))
        stamp = start.strftime("%Y%m%dT%H%M%S")
        people = [f"person{rng.randrange(CONTACTS)}@example.com" for _ in range(rng.randint(1, 4))]
        out += [
            "BEGIN:VEVENT",
            f"UID:event-{n}@bench.example",
            f"DTSTART;TZID=Europe/Madrid:{stamp}",
            f"DTEND;TZID=Europe/Madrid:{(start + dt.timedelta(hours=1)).strftime('%Y%m%dT%H%M%S')}",
            f"SUMMARY:Meeting {n}",
            f"ORGANIZER;CN=Sam Rivera:mailto:{ME}",
            *(f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{p}" for p in people),
        ]
        if n % 10 == 0:
            skipped = (start + dt.timedelta(weeks=2)).strftime("%Y%m%dT%H%M%S")
            out += [
                f"RRULE:FREQ=WEEKLY;COUNT={rng.randint(5, 30)}",
                f"EXDATE;TZID=Europe/Madrid:{skipped}",
            ]
        out.append("END:VEVENT")
        if n % 10 == 0:
            moved = start + dt.timedelta(weeks=1)
            out += [
                "BEGIN:VEVENT",
                f"UID:event-{n}@bench.example",
                f"RECURRENCE-ID;TZID=Europe/Madrid:{moved.strftime('%Y%m%dT%H%M%S')}",
                f"DTSTART;TZID=Europe/Madrid:{_ical(moved + dt.timedelta(hours=2))}",
                f"SUMMARY:Meeting {n} (moved)",
                f"ATTENDEE;PARTSTAT=ACCEPTED:mailto:{people[0]}",
                "END:VEVENT",
            ]
    out.append("END:VCALENDAR")
    path.write_text("\r\n".join(out) + "\r\n", encoding="utf-8")


def _ical(moment: dt.datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%S")


if __name__ == "__main__":
    sys.exit(main())
