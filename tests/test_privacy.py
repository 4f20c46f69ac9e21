"""Private values never leave the machine: not into site/, its search index, or `kith generate`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import build_site, make_project, run_kith
from mkdocs.exceptions import Abort, PluginError

from generator.site.policy import inline_script_hashes
from generator.vault.load import load_vault

MKDOCS_PRIVATE = """\
site_name: Fixture
docs_dir: docs
theme:
  name: material
plugins:
  - search
  - tags
  - kith:
      today: 2026-11-25
      people: {people}
      private_fields: {private}
markdown_extensions:
  - tables
"""

CANARIES = (
    "CanaryEmail4417",
    "CanaryPhone4417",
    "CanaryLocation4417",
    "CanaryHome4417",
    "CanarySection4417",
    "CanaryShouting4417",
)
PUBLIC = ("PublicCompany4417", "PublicNotes4417", "PublicLog4417", "PublicBirthday4417")

ADA = f"""\
---
name: Ada Lovelace
company: {PUBLIC[0]}
email: {CANARIES[0]}@example.invalid
phone: "+1 555 {CANARIES[1]}"
location: {CANARIES[2]}
home_address: {CANARIES[3]}
birthday: {PUBLIC[3]}
tags: [math]
---
{PUBLIC[1]}: analytical engine notes.

## Private
She told me about {CANARIES[4]}; this stays on my machine.

## Log
- 2026-11-01 (call): {PUBLIC[2]}
"""

BEN = f"""\
---
name: Ben Okafor
---
Public notes.

