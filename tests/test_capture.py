"""`kith capture`: each source, read from a sample written as the real exporter writes it."""

from __future__ import annotations

import json
from pathlib import Path

from capture_helpers import capture_project, fixture, log_of
from conftest import build_site, run_kith

from generator.vault.load import load_vault


def test_a_google_and_an_outlook_calendar_give_one_meeting_entry_per_contact_and_occurrence(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    google, outlook = fixture(project, "google.ics"), fixture(project, "outlook.ics")
    result = run_kith("capture", "calendar", google, outlook, cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "kith: 9 entries for 3 contacts written; left out: cancelled meetings (1), "
        "meetings you declined (1); 1 person not in the vault (--unknown lists them)\n"
    )
    # Weekly from 2 Nov: 9 Nov excluded (EXDATE), 16 Nov moved to the 17th (RECURRENCE-ID),
    # the Outlook event in a Windows time zone, an all-day event on another of Ada's addresses,
    # and only the next booked one of the future meetings (30 Nov; not 7 Dec).
    assert log_of(project, "ada-lovelace") == [
        "- 2026-01-10: Coffee at the conference",
        "- 2026-11-02 (meet): Pilot weekly",
        "- 2026-11-05 (meet): Offsite",
        "- 2026-11-17 (meet): Pilot weekly (moved)",
        "- 2026-11-21 (meet): Design review",
        "- 2026-11-23 (meet): Pilot weekly",
        "- 2026-11-30 (meet): Pilot weekly",
    ]
    # Ben declined the weekly; the lunch was cancelled; you declined the demo. 23:30 UTC on
    # the 19th is the 20th in Madrid; 17:00 Pacific on the 24th is 02:00 on the 25th.
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-20 (meet): Late dinner",
        "- 2026-11-25 (meet): Quarterly review",
    ]
    assert log_of(project, "carla-diaz") == ["- 2026-12-03 (meet): Intro call"]


def test_a_meeting_already_booked_shows_as_scheduled_instead_of_never_contacted(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    before = json.loads(run_kith("agenda", "--json", cwd=project).out)
    assert [p["slug"] for p in before["never_contacted"]] == ["carla-diaz"]
    assert before["scheduled"] == []
    assert run_kith("capture", "calendar", fixture(project, "google.ics"), cwd=project).code == 0
    after = json.loads(run_kith("agenda", "--json", cwd=project).out)
    assert after["never_contacted"] == []
    assert after["scheduled"] == [
        {"slug": "carla-diaz", "name": "Carla Díaz", "date": "2026-12-03", "days_overdue": 0}
    ]
    table = run_kith("agenda", cwd=project).out
    assert "Scheduled: 1" in table and "Carla Díaz  2026-12-03" in table


def test_an_mbox_gives_one_entry_per_contact_and_day_from_headers_only(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "archive.mbox")
    result = run_kith("capture", "mail", name, cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "archive.mbox:27: warning: message 3: unknown charset 'x-klingon' in Subject\n"
        "archive.mbox:85: warning: message 9 cannot read its date 'the day after tomorrow'; "
        "left out\n"
        "archive.mbox:94: warning: message 10 is cut off inside its headers; left out\n"
    )
    assert result.out == (
        "kith: 3 entries for 2 contacts written; left out: automatic mail (1), bulk mail (1), "
        "mail to more than 20 people (1), mailing-list mail (1); 3 warnings "
        "(see above); 1 person not in the vault (--unknown lists them)\n"
    )
    # A message you wrote counts for each recipient; the latest subject of the day is shown.
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-20 (email): 2 messages, latest: Re: pilot pricing"
    ]
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-20 (email): 1 message: Re: pilot pricing",
        "- 2026-11-21 (email): 1 message: Hola",
    ]


