"""`kith capture` is safe to run every day: nothing twice, nothing lost, nothing private kept."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from capture_helpers import capture_project, fixture, log_of, snapshot
from conftest import run_kith

import generator.capture.ledger as ledger_module
import generator.capture.seen as seen_module
import generator.edit.batch as batch_module


def test_running_again_on_the_same_exports_adds_nothing(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")
    assert run_kith("capture", "calendar", name, cwd=project).code == 0
    first = snapshot(project)
    # The same file, the same contacts, the same day: it is not even read again.
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.out == (
        "kith: 0 entries for 0 contacts written; unchanged since the last capture: 1 file\n"
    )
    # Without that cache (or on another day) it is read, and the ledger adds nothing twice.
    shutil.rmtree(project / ".cache")
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.out == (
        "kith: 0 entries for 0 contacts written; 7 already captured; left out: cancelled "
        "meetings (1), meetings you declined (1); 1 person not in the vault (--unknown lists "
        "them)\n"
    )
    assert {k: v for k, v in snapshot(project).items() if not k.startswith(".cache")} == {
        k: v for k, v in first.items() if not k.startswith(".cache")
    }


def test_another_version_of_kith_reads_the_exports_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A newer Kith may read a file otherwise (a fix of what an older one left out): the files
    # an older one read in full are read again, and the ledger still adds nothing twice.
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")
    assert run_kith("capture", "calendar", name, cwd=project).code == 0
    monkeypatch.setattr(seen_module, "__version__", "99.0.0")
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.code == 0
    assert "7 already captured" in again.out
    assert "unchanged since the last capture" not in again.out
    assert (
        "unchanged since the last capture: 1 file"
        in run_kith("capture", "calendar", name, cwd=project).out
    )


def test_a_newer_export_that_overlaps_the_old_one_adds_only_what_is_new(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    old = fixture(project, "archive.mbox")
    assert run_kith("capture", "mail", old, cwd=project).code == 0
    newer = project / "newer.mbox"
    newer.write_text(
        (project / old).read_text() + "\nFrom ben@example.com Tue Nov 24 09:00:00 2026\n"
        "Message-ID: <new@example.com>\nDate: Tue, 24 Nov 2026 09:00:00 +0000\n"
        "From: ben@example.com\nTo: me@example.com\nSubject: Signed\n\nDone.\n"
        "\nFrom ada@example.com Fri Nov 20 23:00:00 2026\n"
        "Message-ID: <late@example.com>\nDate: Fri, 20 Nov 2026 22:00:00 +0000\n"
        "From: ada@example.com\nTo: me@example.com\nSubject: One more\n\nLate.\n"
    )
    result = run_kith("capture", "mail", "newer.mbox", cwd=project)
    assert result.code == 0, result.err
    assert result.out.startswith("kith: 2 entries for 2 contacts written; 4 already captured; ")
    # A later message on a day already captured adds no second entry for that day; the message
    # the old export had cut off in its headers is whole in the newer one.
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-20 (email): 2 messages, latest: Re: pilot pricing",
        "- 2026-11-23 (email): 1 message",
    ]
    assert log_of(project, "ben-okafor")[-1] == "- 2026-11-24 (email): 1 message: Signed"


def test_an_entry_the_owner_reworded_is_not_captured_again(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "_chat.txt")
    assert run_kith("capture", "whatsapp", name, cwd=project).code == 0
    ben = project / "people" / "ben-okafor.md"
    ben.write_text(ben.read_text().replace("2 WhatsApp messages", "Planned the site visit"))
    again = run_kith("capture", "whatsapp", name, "--today", "2026-11-26", cwd=project)
    assert again.code == 0, again.err
    assert "0 entries for 0 contacts written; 2 already captured" in again.out
    assert log_of(project, "ben-okafor") == ["- 2026-11-14 (message): Planned the site visit"]


def test_a_day_already_logged_by_hand_is_not_logged_twice(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    ben = project / "people" / "ben-okafor.md"
    ben.write_text(ben.read_text() + "- 2026-11-21 (email): Asked about the contract\n")
    result = run_kith("capture", "mail", fixture(project, "archive.mbox"), cwd=project)
    assert result.code == 0, result.err
    assert "3 already captured" not in result.out and "1 already in the log" in result.out
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-20 (email): 1 message: Re: pilot pricing",
        "- 2026-11-21 (email): Asked about the contract",
    ]


class Crash(BaseException):
    """The process dying at that point (the machine going down): nothing of Kith's runs after."""