## PRIVATE
{CANARIES[5]}
"""


def private_project(root: Path, private: str = "[email, phone, location, Home_Address]") -> Path:
    """A project whose contacts hold a canary in every private place."""
    yml = MKDOCS_PRIVATE.format(people="people", private=private)
    return make_project(root, {"ada.md": ADA, "ben.md": BEN}, mkdocs_yml=yml)


def files_containing(folder: Path, words: tuple[str, ...]) -> dict[str, list[str]]:
    """Map each word to the files under folder (any file, read as bytes) that contain it."""
    contents = {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }
    return {
        word: sorted(rel for rel, data in contents.items() if word.encode() in data)
        for word in words
    }


def test_private_fields_and_sections_never_reach_any_file_of_the_built_site(
    tmp_path: Path,
) -> None:
    site = build_site(private_project(tmp_path))
    leaks = files_containing(site, CANARIES)
    assert leaks == {canary: [] for canary in CANARIES}
    shown = files_containing(site, PUBLIC)
    for word in PUBLIC:
        assert "people/ada/index.html" in shown[word]
        assert "search/search_index.json" in shown[word]


def test_kith_generate_writes_no_private_value(tmp_path: Path) -> None:
    project = private_project(tmp_path)
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    out = project / "out"
    assert files_containing(out, CANARIES) == {canary: [] for canary in CANARIES}
    assert all("people/ada.md" in files for files in files_containing(out, PUBLIC).values())


def test_private_values_stay_in_the_contact_files_for_local_use(tmp_path: Path) -> None:
    project = private_project(tmp_path)
    vault = load_vault(project / "people").vault
    ada = vault.by_slug["ada"]
    assert ada.email == f"{CANARIES[0]}@example.invalid"
    assert ada.location == CANARIES[2]
    assert ("home_address", CANARIES[3]) in ada.extra
    assert CANARIES[4] in ada.private_notes
    assert CANARIES[5] in vault.by_slug["ben"].private_notes


def test_kith_show_prints_private_values_on_this_machine(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = private_project(tmp_path)
    result = run_kith("show", "ada", cwd=project)
    if result.code == 2 and "invalid choice: 'show'" in capsys.readouterr().err:
        pytest.skip("`kith show` does not exist yet")
    assert result.code == 0, result.err
    assert f"{CANARIES[0]}@example.invalid" in result.out
    assert CANARIES[4] in result.out


def test_company_role_tags_notes_and_linkedin_can_be_made_private(tmp_path: Path) -> None:
    secrets = ("SecretCo88", "SecretRole88", "secrettag88", "SecretNotes88", "SecretLinked88")
    ada = f"""\
    ---
    name: Ada Lovelace
    company: {secrets[0]}
    role: {secrets[1]}
    tags: [{secrets[2]}]
    linkedin: https://www.linkedin.example/in/{secrets[4]}
    ---
    {secrets[3]}
    """
    yml = MKDOCS_PRIVATE.format(people="people", private="[company, role, tags, notes, linkedin]")
    site = build_site(make_project(tmp_path, {"ada.md": ada}, mkdocs_yml=yml))
    assert files_containing(site, secrets) == {secret: [] for secret in secrets}
    assert "Ada Lovelace" in (site / "people" / "ada" / "index.html").read_text()


def test_a_field_the_site_is_built_from_cannot_be_private(tmp_path: Path) -> None:
    yml = MKDOCS_PRIVATE.format(people="people", private="[email, Strength, circle]")
    project = make_project(tmp_path, {"ada.md": ADA}, mkdocs_yml=yml)
    message = (
        "kith setting 'private_fields': 'strength', 'circle' cannot be private: the site is "
        "built from them (private fields can be company, role, email, phone, linkedin, "
        "location, emails, phones, aliases, tags, notes, or any field of your own)"
    )
    result = run_kith("check", cwd=project)
    assert (result.code, result.err) == (1, f"kith: {message}\n")
    with pytest.raises(Abort):
        build_site(project)


def test_contact_files_inside_docs_dir_are_not_published_raw(tmp_path: Path) -> None:
    yml = MKDOCS_PRIVATE.format(people="docs/people", private="[email, phone, location]")
    project = make_project(tmp_path, mkdocs_yml=yml)
    (project / "docs" / "people").mkdir()
    (project / "docs" / "people" / "ada.md").write_text(ADA)
    site = build_site(project)
    page = (site / "people" / "ada" / "index.html").read_text()
    assert "Gives / asks" in page  # Kith's page, not the raw file rendered by MkDocs
    assert files_containing(site, (CANARIES[0], CANARIES[4])) == {
        CANARIES[0]: [],
        CANARIES[4]: [],
    }


def test_contact_files_inside_docs_dir_of_a_project_reached_through_a_link_build_quietly(
    tmp_path: Path,
) -> None:
    # The project's own path may pass through a link (/tmp on macOS): its contact files inside
    # docs_dir are left out as ever, with no warning that would stop a --strict build.
    yml = MKDOCS_PRIVATE.format(people="docs/people", private="[email, phone, location]")
    project = make_project(tmp_path / "real", mkdocs_yml=yml)
    (project / "docs" / "people").mkdir()
    (project / "docs" / "people" / "ada.md").write_text(ADA)
    (tmp_path / "alias").symlink_to(project, target_is_directory=True)
    site = build_site(tmp_path / "alias")
    assert files_containing(site, (CANARIES[0], CANARIES[4])) == {
        CANARIES[0]: [],
        CANARIES[4]: [],
    }


def test_a_link_in_docs_dir_to_the_contacts_or_the_cache_publishes_nothing_raw(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # MkDocs follows links in docs_dir: one to people/ (or to a contact file) published the raw
    # files, private fields and `## Private` included; one to .cache the contacts parsed.
    project = private_project(tmp_path)
    build_site(project)  # fills the cache
    docs = project / "docs"
    (docs / "contacts").symlink_to("../people", target_is_directory=True)
    (docs / "ada-raw.md").symlink_to("../people/ada.md")
    (docs / "kept").symlink_to("../.cache", target_is_directory=True)
    site = build_site(project, strict=False)
    assert files_containing(site, CANARIES) == {canary: [] for canary in CANARIES}
    assert not (site / "contacts").exists() and not (site / "ada-raw").exists()
    [said] = [r.getMessage() for r in caplog.records if "through a link" in r.getMessage()]
    people = (project / "people").resolve()
    assert re.fullmatch(
        rf"kith: \d+ file\(s\) of docs_dir lead into {re.escape(str(people))} or Kith's cache "
        r"through a link \(ada-raw\.md, contacts/ada\.md, contacts/ben\.md, …\): not copied into "
        "the site",
        said,
    )
    with pytest.raises(Abort):
        build_site(project)  # --strict: the warning stops it


def test_every_page_opens_with_noindex_no_referrer_and_a_same_origin_policy(
    demo_site: Path,
) -> None:
    pages = sorted(demo_site.rglob("*.html"))
    assert "404.html" in {p.name for p in pages}
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        first_load = min(head.index(tag) for tag in ("<script", "<link"))
        robots = head.find('<meta name="robots" content="noindex, nofollow">')
        referrer = head.find('<meta name="referrer" content="no-referrer">')
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', head)
        assert 0 <= robots < first_load and 0 <= referrer < first_load, page
        assert policy is not None and policy.start() < first_load, page
        assert "default-src 'self'" in policy.group(1)
        scripts = re.search(r"script-src ([^;]*)", policy.group(1))
        assert scripts is not None and "'unsafe-inline'" not in scripts.group(1), page
        assert "'sha256-" in scripts.group(1), page
        # Every inline script of the page, wherever it sits in the tree, is one the policy allows
        # (the plugin renders the theme's scripts once per value they read, not once per page).
        assert set(inline_script_hashes(html)) <= set(scripts.group(1).split()), page


def test_the_site_has_a_disallow_all_robots_txt_and_no_sitemap(demo_site: Path) -> None:
    assert (demo_site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    assert not list(demo_site.rglob("sitemap*"))


MKDOCS_LEAKY = """\
site_name: Fixture
docs_dir: docs
repo_url: https://github.com/someone/contacts
extra_css: ["//cdn.example.org/theme.css"]
extra_javascript: ["https://cdn.example.org/charts.js", "js/local.js"]
theme:
  name: material
  font:
    text: Roboto