def test_a_message_you_wrote_counts_for_whom_you_sent_a_blind_copy_too(tmp_path: Path) -> None:
    # Your own copy of a message you sent keeps its Bcc header: you wrote to them too. They
    # count towards `max_recipients` as well.
    project = capture_project(tmp_path / "p")
    header = "From: Sam Rivera <me@example.com>\nTo: Ada <ada@example.com>\n"
    mbox = project / "sent.mbox"
    mbox.write_text(
        "From me@example.com Sat Nov 21 10:00:00 2026\n"
        f"{header}Bcc: Ben Okafor <ben@example.com>\nDate: Sat, 21 Nov 2026 10:00:00 +0000\n"
        "Message-ID: <bcc-1@home.example>\nSubject: Intro\n\nHello.\n\n"
        "From me@example.com Sat Nov 21 11:00:00 2026\n"
        f"{header}Bcc: {', '.join(f'p{n}@example.com' for n in range(20))}\n"
        "Date: Sat, 21 Nov 2026 11:00:00 +0000\nMessage-ID: <bcc-2@home.example>\n"
        "Subject: Newsletter\n\nHello all.\n",
        encoding="utf-8",
    )
    result = run_kith("capture", "mail", "sent.mbox", cwd=project)
    assert result.code == 0, result.err
    assert result.out.startswith(
        "kith: 2 entries for 2 contacts written; left out: mail to more than 20 people (1)"
    )
    assert log_of(project, "ben-okafor") == ["- 2026-11-21 (email): 1 message: Intro"]
    assert log_of(project, "ada-lovelace")[-1] == "- 2026-11-21 (email): 1 message: Intro"


def test_no_subjects_leaves_subjects_and_summaries_out(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "archive.mbox")
    assert run_kith("capture", "mail", name, "--no-subjects", cwd=project).code == 0
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-20 (email): 1 message",
        "- 2026-11-21 (email): 1 message",
    ]
    name = fixture(project, "outlook.ics")
    assert run_kith("capture", "calendar", name, "--no-subjects", cwd=project).code == 0
    assert log_of(project, "ben-okafor")[-1] == "- 2026-11-25 (meet): Meeting"


def test_a_maildir_folder_reads_as_the_same_mailbox(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    maildir = project / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    text = (Path(__file__).parent / "fixtures" / "capture" / "archive.mbox").read_text()
    messages = [m for m in text.split("\n\nFrom ") if m]
    for number, message in enumerate(messages[:8]):
        body = message.split("\n", 1)[1]  # the `From ` separator line is mbox's, not the mail's
        folder = "new" if number % 2 else "cur"
        (maildir / folder / f"1700000000.{number}.host:2,S").write_text(body)
    result = run_kith("capture", "mail", "Maildir", cwd=project)
    assert result.code == 0, result.err
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-20 (email): 1 message: Re: pilot pricing",
        "- 2026-11-21 (email): 1 message: Hola",
    ]
    # A warning names the message's own file, which is the message: no count of the tree's.
    warned = [line for line in result.err.splitlines() if "x-klingon" in line]
    assert warned == [
        "Maildir/cur/1700000000.2.host:2,S:1: warning: the message: unknown charset "
        "'x-klingon' in Subject"
    ]


def test_whatsapp_exports_from_android_and_ios_in_two_locales(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    android = fixture(project, "WhatsApp Chat with Ada L.txt")  # en-US: month first, 12 h
    ios = fixture(project, "_chat.txt")  # de: day first, 24 h, direction marks, a group
    result = run_kith("capture", "whatsapp", android, ios, cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "ambiguous Alex is alex-kim and alex-king: not captured (2 times; give one of them "
        "another address or name)\n"
        "kith: 5 entries for 2 contacts written\n"
    )
    # In the two-person chat every day counts, your own messages too; in the group a day
    # counts for a member when you both wrote (Ada by her number, the 15th not at all).
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-13 (message): 1 WhatsApp message",
        "- 2026-11-14 (message): 2 WhatsApp messages",
        "- 2026-11-20 (message): 2 WhatsApp messages",
        "- 2026-11-21 (message): 2 WhatsApp messages",
    ]
    assert log_of(project, "ben-okafor") == ["- 2026-11-14 (message): 2 WhatsApp messages"]


def test_a_telegram_desktop_export_gives_days_of_chat_and_answered_calls(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    result = run_kith("capture", "telegram", fixture(project, "result.json"), cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "kith: 3 entries for 2 contacts written; left out: missed and rejected calls (1)\n"
    )
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-22 (call): Outgoing Telegram call, 13 min",
        "- 2026-11-22 (message): 2 Telegram messages",
    ]
    assert log_of(project, "ada-lovelace")[1:] == ["- 2026-11-23 (message): 3 Telegram messages"]


