"""Imports of every layout the exporters ship: fixtures written in each real layout (issue 14)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import make_project, run_kith
from test_import import people, run_import

# 1. An unescaped comma in ORG must not crash the import.


def test_an_organisation_name_with_a_comma_is_read_whole_in_vcard_2_1_and_3_0(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "vcard", "org-comma.vcf")
    assert (result.code, result.err) == (0, "")
    found = people(project)
    assert found["john-doe-iii"].company == "Acme, Inc."
    assert found["victor-vance"].company == "Northgate Health, Boston"


def test_text_with_an_unescaped_comma_is_read_whole_and_every_nickname_is_an_alias(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    (project / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Okafor;Ben\r\nTITLE:VP, Sales\r\n"
        "NOTE:Met at the trade fair, Lagos\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Smith, Ana\r\nNICKNAME:Annie,Ana S\\, PhD\r\n"
        "TITLE:Head of R&D\\, Europe\r\nEND:VCARD\r\n"
    )
    result = run_kith("import", "vcard", "phone.vcf", cwd=project)
    assert (result.code, result.err) == (0, "")
    found = people(project)
    ben = found["ben-okafor"]
    assert (ben.role, ben.notes) == ("VP, Sales", "Met at the trade fair, Lagos")
    ana = found["smith-ana"]
    assert (ana.name, ana.role) == ("Smith, Ana", "Head of R&D, Europe")
    assert ana.aliases == ("Annie", "Ana S, PhD")


def test_androids_nickname_in_vcard_2_1_becomes_an_alias_as_nickname_does(
    tmp_path: Path,
) -> None:
    # vCard 2.1 has no NICKNAME: Android writes it as one of its own rows, in quoted-printable
    # when it is not ASCII. Its other rows (events, relations) are no names.
    project = make_project(tmp_path)
    (project / "phone.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:2.1\r\nN:Sanders;Jon;;;\r\nFN:Jon Sanders\r\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/nickname;JS;1;;;;;;;;;;;;;\r\n"
        "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:"
        "vnd.android.cursor.item/nickname;Jo=C3=ABl;1;;;;;;;;;;;;;\r\n"
        "X-ANDROID-CUSTOM:vnd.android.cursor.item/contact_event;1990-01-01;3;;;;;;;;;;;;;\r\n"
        "END:VCARD\r\n"
    )
    result = run_kith("import", "vcard", "phone.vcf", cwd=project)
    assert (result.code, result.err) == (0, "")
    assert people(project)["jon-sanders"].aliases == ("JS", "Joël")


def test_a_vcard_birthday_is_written_as_a_date_whatever_form_the_card_gives_it(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    cards = {
        "Ada Basic": "BDAY:19610314",
        "Ben Time": "BDAY:1985-07-02T000000Z",
        "Carla Noyear": "BDAY:--0203",
        "Dan Apple": "BDAY;X-APPLE-OMIT-YEAR=1604:1604-11-30",
        "Eve Text": "BDAY;VALUE=text:circa 1980",
    }
    (project / "book.vcf").write_text(
        "".join(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{name}\r\n{bday}\r\nEND:VCARD\r\n"
            for name, bday in cards.items()
        )
    )
    result = run_kith("import", "vcard", "book.vcf", cwd=project)
    assert (result.code, result.err) == (0, "")
    found = {slug: dict(p.extra).get("birthday") for slug, p in people(project).items()}
    assert found == {
        "ada-basic": "1961-03-14",
        "ben-time": "1985-07-02",
        "carla-noyear": "--02-03",
        "dan-apple": "--11-30",
        "eve-text": "circa 1980",
    }


# 2. Outlook's CSV, in its three layouts, and hints that name the right importer.


def test_outlook_on_windows_csv_is_read_with_prefix_middle_name_emails_and_job_title(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "outlook", "outlook-windows.csv")
    assert result.out == (
        "skipped   outlook-windows.csv:5: an organisation, not a person (Acme Plumbing)\n"
        "kith: 2 created, 0 merged, 0 unchanged, 1 skipped, 1 warning; 2 files written\n"
    )
    assert result.err == (
        "outlook-windows.csv:4: warning: E-mail '/o=ExchangeLabs/ou=Exchange Administrative "
        "Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=ben' is not an e-mail address (left out)\n"
    )
    rosa = people(project)["dr-rosa-maria-marsh"]
    assert (rosa.name, rosa.company, rosa.role) == (
        "Dr. Rosa Maria Marsh",
        "Northgate Health",
        "Board Member",
    )
    assert (rosa.email, rosa.emails) == ("rosa.marsh@northgate.example", ("rosa@marsh.example",))
    assert (rosa.phone, rosa.phones) == ("+1 617 555 0199", ("+1 (617) 555-0142",))
    assert (rosa.location, rosa.tags) == (
        "Boston, MA, United States of America",
        ("Board", "Boston"),
    )
    assert rosa.linkedin == "https://www.linkedin.com/in/rosa-marsh"
    assert rosa.notes == "Chairs the procurement committee.\nPrefers calls before 10."
    assert dict(rosa.extra) == {"birthday": "1961-03-14"}
    ben = people(project)["ben-okafor"]
    assert (ben.email, ben.phone, ben.extra) == ("", "+44 7700 900123", ())  # no `0/0/00`


def test_a_linkedin_address_is_found_in_any_letter_case_as_every_importer_finds_it(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    (project / "o.csv").write_text(
        "First Name,Last Name,E-mail Address,Web Page\n"
        "Ada,Lovelace,ada@example.com,https://www.LinkedIn.com/in/ada-l\n"
    )
    assert run_kith("import", "outlook", "o.csv", cwd=project).code == 0
    assert people(project)["ada-lovelace"].linkedin == "https://www.LinkedIn.com/in/ada-l"


def test_outlook_com_and_googles_outlook_csv_are_read_too(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "outlook", "outlook-com.csv")
    assert (
        result.err
        == "outlook-com.csv:4: warning: E-mail 'not an address' is not an e-mail address "
        "(left out)\n"
    )
    assert run_import(project, "outlook", "google-outlook.csv").code == 0
    found = people(project)
    carla = found["carla-t-nguyen"]
    assert (carla.email, carla.emails, carla.role, carla.tags) == (
        "carla.nguyen@example.com",
        ("c.nguyen@northgate.example",),
        "CFO",
        ("Prospects",),
    )
    assert found["jose-garcia-jr"].company == "Hospital Group, S.A."
    zola = found["emile-zola"]
    assert (zola.location, zola.tags, zola.phone) == (
        "Paris, France",
        ("Writers",),  # Google's own `myContacts` is left out
        "+33 6 12 34 56 78",
    )


@pytest.mark.parametrize("kind", ["google", "linkedin", "vcard"])
def test_an_outlook_csv_given_to_another_importer_is_named_for_what_it_is(
    tmp_path: Path, kind: str
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, kind, "outlook-com.csv")
    assert result.code == 1
    assert result.err.startswith(
        "outlook-com.csv:1: this looks like an Outlook contacts CSV: "
        "run 'kith import outlook outlook-com.csv'\n"
    )
    assert list((project / "people").iterdir()) == []


@pytest.mark.parametrize(
    ("kind", "name", "other"),
    [
        ("outlook", "linkedin-Connections.csv", "linkedin"),
        ("outlook", "google-contacts.csv", "google"),
        ("linkedin", "google-contacts-old.csv", "google"),
        ("google", "linkedin-Connections-2018.csv", "linkedin"),
        ("outlook", "android-2.1.vcf", "vcard"),
    ],
)
def test_every_importer_names_the_right_kind_for_a_file_of_another(
    tmp_path: Path, kind: str, name: str, other: str
) -> None:
    result = run_import(make_project(tmp_path), kind, name)
    assert result.err.splitlines()[0].endswith(f": run 'kith import {other} {name}'")


@pytest.mark.parametrize(
    ("kind", "needs"),
    [
        ("outlook", "First Name, Last Name and E-mail Address (or Middle Name and Job Title)"),
        (
            "google",
            "First Name, Last Name and Labels, File As, Organization Name or E-mail 1 - Value "
            "(or Name, Given Name and Family Name)",
        ),
        (
            "linkedin",
            "First Name, Last Name and URL, Email Address, Company, Position or Connected On",
        ),
    ],
)
def test_a_csv_without_the_name_columns_is_refused_with_the_columns_it_needs(
    tmp_path: Path, kind: str, needs: str
) -> None:
    # As some mail clients write an "Outlook" CSV of addresses only: no name, nobody to add.
    project = make_project(tmp_path)
    (project / "addresses.csv").write_text(
        "E-mail Address,E-mail 2 Address\nada@example.org,ada.l@example.org\n", encoding="utf-8"
    )
    result = run_kith("import", kind, "addresses.csv", cwd=project)
    what = {
        "outlook": "an Outlook contacts CSV",
        "google": "a Google Contacts CSV",
        "linkedin": "a LinkedIn Connections.csv",
    }[kind]
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        f"addresses.csv:1: not {what}: no header row naming {needs}; "
        "the file starts 'E-mail Address,E-mail 2 Address'\n"
        "kith: 1 problem; nothing was written\n"
    )
    assert list((project / "people").iterdir()) == []


def test_a_csv_with_quoted_cells_and_headers_of_another_language_is_named_not_broken(
    tmp_path: Path,
) -> None:
    # Outlook in German writes `;` between quoted cells, and its column names in German.
    project = make_project(tmp_path)
    (project / "kontakte.csv").write_text(
        '"Anrede";"Vorname";"Nachname";"E-Mail-Adresse"\r\n'
        '"";"Anna";"Schmidt";"anna@acme.example"\r\n',
        encoding="utf-8",
    )
    result = run_kith("import", "outlook", "kontakte.csv", cwd=project)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "kontakte.csv:1: not an Outlook contacts CSV: no header row naming First Name, Last "
        "Name and E-mail Address (or Middle Name and Job Title); the file starts "
        '\'"Anrede";"Vorname";"Nachname";"E-Mail-Adresse"\'\n'
        "kith: 1 problem; nothing was written\n"
    )


# 3. Google's older layout: the name as Google shows it.


def test_googles_older_layout_keeps_prefixes_suffixes_and_names_only_in_name(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "google", "google-contacts-old-names.csv")
    assert result.out == (
        "skipped   google-contacts-old-names.csv:6: no name (only 'someone@example.org')\n"
        "skipped   google-contacts-old-names.csv:7: an organisation, not a person "
        "(Cabinet Dupont)\n"
        "kith: 4 created, 0 merged, 0 unchanged, 2 skipped, 1 warning; 4 files written\n"
    )
    assert result.err == (
        "google-contacts-old-names.csv:5: warning: E-mail 'urn:li:member:4242' is not an "
        "e-mail address (left out)\n"
    )
    found = people(project)
    assert {s: (p.name, p.phone) for s, p in found.items() if "rado" in s} == {
        "rado-directimmo": ("Rado Directimmo", "06 12 34 56 01"),
        "rado-huissier": ("Rado Huissier", "06 12 34 56 02"),
        "prospecteur-rado": ("Prospecteur Rado", "06 12 34 56 03"),
    }
    assert found["rado-huissier"].tags == ("coworkers",)  # Google's `* coworkers` group
    ana = found["ana-lopez-ruiz"]
    assert (ana.name, ana.tags, ana.email) == (
        "Ana Lopez Ruiz",  # repeated spaces collapse, as in vCard names
        ("Madrid",),
        "ana.lopez@hospital.example",
    )


# 4. A different profile, e-mail or phone is a different person, whatever the name.


def test_two_connections_with_one_name_and_two_profiles_stay_two_contacts(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "linkedin", "linkedin-same-names.csv")
    assert result.out == "kith: 4 created, 0 merged, 0 unchanged, 0 skipped; 4 files written\n"
    found = people(project)
    assert {s: (p.company, p.linkedin.rsplit("/", 1)[1]) for s, p in found.items()} == {
        "alison-hill": ("Northgate Health", "alisonhill"),
        "alison-hill-2": ("Acme Robotics", "alison-hill-8b1a2"),
        "bruno-rocha": ("Rocha Advogados", "brunorocha"),
        "rocha-bruno": ("Banco Norte", "rocha-bruno-77"),
    }


@pytest.mark.parametrize(
    ("known", "row"),
    [
        (
            "linkedin: https://www.linkedin.com/in/alison-h",
            "https://www.linkedin.com/in/alisonhill",
        ),
        ("email: alison@northgate.example", "alison.hill@acme.example"),
    ],
)
def test_a_contact_whose_profile_or_email_differs_is_not_merged_by_name(
    tmp_path: Path, known: str, row: str
) -> None:
    project = make_project(tmp_path, {"alison.md": f"---\nname: Alison Hill\n{known}\n---\n"})
    url, email = (row, "") if "linkedin" in row else ("", row)
    (project / "c.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Alison,Hill,{url},{email},Acme Robotics,Engineer,14 Jun 2022\n"
    )
    result = run_kith("import", "linkedin", "c.csv", "--dry-run", cwd=project)
    assert "created   alison-hill (c.csv:2, people/alison-hill.md)\n" in result.out


def test_a_phone_that_differs_keeps_two_vcard_people_apart_and_one_that_matches_merges(
    tmp_path: Path,
) -> None:
    project = make_project(
        tmp_path,
        {"ana.md": "---\nname: Ana López\nphone: +34 600 111 222\n---\n"},
        mkdocs_yml="site_name: X\nplugins:\n  - kith:\n      default_region: ES\n",
    )
    (project / "c.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana López\r\nTEL:+34 600 999 888\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:A. López\r\nTEL:600 111 222\r\n"
        "EMAIL:ana@example.es\r\nEND:VCARD\r\n"
    )
    result = run_kith("import", "vcard", "c.vcf", "--dry-run", cwd=project)
    assert "created   ana-lopez (c.vcf:1, people/ana-lopez.md)\n" in result.out
    assert "merged    ana (c.vcf:6, by phone; added email)\n" in result.out


# 5. Every layout LinkedIn has shipped.


def test_linkedins_2018_layout_without_url_and_with_us_dates_is_read(tmp_path: Path) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "linkedin", "linkedin-Connections-2018.csv")
    assert result.out == (
        "kith: 5 created, 0 merged, 0 unchanged, 0 skipped, 1 warning; 5 files written\n"
    )
    assert result.err == (
        "linkedin-Connections-2018.csv:5: warning: Email Address 'urn:li:member:664293716' is "
        "not an e-mail address (left out)\n"
    )
    found = people(project)
    assert {s: p.connected_on for s, p in found.items()} == {
        "claudia-berg": dt.date(2018, 1, 8),
        "vikram-shah": dt.date(2018, 4, 4),
        "priya-bose": dt.date(2017, 11, 11),
        "yusuf-parr": dt.date(2018, 8, 18),
        "meena-e-saji": dt.date(2018, 7, 10),
    }
    assert found["priya-bose"].name == "Priya Bose"
    assert found["meena-e-saji"].name == "Meena E . Saji"
    assert found["vikram-shah"].company == "Variance Technologies, Ltd"
    assert found["yusuf-parr"].email == ""


@pytest.mark.parametrize(
    ("name", "slug", "connected", "facts"),
    [
        (
            "linkedin-Connections-2017.csv",
            "joan-frank",
            dt.date(2016, 12, 22),
            ("joan.frank@example.com", "https://www.linkedin.com/in/joan-frank", ""),
        ),
        (
            "linkedin-Connections-2017.csv",
            "laura-tippet",
            dt.date(2016, 11, 21),
            ("laura.tippet@example.com", "", "Leeds, United Kingdom"),
        ),
        ("linkedin-Connections-2023.csv", "joachim-schork", dt.date(2023, 3, 21), ("", "", "")),
        (
            "linkedin-Connections-excel.csv",
            "giulia-bufano",
            dt.date(2026, 1, 5),
            ("", "https://www.linkedin.com/in/giulia-bufano-data", ""),
        ),
    ],
)
def test_every_linkedin_layout_with_or_without_notes_url_and_either_date_style_is_read(
    tmp_path: Path, name: str, slug: str, connected: dt.date, facts: tuple[str, str, str]
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "linkedin", name)
    assert (result.code, result.err) == (0, "")
    person = people(project)[slug]
    assert person.connected_on == connected
    assert (person.email, person.linkedin, person.location) == facts


# 6. One bad property skips itself, not the card or the file.


def test_a_bad_photo_bad_quoted_printable_profile_and_stray_lines_skip_only_themselves(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "vcard", "broken-properties.vcf")
    assert result.out == (
        "kith: 2 created, 0 merged, 0 unchanged, 0 skipped, 2 warnings; 2 files written\n"
    )
    assert result.err == (
        "broken-properties.vcf:13: warning: NOTE left out: its text is not in the character "
        "set it names\n"
        "broken-properties.vcf:14: warning: the line '# exported by a phone that writes "
        "comme…' left out: it is no vCard property (NAME:value)\n"
    )
    found = people(project)
    assert (found["rosa-marsh"].email, found["rosa-marsh"].role) == (
        "rosa.marsh@northgate.example",
        "Board Member",
    )
    emile = found["emile-dubois"]
    assert (emile.name, emile.company, emile.phone, emile.notes) == (
        "Émile Dubois",
        "Dubois Conseil",
        "+33 6 11 22 33 44",
        "",
    )


# Smaller: organisations, groups and nested cards.


def test_organisation_and_group_cards_are_skipped_and_nested_cards_are_people(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path)
    result = run_import(project, "vcard", "orgs-groups-nested.vcf")
    assert result.out == (
        "skipped   orgs-groups-nested.vcf:1: an organisation, not a person (Acme Plumbing)\n"
        "skipped   orgs-groups-nested.vcf:8: an organisation, not a person (Northgate Health)\n"
        "skipped   orgs-groups-nested.vcf:15: a group of contacts, not a person\n"
        "kith: 2 created, 0 merged, 0 unchanged, 3 skipped; 2 files written\n"
    )
    found = people(project)
    assert (found["ben-okafor"].phone, found["ada-okafor"].phone) == (
        "+44 7700 900123",
        "+44 20 7946 0001",
    )