extra:
  analytics:
    provider: google
    property: G-KITH4417
plugins:
  - search
  - kith:
      today: 2026-11-25
"""


def test_settings_that_would_call_other_sites_are_switched_off(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    project = make_project(tmp_path, {"ada.md": ADA}, mkdocs_yml=MKDOCS_LEAKY)
    (project / "docs" / "js").mkdir()
    (project / "docs" / "js" / "local.js").write_text("document.title;\n")
    site = build_site(project, strict=False)
    html = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    for outside in ("github.com/someone", "G-KITH4417", "cdn.example.org", "fonts.g"):
        assert outside not in html
    assert 'src="../../js/local.js"' in (site / "people" / "ada" / "index.html").read_text()
    warnings = [r.getMessage() for r in caplog.records if r.levelname == "WARNING"]
    assert warnings == [
        "kith: extra_css: //cdn.example.org/theme.css left out: it loads from another site",
        "kith: extra_javascript: https://cdn.example.org/charts.js left out: it loads from "
        "another site",
    ]


def test_a_third_party_script_fails_a_strict_build(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": ADA}, mkdocs_yml=MKDOCS_LEAKY)
    (project / "docs" / "js").mkdir()
    (project / "docs" / "js" / "local.js").write_text("document.title;\n")
    with pytest.raises((Abort, PluginError)):
        build_site(project)


def test_mkdocs_gh_deploy_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    project = make_project(tmp_path, {"ada.md": ADA})
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "gh-deploy"],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=120,
    )
    assert done.returncode == 1
    assert "Error: kith: refusing `mkdocs gh-deploy`: GitHub Pages shows the site" in done.stderr
    assert not (project / "site").exists()


def test_a_heading_that_only_looks_private_is_reported(tmp_path: Path) -> None:
    ada = (
        "---\nname: Ada Lovelace\n---\n"  # lines 1-3
        "# Private\n"  # 4
        "Published.\n"
        "## Private notes\n"  # 6
        "```\n## Private in a fence is code\n```\n"
        "## Private\n"  # 10
        "### Private details\n"
        "Kept off the site.\n"
    )
    project = make_project(tmp_path, {"ada.md": ada})
    result = run_kith("check", cwd=project)
    assert result.out.splitlines() == [
        "people/ada.md:4: warning: heading '# Private' is published with the notes; "
        "only a '## Private' heading keeps what follows off the site",
        "people/ada.md:6: warning: heading '## Private notes' is published with the notes; "
        "only a '## Private' heading keeps what follows off the site",
        "kith: 1 contact, 0 errors, 2 warnings",
    ]
    assert "Kept off the site." in load_vault(project / "people").vault.people[0].private_notes


def test_a_heading_in_capitals_that_only_looks_private_is_reported(tmp_path: Path) -> None:
    # No "private" in lower case anywhere in the body: found all the same.
    ada = "---\nname: Ada Lovelace\n---\n# PRIVATE\nPublished.\n"
    project = make_project(tmp_path, {"ada.md": ada})
    result = run_kith("check", cwd=project)
    assert result.out.splitlines()[0] == (
        "people/ada.md:4: warning: heading '# PRIVATE' is published with the notes; "
        "only a '## Private' heading keeps what follows off the site"
    )


def test_a_private_field_of_your_own_may_share_a_name_with_kiths_records(tmp_path: Path) -> None:
    # "path" and "log" are names inside Kith's records, but fields of the owner's own here.
    ada = ADA.replace(
        "tags: [math]\n", "tags: [math]\npath: CanaryOwnPath4417\nslug: CanarySlug4417\n"
    )
    yml = MKDOCS_PRIVATE.format(people="people", private="[email, path, slug, log]")
    project = make_project(tmp_path, {"ada.md": ada}, mkdocs_yml=yml)
    result = run_kith("generate", "--out", "out", cwd=project)
    assert result.code == 0, result.err
    pages = "".join(p.read_text(encoding="utf-8") for p in (project / "out").rglob("*.md"))
    assert "CanaryOwnPath4417" not in pages and "CanarySlug4417" not in pages
    assert CANARIES[0] not in pages
    assert PUBLIC[0] in pages and "2026-" in pages  # the log is still shown
