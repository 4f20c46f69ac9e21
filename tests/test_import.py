"""`kith import linkedin|google|vcard`: fixture files written as the real exporters write them."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import fcntl
import html as html_module
import io
import os
import shutil
import stat
import threading
from pathlib import Path

import pytest
from conftest import build_site, copy_vault, make_project, run_kith

from generator.edit.batch import FileRemove, FileWrite, WriteError, apply_changes
from generator.model import Person
from generator.vault.load import load_vault

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"


def snapshot(project: Path) -> dict[str, bytes]:
    people = project / "people"
    return {p.relative_to(people).as_posix(): p.read_bytes() for p in sorted(people.rglob("*.md"))}


def run_import(project: Path, kind: str, name: str, *args: str, today: str = "2026-11-25"):  # type: ignore[no-untyped-def]
    shutil.copy(FIXTURES / name, project / name)
    return run_kith("import", kind, name, "--today", today, *args, cwd=project)


def people(project: Path) -> dict[str, Person]:
    loaded = load_vault(project / "people", project)
    assert not loaded.problems, loaded.problems
    return {p.slug: p for p in loaded.vault.people}


def test_a_linkedin_export_with_its_preamble_and_empty_rows_creates_contacts(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "linkedin", "linkedin-Connections.csv", "--tag", "linkedin")
    assert result.code == 0, result.err
    assert result.out == (
        "skipped   linkedin-Connections.csv:11: no first or last name\n"
        "kith: 6 created, 0 merged, 0 unchanged, 1 skipped; 6 files written\n"
    )
    assert (project / "people" / "maria-lopez.md").read_text() == (
        "---\n"
        "name: María López\n"
        "company: Hospital Group, S.A.\n"
        "role: Head of Procurement\n"
        "linkedin: https://www.linkedin.com/in/maria-lopez-4b2a1\n"
        "tags: [linkedin]\n"
        "connected_on: 2023-01-12\n"
        "source: [linkedin 2026-11-25]\n"
        "---\n"
        "## Log\n"
    )
    found = people(project)
    assert sorted(found) == [
        "ada-lovelace",
        "ben-okafor",
        "cmd-c-calc-a0-script-alert-1-script",
        "emile-zola",
        "maria-lopez",
        "wang-fang",
    ]
    assert found["ben-okafor"].email == "ben.okafor@example.com"
    assert found["wang-fang"].role == "采购总监"
    assert found["emile-zola"].connected_on.isoformat() == "2019-09-20"  # type: ignore[union-attr]
    assert found["emile-zola"].last_contact is None  # connecting is no contact


def test_a_linkedin_export_saved_with_a_bom_and_crlf_reads_the_same(tmp_path: Path) -> None:
    plain = make_project(tmp_path / "a")
    assert run_import(plain, "linkedin", "linkedin-Connections.csv").code == 0
    excel = make_project(tmp_path / "b")
    assert run_import(excel, "linkedin", "linkedin-Connections-bom-crlf.csv").code == 0
    assert snapshot(plain) == snapshot(excel)


def test_older_linkedin_exports_without_url_position_or_date_are_read(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run_import(project, "linkedin", "linkedin-Connections-2019.csv").code == 0
    rosa = people(project)["rosa-marsh"]
    assert (rosa.company, rosa.role, rosa.linkedin) == (
        "Northgate Health Board",
        "Board Member",
        "",
    )
    assert (rosa.connected_on, rosa.log) == (dt.date(2018, 8, 14), ())
    result = run_import(project, "linkedin", "linkedin-Connections-2016.csv")
    assert result.out == "kith: 1 created, 0 merged, 1 unchanged, 0 skipped; 1 file written\n"
    victor = people(project)["victor-vance"]
    assert (victor.email, victor.company, victor.log) == (
        "victor@northgate.example",
        "Northgate Health",
        (),
    )


def test_google_contacts_current_layout_with_multiple_values_per_cell(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "google", "google-contacts.csv")
    assert result.code == 0, result.err
    assert (
        "skipped   google-contacts.csv:7: an organisation, not a person (Acme Plumbing)\n"
        in result.out
    )
    carla = people(project)["carla-nguyen"]
    assert carla.email == "carla.nguyen@example.com"  # the `* Home` one is primary
    assert carla.emails == ("c.nguyen@northgate.example", "carla@northgate.example")
    assert carla.private_notes == ""
    assert (carla.phone, carla.location, carla.tags) == (
        "+1 555 010 2030",
        "Boston, MA, US",
        ("Prospects",),
    )
    assert carla.notes == "Met at the board dinner.\nLikes data, not slides."
    assert carla.linkedin == "https://www.linkedin.com/in/carla-nguyen-cfo"
    assert dict(carla.extra)["birthday"] == "1979-03-14"
    assert people(project)["jose-maria-garcia"].name == "José María García"
    assert dict(people(project)["helen-marsh"].extra)["birthday"] == "--05-09"


def test_google_contacts_older_layout(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run_import(project, "google", "google-contacts-old.csv", "--circle", "client").code == 0
    found = people(project)
    assert found["victor-vance"].circle == "client"
    victor = found["victor-vance"]
    assert (victor.company, victor.role, victor.location, victor.tags) == (
        "Northgate Health",
        "CEO",
        "Boston",
        ("Board",),
    )
    assert found["soren-kierkegaard"].notes == 'Philosopher; "Either/Or".'


def test_vcard_2_1_with_quoted_printable_and_soft_line_breaks(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "vcard", "android-2.1.vcf")
    assert result.out.startswith("skipped   android-2.1.vcf:37: card has no name (FN or N)\n")
    found = people(project)
    maria = found["maria-lopez"]
    assert maria.name == "María López"
    assert maria.notes == (
        "Conocí a María en la feria de Madrid; le interesa el informe de benchmarking.\n"
        "Segunda línea."
    )
    assert (maria.email, maria.phone, maria.company) == (
        "maria.lopez@hospital.example",
        "+34 910 000 000",
        "Hospital Group",
    )
    assert found["wangfang"].name == "王芳"


def test_vcard_3_0_from_a_phone_with_folded_lines_and_a_photo(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run_import(project, "vcard", "iphone-3.0.vcf").code == 0
    carla = people(project)["carla-nguyen"]
    assert carla.linkedin == "https://www.linkedin.com/in/carla-nguyen-cfo/"
    assert carla.notes.startswith("Met through Rosa at the hospital board dinner, very sharp")
    assert people(project)["emile-dubois"].tags == ("Friends", "Lyon")
    assert run_import(project, "vcard", "google-3.0.vcf").code == 0
    priya = people(project)["priya-raman"]
    assert (priya.linkedin, priya.tags) == ("https://www.linkedin.com/in/priyaraman", ("Family",))


def test_vcard_4_0_related_becomes_a_tie_only_where_both_ends_are_in_the_vault(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, {"ben-okafor.md": "---\nname: Ben Okafor\n---\n"})
    assert run_import(project, "vcard", "nextcloud-4.0.vcf").code == 0
    zoe = people(project)["zoe-muller"]
    assert [(t.other, t.strength, t.how) for t in zoe.ties] == [
        ("jan-kowalski", 3, "colleague"),
        ("ben-okafor", 3, "friend"),
    ]


def test_reimporting_the_same_file_changes_nothing(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    for kind, name in (
        ("linkedin", "linkedin-Connections.csv"),
        ("google", "google-contacts.csv"),
        ("vcard", "nextcloud-4.0.vcf"),
    ):
        assert run_import(project, kind, name).code == 0
        before = snapshot(project)
        again = run_import(project, kind, name, today="2026-12-30")
        assert again.code == 0
        assert snapshot(project) == before, name
        assert "0 created, 0 merged" in again.out and "; 0 files written" in again.out


def test_a_match_fills_only_empty_fields_and_reports_differences(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    before = (project / "people" / "ada-lovelace.md").read_text()
    result = run_import(project, "linkedin", "linkedin-Connections.csv")
    assert (
        "differs   ada-lovelace: role kept 'Head of R&D'; linkedin-Connections.csv:8 has "
        "'Chief Technology Officer'\n" in result.out
    )
    after = (project / "people" / "ada-lovelace.md").read_text()
    added = (
        "linkedin: https://www.linkedin.com/in/ada-lovelace\n"
        "connected_on: 2022-11-28\n"
        "source: [linkedin 2026-11-25]\n"
    )
    expected = before.replace("  victor-vance: 2\n---\n", f"  victor-vance: 2\n{added}---\n")
    assert after == expected  # role, company, tags: kept as the owner wrote them
    zola = people(project)["emile-zola"]
    assert zola.company == "Les Rougon-Macquart"  # was empty: filled
    assert zola.tags == ("no",)  # kept as written


def test_a_dry_run_prints_the_plan_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_vault("basic", tmp_path / "p")
    before = snapshot(project)
    result = run_import(project, "linkedin", "linkedin-Connections.csv", "--dry-run")
    assert result.code == 0
    assert snapshot(project) == before
    assert (
        "created   maria-lopez (linkedin-Connections.csv:5, people/maria-lopez.md)\n" in result.out
    )
    assert (
        "merged    ada-lovelace (linkedin-Connections.csv:8, by name; "
        "added linkedin, connected_on)\n" in result.out
    )
    assert result.out.endswith(
        "kith: 4 created, 2 merged, 0 unchanged, 1 skipped; dry run: 6 files would be written\n"
    )


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        (
            "linkedin",
            "linkedin-bad-date.csv",
            "linkedin-bad-date.csv:8: Connected On '31 Nov 2022' is not a date like "
            "'12 Jan 2023' or '1/12/23'",
        ),
        (
            "vcard",
            "truncated.vcf",
            "truncated.vcf:5: this card is never closed (no END:VCARD): is the file cut off?",
        ),
        (
            "linkedin",
            "latin1.csv",
            "latin1.csv:3: not UTF-8 text (byte 0xe9); export the file again as UTF-8",
        ),
        (
            "linkedin",
            "google-contacts.csv",
            "google-contacts.csv:1: this looks like a Google Contacts CSV: "
            "run 'kith import google google-contacts.csv'",
        ),
        (
            "google",
            "android-2.1.vcf",
            "android-2.1.vcf:1: this looks like a vCard file: "
            "run 'kith import vcard android-2.1.vcf'",
        ),
    ],
)
def test_a_bad_file_is_reported_with_its_line_and_the_vault_stays_as_it_was(
    tmp_path: Path, kind: str, name: str, message: str
) -> None:
    project = copy_vault("basic", tmp_path / "p")
    before = snapshot(project)
    result = run_import(project, kind, name)
    assert result.code == 1
    assert result.err == f"{message}\nkith: 1 problem; nothing was written\n"
    assert snapshot(project) == before


def test_a_write_that_fails_midway_puts_back_every_file_already_written(tmp_path: Path) -> None:
    people_dir = tmp_path / "people"
    people_dir.mkdir()
    old = people_dir / "ada.md"
    old.write_bytes(b"---\nname: Ada\n---\n")
    (people_dir / "blocker").write_text("a file where a folder should be")
    changes = [
        FileWrite(
            old, "people/ada.md", b"---\nname: Ada\n---\n", b"---\nname: Ada\nrole: CTO\n---\n"
        ),
        FileWrite(people_dir / "ben.md", "people/ben.md", None, b"---\nname: Ben\n---\n"),
        FileWrite(
            people_dir / "blocker" / "cy.md", "people/blocker/cy.md", None, b"---\nname: Cy\n---\n"
        ),
    ]
    with pytest.raises(WriteError, match=r"^people/blocker/cy.md: .*; nothing was changed$"):
        apply_changes(changes)
    assert old.read_bytes() == b"---\nname: Ada\n---\n"
    assert sorted(p.name for p in people_dir.iterdir()) == ["ada.md", "blocker"]


def test_an_interrupted_batch_puts_back_every_file_already_changed(tmp_path: Path) -> None:
    """Ctrl-C part-way through an import or a merge leaves the vault as it was, then stops."""
    people_dir = tmp_path / "people"
    people_dir.mkdir()
    ada, cy = people_dir / "ada.md", people_dir / "cy.md"
    ada.write_bytes(b"---\nname: Ada\n---\n")
    cy.write_bytes(b"---\nname: Cy\n---\n")
    changes = [
        FileWrite(ada, "people/ada.md", ada.read_bytes(), b"---\nname: Ada\nrole: CTO\n---\n"),
        FileRemove(cy, "people/cy.md", cy.read_bytes()),
        FileWrite(people_dir / "ben.md", "people/ben.md", None, b"---\nname: Ben\n---\n"),
        FileWrite(people_dir / "dee.md", "people/dee.md", None, b"---\nname: Dee\n---\n"),
    ]
    done: list[int] = []

    def step() -> None:  # the progress bar's tick, where Ctrl-C lands after the third change
        done.append(1)
        if len(done) == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        apply_changes(changes, step)
    assert ada.read_bytes() == b"---\nname: Ada\n---\n"
    assert cy.read_bytes() == b"---\nname: Cy\n---\n"
    assert sorted(p.name for p in people_dir.iterdir()) == ["ada.md", "cy.md"]


def test_a_file_changed_since_planning_stops_the_import(tmp_path: Path) -> None:
    path = tmp_path / "ada.md"
    path.write_bytes(b"edited meanwhile")
    change = FileWrite(path, "people/ada.md", b"as planned", b"---\nname: Ada\n---\n")
    with pytest.raises(WriteError, match=r"^people/ada\.md changed while importing; nothing"):
        apply_changes([change])
    assert path.read_bytes() == b"edited meanwhile"


def test_an_import_keeps_the_permissions_of_a_file_it_merges_into(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"maria.md": "---\nname: Lopez, Maria\n---\n"})
    path = project / "people" / "maria.md"
    path.chmod(0o600)  # the owner made this contact private to their user
    assert run_import(project, "linkedin", "linkedin-Connections.csv").code == 0
    assert "company: Hospital Group" in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_import_flushes_every_file_it_writes_to_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path, {"maria.md": "---\nname: Lopez, Maria\n---\n"})
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "file")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    result = run_import(project, "linkedin", "linkedin-Connections.csv")
    written = int(result.out.rsplit("; ", 1)[1].split()[0])
    assert written > 1 and synced == ["file"] * written + ["folder"]


def test_a_large_import_flushes_its_files_with_one_sync_before_any_takes_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = make_project(tmp_path)
    rows = "".join(f"Ann,Lee{n},,,Acme,CTO,12 Jan 2023\n" for n in range(100))
    (project / "c.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" + rows
    )
    events: list[str] = []
    real_sync, real_link = os.sync, os.link
    monkeypatch.setattr(os, "sync", lambda: (events.append("sync"), real_sync())[1])
    monkeypatch.setattr(os, "link", lambda a, b: (events.append("link"), real_link(a, b))[1])
    monkeypatch.setattr(os, "fsync", lambda fd: events.append("fsync"))
    assert run_kith("import", "linkedin", "c.csv", cwd=project).code == 0
    assert events[:2] == ["sync", "link"] and events.count("sync") == 1
    assert events.count("link") == 100 and "fsync" in events[-1:]  # the folder, at the end


def test_an_import_waits_for_a_concurrent_edit_and_never_loses_it(tmp_path: Path) -> None:
    people_dir = tmp_path / "people"
    people_dir.mkdir()
    path = people_dir / "ada.md"
    planned_from = b"---\nname: Ada\n---\n"
    path.write_bytes(planned_from)
    change = FileWrite(path, "people/ada.md", planned_from, b"---\nname: Ada\nrole: CTO\n---\n")
    failures: list[str] = []

    def run() -> None:
        try:
            apply_changes([change])
        except WriteError as exc:
            failures.append(str(exc))

    with open(path, "rb") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # `kith log` is editing the file
        importer = threading.Thread(target=run)
        importer.start()
        importer.join(0.5)
        assert importer.is_alive()  # the import waits for the lock
        path.write_bytes(planned_from + b"\n## Log\n- 2026-11-25: Coffee\n")
    importer.join(10)
    assert failures == ["people/ada.md changed while importing; nothing was changed"]
    assert path.read_bytes().endswith(b"- 2026-11-25: Coffee\n")


def _comparable(person: Person) -> Person:
    ties = tuple(dataclasses.replace(t, line=0) for t in person.ties)
    log = tuple(dataclasses.replace(i, line=0) for i in person.log)
    return dataclasses.replace(
        person, path="", ties=ties, log=log, source=(), private_notes="", extra=person.extra
    )


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_an_exported_vcard_imported_into_an_empty_vault_gives_the_same_contacts(
    tmp_path: Path, version: str
) -> None:
    source = copy_vault("basic", tmp_path / "source")
    exported = run_kith("export", "vcard", "--version", version, cwd=source)
    assert exported.code == 0
    target = make_project(tmp_path / "target")
    (target / "all.vcf").write_text(exported.out, newline="")
    result = run_kith("import", "vcard", "all.vcf", "--today", "2026-11-25", cwd=target)
    assert result.code == 0, result.err
    assert result.out == "kith: 5 created, 0 merged, 0 unchanged, 0 skipped; 5 files written\n"
    before = {s: _comparable(p) for s, p in people(source).items()}
    after = {s: _comparable(p) for s, p in people(target).items()}
    assert after == before
    assert all(p.source == ("vcard 2026-11-25",) for p in people(target).values())


def test_imported_html_and_markdown_links_stay_text_on_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    assert run_import(project, "linkedin", "linkedin-Connections.csv").code == 0
    evil_card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:<script>alert(2)</script>\r\n"
        "NOTE:[click](javascript:alert(3)) <img src=x onerror=alert(4)>\r\nEND:VCARD\r\n"
    )
    (project / "evil.vcf").write_text(evil_card, newline="")
    assert run_kith("import", "vcard", "evil.vcf", cwd=project).code == 0
    site = build_site(project)
    for slug in ("cmd-c-calc-a0-script-alert-1-script", "script-alert-2-script"):
        html = (site / "people" / slug / "index.html").read_text()
        assert "<script>alert" not in html and "<img src=x" not in html
        assert 'href="javascript:' not in html.lower()
    evil = (site / "people" / "cmd-c-calc-a0-script-alert-1-script" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert "[x](javascript:alert(1))" in html_module.unescape(evil)  # the company, as text
    notes = (site / "people" / "script-alert-2-script" / "index.html").read_text()
    assert "&lt;img src=x onerror=alert(4)&gt;" in notes


def test_source_is_a_known_field_and_a_spouse_field_is_not_taken_for_it(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "ada.md": "---\nname: Ada\nsource: [linkedin 2026-11-25]\nspouse: William\n---\n",
            "bob.md": "---\nname: Bob\nsource: {from: x}\n---\n",
        },
    )
    result = run_kith("check", cwd=project)
    assert result.out == (
        "people/bob.md:3: source must be text or a list of texts, like 'linkedin 2026-11-25'\n"
    )


def test_matching_goes_by_email_then_profile_url_then_name_in_any_order(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "ben.md": "---\nname: Benjamin O.\nemail: BEN.OKAFOR@example.com\n---\n",
            "ada.md": "---\nname: A. L.\nlinkedin: https://uk.linkedin.com/in/Ada-Lovelace/\n---\n",
            "maria.md": "---\nname: Lopez, Maria\n---\n",
            "zola-1.md": "---\nname: Émile Zola\n---\n",
            "zola-2.md": "---\nname: Emile ZOLA\n---\n",
        },
    )
    result = run_import(project, "linkedin", "linkedin-Connections.csv", "--dry-run")
    out = result.out
    assert "merged    ben (linkedin-Connections.csv:6, by email; added company" in out
    assert "merged    ada (linkedin-Connections.csv:8, by LinkedIn URL; added company" in out
    assert "merged    maria (linkedin-Connections.csv:5, by name; added company" in out
    assert "skipped   linkedin-Connections.csv:12: same name as zola-1, zola-2\n" in out
    assert "differs   maria: name kept" not in out  # accents and order are no difference
    assert (
        "differs   ben: name kept 'Benjamin O.'; linkedin-Connections.csv:6 has 'Ben Okafor'" in out
    )


def test_a_csv_in_utf_16_or_with_semicolons_reads_like_the_original(tmp_path: Path) -> None:
    original = make_project(tmp_path / "a")
    assert run_import(original, "google", "google-contacts-old.csv").code == 0
    text = (FIXTURES / "google-contacts-old.csv").read_text(encoding="utf-8")
    utf16 = make_project(tmp_path / "b")
    (utf16 / "old.csv").write_bytes(text.encode("utf-16"))
    assert run_kith("import", "google", "old.csv", "--today", "2026-11-25", cwd=utf16).code == 0
    assert snapshot(utf16) == snapshot(original)
    semicolons = make_project(tmp_path / "c")
    rows = csv.reader(io.StringIO(text, newline=""))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    (semicolons / "old.csv").write_text(buffer.getvalue(), encoding="utf-8", newline="")
    assert (
        run_kith("import", "google", "old.csv", "--today", "2026-11-25", cwd=semicolons).code == 0
    )
    assert snapshot(semicolons) == snapshot(original)


def test_a_missing_file_or_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    missing = run_kith("import", "vcard", "nope.vcf", cwd=project)
    assert (missing.code, missing.err) == (
        1,
        "kith: nope.vcf: cannot read (No such file or directory)\n",
    )
    assert run_kith("import", "thunderbird", "x.csv", cwd=project).code == 2


def test_a_file_kith_cannot_add_to_stops_the_import_and_says_which(tmp_path: Path) -> None:
    # A flow-style front matter is valid YAML, but no field can be added to it line by line.
    project = make_project(tmp_path, {"ben.md": "---\n{name: Ben Okafor}\n---\n"})
    result = run_import(project, "linkedin", "linkedin-Connections.csv")
    assert result.code == 1
    assert result.err.startswith("people/ben.md:1: cannot add to this file: ")
    assert (project / "people" / "ben.md").read_text() == "---\n{name: Ben Okafor}\n---\n"
    assert sorted(snapshot(project)) == ["ben.md"]
