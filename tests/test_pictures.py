"""The pictures: each one drawn from the right data, in the right place, escaped, in colours
that the stylesheet defines for light and dark.

Each SVG is read back as XML (so it must be well formed) and its shapes are checked against the
vault: a square a day and the log's counts, people at their strength and influence, a tick per
interaction, the strength line along the committed history.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

from analysis_helpers import TODAY, analyze_case, load_case
from conftest import REPO, make_project, run_kith
from gitrepo import Repo, contact

from generator.analysis.activity import find_activity, month_starts, year_before
from generator.model import CIRCLES, Edge, Interaction, Person
from generator.settings import Settings
from generator.site import contact_pictures, home_pictures, target_map
from generator.site.contact_pictures import draw_contact_history, window
from generator.site.home_pictures import draw_calendar, draw_meter, draw_months
from generator.site.svg import LIGHT
from generator.site.target_map import draw_target_map, named_people
from generator.site.ties_picture import draw_neighbours, neighbours, who
from generator.vault.load import load_vault

NS = "{http://www.w3.org/2000/svg}"
CSS = REPO / "generator" / "site" / "assets" / "kith.css"
EVIL = "<img src=x onerror=alert(1)> *Eve* & [x](javascript:alert(1))"
SVG = re.compile(r"<svg .*?</svg>")


def parse(picture: str | None) -> ET.Element:
    """Read a picture as XML, checking what every picture has: one line, a title, a desc."""
    assert picture is not None
    assert "\n" not in picture and "<script" not in picture
    root = ET.fromstring(picture)
    assert root.tag == f"{NS}svg" and root.get("role") == "img"
    assert [child.tag for child in root][:2] == [f"{NS}title", f"{NS}desc"]
    return root


def tips(root: ET.Element, tag: str) -> list[tuple[ET.Element, str]]:
    """Return each `tag` element with a tooltip of its own, and the tooltip's text."""
    found = []
    for element in root.iter(f"{NS}{tag}"):
        title = element.find(f"{NS}title")
        if title is not None:
            found.append((element, title.text or ""))
    return found


def demo_people() -> tuple[Person, ...]:
    return load_vault(REPO / "people").vault.people


def test_the_calendar_has_one_square_a_day_of_the_last_year_and_counts_the_log() -> None:
    people = demo_people()
    squares = tips(parse(draw_calendar(find_activity(people, TODAY))), "rect")
    first = year_before(TODAY)
    every_day = [first + dt.timedelta(days=n) for n in range((TODAY - first).days + 1)]
    assert len(every_day) == 365
    assert [text.split(":")[0] for _, text in squares] == [d.isoformat() for d in every_day]
    drawn = {}
    for (square, text), day in zip(squares, every_day, strict=True):
        said = text.split(": ")[1]
        drawn[day] = 0 if said == "no interaction" else int(said.split()[0])
        # A row per weekday, Monday on top; a column per week, left to right.
        assert float(square.get("y")) == home_pictures.TOP + day.weekday() * home_pictures.PITCH
        week = (day - first + dt.timedelta(days=first.weekday())).days // 7
        assert float(square.get("x")) == home_pictures.LEFT + week * home_pictures.PITCH
    logged = Counter(
        e.date for p in people for e in p.log if first <= e.date <= TODAY and e.is_contact
    )
    assert {day: n for day, n in drawn.items() if n} == dict(logged)
    assert sum(logged.values()) > 100  # the demo has a year of interactions to show


def test_a_busier_day_is_a_darker_square() -> None:
    levels = [home_pictures.heat_level(n) for n in (0, 1, 2, 3, 4, 5, 40)]
    assert levels == ["heat0", "heat1", "heat2", "heat3", "heat3", "heat4", "heat4"]


