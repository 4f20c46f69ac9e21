"""Ways to reach someone: `emails`, `phones` and `aliases` beside `email` and `phone`, and the
look-up from an address, a number or a name to the one contact it belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import build_site, make_project, run_kith

from generator.analysis.identity import index_identities, normal_phone
from generator.settings import SettingsError, settings_from_mapping
from generator.vault.load import load_vault

PEOPLE = {
    "ada.md": "---\nname: Ada Lovelace\nemail: ada@example.org\n"
    "emails: [Ada.King@Example.net, ada@example.org]\nphone: 020 7946 0958\n"
    "phones: ['+33 6 12 34 56 70', 0612345670]\naliases: [Countess of Lovelace, AAL]\n---\n",
    "ben.md": "---\nname: Ben Okafor\nemail: ben@example.org\nphones: '+1 415 555 0100'\n---\n",
    "bea.md": "---\nname: Béatrice Okafor\nemails: [ben@example.org]\naliases: AAL\n---\n",
}


def vault(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path, PEOPLE)
    loaded = load_vault(project / "people", project)
    assert loaded.problems == ()
    return loaded.vault


def test_lists_of_addresses_numbers_and_names_are_read_as_written(tmp_path: Path) -> None:
    ada = vault(tmp_path).by_slug["ada"]
    assert ada.emails == ("Ada.King@Example.net", "ada@example.org")
    assert ada.all_emails == ("ada@example.org", "Ada.King@Example.net")
    assert ada.phones == ("+33 6 12 34 56 70", "0612345670")  # not the octal number YAML reads
    assert ada.all_phones == ("020 7946 0958", "+33 6 12 34 56 70", "0612345670")
    assert ada.aliases == ("Countess of Lovelace", "AAL")
    assert vault(tmp_path / "b").by_slug["ben"].phones == ("+1 415 555 0100",)


def test_a_list_field_holding_a_mapping_is_reported_with_its_line(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"cy.md": "---\nname: Cy\nemails:\n  work: cy@x.org\n---\n"})
    result = run_kith("check", cwd=project)
    assert result.out == (
        "people/cy.md:3: emails must be an address or a list of them (got a mapping)\n"
    )


def test_numbers_compare_in_e164_form_with_the_default_region() -> None:
    assert normal_phone("020 7946 0958", "GB") == "+442079460958"
    assert normal_phone("+44 (0)20 7946-0958", None) == "+442079460958"
    assert normal_phone("06 12 34 56 70", "FR") == "+33612345670"
    assert normal_phone("0612345670", None) == "0612345670"  # no region: the digits alone
    assert normal_phone("n/a", "GB") == ""


def test_an_address_a_number_or_a_name_finds_its_one_contact_or_says_it_is_ambiguous(
    tmp_path: Path,
) -> None:
    ids = index_identities(vault(tmp_path), "FR")
    assert ids.by_email("ADA.KING@example.NET").slug == "ada"
    assert ids.by_email("mailto:ada@example.org").slug == "ada"
    assert ids.by_phone("+33612345670").slug == "ada"  # '0612345670' with region FR
    assert ids.by_phone("+44 20 7946 0958").slug is None  # '020 7946 0958' read as French
    assert index_identities(vault(tmp_path / "gb"), "GB").by_phone("+44 20 7946 0958").slug == "ada"
    assert ids.by_phone("(415) 555-0100").slug is None  # FR is assumed: not Ben's US number
    assert ids.by_phone("+1 415-555-0100").slug == "ben"
    assert ids.by_name("countess of LOVELACE").slug == "ada"
    assert ids.by_name("Beatrice Okafor").slug == "bea"
    shared = ids.by_email("ben@example.org")
    assert (shared.slug, shared.ambiguous, shared.slugs) == (None, True, ("bea", "ben"))
    assert ids.by_name("AAL").slugs == ("ada", "bea")
    assert ids.by_email("nobody@example.org").slugs == ()


def test_the_default_region_setting_is_a_country_code(tmp_path: Path) -> None:
    assert settings_from_mapping({"default_region": "gb"}, tmp_path).default_region == "GB"
    with pytest.raises(SettingsError) as caught:
        settings_from_mapping({"default_region": "England"}, tmp_path)
    assert str(caught.value) == (
        "kith setting 'default_region' must be a two-letter country code such as GB, US or FR "
        "(got 'England')"
    )


def test_the_lists_of_a_private_field_stay_off_the_site(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE)
    site = build_site(project)
    page = (site / "people" / "ada" / "index.html").read_text()
    index = (site / "search" / "search_index.json").read_text()
    for private in ("Ada.King@Example.net", "0612345670", "+33 6 12 34 56 70"):
        assert private not in page and private not in index
    assert "Countess of Lovelace" in page  # aliases are not private by default
