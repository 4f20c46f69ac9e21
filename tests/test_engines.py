"""The same vault built for real by MkDocs, ProperDocs and Zensical: the main pages of each."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import build_site, make_project, run_kith
from gitrepo import Repo, contact

from generator.site.policy import inline_script_hashes

ENGINES = ("mkdocs", "properdocs", "zensical")
ADA = contact(
    "Ada Lovelace",
    circle="colleague",
    strength=2,
    influence=5,
    target=True,
    tags="[board, maths]",
    knows="{ben: 4, dee: 3}",
)
BEN = contact("Ben Okafor", circle="friend", strength=4, tags="[board]", knows="{dee: 4}")
# A target reached through Ben, or else through Ada: a block with an alternative folded in it.
DEE = contact("Dee Rivers", circle="stranger", influence=4, target=True)
CY = contact("Cy Twombly", log="- 2026-11-01 (call): Talked about the show\n")


def vault(root: Path) -> Path:
    """A committed three-person vault whose history shows Ada's strength rising."""
    project = make_project(root, today="2026-11-25")
    repo = Repo(project)
    repo.write("people/ada.md", ADA)
    repo.write("people/ben.md", BEN)
    repo.write("people/work/cy.md", CY)
    repo.write("people/dee.md", DEE)
    repo.commit("2026-10-01")
    repo.write("people/ada.md", ADA.replace("strength: 2", "strength: 4"))
    repo.commit("2026-11-10")
    return project


def run(*command: str, cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def build(engine: str, root: Path) -> Path:
    project = vault(root / engine)
    if engine == "mkdocs":
        return build_site(project)
    if engine == "properdocs":
        site = root / "properdocs-site"
        run(sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(site), cwd=project)
        return site
    out = root / "zensical-project"
    result = run_kith("generate", "--zensical", "--out", str(out), cwd=project)
    assert result.code == 0, result.err
    run(sys.executable, "-m", "zensical", "build", "--strict", cwd=out)
    return out / "site"


@pytest.fixture(scope="module", params=ENGINES)
def site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip(request.param, reason="the engines extra: pip install -e '.[engines]'")
    return build(request.param, tmp_path_factory.mktemp("engines"))


def text(site: Path, page: str) -> str:
    return (site / page / "index.html").read_text(encoding="utf-8")


def sidebars(html: str) -> str:
    """Return the page from its site navigation up to its content."""
    return html[html.index('<nav class="md-nav md-nav--primary"') : html.index('"md-content"')]


def test_the_home_page_shows_the_day_and_the_movement(site: Path) -> None:
    home = text(site, ".")
    assert "<strong>2026-11-25</strong>" in home
    assert re.search(r'<a href="(\./)?people/ada/">Ada Lovelace</a> — strength 2 → 4', home)


def test_the_people_index_links_every_contact(site: Path) -> None:
    index = text(site, "people")
    for slug, name in (("ada", "Ada Lovelace"), ("ben", "Ben Okafor"), ("cy", "Cy Twombly")):
        assert re.search(rf'<a href="(\./)?{slug}/">{name}</a>', index)


def test_the_people_index_loads_the_sites_own_sort_scripts(site: Path) -> None:
    index = text(site, "people")
    assert '<div class="kith-sortable" hidden></div>' in index
    for script in ("tablesort.min.js", "kith-sort.js"):
        assert f'<script src="../assets/javascripts/{script}"></script>' in index
        assert (site / "assets" / "javascripts" / script).is_file()
    licence = site / "assets" / "javascripts" / "tablesort.min.js.LICENSE.txt"
    assert licence.read_text().startswith("Copyright (c) Tristen Brown")


def test_a_contact_page_shows_facts_log_and_history(site: Path) -> None:
    ada = text(site, "people/ada")
    assert re.search(r"<h1[^>]*>Ada Lovelace</h1>", ada)
    assert "<td>4 of 5</td>" in ada
    assert "<li>strength 2 → 4 on 2026-11-10</li>" in ada
    assert "<li>added on 2026-10-01</li>" in ada
    assert re.search(r'<a href="\.\./ben/">Ben Okafor</a> — strength 4', ada)
    assert "Talked about the show" in text(site, "people/cy")


def test_contacts_stay_out_of_the_navigation(site: Path) -> None:
    nav = sidebars(text(site, "."))
    assert "people/ada" not in nav and "Ada Lovelace" not in nav
    assert "People" in nav and "Tags" in nav


def test_the_tags_page_lists_contacts_by_tag(site: Path) -> None:
    tags = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text(site, "tags")))
    assert re.search(r"board (Ada Lovelace|Ben Okafor) (Ada Lovelace|Ben Okafor) ", tags)
    assert "maths Ada Lovelace" in tags


def test_search_has_an_index_of_the_contacts(site: Path) -> None:
    index = site / "search" / "search_index.json"
    if not index.exists():
        index = site / "search.json"  # Zensical's name
    assert "Cy Twombly" in index.read_text(encoding="utf-8")


