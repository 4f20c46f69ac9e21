"""`kith export vcard|ics|csv` and the site's follow-ups.ics."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import icalendar
import vobject
from conftest import build_site, copy_vault, make_project, run_kith


def export(project: Path, *args: str) -> str:
    result = run_kith("export", *args, cwd=project)
    assert result.code == 0, result.err
    return result.out


def cards(text: str) -> dict[str, vobject.base.Component]:
    return {c.fn.value: c for c in vobject.readComponents(text)}


def test_a_vcard_export_has_one_card_per_contact_with_ties_as_related(tmp_path: Path) -> None:
    text = export(copy_vault("basic", tmp_path / "p"), "vcard")
    assert text.count("BEGIN:VCARD\r\n") == 5 and text.count("END:VCARD\r\n") == 5
    rosa = cards(text)["Rosa Marsh"]
    assert rosa.version.value == "4.0" and rosa.kind.value == "individual"
    related = rosa.related
    victor = cards(text)["Victor Vance"]
    assert related.value == victor.uid.value
    assert related.params["X-KITH-STRENGTH"] == ["4"]
    assert related.params["X-KITH-HOW"] == ["same board"]
    ada = cards(text)["Ada Lovelace"]
    assert ada.org.value == ["Analytical Engines & Co"] and ada.title.value == "Head of R&D"
    assert ada.email.value == "ada@example.com"
    assert ada.n.value.family == "Lovelace" and ada.n.value.given == "Ada"
    assert ada.categories.value == ["it", "startup"]
    assert [c.value for c in ada.contents["x-kith-log"]] == [
        "2026-06-01 (meet): Coffee",
        "2026-08-15 (give, email): Sent the benchmark",
        "2026-09-30 (ask, call): Asked about the *R&D* budget",
    ]
    assert "canary-4711" not in text  # the ## Private section stays home


def test_a_vcard_3_export_says_3_0_and_folds_lines_at_75_bytes(tmp_path: Path) -> None:
    long_note = "Ça va " * 40
    project = make_project(tmp_path, {"zoe.md": f"---\nname: Zoë Ğ\n---\n{long_note}\n"})
    text = export(project, "vcard", "--version", "3.0")
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert "KIND:" not in text
    lines = text.split("\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)
    assert cards(text)["Zoë Ğ"].note.value == long_note


def test_export_version_is_refused_for_other_formats(tmp_path: Path) -> None:
    result = run_kith("export", "ics", "--version", "3.0", cwd=copy_vault("basic", tmp_path / "p"))
    assert result.code == 2
    assert result.err == "kith: --version is only for 'kith export vcard'\n"


FOLLOW_UPS = {
    "late.md": "---\nname: Late Larry\ncircle: friend\nlast_contact: 2026-10-01\n---\n",
    "soon.md": "---\nname: Soon Sam\ncircle: friend\nlast_contact: 2026-11-20\n---\n",
    "later.md": "---\nname: Later Liz\ncircle: colleague\nlast_contact: 2026-11-20\n---\n",
    "never.md": "---\nname: Never Ned\ncircle: friend\ncadence: 0\nlast_contact: 2025-01-01\n---\n",
}


def events(text: str) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(text)
    return {str(e["uid"]): e for e in cal.walk("VEVENT")}


def test_the_ics_has_one_event_per_follow_up_overdue_or_due_within_30_days(tmp_path: Path) -> None:
    project = make_project(tmp_path, FOLLOW_UPS)
    found = events(export(project, "ics", "--today", "2026-11-25"))
    assert sorted(found) == ["kith-late@kith.invalid", "kith-soon@kith.invalid"]
    late = found["kith-late@kith.invalid"]
    assert str(late["summary"]) == "Follow up with Late Larry"
    assert late.decoded("dtstart").isoformat() == "2026-11-25"  # overdue: shown today
    assert str(late["description"]) == (
        "Overdue by 25 days (due 2026-10-31): last contact 2026-10-01, every 30 days."
    )
    soon = found["kith-soon@kith.invalid"]
    assert soon.decoded("dtstart").isoformat() == "2026-12-20"
    assert str(soon["description"]) == "Due 2026-12-20: last contact 2026-11-20, every 30 days."


def test_the_ics_uids_stay_the_same_across_runs_and_days(tmp_path: Path) -> None:
    project = make_project(tmp_path, FOLLOW_UPS)
    first = export(project, "ics", "--today", "2026-11-25")
    assert export(project, "ics", "--today", "2026-11-25") == first
    later = export(project, "ics", "--today", "2026-12-25")
    assert later != first
    assert "DTSTAMP:20261225T000000Z" in later and "DTSTAMP:20261125T000000Z" in first
    assert set(events(first)) <= set(events(later))
    assert "kith-later@kith.invalid" in events(later)  # now within 30 days


def test_the_ics_lines_end_in_crlf(tmp_path: Path) -> None:
    text = export(make_project(tmp_path, FOLLOW_UPS), "ics")
    assert text.startswith("BEGIN:VCALENDAR\r\n") and text.endswith("END:VCALENDAR\r\n")
    assert "\n" not in text.replace("\r\n", "")


# Names with what a TEXT value escapes, characters of every width in UTF-8, and lengths that
# make the SUMMARY line just under or just at the 75 bytes where icalendar folds it.
ODD_NAMES = [
    "Ann, the; Other \\ One",
    'Zoë "Zed" Ødegård',
    "李小龍",
    "Åsa 🎻 Ng",
    "Nguyễn Thị Minh Khai",
    "E\u0301mile Combining",
    "X" * 51,  # "SUMMARY:Follow up with " is 23 bytes: this line is 74, left whole
    "X" * 52,  # 75 bytes: folded
    "X" * 50 + "ü",  # 75 bytes in 74 characters
    "X" * 49 + "李",
    "X" * 48 + "🎻",
    "X" * 50 + ",",  # the escape "\\," across the fold
    "X" * 51 + ";",
    "X" * 50 + "^",  # a parameter escape's start: never last before a fold
    "X" * 50 + "\\" + "Y" * 80,  # "\\\\" across the first fold, a second fold after it
    "Many, many; parts \\ with ^ escapes; " * 8 + "End",  # ASCII folded five times
    "Long " + "Émilie-Æsa " * 20 + "End",
]


def test_each_follow_up_event_is_what_icalendar_writes_for_names_of_every_kind(
    tmp_path: Path,
) -> None:
    head = "---\nname: {}\ncircle: friend\nlast_contact: 2026-10-01\n---\n"
    files = {
        f"odd-{number}.md": head.format(json.dumps(name, ensure_ascii=False))
        for number, name in enumerate(ODD_NAMES)
    }
    text = export(make_project(tmp_path, files), "ics", "--today", "2026-11-25")
    found = events(text)
    assert sorted(str(e["summary"]) for e in found.values()) == sorted(
        f"Follow up with {name}" for name in ODD_NAMES
    )
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    # Each event again, made by icalendar's own Event from the values read back: the same text.
    for event in found.values():
        again = icalendar.Event()
        for name in ("uid", "dtstamp", "dtstart", "dtend", "summary", "description", "transp"):
            again.add(name, event.decoded(name) if name.startswith("dt") else str(event[name]))
        assert again.to_ical().decode() in text
    assert "SUMMARY:Follow up with Ann\\, the\\; Other \\\\ One\r\n" in text


def test_the_site_publishes_follow_ups_ics_for_calendars_to_subscribe(tmp_path: Path) -> None:
    project = make_project(tmp_path, FOLLOW_UPS)
    site = build_site(project)
    published = (site / "follow-ups.ics").read_bytes().decode()
    assert published == export(project, "ics")
    assert "late@" in published and "@example.com" not in published


def test_the_csv_export_has_every_contact_with_computed_fields(tmp_path: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(export(copy_vault("basic", tmp_path / "p"), "csv"))))
    assert [r["slug"] for r in rows] == [
        "ada-lovelace",
        "emile-zola",
        "helen-marsh",
        "rosa-marsh",
        "victor-vance",
    ]
    rosa = rows[3]
    assert (rosa["last_contact"], rosa["next_due"], rosa["days_overdue"]) == (
        "2026-10-01",
        "2026-10-15",
        "41",
    )
    assert (rosa["cadence_days"], rosa["ties"], rosa["days_since_contact"]) == ("14", "2", "55")
    ada = rows[0]
    assert (ada["tags"], ada["asks"], ada["gives"], ada["days_overdue"]) == (
        "it; startup",
        "1",
        "1",
        "0",
    )
    victor = rows[4]
    assert (victor["target"], victor["last_contact"], victor["days_overdue"]) == ("yes", "", "")
    # You know Rosa at strength 3: you ask her yourself, Helen does not introduce you to her.
    assert (victor["best_path_score"], victor["best_path"]) == (
        "0.48",
        "rosa-marsh > victor-vance",
    )
    # A strong chain through Ada (4/5 times 3/5) beats Émile's own weak direct tie (1/5).
    emile = rows[1]
    assert (emile["best_path_score"], emile["best_path"]) == ("0.48", "ada-lovelace > emile-zola")


def test_csv_cells_that_a_spreadsheet_would_run_as_formulas_are_neutralised(
    tmp_path: Path,
) -> None:
    evil = (
        "---\n"
        'name: \'=HYPERLINK("http://evil.example","x")\'\n'
        "company: '+cmd|calc'\n"
        "role: '-2+3'\n"
        'location: "\\tTab"\n'
        "phone: '@SUM(A1)'\n"
        'email: "\\rmail"\n'
        "tags: ['-x', safe]\n"
        "---\n"
    )
    text = export(make_project(tmp_path, {"evil.md": evil}), "csv")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"] == '\'=HYPERLINK("http://evil.example","x")'
    assert row["company"] == "'+cmd|calc"
    assert row["role"] == "'-2+3"
    assert row["location"] == "'\tTab"
    assert row["phone"] == "'@SUM(A1)"
    assert row["email"] == "'\rmail"
    assert row["tags"] == "'-x; safe"


def test_export_to_a_file_writes_it_and_a_csv_file_gets_a_byte_order_mark(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    out = tmp_path / "contacts.csv"
    result = run_kith("export", "csv", "--out", str(out), cwd=project)
    assert result.code == 0 and result.out == ""
    assert result.err == f"kith: wrote csv to {out}\n"
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfslug,name,")
    assert data[3:].decode() == export(project, "csv")


def test_export_refuses_a_vault_with_errors(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"bad.md": "---\nname: Bad\nstrength: 9\n---\n"})
    result = run_kith("export", "vcard", cwd=project)
    assert result.code == 1 and result.out == ""
    assert "people/bad.md:3: strength must be a whole number from 0 to 5 (got 9)" in result.err
