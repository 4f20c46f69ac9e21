"""`kith sample`: a synthetic vault that is realistic, valid, and the same for the same seed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from conftest import build_site, run_kith

from generator.exchange.sample import make_sample
from generator.vault.load import load_vault

TODAY = dt.date(2026, 11, 25)


def sample(out: Path, *args: str) -> str:
    result = run_kith("sample", "--today", "2026-11-25", "--out", str(out), *args)
    assert result.code == 0, result.err
    return result.out


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_a_sample_vault_passes_a_strict_check(tmp_path: Path) -> None:
    sample(tmp_path / "s", "--people", "400", "--seed", "3")
    result = run_kith("check", "--strict", cwd=tmp_path / "s")
    assert (result.code, result.err) == (0, "")
    assert result.out == "kith: 400 contacts, 0 errors, 0 warnings\n"


def test_a_sample_looks_like_a_real_network(tmp_path: Path) -> None:
    sample(tmp_path / "s", "--people", "1000", "--seed", "5")
    vault = load_vault(tmp_path / "s" / "people").vault
    people = vault.people
    assert len(people) == 1000
    assert 4_500 <= len(vault.edges) <= 5_500  # about five ties each
    assert sum(p.target for p in people) == 25
    assert 5.5 <= sum(len(p.log) for p in people) / 1000 <= 6.5
    assert 200 <= sum(len(p.notes) for p in people) / 1000 <= 500
    assert {p.circle for p in people} == {
        "family", "friend", "colleague", "client", "acquaintance", "stranger"
    }  # fmt: skip
    assert any(not p.name.isascii() for p in people)  # accented names
    assert any(t.how for p in people for t in p.ties)  # {strength, how} ties
    texts = make_sample(1000, 5, TODAY)
    assert any("knows: [" in t for t in texts.values())  # the list form
    assert any("\n  " in t and ": {strength:" in t for t in texts.values())  # the mapping form
    assert any(p.path.startswith("people/family/") for p in people)


def test_the_same_seed_gives_the_same_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    sample(tmp_path / "a", "--people", "150", "--seed", "9")
    sample(tmp_path / "b", "--people", "150", "--seed", "9")
    sample(tmp_path / "c", "--people", "150", "--seed", "10")
    first, second, third = (snapshot(tmp_path / n) for n in "abc")
    assert first == second
    assert first.keys() != third.keys() or first != third
    assert make_sample(150, 9, TODAY) != make_sample(150, 9, TODAY + dt.timedelta(days=1))


def test_a_sample_site_builds_with_mkdocs_strict(tmp_path: Path) -> None:
    out = sample(tmp_path / "s", "--people", "60", "--seed", "2")
    assert out.startswith(f"kith: 60 contacts in {tmp_path / 's'} (62 files written, ")
    site = build_site(tmp_path / "s")
    pages = list((site / "people").glob("*/index.html"))
    assert len(pages) == 60
    assert "Built for <strong>2026-11-25</strong>" in (site / "index.html").read_text()


def test_a_folder_that_is_not_empty_is_refused_unless_forced(tmp_path: Path) -> None:
    out = tmp_path / "s"
    out.mkdir()
    (out / "mine.txt").write_text("keep me")
    refused = run_kith("sample", "--people", "5", "--out", str(out))
    assert (refused.code, refused.err) == (
        1,
        f"kith: {out} is not empty; use --force to write into it anyway\n",
    )
    assert sorted(p.name for p in out.iterdir()) == ["mine.txt"]
    sample(out, "--people", "40", "--force")
    sample(out, "--people", "10", "--force")  # a smaller sample replaces the bigger one
    assert len(list((out / "people").rglob("*.md"))) == 10
    assert (out / "mine.txt").read_text() == "keep me"
    assert run_kith("check", "--strict", cwd=out).code == 0


def test_forced_into_a_vault_of_ones_own_it_replaces_none_of_its_files(tmp_path: Path) -> None:
    out = tmp_path / "vault"
    assert run_kith("init", str(out)).code == 0
    made = sample(tmp_path / "peek", "--people", "5")  # learn one file name a sample writes
    assert made.startswith("kith: 5 contacts")
    first = sorted((tmp_path / "peek" / "people").glob("*.md"))[0].name
    (out / "people" / first).write_text("---\nname: Mine\n---\n")
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    refused = run_kith("sample", "--people", "5", "--out", str(out), "--force")
    assert refused.code == 1
    assert refused.err == (
        f"kith: 2 files in {out.as_posix()} Kith did not write would be replaced; nothing was "
        f"written:\n  {out.as_posix()}/mkdocs.yml\n  {out.as_posix()}/people/{first}\n"
        "Move them away or choose another --out.\n"
    )
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_the_number_of_people_must_be_positive(tmp_path: Path) -> None:
    result = run_kith("sample", "--people", "0", "--out", str(tmp_path / "s"))
    assert (result.code, result.err) == (2, "kith: --people must be from 1 to 1,000,000 (got 0)\n")
    assert not (tmp_path / "s").exists()
