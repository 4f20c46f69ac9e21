"""The method's thresholds are settings in the kith section, each checked with a clear message."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import REPO, make_project, run_kith

from generator.settings import SettingsError, read_mkdocs_yaml, settings_from_mapping
from generator.thresholds import THRESHOLD_KEYS, Thresholds


def _error(raw: dict[str, object]) -> str:
    with pytest.raises(SettingsError) as caught:
        settings_from_mapping(raw, Path("."))
    return str(caught.value)


def test_every_threshold_defaults_to_the_method() -> None:
    limits = settings_from_mapping({}, Path(".")).thresholds
    assert limits == Thresholds()
    assert (limits.max_hops, limits.due_soon_days, limits.ask_after, limits.ask_gap_days) == (
        4,
        7,
        3,
        90,
    )
    assert (limits.target_list_min, limits.target_list_max) == (20, 30)
    assert (limits.short_list_min, limits.short_list_max) == (5, 10)


def test_a_threshold_can_be_changed() -> None:
    raw = {key: getattr(Thresholds(), key) for key in THRESHOLD_KEYS} | {"max_hops": 3}
    assert settings_from_mapping(raw, Path(".")).thresholds.max_hops == 3


def test_a_threshold_out_of_range_is_refused_with_its_range() -> None:
    assert _error({"max_hops": 0}) == (
        "kith setting 'max_hops' must be a whole number from 1 to 6 (got 0)"
    )
    assert _error({"due_soon_days": "a week"}) == (
        "kith setting 'due_soon_days' must be a whole number from 0 to 365 (got 'a week')"
    )
    assert _error({"cooling_strength": True}) == (
        "kith setting 'cooling_strength' must be a whole number from 0 to 5 (got True)"
    )


def test_a_range_whose_low_end_is_above_its_high_end_is_refused() -> None:
    assert _error({"target_list_min": 40}) == (
        "kith setting 'target_list_min' (40) must not be above 'target_list_max' (30)"
    )
    assert _error({"short_list_min": 6, "short_list_max": 5}) == (
        "kith setting 'short_list_min' (6) must not be above 'short_list_max' (5)"
    )


def test_a_misspelt_threshold_is_an_unknown_setting() -> None:
    assert _error({"max_hop": 3}) == "unknown kith setting(s): max_hop"


def test_the_terminal_reports_a_bad_threshold_and_exits_1(tmp_path: Path) -> None:
    yml = "site_name: X\nplugins:\n  - kith:\n      max_hops: 9\n"
    project = make_project(tmp_path, {}, mkdocs_yml=yml)
    result = run_kith("agenda", cwd=project)
    assert (result.code, result.out) == (1, "")
    assert (
        result.err == "kith: kith setting 'max_hops' must be a whole number from 1 to 6 (got 9)\n"
    )


def test_the_terminal_reads_thresholds_from_mkdocs_yml(tmp_path: Path) -> None:
    people = {
        "a.md": "---\nname: A\nstrength: 5\nknows: {b: 5}\n---\n",
        "b.md": "---\nname: B\n---\n",
    }
    yml = "site_name: X\nplugins:\n  - kith:\n      today: 2026-11-25\n      max_hops: 1\n"
    project = make_project(tmp_path, people, mkdocs_yml=yml)
    result = run_kith("path", "b", "--json", cwd=project)
    assert result.out.replace(" ", "").replace("\n", "") == '{"target":"b","paths":[]}'


@pytest.mark.parametrize("command", [("check",), ("agenda",), ("log", "ada", "Lunch")])
def test_a_today_that_does_not_exist_in_mkdocs_yml_is_a_settings_error(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    root = make_project(tmp_path, {"ada.md": "---\nname: Ada\n---\n"}, today="2026-02-30")
    result = run_kith(*command, cwd=root)
    assert (result.code, result.out) == (1, "")
    assert result.err == "kith: mkdocs.yml:10: date 2026-02-30 does not exist\n"


def test_an_mkdocs_yml_that_is_not_yaml_is_shown_where_it_breaks(tmp_path: Path) -> None:
    # libyaml reads a good mkdocs.yml; a broken one is read again by PyYAML's own parser, whose
    # message quotes the line (libyaml's gives only its number).
    yml = "site_name: X\nplugins:\n  - kith:\n      today: 2026-11-25\n    bad: [1\n"
    root = make_project(tmp_path, {"ada.md": "---\nname: Ada\n---\n"}, mkdocs_yml=yml)
    result = run_kith("check", cwd=root)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "kith: mkdocs.yml: not valid YAML (while parsing a flow sequence\n"
        '  in "<unicode string>", line 5, column 10:\n'
        "        bad: [1\n"
        "             ^\n"
        "expected ',' or ']', but got '<stream end>'\n"
        '  in "<unicode string>", line 6, column 1:\n'
        "    \n"
        "    ^)\n"
    )


def test_an_mkdocs_yml_that_is_not_utf8_is_shown_where_it_breaks(tmp_path: Path) -> None:
    root = make_project(tmp_path, {"ada.md": "---\nname: Ada\n---\n"})
    config = root / "mkdocs.yml"
    config.write_bytes(config.read_bytes() + b"# caf\xe9\n")
    result = run_kith("check", cwd=root)
    assert (result.code, result.out) == (1, "")
    assert result.err == "kith: mkdocs.yml:13: file is not UTF-8 (byte 0xe9); save it as UTF-8\n"


def test_mkdocs_yml_is_read_as_plain_data_with_its_tags_as_nothing(tmp_path: Path) -> None:
    yml = tmp_path / "mkdocs.yml"
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text += "extra:\n  when: 2026-11-25\n  tagged: !ENV [HOME]\n  odd: !!python/name:os.sep\n"
    yml.write_text(text, encoding="utf-8")
    data = read_mkdocs_yaml(yml)
    assert data["site_name"] == "Kith"
    assert data["extra"] == {"when": dt.date(2026, 11, 25), "tagged": None, "odd": None}