def test_the_months_picture_stacks_each_months_interactions_by_circle() -> None:
    people = demo_people()
    drawn: Counter[tuple[str, str]] = Counter()
    for _, text in tips(parse(draw_months(find_activity(people, TODAY))), "rect"):
        found = re.fullmatch(r"(\d{4}-\d\d): (\d+) with (\w+)", text)
        assert found is not None, text
        drawn[(found[1], found[3])] += int(found[2])
    starts = month_starts(TODAY)
    assert len(starts) == 12 and starts[-1] == TODAY.replace(day=1)
    logged: Counter[tuple[str, str]] = Counter(
        (f"{e.date:%Y-%m}", p.circle)
        for p in people
        for e in p.log
        if starts[0] <= e.date <= TODAY and e.is_contact
    )
    assert drawn == logged and len({month for month, _ in drawn}) == 12


def test_a_meter_shows_the_value_against_its_goal_and_warns_outside_it() -> None:
    def bar(picture: ET.Element) -> str | None:
        return picture.findall(f"{NS}rect")[-1].get("class")

    inside = parse(draw_meter("Target list", 22, 20, 30))
    assert inside.findtext(f"{NS}title") == "Target list: 22, goal 20–30"
    assert bar(inside) == "kf-good"
    assert bar(parse(draw_meter("Short list", 3, 5, 10))) == "kf-warn"
    overdue = parse(draw_meter("Overdue follow-ups", 7, 0, 0))
    assert overdue.findtext(f"{NS}title") == "Overdue follow-ups: 7, goal 0"
    assert bar(overdue) == "kf-warn"
    assert bar(parse(draw_meter("Fading ties", 0, 0, 0))) == "kf-good"


def map_of(people: tuple[Person, ...], named: list[str]) -> ET.Element:
    return parse(draw_target_map(people, named, Settings().thresholds))


def test_the_map_puts_everyone_named_at_their_strength_and_influence() -> None:
    vault, report = load_case("method"), analyze_case("method")
    t = report.targets
    named = named_people(t.targets, t.short_list, t.suggestions)
    root = map_of(vault.people, named)
    placed = {}
    for group in root.iter(f"{NS}g"):
        dot = group.find(f"{NS}circle")
        assert dot is not None
        column = (float(dot.get("cx") or 0) - target_map.LEFT) // target_map.CELL_W
        row = (float(dot.get("cy") or 0) - target_map.TOP) // target_map.CELL_H
        placed[(group.findtext(f"{NS}title") or "").split(":")[0]] = (int(column), 5 - int(row))
    people = [vault.by_slug[slug] for slug in named]
    assert placed == {p.name: (p.strength, p.influence) for p in people}
    # Everyone else is counted in their cell: the names and the numbers add up to everyone.
    counts = [text for text in root.iter(f"{NS}text") if text.find(f"{NS}title") is not None]
    counted = sum(int((text.find(f"{NS}title").tail or "").lstrip("+")) for text in counts)  # type: ignore[union-attr]
    assert counted + len(placed) == len(vault.people)


def test_a_crowded_cell_names_three_and_counts_the_rest() -> None:
    crowd = tuple(
        dataclasses.replace(p, strength=1, influence=5) for p in load_case("method").people[:6]
    )
    root = map_of(crowd, [p.slug for p in crowd])
    assert len(list(root.iter(f"{NS}g"))) == 3
    rest = [t.findtext(f"{NS}title") for t in root.iter(f"{NS}text") if t.findtext(f"{NS}title")]
    assert rest == ["3 more contacts at strength 1, influence 5"]


def entry(day: str, *tags: str) -> Interaction:
    return Interaction(dt.date.fromisoformat(day), "x", tuple(tags))


def test_the_contact_history_draws_a_tick_per_interaction_of_the_last_24_months() -> None:
    log = (
        entry("2023-05-01", "meet"),  # before the window
        entry("2024-12-01", "call"),  # the window's first day
        entry("2025-06-10", "ask", "email"),
        entry("2026-02-02", "give", "email"),
        entry("2026-11-25", "meet"),  # today
        entry("2026-12-03", "meet"),  # booked: not activity yet
    )
    person = Person("ada", "people/ada.md", "Ada", log=log)
    assert window(TODAY) == dt.date(2024, 12, 1)
    root = parse(draw_contact_history(person, [], TODAY))
    ticks = [p for p in root.iter(f"{NS}path") if (p.get("d") or "").endswith("v20")]
    asks = [p for p in root.iter(f"{NS}path") if p.get("class") == "kf-ask"]
    gives = [c for c in root.iter(f"{NS}circle") if c.get("class") == "kf-give"]
    assert (len(ticks), len(asks), len(gives)) == (4, 1, 1)
    assert root.findtext(f"{NS}desc") == "4 interactions since 2024-12-01 (1 ask, 1 give)"
    xs = [float((p.get("d") or "M0")[1:].split()[0]) for p in ticks]
    assert xs == sorted(xs) and xs[0] >= contact_pictures.LEFT and xs[-1] <= contact_pictures.WIDTH