def test_what_a_channel_posts_in_a_group_under_its_own_name_is_no_person(tmp_path: Path) -> None:
    # A discussion group shows its linked channel's posts, and anonymous admins write as the
    # group: Telegram gives them `from_id: channel…`.
    project = capture_project(tmp_path / "p")
    message = (
        '{{"id": {id}, "type": "message", "date": "2026-11-20T10:0{id}:00", '
        '"date_unixtime": "{stamp}", "from": "{name}", "from_id": "{who}", "text": "x"}}'
    )
    messages = ", ".join(
        message.format(id=i, stamp=1795168800 + 60 * i, name=name, who=who)
        for i, (name, who) in enumerate(
            [
                ("Pilot News", "channel777"),
                ("Ben Okafor", "user222"),
                ("Sam Rivera", "user111"),
                ("Pilot Group", "channel888"),
            ]
        )
    )
    (project / "result.json").write_text(
        '{"personal_information": {"user_id": 111, "first_name": "Sam"}, "chats": {"list": '
        f'[{{"name": "Pilot Group", "type": "private_supergroup", "id": 888, "messages": '
        f"[{messages}]}}]}}}}"
    )
    result = run_kith("capture", "telegram", "result.json", "--unknown", cwd=project)
    assert (result.code, result.err) == (0, "")
    assert result.out == "kith: 1 entry for 1 contact written\n"
    assert log_of(project, "ben-okafor") == ["- 2026-11-20 (message): 2 Telegram messages"]


def test_a_single_chat_export_without_a_name_is_named_by_its_file_only(tmp_path: Path) -> None:
    # As other tools write Telegram JSON: one chat, no name or id, plain-string text.
    project = capture_project(tmp_path / "p")
    (project / "chat.json").write_text(
        '{"messages": [{"type": "message", "date": "2026-11-20T10:00:00", "from": "Ben Okafor",'
        ' "text": "hi"}, {"type": "message", "date": "2026-11-20T10:01:00", "from": "Stranger",'
        ' "text": [{"type": "plain", "text": "yo"}]}]}'
    )
    result = run_kith("capture", "telegram", "chat.json", "--dry-run", cwd=project)
    assert result.code == 0, result.err
    assert result.err.startswith("chat.json: warning: none of the chat's authors is you")
    assert result.out.endswith(
        "kith: dry run: 1 entry for 1 contact would be written; 1 warning (see above); "
        "1 person not in the vault (--unknown lists them)\n"
    )


