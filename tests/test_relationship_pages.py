"""The relationship pages: golden Markdown, a real MkDocs build, escaping, determinism."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import build_site, copy_vault, make_project, run_kith

PAGES = (
    "index.md",
    "targets.md",
    "follow-ups.md",
    "intro-paths.md",
    "connectors.md",
    "network.md",
    "dead-ends.md",
    "people/victor-vance.md",
    "people/ben-okafor.md",
    "people/rosa-marsh.md",
    "people/dan-ito.md",
)


def _generate(project: Path, out: Path) -> None:
    result = run_kith("generate", "--out", str(out), "--today", "2026-11-25", cwd=project)
    assert result.code == 0, result.err


def test_the_same_vault_and_day_give_the_same_bytes(tmp_path: Path) -> None:
    project = make_project(tmp_path / "project")
    demo = Path(__file__).resolve().parent.parent / "people"
    for source in demo.rglob("*.md"):
        target = project / "people" / source.relative_to(demo)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
    _generate(project, tmp_path / "one")
    _generate(project, tmp_path / "two")
    for page in PAGES[:7]:
        assert (tmp_path / "one" / page).read_bytes() == (tmp_path / "two" / page).read_bytes()


def test_mkdocs_builds_every_relationship_page_into_the_nav(tmp_path: Path) -> None:
    site = build_site(copy_vault("small-network", tmp_path / "project"))
    home = (site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'<a href="([^"#]+)" class="md-nav__link', home)
    assert nav == [
        ".",
        "targets/",
        "follow-ups/",
        "reconnect/",
        "intro-paths/",
        "connectors/",
        "network/",
        "dead-ends/",
        "people/",
        "tags/",
    ]
    assert "Built for <strong>2026-11-25</strong>" in home
    assert (
        '<li><strong>Follow up</strong> with <a href="people/victor-vance/">Victor Vance</a>: '
        "overdue by 40 days (target, influence 5, 1.9× past due).</li>"
    ) in home


def test_the_intro_paths_page_shows_actions_with_links_and_pictures(tmp_path: Path) -> None:
    site = build_site(copy_vault("small-network", tmp_path / "project"))
    page = (site / "intro-paths" / "index.html").read_text(encoding="utf-8")
    assert (
        'ask <a href="../people/helen-marsh/">Helen Marsh</a> to introduce you to '
        '<a href="../people/rosa-marsh/">Rosa Marsh</a>, who knows '
        '<a href="../people/victor-vance/">Victor Vance</a>.'
    ) in page
    pictures = re.findall(r'<div class="kith-picture" data-search-exclude>\n<svg [^>]*>', page)
    # Victor: through Helen and through Carla (his direct tie needs no chain); Ben, direct: none.
    assert len(pictures) == 2
    # Victor's block is open on his best path; his alternatives are folded inside it.
    victor = page[page.index('<details class="kith-target" open="open">') :]
    victor = victor[: victor.index("</details>\n</details>")]
    assert '<summary><a href="../people/victor-vance/">Victor Vance</a> · stranger' in victor
    assert victor.index("<strong>Best path</strong>") < victor.index('<details class="kith-more">')
    assert "<summary>2 alternatives: direct (0.4), via Carla Nguyen (0.2)</summary>" in victor
    assert victor.count("<strong>Alternative</strong>") == 2
    assert '<h2 id="you-know-them-directly">You know them directly</h2>' in page
    assert '<a href="../people/ben-okafor/">Ben Okafor</a> · client · influence 4' in page
    assert '<h2 id="no-known-path-yet">No known path yet</h2>' in page
    assert '<a href="../people/eva-stone/">Eva Stone</a>: influence 4, connector' in page


def test_the_network_page_draws_an_inline_picture_without_script(tmp_path: Path) -> None:
    site = build_site(copy_vault("small-network", tmp_path / "project"))
    page = (site / "network" / "index.html").read_text(encoding="utf-8")
    svg = re.search(r'<svg [^>]*class="kith-svg kith-network".*?</svg>', page, re.DOTALL)
    assert svg is not None
    assert "<script" not in svg.group(0) and "href" not in svg.group(0)
    assert ">Victor Vance</text>" in svg.group(0)
    assert "<title>Your network: you in the centre</title><desc>" in svg.group(0)


def test_names_are_escaped_on_every_relationship_page_and_picture(tmp_path: Path) -> None:
    evil = "<img src=x onerror=alert(1)> *Eve* [x](javascript:alert(1))"
    project = make_project(
        tmp_path / "project",
        {
            "eve.md": f"---\nname: '{evil}'\nstrength: 3\ninfluence: 5\ntarget: true\n---\n",
            "amy.md": "---\nname: Amy\nstrength: 5\nknows: {eve: 5}\n---\n",
        },
    )
    site = build_site(project)
    for page in ("index", "targets", "follow-ups", "intro-paths", "connectors", "network"):
        html = (site / page / "index.html" if page != "index" else site / "index.html").read_text(
            encoding="utf-8"
        )
        assert "<img src=x" not in html, page
        assert 'href="javascript' not in html, page
        assert "<em>Eve</em>" not in html, page
    network = (site / "network" / "index.html").read_text(encoding="utf-8")
    # The label is shortened; the tooltip carries the whole name.
    assert "<title>&lt;img src=x onerror=alert(1)&gt; *Eve* [x](javascript:alert(1)): " in network
    assert ">&lt;img src=x onerror=aler…</text>" in network


def test_the_follow_ups_page_lists_the_most_pressing_rows_and_says_how_many_more(
    tmp_path: Path,
) -> None:
    # Five overdue friends (cadence 30): the longest silence first; the page shows two.
    people = {
        f"f{i}.md": f"---\nname: Friend {i}\ncircle: friend\nlast_contact: 2026-0{i}-01\n---\n"
        for i in range(1, 6)
    }
    yml = (
        "site_name: Rows\ntheme:\n  name: material\nplugins:\n  - kith:\n"
        "      today: 2026-11-25\n      follow_up_rows: 2\n"
    )
    root = make_project(tmp_path / "project", people, mkdocs_yml=yml)
    assert run_kith("generate", "--out", "out", cwd=root).code == 0
    page = (root / "out" / "follow-ups.md").read_text(encoding="utf-8")
    overdue = page.split("## Overdue", 1)[1].split("## Scheduled", 1)[0]
    rows = [line for line in overdue.splitlines() if line.startswith("| [")]
    assert [row.split("]", 1)[0] for row in rows] == ["| [Friend 1", "| [Friend 2"]
    assert "Last contact older than the cadence: **5**." in overdue
    assert overdue.endswith(
        "\n\n> Showing the first 2 of 5: `kith agenda` lists every one (`follow_up_rows: 2`).\n\n"
    )
    # Every one in the terminal; with the default, every one on the page and no note.
    agenda = run_kith("agenda", cwd=root).out
    assert all(f"Friend {i}" in agenda for i in range(1, 6))
    (root / "mkdocs.yml").write_text(yml.replace("      follow_up_rows: 2\n", ""))
    assert run_kith("generate", "--out", "out", cwd=root).code == 0
    page = (root / "out" / "follow-ups.md").read_text(encoding="utf-8")
    assert page.count("| [Friend ") == 5 and "Showing the first" not in page
