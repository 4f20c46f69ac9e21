"""`kith duplicates`, the check's warning on certain ones, and `kith merge KEEP OTHER`."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from conftest import HELP, fenced_blocks, make_project, run_kith
from gitrepo import Repo

from generator.edit.batch import FileRemove, FileWrite, WriteError, apply_changes
from generator.vault.load import load_vault

REGION = "site_name: X\nplugins:\n  - kith:\n      default_region: GB\n"
PEOPLE = {
    "ana-lopez.md": "---\nname: Ana López\nemail: ana@hospital.example\n---\n",
    "ana.md": "---\nname: A. Lopez\nemail: ANA@hospital.example\n---\n",
    "ben.md": "---\nname: Ben Okafor\nphone: 07700 900123\n---\n",
    "ben-okafor.md": "---\nname: Benjamin Okafor\nphone: +44 7700 900123\n---\n",
    "carla.md": "---\nname: Carla Nguyen\ncompany: Northgate\n---\n",
    "carla-n.md": "---\nname: Carla Nguyễn\n---\n",
    "rob.md": "---\nname: Rob Smith\ncompany: Acme Robotics\n---\n",
    "robert.md": "---\nname: Robert Smith\ncompany: ACME robotics\n---\n",
    "dan.md": "---\nname: Dan Ray\nlinkedin: https://www.linkedin.com/in/danray\n---\n",
    "dan-2.md": "---\nname: Dan Ray\nlinkedin: https://uk.linkedin.com/in/dan-ray-77\n---\n",
    "eve.md": "---\nname: Eve Stone\nemail: family@stone.example\nknows: [adam]\n---\n",
    "adam.md": "---\nname: Adam Stone\nemail: family@stone.example\n---\n",
}


def test_duplicates_are_listed_with_their_evidence_most_certain_first(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE, mkdocs_yml=REGION)
    result = run_kith("duplicates", cwd=project)
    assert result.out == (
        "certain   kith merge ana ana-lopez                 same e-mail ana@hospital.example\n"
        "certain   kith merge ben ben-okafor                same phone +447700900123\n"
        "likely    kith merge rob robert                    similar names "
        "Rob Smith / Robert Smith at Acme Robotics\n"
        "possible  kith merge carla carla-n                 same name Carla Nguyen / Carla Nguyễn\n"
        "kith: 4 pairs (2 certain, 1 likely, 1 possible)\n"
    )


def test_duplicates_json_names_both_files_and_each_piece_of_evidence(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE, mkdocs_yml=REGION)
    document = json.loads(run_kith("duplicates", "--json", cwd=project).out)
    assert document["duplicates"][0] == {
        "keep": "ana",  # as much history as the other: the earlier slug
        "other": "ana-lopez",
        "sure": "certain",
        "evidence": [{"kind": "email", "value": "ana@hospital.example"}],
        "files": ["people/ana.md", "people/ana-lopez.md"],
    }
    assert [d["sure"] for d in document["duplicates"]] == [
        "certain",
        "certain",
        "likely",
        "possible",
    ]


def test_check_warns_about_certain_duplicates_naming_both_files(tmp_path: Path) -> None:
    project = make_project(tmp_path, PEOPLE, mkdocs_yml=REGION)
    result = run_kith("check", cwd=project)
    assert result.out == (
        "people/ana-lopez.md: warning: same e-mail ana@hospital.example as people/ana.md: "
        "one person twice? (kith merge ana ana-lopez)\n"
        "people/ben-okafor.md: warning: same phone +447700900123 as people/ben.md: "
        "one person twice? (kith merge ben ben-okafor)\n"
        "kith: 12 contacts, 0 errors, 2 warnings\n"
    )
    assert run_kith("check", "--strict", cwd=project).code == 1


def test_a_switchboard_number_shared_by_many_is_no_evidence(tmp_path: Path) -> None:
    staff = {f"p{n}.md": f"---\nname: Person {n}\nphone: +1 617 555 0100\n---\n" for n in range(13)}
    project = make_project(tmp_path, staff)
    assert (
        run_kith("duplicates", cwd=project).out
        == "kith: 0 pairs (0 certain, 0 likely, 0 possible)\n"
    )


def vault_files(project: Path) -> dict[str, str]:
    people = project / "people"
    return {p.relative_to(people).as_posix(): p.read_text() for p in sorted(people.rglob("*.md"))}


MERGE = {
    "ana-lopez.md": (
        "---\n"
        "name: Ana López\n"
        "company: Hospital Group\n"
        "role: Head of Procurement\n"
        "email: ana@hospital.example\n"
        "tags: [healthcare]\n"
        "knows:\n"
        "  ben: 2\n"
        "  ana-2: 3\n"
        "---\n"
        "Met at the Madrid fair.\n"
        "\n"
        "## Log\n"
        "- 2026-01-10: Coffee in Madrid\n"
        "- 2026-05-02 (call): Budget call\n"
    ),
    "ana-2.md": (
        "---\n"
        "name: Ana Lopez Ruiz\n"
        "role: CPO\n"
        "email: ana.personal@example.es\n"
        "phone: +34 600 111 222\n"
        "location: Madrid\n"
        "tags: [Healthcare, spain]\n"
        "birthday: 1980-04-12\n"
        "knows:\n"
        '  ben: {strength: 4, how: "same board"}\n'
        "  carla: 3\n"
        "source: [google 2026-01-05]\n"
        "---\n"
        "Prefers WhatsApp.\n"
        "\n"
        "## Log\n"
        "- 2026-01-10: coffee in Madrid\n"
        "- 2026-03-15 (give, email): Sent the benchmark\n"
        "  with the appendix\n"
        "\n"
        "## Private\n"
        "Salary band B.\n"
    ),
    "ben.md": "---\nname: Ben Okafor\nknows:\n  ana-2: 5\n---\n",
    "carla.md": "---\nname: Carla Nguyen\nknows: [ana-2, ana-lopez]\n---\n",
    "dan.md": '---\nname: Dan\nknows:\n  ana-2: {strength: 2, how: "gym"}\n---\n',
}


def test_merge_fills_keeps_pools_and_re_points_every_tie_then_removes_the_other(
    tmp_path: Path,
) -> None:
    project = make_project(tmp_path, MERGE)
    repo = Repo(project)
    repo.commit("2026-11-01", "before")
    result = run_kith("merge", "ana-lopez", "ana-2", "--today", "2026-11-25", cwd=project)
    assert (result.code, result.err) == (0, "")
    assert result.out == (
        "filled    ana-lopez: location, birthday, emails, phone, aliases, tags, source\n"
        "kept      ana-lopez: role 'Head of Procurement'; ana-2 has 'CPO' (noted)\n"
        "log       ana-lopez: 1 entry added\n"
        "ties      ana-lopez: knows ben, carla\n"
        "re-tied   ben: names ana-lopez instead of ana-2\n"
        "re-tied   carla: names ana-lopez instead of ana-2\n"
        "re-tied   dan: names ana-lopez instead of ana-2\n"
        "removed   people/ana-2.md\n"
        "kith: merged ana-2 into ana-lopez; 4 files written, 1 removed\n"
    )
    files = vault_files(project)
    assert files["ana-lopez.md"] == (
        "---\n"
        "name: Ana López\n"
        "company: Hospital Group\n"
        "role: Head of Procurement\n"
        "email: ana@hospital.example\n"
        "tags: [healthcare, spain]\n"
        "knows:\n"
        '  ben: {strength: 4, how: "same board"}\n'
        "  carla: 3\n"
        "location: Madrid\n"
        "birthday: 1980-04-12\n"
        "emails: [ana.personal@example.es]\n"
        "phone: +34 600 111 222\n"
        "aliases: [Ana Lopez Ruiz]\n"
        "source: [google 2026-01-05]\n"
        "---\n"
        "Met at the Madrid fair.\n"
        "\n"
        "Prefers WhatsApp.\n"
        "\n"
        "## Log\n"
        "- 2026-01-10: Coffee in Madrid\n"
        "- 2026-03-15 (give, email): Sent the benchmark\n"
        "  with the appendix\n"
        "- 2026-05-02 (call): Budget call\n"
        "\n"
        "## Private\n"
        "Salary band B.\n"
        "- 2026-11-25: merged ana-2 (Ana Lopez Ruiz) here; it had role 'CPO'\n"
    )
    assert "ana-2.md" not in files
    assert files["ben.md"] == "---\nname: Ben Okafor\nknows:\n  ana-lopez: 5\n---\n"
    assert files["carla.md"] == "---\nname: Carla Nguyen\nknows: [ana-lopez]\n---\n"
    assert (
        files["dan.md"] == '---\nname: Dan\nknows:\n  ana-lopez: {strength: 2, how: "gym"}\n---\n'
    )
    check = run_kith("check", cwd=project)
    assert (check.code, check.out) == (0, "kith: 4 contacts, 0 errors, 0 warnings\n")
    changed = repo.git("status", "--porcelain", "--", "people").split("\n")
    assert sorted(filter(None, changed)) == [
        " D people/ana-2.md",
        " M people/ana-lopez.md",
        " M people/ben.md",
        " M people/carla.md",
        " M people/dan.md",
    ]


def test_a_merge_dry_run_prints_the_merge_and_writes_nothing(tmp_path: Path) -> None:
    project = make_project(tmp_path, MERGE)
    before = vault_files(project)
    result = run_kith("merge", "ana-lopez", "ana-2", "--dry-run", cwd=project)
    assert result.out.endswith(
        "removed   people/ana-2.md\n"
        "kith: dry run: 4 files would be written, 1 would be removed; nothing written\n"
    )
    assert vault_files(project) == before


def test_merging_a_contact_into_itself_or_an_unknown_one_is_refused(tmp_path: Path) -> None:
    project = make_project(tmp_path, MERGE)
    same = run_kith("merge", "ana-lopez", "ana-lopez", cwd=project)
    assert (same.code, same.err) == (1, "kith: 'ana-lopez' is one contact; name two to merge\n")
    assert run_kith("merge", "ana-lopez", "zed", cwd=project).code == 1


def test_no_merge_removes_a_file_through_a_link(tmp_path: Path) -> None:
    # `kith check` called ann2 (a link to ann.md) a duplicate of ann, and `kith merge ann ann2`
    # removed ann.md, the file the link leads to: the contact was gone, the link left dangling.
    ann = "---\nname: Ann Lee\nemail: ann@example.org\n---\nNotes.\n"
    project = make_project(tmp_path, {"ann.md": ann, "carol.md": "---\nname: Carol\n---\n"})
    people = project / "people"
    (people / "ann2.md").symlink_to("ann.md")
    (people / "evil.md").symlink_to("carol.md")
    before = vault_files(project)
    for keep, other, said in (
        ("ann", "ann2", "people/ann.md and people/ann2.md are one file"),
        ("ann2", "ann", "people/ann2.md and people/ann.md are one file"),
    ):
        result = run_kith("merge", keep, other, cwd=project)
        assert (result.code, result.err) == (
            1,
            f"kith: {said} (a link leads from one to the other); remove the link instead of "
            "merging\n",
        )
    result = run_kith("merge", "ann", "evil", cwd=project)
    assert (result.code, result.err) == (
        1,
        "kith: people/evil.md is a link to people/carol.md: merging would remove that file; "
        "remove the link, or merge the contact of the file it leads to\n",
    )
    assert vault_files(project) == before


def test_a_removal_is_undone_when_a_later_change_of_the_batch_fails(tmp_path: Path) -> None:
    people = tmp_path / "people"
    people.mkdir()
    gone, kept = people / "ana-2.md", people / "ana.md"
    gone.write_bytes(b"---\nname: Ana 2\n---\n")
    kept.write_bytes(b"---\nname: Ana\n---\n")
    gone.chmod(0o600)
    changes = [
        FileRemove(gone, "people/ana-2.md", b"---\nname: Ana 2\n---\n"),
        FileWrite(kept, "people/ana.md", b"planned from other bytes", b"---\nname: A\n---\n"),
    ]
    with pytest.raises(WriteError, match=r"^people/ana\.md changed while importing; nothing"):
        apply_changes(changes)
    assert gone.read_bytes() == b"---\nname: Ana 2\n---\n"
    assert stat.S_IMODE(gone.stat().st_mode) == 0o600
    assert sorted(os.listdir(people)) == ["ana-2.md", "ana.md"]  # nothing left aside


def test_a_file_changed_since_the_merge_was_planned_is_not_removed(tmp_path: Path) -> None:
    path = tmp_path / "ana-2.md"
    path.write_bytes(b"---\nname: Ana 2\n---\n## Log\n- 2026-11-25: Lunch\n")
    with pytest.raises(WriteError, match="changed while merging; nothing was changed"):
        apply_changes(
            [FileRemove(path, "people/ana-2.md", b"---\nname: Ana 2\n---\n")], doing="merging"
        )
    assert path.exists()


def test_merge_keeps_the_vault_loading_cleanly_with_both_ends_of_a_tie(tmp_path: Path) -> None:
    project = make_project(tmp_path, MERGE)
    assert run_kith("merge", "ana-2", "ana-lopez", cwd=project).code == 0
    loaded = load_vault(project / "people", project)
    assert loaded.problems == ()
    ana = loaded.vault.by_slug["ana-2"]
    assert {t.other: t.strength for t in ana.ties} == {"ben": 4, "carla": 3}
    assert (ana.email, ana.emails, ana.aliases) == (
        "ana.personal@example.es",
        ("ana@hospital.example",),
        ("Ana López",),
    )


def test_the_json_example_of_the_manual_is_what_kith_duplicates_prints(tmp_path: Path) -> None:
    [example] = [json.loads(b) for b in fenced_blocks(HELP / "exchange.md", "json")]
    project = make_project(tmp_path, PEOPLE, mkdocs_yml=REGION)
    real = json.loads(run_kith("duplicates", "--json", cwd=project).out)
    assert list(example) == list(real)
    assert example["duplicates"][0] == real["duplicates"][0]


def test_the_text_examples_of_the_manual_are_what_kith_prints(tmp_path: Path) -> None:
    manual = (HELP / "exchange.md").read_text()
    project = make_project(tmp_path, PEOPLE, mkdocs_yml=REGION)
    assert run_kith("duplicates", cwd=project).out in manual
    warning = run_kith("check", cwd=project).out.splitlines()[0]
    assert warning in manual


def test_merge_re_points_introductions_and_via_in_every_log(tmp_path: Path) -> None:
    project = make_project(
        tmp_path,
        {
            "ana.md": "---\nname: Ana\n---\n",
            "ana-2.md": "---\nname: Ana L.\n---\n",
            "ben.md": (
                "---\nname: Ben\n---\n## Log\n"
                "- 2026-05-01 (ask, intro: ana-2): Asked Ben to introduce me to Ana\n"
                "- 2026-05-09 (Intro: ana-2 , made): He did\n"
            ),
            "carla.md": (
                "---\nname: Carla\n---\n## Log\n- 2026-06-01 (via: ana-2): Met through Ana\n"
            ),
        },
    )
    result = run_kith("merge", "ana", "ana-2", cwd=project)
    assert result.out.count("re-tied") == 2
    files = vault_files(project)
    assert "(ask, intro: ana): Asked Ben" in files["ben.md"]
    assert "(Intro: ana , made): He did" in files["ben.md"]
    assert "(via: ana): Met through Ana" in files["carla.md"]
    assert run_kith("check", cwd=project).out == "kith: 3 contacts, 0 errors, 0 warnings\n"
