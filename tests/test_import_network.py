"""What imports do to the network: a faithful export round trip, and no flood of follow-ups."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_kith

from generator.model import Person
from generator.vault.load import load_vault

DEMO = REPO / "people"


def demo_project(root: Path) -> Path:
    files = {p.relative_to(DEMO).as_posix(): p.read_bytes() for p in DEMO.rglob("*.md")}
    # The demo writes out every field; most files leave the defaults out.
    files["friends/min-imal.md"] = b"---\nname: Min Imal\nemail: min@example.org\n---\n"
    return make_project(root, files)


def snapshot(project: Path) -> dict[str, bytes]:
    people = project / "people"
    return {p.relative_to(people).as_posix(): p.read_bytes() for p in sorted(people.rglob("*.md"))}


def loaded(project: Path):  # type: ignore[no-untyped-def]
    result = load_vault(project / "people", project)
    assert not result.problems, result.problems
    return result.vault


def comparable(person: Person) -> Person:
    ties = tuple(dataclasses.replace(t, line=0) for t in person.ties)
    log = tuple(dataclasses.replace(i, line=0) for i in person.log)
    # `## Private` never leaves in a card, and `source` records the import itself.
    return dataclasses.replace(person, ties=ties, log=log, source=(), private_notes="")


def export_into(source: Path, target: Path, version: str) -> str:
    exported = run_kith("export", "vcard", "--version", version, cwd=source)
    assert exported.code == 0, exported.err
    (target / "all.vcf").write_text(exported.out, newline="")
    result = run_kith("import", "vcard", "all.vcf", "--today", "2026-11-25", cwd=target)
    assert result.code == 0, result.err
    return result.out


# 7. Export, then import: a no-op on the same vault, faithful into an empty one.


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_importing_your_own_export_into_the_same_vault_changes_nothing(
    tmp_path: Path, version: str
) -> None:
    project = demo_project(tmp_path / "demo")
    before = snapshot(project)
    out = export_into(project, project, version)
    assert out == "kith: 0 created, 0 merged, 41 unchanged, 0 skipped; 0 files written\n"
    assert snapshot(project) == before


def test_an_export_writes_no_kith_property_for_a_default_value(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": "---\nname: Ada\n---\n"})
    card = run_kith("export", "vcard", cwd=project).out
    assert [line for line in card.splitlines() if line.startswith("X-KITH")] == ["X-KITH-SLUG:ada"]


@pytest.mark.parametrize("version", ["4.0", "3.0"])
def test_your_export_into_an_empty_vault_gives_back_the_same_network(
    tmp_path: Path, version: str
) -> None:
    source = demo_project(tmp_path / "demo")
    target = make_project(tmp_path / "empty")
    out = export_into(source, target, version)
    assert out == "kith: 41 created, 0 merged, 0 unchanged, 0 skipped; 41 files written\n"
    before, after = loaded(source), loaded(target)
    assert [comparable(p) for p in after.people] == [comparable(p) for p in before.people]
    assert after.edges == before.edges  # both ends of every tie, the stronger one counting
    ruth = after.by_slug["ruth-abernathy"]
    assert next(t for t in ruth.ties if t.other == "catherine-vance").strength == 4
    paths = [
        json.loads(run_kith("path", "catherine-vance", "--json", cwd=p).out)["paths"][0]["score"]
        for p in (source, target)
    ]
    assert paths[0] == paths[1] > 0  # Catherine's best path is as good as before


def test_a_tie_from_another_address_book_is_added_only_where_none_exists(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "ben-okafor.md": "---\nname: Ben Okafor\nknows:\n  zoe-muller: 4\n---\n",
            "zoe-muller.md": "---\nname: Zoe Müller\n---\n",
        },
    )
    (project / "z.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Zoe Müller\r\nRELATED;TYPE=friend:Ben Okafor\r\n"
        "END:VCARD\r\n"
    )
    result = run_kith("import", "vcard", "z.vcf", cwd=project)
    assert result.out == "kith: 0 created, 0 merged, 1 unchanged, 0 skipped; 0 files written\n"


# 8. Connecting on LinkedIn is no interaction, and imported people wait for the owner.


CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Acme,CTO,12 Jan 2022\n"
    "Carla,Nguyen,https://www.linkedin.com/in/carla-nguyen,,Northgate,CFO,03 Jun 2023\n"
)


def agenda(project: Path) -> dict[str, object]:
    result = run_kith("agenda", "--json", "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err
    return dict(json.loads(result.out))


@pytest.mark.parametrize("circle", [[], ["--circle", "colleague"]])
def test_a_linkedin_import_adds_no_follow_up(tmp_path: Path, circle: list[str]) -> None:
    project = make_project(tmp_path)
    (project / "c.csv").write_text(CONNECTIONS)
    assert run_kith("import", "linkedin", "c.csv", *circle, cwd=project).code == 0
    found = agenda(project)
    assert (found["overdue"], found["due_soon"], found["cooling"]) == ([], [], [])
    ben = loaded(project).by_slug["ben-okafor"]
    assert (ben.connected_on, ben.last_contact, ben.log) == (dt.date(2022, 1, 12), None, ())


def test_a_target_you_only_connected_with_still_needs_an_introduction(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {"carla-nguyen.md": "---\nname: Carla Nguyen\ntarget: true\ninfluence: 5\n---\n"},
    )
    (project / "c.csv").write_text(CONNECTIONS)
    assert run_kith("import", "linkedin", "c.csv", cwd=project).code == 0
    found = agenda(project)
    assert found["overdue"] == []
    assert [p["slug"] for p in found["never_contacted"]] == ["carla-nguyen"]


def test_connected_on_linkedin_entries_earlier_imports_logged_count_as_no_contact(
    tmp_path: Path,
) -> None:
    old_import = "source: [linkedin 2024-02-01]\n---\n## Log\n- 2022-01-12: Connected on LinkedIn\n"
    project = make_project(
        tmp_path,
        {
            "ben-okafor.md": f"---\nname: Ben Okafor\ncircle: colleague\n{old_import}",
            "carla-nguyen.md": f"---\nname: Carla Nguyen\ntarget: true\n{old_import}",
            "dan.md": f"---\nname: Dan\n{old_import}",
        },
    )
    found = agenda(project)
    assert found["overdue"] == []
    assert [p["slug"] for p in found["never_contacted"]] == ["carla-nguyen"]
    ben = loaded(project).by_slug["ben-okafor"]
    assert (ben.connected_on, ben.last_contact) == (dt.date(2022, 1, 12), None)
    assert (
        (project / "people" / "ben-okafor.md")
        .read_text()
        .endswith("- 2022-01-12: Connected on LinkedIn\n")
    )  # the entry stays as written


def test_imported_people_get_reminders_once_the_owner_takes_them_up(tmp_path: Path) -> None:
    imported = "source: [google 2024-02-01]\n"
    log = "## Log\n- 2026-01-10: Coffee\n"
    project = make_project(
        tmp_path,
        {
            "untouched.md": f"---\nname: Untouched\n{imported}---\n",
            "met.md": f"---\nname: Met\n{imported}---\n{log}",
            "friend.md": (
                f"---\nname: Friend\ncircle: friend\n{imported}last_contact: 2026-01-10\n---\n"
            ),
            "handmade.md": f"---\nname: Handmade\n---\n{log}",
        },
    )
    result = run_kith("export", "csv", "--today", "2026-11-25", cwd=project)
    cadences = {row.split(",")[0]: row.split(",")[7] for row in result.out.splitlines()[1:]}
    assert cadences == {"friend": "30", "handmade": "90", "met": "90", "untouched": "0"}
    assert [o["slug"] for o in agenda(project)["overdue"]] == ["friend", "handmade", "met"]


def test_the_contact_page_shows_when_you_connected(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ben.md": "---\nname: Ben\nconnected_on: 2022-01-12\n---\n"})
    assert run_kith("generate", "--out", "out", "--today", "2026-11-25", cwd=project).code == 0
    page = next((project / "out").rglob("ben*.md")).read_text()
    assert "| Connected | " in page and "2022" in page.split("| Connected | ")[1].split("\n")[0]
    assert "| Last contact | never |" in page