def test_no_interaction_and_no_history_draws_no_contact_picture() -> None:
    old = Person("bo", "people/bo.md", "Bo", log=(entry("2020-01-01", "meet"),))
    assert draw_contact_history(old, [], TODAY) is None


def history_page(tmp_path: Path, commits: list[tuple[str, str]]) -> str:
    """Commit Ada at each (day, strength), generate the site for TODAY, return her page."""
    project = make_project(tmp_path / "project")
    repo = Repo(project)
    for day, strength in commits:
        repo.write("people/ada.md", contact("Ada", strength=strength))
        repo.commit(day)
    result = run_kith("generate", "--out", str(tmp_path / "out"), cwd=project)
    assert result.code == 0, result.err
    return (tmp_path / "out" / "people" / "ada.md").read_text(encoding="utf-8")


def test_the_strength_line_follows_the_committed_history(tmp_path: Path) -> None:
    commits = [("2024-06-01", "2"), ("2026-03-01", "4"), ("2026-10-01", "3"), ("2026-11-20", "3")]
    page = history_page(tmp_path, commits)
    picture = next(s for s in SVG.findall(page) if "kith-history" in s)
    root = parse(picture)
    assert root.findtext(f"{NS}desc") == (
        "0 interactions since 2024-12-01 (0 asks, 0 gives); strength since 2024-12-01: 2 → 4 → 3"
    )
    line = next(p for p in root.iter(f"{NS}path") if p.get("class") == "ks-path")
    moves = re.findall(r"([MHV])(-?[\d.]+)(?: (-?[\d.]+))?", line.get("d") or "")
    top = contact_pictures.STRENGTH - 8
    levels = [
        round((top - float(y or x)) / contact_pictures.UNIT) for kind, x, y in moves if kind in "MV"
    ]
    assert levels == [2, 4, 3]
    # Each step is where its day falls on the 24 months, which end at the right edge.
    first, span = window(TODAY), (TODAY - window(TODAY)).days + 1
    right = contact_pictures.WIDTH - contact_pictures.RIGHT
    steps = [float(x) for kind, x, _ in moves if kind == "H"]
    for day, x in zip(("2026-03-01", "2026-10-01"), steps, strict=False):
        share = (dt.date.fromisoformat(day) - first).days / span
        assert abs(x - (contact_pictures.LEFT + share * (right - contact_pictures.LEFT))) < 1
    assert steps[-1] == round(right - 0.5 * (right - contact_pictures.LEFT) / span, 1)
    assert "below it, the strength, from the git history" in page


def test_a_strength_committed_days_ago_draws_no_line_yet(tmp_path: Path) -> None:
    page = history_page(tmp_path, [("2026-11-20", "3")])
    assert "kith-history" not in page  # no interaction and a five-day-old history: nothing


def draw_ties(
    person: Person, ties: Sequence[tuple[str, Edge]], people: Mapping[str, Person]
) -> str | None:
    """Draw a contact's ties picture the way their page does."""
    return draw_neighbours(person, neighbours(ties, {slug: who(p) for slug, p in people.items()}))


def test_the_ties_picture_shows_you_and_everyone_they_know() -> None:
    vault = load_case("small-network")
    helen = vault.by_slug["helen-marsh"]
    root = parse(draw_ties(helen, vault.neighbours(helen.slug), vault.by_slug))
    told = [text for _, text in tips(root, "g")]
    ends = {text.split(":")[0].split(" and ")[0] for text in told}
    knows = {vault.by_slug[other].name for other, _ in vault.neighbours(helen.slug)}
    assert ends == {"You", *knows, helen.name}
    lines = {float(line.get("stroke-width") or 0) for line in root.iter(f"{NS}line")}
    strengths = {edge.strength for _, edge in vault.neighbours(helen.slug)} | {helen.strength}
    assert lines == {round(0.6 + s * 0.6, 1) for s in strengths}