@pytest.mark.parametrize("stop", [KeyboardInterrupt, Crash])
def test_a_run_stopped_before_it_remembered_what_it_wrote_adds_nothing_twice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")

    def killed(self: ledger_module.Ledger) -> None:
        raise stop  # Ctrl-C, or the machine going down, right after the entries

    with monkeypatch.context() as patch:
        patch.setattr(ledger_module.Ledger, "save", killed)
        if stop is KeyboardInterrupt:
            stopped = run_kith("capture", "calendar", name, cwd=project)
            assert (stopped.code, stopped.err) == (130, "kith: interrupted\n")
        else:
            with pytest.raises(stop):
                run_kith("capture", "calendar", name, cwd=project)
    assert not (project / "kith-captured.txt").exists()
    written = snapshot(project)
    assert len(log_of(project, "ada-lovelace")) == 6
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.code == 0, again.err
    assert again.out.startswith("kith: 0 entries for 0 contacts written; 7 already in the log;")
    assert {k: v for k, v in snapshot(project).items() if k.startswith("people/")} == {
        k: v for k, v in written.items() if k.startswith("people/")
    }
    # The second run remembered everything: a third one finds it all captured.
    third = run_kith("capture", "calendar", name, "--today", "2026-11-25", cwd=project)
    assert "unchanged since the last capture: 1 file" in third.out
    shutil.rmtree(project / ".cache")
    third = run_kith("capture", "calendar", name, cwd=project)
    assert third.out.startswith("kith: 0 entries for 0 contacts written; 7 already captured;")


def stopped_at_the_second_file(
    monkeypatch: pytest.MonkeyPatch, stop: type[BaseException]
) -> list[str]:
    """Make the batch writer raise `stop` as it comes to its second contact file; return the
    list of the files it came to."""
    real = batch_module.write_planned
    calls: list[str] = []

    def stopping(*args: object) -> None:
        calls.append(str(args[1]))
        if len(calls) == 2:
            raise stop
        real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch_module, "write_planned", stopping)
    return calls


def test_a_run_stopped_half_way_through_the_contact_files_is_finished_by_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")
    calls = stopped_at_the_second_file(monkeypatch, Crash)
    with pytest.raises(Crash):
        run_kith("capture", "calendar", name, cwd=project)
    monkeypatch.undo()
    assert calls == ["people/ada-lovelace.md", "people/ben-okafor.md"]
    assert len(log_of(project, "ada-lovelace")) == 6  # written
    assert log_of(project, "ben-okafor") == []  # not yet
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.code == 0, again.err
    assert again.out.startswith("kith: 2 entries for 2 contacts written; 5 already in the log;")
    assert len(log_of(project, "ada-lovelace")) == 6
    assert log_of(project, "ben-okafor") == ["- 2026-11-20 (meet): Late dinner"]
    assert log_of(project, "carla-diaz") == ["- 2026-12-03 (meet): Intro call"]


def test_a_run_interrupted_half_way_through_the_contact_files_changes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Ctrl-C (not a crash): the files written so far are put back, and the next run writes all.
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")
    before = snapshot(project)
    calls = stopped_at_the_second_file(monkeypatch, KeyboardInterrupt)
    stopped = run_kith("capture", "calendar", name, cwd=project)
    monkeypatch.undo()
    assert (stopped.code, stopped.err) == (130, "kith: interrupted\n")
    assert calls == ["people/ada-lovelace.md", "people/ben-okafor.md"]
    assert {k: v for k, v in snapshot(project).items() if k.startswith("people/")} == {
        k: v for k, v in before.items() if k.startswith("people/")
    }
    again = run_kith("capture", "calendar", name, cwd=project)
    assert again.code == 0, again.err
    assert again.out.startswith("kith: 7 entries for 3 contacts written;")
    assert log_of(project, "ben-okafor") == ["- 2026-11-20 (meet): Late dinner"]