def test_calls_and_texts_match_numbers_written_in_national_and_international_form(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    calls = fixture(project, "calls-20261125080000.xml")
    texts = fixture(project, "sms-20261125080000.xml")
    result = run_kith("capture", "calls", calls, texts, "--unknown", cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "Not in the vault, most frequent first:\n"
        "     1  Eve Martin <+34 611 222 333>  kith new 'Eve Martin' --phone +34 611 222 333\n"
        "kith: 4 entries for 2 contacts written; left out: drafts and unsent texts (1), "
        "missed and rejected calls (3); 1 person not in the vault\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-19 (call): Outgoing call, 30 min",
        "- 2026-11-19 (message): 3 text messages",
    ]
    # Ben's file says 07700 900456 (default_region GB); the backup says +447700900456 forms.
    assert log_of(project, "ben-okafor") == [
        "- 2026-11-18 (call): Incoming call, 2 min",
        "- 2026-11-21 (message): 1 text message",
    ]


def test_an_event_without_a_start_is_named_with_the_line_of_its_begin(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    (project / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nthis line is no property\r\n"
        "BEGIN:VEVENT\r\nUID:dated\r\nDTSTART:20261120T100000Z\r\nSUMMARY:Pilot\r\n"
        "ATTENDEE;CN=Ada:mailto:ada@example.com\r\nEND:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:undated\r\nSUMMARY:Some\r\n  day\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    result = run_kith("capture", "calendar", "cal.ics", cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "cal.ics:3: warning: not an iCalendar line, left out: 'this line is no property'\n"
        "cal.ics:10: warning: event 'undated' has no start; left out\n"
    )


def test_withheld_numbers_and_named_senders_are_left_out_not_listed_as_people(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    (project / "calls-20261125090000.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"4\">\n"
        '  <call number="-2" duration="30" date="1795107600000" type="1" presentation="2" '
        'contact_name="(Unknown)" />\n'
        '  <call number="" duration="40" date="1795107700000" type="1" presentation="2" '
        'contact_name="(Unknown)" />\n'
        '  <call number="-1" duration="50" date="1795107800000" type="1" presentation="3" '
        'contact_name="(Unknown)" />\n'
        '  <call number="+447700900123" duration="60" date="1795107900000" type="1" '
        'presentation="1" contact_name="Ada" />\n</calls>\n'
    )
    (project / "sms-20261125090000.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"1\">\n"
        '  <sms protocol="0" address="MyBank" date="1795107600000" type="1" body="Code 1234" '
        'contact_name="(Unknown)" />\n</smses>\n'
    )
    result = run_kith(
        "capture",
        "calls",
        "calls-20261125090000.xml",
        "sms-20261125090000.xml",
        "--unknown",
        cwd=project,
    )
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "kith: 1 entry for 1 contact written; left out: calls from withheld numbers (3), "
        "texts from a sender without a number (1)\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == ["- 2026-11-19 (call): Incoming call, 1 min"]


def test_notes_that_link_a_contact_and_carry_a_date_become_mentions(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p", extra="      notes: [journal, meetings]\n")
    notes = {
        "journal/2026-11-20.md": "Lunch with [[ada-lovelace]] and [[Ben Okafor|Ben]].\n",
        "journal/2026-11-21-later.md": "Call [[Ada L#budget]] again. [[Nobody Known]]\n",
        "journal/ideas.md": "Ask [[ada-lovelace]] someday.\n",  # no date: not a mention
        "meetings/kickoff.md": "---\ndate: 2026-11-18\n---\nWith [[carla-diaz]].\n",
    }
    for rel, text in notes.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    result = run_kith("capture", "notes", cwd=project)
    assert result.code == 0, result.err
    assert result.out == (
        "kith: 4 entries for 3 contacts written; left out: notes without a date (1); "
        "1 person not in the vault (--unknown lists them)\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-20: mentioned in journal/2026-11-20.md",
        "- 2026-11-21: mentioned in journal/2026-11-21-later.md",
    ]
    assert log_of(project, "ben-okafor") == ["- 2026-11-20: mentioned in journal/2026-11-20.md"]
    assert log_of(project, "carla-diaz") == ["- 2026-11-18: mentioned in meetings/kickoff.md"]


def test_a_mention_links_to_its_note_when_the_note_is_a_page_of_the_site(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p", extra="      notes: [docs/journal, journal]\n")
    notes = {
        "docs/journal/2026-11-20.md": "# Lunch\n\nWith [[ada-lovelace]].\n",
        "docs/journal/2026-11-21.md": "# Call\n\nWith [[ada-lovelace]].\n",
        "journal/2026-11-22.md": "Outside the site: [[ada-lovelace]].\n",
    }
    for rel, text in notes.items():
        (project / rel).parent.mkdir(parents=True, exist_ok=True)
        (project / rel).write_text(text)
    assert run_kith("capture", "notes", cwd=project).code == 0
    (project / "docs/journal/2026-11-21.md").unlink()  # a note deleted since: no broken link
    page = (build_site(project) / "people" / "ada-lovelace" / "index.html").read_text()
    assert 'mentioned in <a href="../../journal/2026-11-20/">journal/2026-11-20.md</a>' in page
    assert "mentioned in docs/journal/2026-11-21.md" in page
    assert "mentioned in journal/2026-11-22.md" in page
    # Other engines get the pages without the owner's docs: the mention stays text there.
    assert run_kith("generate", "--out", "out", cwd=project).code == 0
    text = (project / "out" / "people" / "ada-lovelace.md").read_text()
    assert "mentioned in docs/journal/2026-11-20.md" in text


def test_the_unknown_list_gives_a_kith_new_line_that_works(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "archive.mbox")
    result = run_kith("capture", "mail", name, "--unknown", "--dry-run", cwd=project)
    line = result.out.splitlines()[-2]
    assert line == (
        "     2  Dana Smith <dana@other.example>  kith new 'Dana Smith' --email dana@other.example"
    )
    created = run_kith("new", "Dana Smith", "--email", "dana@other.example", cwd=project)
    assert created.code == 0, created.err
    again = run_kith("capture", "mail", name, "--dry-run", cwd=project)
    assert "dana-smith:\n  + - 2026-11-20 (email): 1 message: Re: pilot pricing\n" in again.out


def test_a_dry_run_prints_what_each_contact_would_gain_and_writes_nothing(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "archive.mbox")
    before = {p.name: p.read_bytes() for p in (project / "people").iterdir()}
    result = run_kith("capture", "mail", name, "--dry-run", cwd=project)
    assert result.out.startswith(
        "ada-lovelace:\n"
        "  + - 2026-11-20 (email): 2 messages, latest: Re: pilot pricing\n"
        "ben-okafor:\n"
        "  + - 2026-11-20 (email): 1 message: Re: pilot pricing\n"
        "  + - 2026-11-21 (email): 1 message: Hola\n"
        "kith: dry run: 3 entries for 2 contacts would be written; "
    )
    assert {p.name: p.read_bytes() for p in (project / "people").iterdir()} == before
    assert not (project / "kith-captured.txt").exists()


def test_since_and_until_keep_only_the_days_between(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    name = fixture(project, "google.ics")
    result = run_kith(
        "capture", "calendar", name, "--since", "2026-11-10", "--until", "2026-11-20", cwd=project
    )
    assert result.code == 0, result.err
    assert log_of(project, "ada-lovelace")[1:] == ["- 2026-11-17 (meet): Pilot weekly (moved)"]
    assert log_of(project, "ben-okafor") == ["- 2026-11-20 (meet): Late dinner"]
    assert log_of(project, "carla-diaz") == []
    wrong = run_kith("capture", "calendar", name, "--since", "2026-13-01", cwd=project)
    assert (wrong.code, wrong.err) == (
        2,
        "kith: --since must be a date YYYY-MM-DD (got '2026-13-01')\n",
    )


def test_captured_entries_load_as_ordinary_log_lines(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    assert run_kith("capture", "telegram", fixture(project, "result.json"), cwd=project).code == 0
    loaded = load_vault(project / "people", project)
    assert loaded.problems == ()
    ben = loaded.vault.by_slug["ben-okafor"]
    assert [(i.date.isoformat(), i.tags) for i in ben.log] == [
        ("2026-11-22", ("call",)),
        ("2026-11-22", ("message",)),
    ]


APPLE = """\
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Apple Inc.//macOS 15.1//EN
CALSCALE:GREGORIAN
BEGIN:VEVENT
CREATED:20261101T100000Z
DTSTART:20261120T233000
DTEND:20261121T003000
SUMMARY:Floating late call
UID:5F2A1B3C-1111-4A2B-9C3D-AAAAAAAAAAAA
ATTENDEE;CN="Ada Lovelace";CUTYPE=INDIVIDUAL;EMAIL="ada@example.com";PARTSTAT
 =ACCEPTED;ROLE=REQ-PARTICIPANT:mailto:ada@example.com
BEGIN:VALARM
ACTION:EMAIL
ATTENDEE:mailto:ben@example.com
SUMMARY:Reminder
DESCRIPTION:Reminder
TRIGGER:-PT15M
END:VALARM
END:VEVENT
END:VCALENDAR
"""


def test_a_floating_time_is_your_own_and_an_alarms_recipient_is_no_attendee(
    tmp_path: Path,
) -> None:
    project = capture_project(tmp_path / "p")
    (project / "apple.ics").write_text(APPLE.replace("\n", "\r\n"))
    result = run_kith("capture", "calendar", "apple.ics", cwd=project)
    assert result.code == 0, result.err
    assert log_of(project, "ada-lovelace")[1:] == ["- 2026-11-20 (meet): Floating late call"]
    assert log_of(project, "ben-okafor") == []


def test_a_mention_that_names_no_possible_path_stays_text(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    ada = project / "people" / "ada-lovelace.md"
    long_name = "x" * 5000
    ada.write_text(
        ada.read_text()
        + f"- 2026-11-20: mentioned in docs/{long_name}.md\n"
        + "- 2026-11-21: mentioned in ../../../../etc/passwd.md\n"
    )
    page = (build_site(project) / "people" / "ada-lovelace" / "index.html").read_text()
    assert f"mentioned in docs/{long_name}.md" in page
    assert "mentioned in ../../../../etc/passwd.md" in page


def test_events_the_libraries_cannot_read_are_named_by_line_and_the_rest_is_captured(
    tmp_path: Path,
) -> None:
    # As in icalendar's own test calendars: two starts under a time zone the file does not
    # define, and RDATE;VALUE=TIME, which stopped the libraries (and so the whole file).
    project = capture_project(tmp_path / "p")
    ada = "ATTENDEE;CN=Ada:mailto:ada@example.com\r\n"
    (project / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        f"BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:20261102T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=3\r\n"
        f"SUMMARY:Weekly\r\n{ada}END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:two-starts\r\nDTSTART;TZID=Custom/Nowhere:20261104T080000\r\n"
        f"DTSTART;TZID=Custom/Nowhere:20261104T100000\r\nSUMMARY:Twice\r\n{ada}END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:time-only\r\nDTSTART:20261105T000000Z\r\n"
        f"RDATE;VALUE=TIME:133000Z\r\n{ada}END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:weekly\r\nRECURRENCE-ID:20261109T100000Z\r\n"
        f"DTSTART:20261110T100000Z\r\nSUMMARY:Weekly, moved\r\n{ada}END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    result = run_kith("capture", "calendar", "cal.ics", cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "cal.ics:10: warning: event 'two-starts' could not be read; left out "
        "('list' object has no attribute 'dt')\n"
        "cal.ics:17: warning: event 'time-only' could not be read; left out "
        "('<' not supported between instances of 'datetime.datetime' and 'datetime.time')\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-02 (meet): Weekly",
        "- 2026-11-10 (meet): Weekly, moved",
        "- 2026-11-16 (meet): Weekly",
    ]


def test_a_time_zone_the_libraries_cannot_read_is_named_once_and_its_events_kept(
    tmp_path: Path,
) -> None:
    # A VTIMEZONE without its offsets failed every event in it: a warning each, at the event's
    # line, and each one left out. It is named once, where it is, and left out instead.
    project = capture_project(tmp_path / "p")
    ada = "ATTENDEE;CN=Ada:mailto:ada@example.com\r\n"
    series = "".join(
        f"BEGIN:VEVENT\r\nUID:s{day}\r\nDTSTART;TZID=Office:202611{day:02}T230000\r\n"
        f"RRULE:FREQ=WEEKLY;COUNT=2\r\nSUMMARY:Series {day}\r\n{ada}END:VEVENT\r\n"
        for day in (2, 3, 4)
    )
    (project / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        "BEGIN:VTIMEZONE\r\nTZID:Office\r\nBEGIN:STANDARD\r\nDTSTART:19701025T030000\r\n"
        "END:STANDARD\r\nEND:VTIMEZONE\r\n"
        f"{series}"
        f"BEGIN:VEVENT\r\nUID:once\r\nDTSTART:20261105T100000Z\r\nSUMMARY:Once\r\n{ada}"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run_kith("capture", "calendar", "cal.ics", cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "cal.ics:3: warning: time zone 'Office' could not be read; its events are dated as "
        "written (mandatory TZOFFSETFROM not found)\n"
    )
    # 23:00 in a zone nobody can read: the day written, not one moved by a guessed offset.
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-02 (meet): Series 2",
        "- 2026-11-03 (meet): Series 3",
        "- 2026-11-04 (meet): Series 4",
        "- 2026-11-05 (meet): Once",
        "- 2026-11-09 (meet): Series 2",
        "- 2026-11-10 (meet): Series 3",
        "- 2026-11-11 (meet): Series 4",
    ]


def test_a_calendar_property_the_libraries_cannot_read_is_named_once_and_left_out(
    tmp_path: Path,
) -> None:
    # Google's X-WR-TIMEZONE naming no zone failed every repeating event of the calendar.
    project = capture_project(tmp_path / "p")
    ada = "ATTENDEE;CN=Ada:mailto:ada@example.com\r\n"
    (project / "cal.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Nowhere\r\n"
        "BEGIN:VEVENT\r\nUID:weekly\r\nDTSTART:20261102T100000Z\r\nRRULE:FREQ=WEEKLY;COUNT=2\r\n"
        f"SUMMARY:Weekly\r\n{ada}END:VEVENT\r\n"
        "BEGIN:VEVENT\r\nUID:daily\r\nDTSTART:20261105T100000Z\r\nRRULE:FREQ=DAILY;COUNT=2\r\n"
        f"SUMMARY:Daily\r\n{ada}END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    result = run_kith("capture", "calendar", "cal.ics", cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "cal.ics:3: warning: calendar property X-WR-TIMEZONE could not be read; left out "
        "('No time zone found with key Europe/Nowhere')\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == [
        "- 2026-11-02 (meet): Weekly",
        "- 2026-11-05 (meet): Daily",
        "- 2026-11-06 (meet): Daily",
        "- 2026-11-09 (meet): Weekly",
    ]
    # Two zones, each readable alone, fail together: said once, every series left out.
    (project / "two.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nX-WR-TIMEZONE:Europe/Berlin\r\n"
        "X-WR-TIMEZONE:Europe/Paris\r\nBEGIN:VEVENT\r\nUID:monthly\r\n"
        f"DTSTART:20261103T100000Z\r\nRRULE:FREQ=MONTHLY;COUNT=2\r\n{ada}END:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    result = run_kith("capture", "calendar", "two.ics", "--dry-run", cwd=project)
    assert (result.code, result.err) == (
        0,
        "two.ics:1: warning: the calendar's own properties could not be read; its repeating "
        "event is left out (\"No time zone found with key [vUnknown(b'Europe/Berlin'), "
        "vUnknown(b'Europe/Paris')]\")\n",
    )


def test_options_may_come_between_the_kind_of_export_and_its_paths(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    google = fixture(project, "google.ics")
    before = (project / "people" / "ada-lovelace.md").read_bytes()
    result = run_kith("capture", "calendar", "--dry-run", google, "--no-subjects", cwd=project)
    assert result.code == 0, result.err
    assert result.out.endswith(
        "kith: dry run: 7 entries for 3 contacts would be written; left out: cancelled "
        "meetings (1), meetings you declined (1); 1 person not in the vault (--unknown lists "
        "them)\n"
    )
    assert "(meet): Pilot weekly" not in result.out  # --no-subjects, after the path, counted
    assert (project / "people" / "ada-lovelace.md").read_bytes() == before


def test_an_unreadable_date_deep_in_a_backup_is_named_by_the_line_its_record_starts_on(
    tmp_path: Path,
) -> None:
    # The parser reads a backup in blocks of 16 KB; the line is where the record starts.
    project = capture_project(tmp_path / "p")
    call = '  <call number="+447700900123" duration="60" date="{}" type="1" />\n'
    mms = (
        '  <mms date="soon" msg_box="1" address="+447700900123">\n'
        '    <addrs>\n      <addr address="+447700900123" type="137" />\n    </addrs>\n  </mms>\n'
    )
    good = [call.format(1795107900000 + n) for n in range(1500)]
    text = "".join(
        [
            "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"1502\">\n",
            *good[:1000],
            call.format("x"),
            *good[1000:],
            "</calls>\n",
        ]
    )
    (project / "calls-20261125100000.xml").write_text(text)
    (project / "sms-20261125100000.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses count=\"600\">\n"
        + '  <sms address="+447700900123" date="1795107900000" type="1" body="hi" />\n' * 600
        + mms
        + "</smses>\n"
    )
    result = run_kith("capture", "calls", "calls-20261125100000.xml", cwd=project)
    assert result.code == 0, result.err
    assert result.err == (
        "calls-20261125100000.xml:1003: warning: a <call> with an unreadable date 'x'\n"
    )
    result = run_kith("capture", "calls", "sms-20261125100000.xml", cwd=project)
    assert result.code == 0, result.err
    assert (
        result.err
        == "sms-20261125100000.xml:603: warning: a <mms> with an unreadable date 'soon'\n"
    )


def test_a_call_dated_0_has_no_date_and_is_left_out_not_put_in_1970(tmp_path: Path) -> None:
    project = capture_project(tmp_path / "p")
    (project / "calls-20261125100000.xml").write_text(
        "<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<calls count=\"2\">\n"
        '  <call number="+447700900123" duration="60" date="0" type="1" contact_name="Ada" />\n'
        '  <call number="+447700900123" duration="60" date="1795107900000" type="2" '
        'contact_name="Ada" />\n</calls>\n'
    )
    result = run_kith(
        "capture", "calls", "calls-20261125100000.xml", "--since", "1960-01-01", cwd=project
    )
    assert result.code == 0, result.err
    assert result.err == (
        "calls-20261125100000.xml:3: warning: a <call> with an unreadable date '0'\n"
    )
    assert log_of(project, "ada-lovelace")[1:] == ["- 2026-11-19 (call): Outgoing call, 1 min"]
