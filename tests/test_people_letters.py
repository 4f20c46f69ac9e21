"""A big vault's People index: a page per initial letter, each kept and redrawn on its own."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from conftest import build_site, make_project, run_kith
from gitrepo import contact

from generator.build import generate, open_cache, open_page_cache
from generator.settings import read_mkdocs_settings
from generator.site.pages import PEOPLE_ON_ONE_PAGE

TODAY = dt.date(2026, 11, 25)
# Names a letter page must file right: accents, letters anyascii folds, scripts it spells out,
# and names that begin with no letter at all.
SPECIAL = {
    "emile.md": "Émile Zola",
    "oyvind.md": "Øyvind Berg",
    "lukasz.md": "Łukasz Nowak",
    "wang.md": "王伟",
    "digits.md": "3M Liaison",
    "quote.md": "(Sam) Hale",
    "zed.md": "zed lowercase",
}


def people(count: int) -> dict[str, str]:
    """`count` contacts: the special names, then "Person NNN" under the letters A, B, C."""
    files = {name: contact(text, log="- 2026-10-01: coffee\n") for name, text in SPECIAL.items()}
    for number in range(count - len(files)):
        letter = "ABC"[number % 3]
        files[f"{letter.lower()}{number:04}.md"] = contact(
            f"{letter}person {number:04}", log="- 2026-09-01: call\n"
        )
    return files


def texts(project: Path) -> tuple[dict[str, str], list[str]]:
    settings = read_mkdocs_settings(project / "mkdocs.yml")
    pages = open_page_cache(settings)
    made = generate(settings, TODAY, cache=open_cache(settings), pages=pages)
    assert made.texts == generate(settings, TODAY).texts  # the cache changes nothing
    return made.texts, pages.rendered


def rows(text: str) -> list[str]:
    """The contact pages a People table links to, in order."""
    return re.findall(r"^\| \[[^]]*\]\(((?:\.\./)?[^)]*\.md)\) \|", text, re.MULTILINE)


def test_up_to_the_limit_the_people_index_is_one_table(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE))
    pages, _ = texts(project)
    assert not any(path.startswith("people/a-z/") for path in pages)
    assert len(rows(pages["people/index.md"])) == PEOPLE_ON_ONE_PAGE
    assert "500 contacts, A–Z." in pages["people/index.md"]


def test_beyond_the_limit_each_letter_has_its_page(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE + 1))
    pages, _ = texts(project)
    letters = sorted(path for path in pages if path.startswith("people/a-z/"))
    assert letters == [
        f"people/a-z/{name}.md" for name in ("a", "b", "c", "e", "l", "o", "other", "w", "z")
    ]
    index = pages["people/index.md"]
    assert "501 contacts, filed by the first letter of their name" in index
    assert "| [A](a-z/a.md) | 165 |" in index
    assert index.index("[Z](a-z/z.md)") < index.index("| [#](a-z/other.md) | 2 |")
    # Every contact is in exactly one letter's table, linked from there to its page.
    linked = [link for path in letters for link in rows(pages[path])]
    assert sorted(linked) == sorted(f"../{name}" for name in people(501))
    filed = {
        "e": "../emile.md",
        "o": "../oyvind.md",
        "l": "../lukasz.md",
        "w": "../wang.md",
        "z": "../zed.md",
    }
    for letter, link in filed.items():
        assert rows(pages[f"people/a-z/{letter}.md"]) == [link]
    assert rows(pages["people/a-z/other.md"]) == ["../quote.md", "../digits.md"]
    b = pages["people/a-z/b.md"]
    front = '---\ntitle: "People: B"\nsearch:\n  exclude: true\nhide:\n  - toc\n---\n'
    assert b.startswith(front + "# People: B\n")
    assert "165 contacts filed under B by the first letter of their name" in b
    assert "[all letters](../index.md)" in b
    assert "[A](a.md) · **B** · [C](c.md)" in b
    assert '<div class="kith-sortable" hidden></div>' in b
    assert '---\ntitle: "People: #"\n' in pages["people/a-z/other.md"]


def test_an_edit_redraws_the_letter_of_the_contact_it_changed(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE + 1))
    before, _ = texts(project)
    wang = project / "people" / "wang.md"
    wang.write_text(wang.read_text().replace("## Log\n", "## Log\n- 2026-11-20: tea\n"))
    after, rendered = texts(project)
    assert sorted(p for p in rendered if p.startswith("people/a-z/")) == ["people/a-z/w.md"]
    assert "2026-11-20" in after["people/a-z/w.md"]
    assert {p for p in after if before[p] != after[p]} >= {"people/a-z/w.md", "people/wang.md"}
    # A new name files the contact under another letter: both letters' pages change.
    wang.write_text(wang.read_text().replace("name: 王伟", "name: Ming Wang"))
    renamed, rendered = texts(project)
    assert "people/a-z/w.md" not in renamed  # its only contact moved to M
    assert rows(renamed["people/a-z/m.md"]) == ["../wang.md"]
    assert "[M](a-z/m.md)" in renamed["people/index.md"]
    assert "[L](l.md) · **M** · [O](o.md)" in renamed["people/a-z/m.md"]


def test_a_new_contact_changes_only_its_letters_page_and_the_index(tmp_path: Path) -> None:
    # Each letter's page says nothing of the others: a contact added under B leaves the text of
    # every other letter as it was, so `mkdocs serve --dirtyreload` converts two pages, not all.
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE + 1))
    before, _ = texts(project)
    (project / "people" / "bea-new.md").write_text("---\nname: Bea New\n---\n")
    after, _ = texts(project)
    changed = {p for p in after if p.startswith("people/") and before.get(p) != after[p]}
    assert changed == {"people/index.md", "people/a-z/b.md", "people/bea-new.md"}
    assert "166 contacts filed under B" in after["people/a-z/b.md"]


def test_mkdocs_builds_the_letter_pages_out_of_the_navigation(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE + 1))
    site = build_site(project)  # strict: every link between the pages resolves
    page = (site / "people" / "a-z" / "w" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../wang/"' in page
    nav = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="people/"' in nav and "a-z/" not in nav


def test_a_vault_back_under_the_limit_leaves_no_letters_folder(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", people(PEOPLE_ON_ONE_PAGE + 1))
    out, letters = tmp_path / "out", tmp_path / "out" / "people" / "a-z"
    zed = project / "people" / "zed.md"
    kept = zed.read_bytes()

    def generate_out() -> None:
        result = run_kith("generate", "--today", "2026-11-25", "--out", str(out), cwd=project)
        assert result.code == 0, result.err

    generate_out()
    assert len(list(letters.iterdir())) == 9
    zed.unlink()
    generate_out()
    assert not letters.exists()
    assert (out / "people" / "index.md").is_file()
    # A folder that holds a file of someone else's stays, and so does the file.
    zed.write_bytes(kept)
    generate_out()
    mine = letters / "mine" / "notes.txt"
    mine.parent.mkdir()
    mine.write_text("mine\n")
    zed.unlink()
    generate_out()
    assert sorted(p.relative_to(letters).as_posix() for p in letters.rglob("*")) == [
        "mine",
        "mine/notes.txt",
    ]
    assert mine.read_text() == "mine\n"