def test_more_than_twelve_ties_show_the_strongest_twelve_and_a_count() -> None:
    hub = Person("hub", "people/hub.md", "Hub")
    people = {f"p{i:02d}": Person(f"p{i:02d}", "", f"P {i:02d}") for i in range(15)}
    ties = [(slug, _edge(slug, 1 + i % 5)) for i, slug in enumerate(people)]
    root = parse(draw_ties(hub, ties, {**people, "hub": hub}))
    assert len(list(root.iter(f"{NS}line"))) == 12  # hub has strength 0: no line to you
    assert any(t.text == "and 3 more" for t in root.iter(f"{NS}text"))


def _edge(other: str, strength: int) -> Edge:
    return Edge("hub", other, strength)


def test_every_picture_escapes_names_and_is_well_formed_xml(tmp_path: Path) -> None:
    evil = EVIL.replace("'", "")
    project = make_project(
        tmp_path / "project",
        {
            "eve.md": f"---\nname: '{evil}'\nstrength: 1\ninfluence: 5\ntarget: true\n"
            "knows: {amy: 4}\n---\n## Log\n- 2026-10-01 (ask, meet): Met\n",
            "amy.md": "---\nname: Amy\nstrength: 5\ninfluence: 4\n---\n"
            "## Log\n- 2026-11-01 (give, call): Called\n",
        },
    )
    assert run_kith("generate", "--out", str(tmp_path / "out"), cwd=project).code == 0
    pictures = [
        picture
        for page in (tmp_path / "out").rglob("*.md")
        for picture in SVG.findall(page.read_text(encoding="utf-8"))
    ]
    kinds = Counter(re.search(r'class="kith-svg kith-(\w+)"', p)[1] for p in pictures)  # type: ignore[index]
    assert {"meter", "calendar", "months", "map", "history", "ties", "chain", "network"} <= set(
        kinds
    )
    for picture in pictures:
        root = parse(picture)
        assert "<img" not in picture and "javascript:alert" not in "".join(
            v for e in root.iter() for v in e.attrib.values()
        )
        shown = "".join(root.itertext())
        assert "&lt;img" not in shown  # escaped once, not twice
    assert any(evil[:14] in "".join(parse(p).itertext()) for p in pictures)


def css_block(css: str, selector: str) -> dict[str, str]:
    block = css[css.index(selector + " {") :]
    block = block[: block.index("}")]
    return dict(re.findall(r"--kith-([\w-]+):\s*([^;]+);", block))


def test_every_colour_a_picture_uses_has_a_light_and_a_dark_value_in_the_stylesheet(
    tmp_path: Path,
) -> None:
    css = CSS.read_text(encoding="utf-8")
    light, dark = css_block(css, ":root"), css_block(css, '[data-md-color-scheme="slate"]')
    assert light == dict(LIGHT)  # the fallback attributes are the light scheme's colours
    assert set(dark) == set(LIGHT) and all(dark[k] != light[k] for k in LIGHT)
    out = tmp_path / "out"
    result = run_kith("generate", "-f", str(REPO / "mkdocs.yml"), "--out", str(out))
    assert result.code == 0, result.err
    pages = "".join(page.read_text(encoding="utf-8") for page in out.rglob("*.md"))
    used = set(re.findall(r'class="(k[fs])-(\w+)" (fill|stroke)="(#\w+)"', pages))
    assert {role for _, role, _, _ in used} >= {*CIRCLES, "path", "heat0", "heat4", "ask", "give"}
    for kind, role, attribute, fallback in used:
        prop = "fill" if kind == "kf" else "stroke"
        assert attribute == prop and fallback == LIGHT[role]
        assert f".kith-svg .{kind}-{role} {{ {prop}: var(--kith-{role}); }}" in css, role