def test_every_page_stays_private(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) >= 6
    for page in pages:
        html = page.read_text(encoding="utf-8")
        head = html[: html.index("</head>")]
        assert '<meta name="robots" content="noindex, nofollow">' in head, page
        policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', head)
        assert policy is not None, page
        scripts = policy.group(1).split("script-src ")[1].split(";")[0].split()
        assert "'unsafe-inline'" not in scripts, page
        # Every inline script the theme wrote is allowed by its hash, and so runs.
        assert set(inline_script_hashes(html)) <= set(scripts), page
        assert "fonts.googleapis.com" not in html and "fonts.gstatic.com" not in html, page
    assert (site / "robots.txt").read_text() == "User-agent: *\nDisallow: /\n"
    sitemap = site / "sitemap.xml"
    assert not sitemap.exists() or "<loc>" not in sitemap.read_text()


def test_the_zensical_project_takes_the_owners_settings_and_kiths_navigation(
    tmp_path: Path,
) -> None:
    yml = """\
site_name: My network
site_description: Whom to call
docs_dir: docs
theme: material
extra:
  analytics: {provider: google, property: G-XXXXXXX}
  homepage: https://example.org/
nav:
  - Mine: mine.md
plugins:
  - search
  - kith:
      today: 2026-11-25
markdown_extensions:
  - admonition
  - toc:
      permalink: true
"""
    project = make_project(tmp_path / "p", {"ada.md": ADA, "ben.md": BEN}, mkdocs_yml=yml)
    out = tmp_path / "out"
    result = run_kith("generate", "--zensical", "--out", str(out), cwd=project)
    assert result.out.endswith(f"kith: build the site with: zensical build -f {out}/mkdocs.yml\n")
    written = (out / "mkdocs.yml").read_text()
    assert written.startswith("# Written by `kith generate --zensical`")
    config = yaml.safe_load(written)
    nav = [path for entry in config.pop("nav") for path in entry.values()]
    assert nav == [
        "index.md",
        "targets.md",
        "follow-ups.md",
        "reconnect.md",
        "intro-paths.md",
        "connectors.md",
        "network.md",
        "dead-ends.md",
        "people/index.md",
        "tags.md",
    ]
    assert config == {
        "site_name": "My network",
        "site_description": "Whom to call",
        "theme": {"name": "material", "font": False, "custom_dir": "overrides"},
        "extra": {"homepage": "https://example.org/"},
        "markdown_extensions": [
            "tables",
            "pymdownx.blocks.details",
            "admonition",
            {"toc": {"permalink": True}},
        ],
        "docs_dir": "docs",
        "site_dir": "site",
        "plugins": ["search", "tags"],
        "extra_css": ["assets/stylesheets/kith.css"],
        "extra_javascript": [
            "assets/javascripts/tablesort.min.js",
            "assets/javascripts/kith-sort.js",
            "assets/javascripts/kith-tables.js",
        ],
    }
    assert (out / "docs" / "people" / "ada.md").is_file()
    assert (out / "docs" / "robots.txt").is_file()
    assert sorted(p.name for p in (out / "overrides").iterdir()) == [
        "main.html",
        "partials",
        "sitemap.xml",
    ]


def test_the_pictures_the_stylesheet_and_the_folding_blocks_reach_every_engine(site: Path) -> None:
    home = text(site, ".")
    assert re.search(r'<link rel="stylesheet" href="(\./)?assets/stylesheets/kith\.css', home)
    assert (site / "assets" / "stylesheets" / "kith.css").read_text().startswith("/* Kith's")
    assert re.search(r'<script src="(\./)?assets/javascripts/kith-tables\.js"></script>', home)
    for kind in ("meter", "calendar", "months"):
        assert f'class="kith-svg kith-{kind}"' in home, kind
    assert 'class="kith-svg kith-map"' in text(site, "targets")
    ada = text(site, "people/ada")
    assert 'class="kith-svg kith-history"' in ada and 'class="kith-svg kith-ties"' in ada
    # Dee: her path through Ben open, the one through Ada folded, no block syntax left over.
    paths = text(site, "intro-paths")
    assert re.search(r'<details class="kith-target" open(="open")?>\s*<summary><a href="', paths)
    assert re.search(r"<details class=\"kith-more\">\s*<summary>1 alternative: via Ada", paths)
    assert "/// details" not in paths and "type: kith" not in paths


def test_generate_never_writes_over_a_page_of_ones_own(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", {"ada.md": contact("Ada")})
    (project / "docs" / "index.md").write_text("# My own home page\n")
    refused = run_kith("generate", "--out", "docs", cwd=project)
    assert (refused.code, refused.out) == (1, "")
    assert refused.err.splitlines(keepends=True)[-3:] == (
        "kith: 1 file in docs Kith did not write would be replaced; nothing was written:\n"
        "  docs/index.md\nMove them away or choose another --out.\n"
    ).splitlines(keepends=True)
    assert sorted(p.name for p in (project / "docs").iterdir()) == ["index.md"]
    # Into a folder of its own it writes, and a second run replaces what the first one wrote.
    for _ in range(2):
        assert run_kith("generate", "--out", "out", cwd=project).code == 0
    assert (project / "out" / "people" / "ada.md").is_file()