def test_what_was_captured_is_remembered_without_any_plaintext(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    for kind, name in (
        ("mail", "archive.mbox"),
        ("calendar", "google.ics"),
        ("whatsapp", "_chat.txt"),
        ("calls", "sms-20261125080000.xml"),
    ):
        assert run_kith("capture", kind, fixture(project, name), cwd=project).code == 0
    text = (project / "kith-captured.txt").read_text()
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    assert lines == sorted(lines) and len(lines) == len(set(lines))
    for line in lines:
        assert re.fullmatch(r"(mail|calendar|whatsapp|calls) \d{4}-\d\d-\d\d [0-9a-f]{24}", line)
    for secret in ("@", "pilot", "Pilot", "Ada", "ben", "<", "+44", "google.com"):
        assert secret not in "\n".join(lines)


def test_bodies_and_chat_text_never_reach_the_vault_or_the_output(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    outputs = []
    for kind, name in (
        ("mail", "archive.mbox"),
        ("whatsapp", "_chat.txt"),
        ("whatsapp", "WhatsApp Chat with Ada L.txt"),
        ("telegram", "result.json"),
        ("calls", "sms-20261125080000.xml"),
        ("calendar", "google.ics"),
    ):
        result = run_kith("capture", kind, fixture(project, name), "--dry-run", cwd=project)
        outputs.append(result.out + result.err)
        assert run_kith("capture", kind, name, cwd=project).code == 0
    written = b"\n".join(snapshot(project).values()).decode() + "\n".join(outputs)
    for body in (
        "confidential",
        "spreadsheet",
        "Secret body",
        "looping in Ben",
        "See you",
        "Guten Morgen",
        "Call later",
        "after 5",
        "the code is 4711",
        "Home safe",
        "site visit",
        "Agenda: numbers",
    ):
        assert body not in written


@pytest.mark.parametrize(
    ("kind", "name", "data", "message"),
    [
        (
            "calendar",
            "cut-off.ics",
            None,
            "cut-off.ics:30: BEGIN:VEVENT is never closed (the file is cut off)",
        ),
        (
            "calendar",
            "notes.ics",
            b"Meeting notes\nnothing here\n",
            "notes.ics:1: not an iCalendar file: it must start with BEGIN:VCALENDAR",
        ),
        (
            "calendar",
            "photo.ics",
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
            "photo.ics: not an iCalendar file (it holds binary data)",
        ),
        (
            "mail",
            "message.eml",
            b"From: ada@example.com\nSubject: hi\n\nbody\n",
            "message.eml:1: not an mbox file: it must start with a 'From ' line "
            "(for a Maildir, give the folder)",
        ),
        (
            "whatsapp",
            "chat.txt",
            b"Ada: hello\nSam: hi\n",
            "chat.txt:1: not a WhatsApp chat export: no line starts with a date and a time",
        ),
        (
            "whatsapp",
            "latin1.txt",
            "20/11/2026, 10:00 - Ada: ol\u00e9\n".encode("latin-1"),
            "latin1.txt:1: not a WhatsApp chat export: the text is not UTF-8",
        ),
        (
            "telegram",
            "broken.json",
            b'{"chats": {"list": [\n  {"name": "Ada",\n',
            "broken.json:3: not valid JSON (Expecting property name enclosed in double quotes)",
        ),
        (
            "telegram",
            "export.json",
            b'{"name": "x"}',
            "export.json:1: not a Telegram Desktop export: it has neither 'messages' nor "
            "'chats' (use JSON)",
        ),
        (
            "calls",
            "calls-1.xml",
            b"<html><body>not a backup</body></html>",
            "calls-1.xml:1: not an SMS Backup & Restore file: it starts with <html>",
        ),
        (
            "calls",
            "calls-2.xml",
            b"calls,2026-11-20,+447700900123\n",
            "calls-2.xml:1: not an SMS Backup & Restore file (syntax error)",
        ),
        (
            "calls",
            "calls-3.xml",
            b'<?xml version="1.0"?>\n<!DOCTYPE calls [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
            b'<calls count="1"><call number="&b;" duration="9" date="1" type="1" /></calls>\n',
            "calls-3.xml: not an SMS Backup & Restore file: it declares XML entities "
            "(refused, not expanded)",
        ),
    ],
)
def test_a_file_that_cannot_be_read_is_named_with_its_line_and_nothing_is_written(
    tmp_path: Path, kind: str, name: str, data: bytes | None, message: str
) -> None:
    project = capture_project(tmp_path / "p")
    good = {
        "calendar": "google.ics",
        "mail": "archive.mbox",
        "whatsapp": "_chat.txt",
        "telegram": "result.json",
        "calls": "calls-20261125080000.xml",
    }
    good_name = fixture(project, good[kind])
    if data is None:
        fixture(project, name)
    else:
        (project / name).write_bytes(data)
    before = snapshot(project)
    result = run_kith("capture", kind, good_name, name, cwd=project)
    assert result.code == 1
    assert result.err.endswith(f"{message}\nkith: 1 problem; nothing was written\n")
    assert "Traceback" not in result.err
    assert snapshot(project) == before


def test_a_path_that_does_not_exist_is_refused(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    result = run_kith("capture", "mail", "gone.mbox", cwd=project)
    assert (result.code, result.err) == (
        1,
        "gone.mbox: no such file or folder\nkith: 1 problem; nothing was written\n",
    )
    bare = run_kith("capture", "notes", cwd=project)
    assert (bare.code, bare.err) == (
        2,
        "kith: capture notes: give the files or folders to read (or list folders in the "
        "'notes' setting)\n",
    )


def test_a_contact_added_since_gets_their_past_interactions_from_the_same_export(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "archive.mbox")
    assert run_kith("capture", "mail", name, cwd=project).code == 0
    assert run_kith("new", "Dana Smith", "--email", "dana@other.example", cwd=project).code == 0
    again = run_kith("capture", "mail", name, cwd=project)
    assert again.out.startswith("kith: 2 entries for 1 contact written; 4 already captured;")
    assert log_of(project, "dana-smith") == [
        "- 2026-11-20 (email): 1 message: Re: pilot pricing",
        "- 2026-11-22 (email): 1 message: Intro",
    ]
