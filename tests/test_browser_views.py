"""The demo site as it looks: light and dark, desktop and phone, folded and printed.

Debian's Chromium over real HTTP on 127.0.0.1 (see test_browser.py); every page in each of the
four looks must load with no console error and no request to another host.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from browser import Recorder, main_pages

VIEW = Callable[..., tuple[Any, Recorder]]
LOOKS = [("light", False), ("dark", False), ("light", True), ("dark", True)]
LOOK_IDS = ["light-desktop", "dark-desktop", "light-phone", "dark-phone"]

# What a page looks like: its scheme, whether it scrolls sideways, and every piece of picture
# text (shown, not folded away) that does not stand out from the page (contrast under 3:1),
# and every person's dot that does not either (under 1.4:1).
LOOK = """() => {
  const rgba = (text) => {
    const [r, g, b, a] = text.match(/[\\d.]+/g).map(Number);
    return [r, g, b, a === undefined ? 1 : a];
  };
  const over = ([r, g, b, a], [R, G, B]) =>
    [r * a + R * (1 - a), g * a + G * (1 - a), b * a + B * (1 - a)];
  const light = (c) => {
    const [r, g, b] = c.map((v) => {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const contrast = (a, b) => {
    const [x, y] = [light(a), light(b)].sort((p, q) => q - p);
    return (x + 0.05) / (y + 0.05);
  };
  const page = over(rgba(getComputedStyle(document.body).backgroundColor), [255, 255, 255]);
  const faint = [];
  const check = (element, least) => {
    if (!element.getClientRects().length) return;
    const style = getComputedStyle(element);
    const fill = rgba(style.fill);
    fill[3] *= Number(style.fillOpacity) * Number(style.opacity);
    // Text in the paper colour is written on the dot drawn just before it ("You").
    const dot = element.classList.contains("kf-paper") && element.previousElementSibling;
    const behind = dot ? over(rgba(getComputedStyle(dot).fill), page) : page;
    const ratio = contrast(over(fill, behind), behind);
    const what = element.textContent || element.getAttribute("class");
    if (ratio < least) faint.push(`${what}: ${ratio.toFixed(2)}`);
  };
  document.querySelectorAll("svg.kith-svg text").forEach((t) => check(t, 3));
  const people = ["family", "friend", "colleague", "client", "acquaintance", "stranger"];
  document.querySelectorAll(people.map((c) => `svg.kith-svg circle.kf-${c}`).join(", "))
    .forEach((c) => check(c, 1.4));
  return {
    scheme: document.body.getAttribute("data-md-color-scheme"),
    sideways: document.documentElement.scrollWidth - window.innerWidth,
    heading: (document.querySelector("article h1") || {}).textContent || "",
    pictures: document.querySelectorAll("article svg.kith-svg").length,
    faint: faint.slice(0, 5),
  };
}"""


def load(page: Any, url: str) -> dict[str, Any]:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    look: dict[str, Any] = page.evaluate(LOOK)
    return look


@pytest.mark.parametrize(("scheme", "phone"), LOOKS, ids=LOOK_IDS)
def test_every_main_page_renders_in_light_and_dark_on_desktop_and_phone(
    scheme: str, phone: bool, demo_site: Path, demo_url: str, visit: VIEW
) -> None:
    page, recorder = visit(phone=phone, scheme=scheme)
    problems: dict[str, Any] = {}
    pictures = 0
    for path in main_pages(demo_site):
        look = load(page, demo_url + path)
        pictures += look["pictures"]
        expected = {"scheme": "slate" if scheme == "dark" else "default", "sideways": 0}
        if {key: look[key] for key in expected} != expected or look["faint"] or not look["heading"]:
            problems[path] = look
    assert problems == {}
    assert pictures >= 7  # meters, the year, the months, the map, a contact's, the network
    assert recorder.errors == []
    assert recorder.foreign_requests() == []


def test_the_switch_turns_the_pictures_dark_and_back(demo_url: str, visit: VIEW) -> None:
    page, recorder = visit()
    load(page, demo_url + "targets/")
    family = page.locator("svg.kith-map circle.kf-family").first

    def state() -> tuple[str | None, str]:
        scheme = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        return scheme, family.evaluate("(c) => getComputedStyle(c).fill")

    assert state() == ("default", "rgb(213, 94, 0)")  # the light colour: #d55e00
    page.locator("form[data-md-component=palette] label:visible").click()
    assert state() == ("slate", "rgb(255, 122, 51)")  # the dark one: #ff7a33
    page.locator("form[data-md-component=palette] label:visible").click()
    assert state()[0] == "default"
    assert recorder.errors == []


# The columns that say who, what to do and when on each page, as their titles.
KEY_COLUMNS = {
    "targets/": ("Target", "Last contact", "Next step"),
    "follow-ups/": ("Name", "Overdue by", "Due", "Last contact", "Booked for", "Why first"),
    "people/": ("Name", "Last contact"),
}
# Every cell of those columns that is not wholly on screen, sideways, on the page.
OFF_SCREEN = """(titles) => {
  const out = [];
  let seen = 0;
  for (const cell of document.querySelectorAll("article td[data-label]")) {
    if (!titles.includes(cell.dataset.label)) continue;
    seen += 1;
    const box = cell.getBoundingClientRect();
    if (!box.width || box.left < 0 || box.right > window.innerWidth + 0.5)
      out.push(`${cell.dataset.label}: ${cell.textContent.trim().slice(0, 30)}`);
  }
  return {seen, off: out.slice(0, 5)};
}"""


@pytest.mark.parametrize("path", sorted(KEY_COLUMNS))
def test_on_a_phone_who_what_and_when_show_without_scrolling_sideways(
    path: str, demo_url: str, visit: VIEW
) -> None:
    page, recorder = visit(phone=True)
    look = load(page, demo_url + path)
    assert look["sideways"] == 0
    result = page.evaluate(OFF_SCREEN, list(KEY_COLUMNS[path]))
    assert result["off"] == [] and result["seen"] >= 20
    cards = page.locator("article table[data-kith-cards]")
    assert cards.count() >= 1
    # A card shows each cell with its column's title.
    label = page.locator('article td[data-label="Last contact"]').first.evaluate(
        "(c) => getComputedStyle(c, '::before').content"
    )
    assert label in ('" · Last contact: "', '"Last contact "')
    assert recorder.errors == []


def test_on_a_phone_this_weeks_actions_fit_the_screen(demo_url: str, visit: VIEW) -> None:
    page, _ = visit(phone=True)
    assert load(page, demo_url)["sideways"] == 0
    widths = page.locator("article .kith-week + ol > li").evaluate_all(
        "(items) => items.map((li) => li.getBoundingClientRect().right)"
    )
    assert len(widths) == 10 and max(widths) <= 390


def test_this_week_prints_as_a_one_page_call_sheet(demo_url: str, visit: VIEW) -> None:
    pypdf = pytest.importorskip("pypdf")
    page, _ = visit()
    load(page, demo_url)
    actions = page.locator("article .kith-week + ol > li").all_inner_texts()
    for paper in ("A4", "Letter"):
        pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format=paper)))
        assert len(pdf.pages) == 1, paper
    text = " ".join(pdf.pages[0].extract_text().split())
    assert "This week" in text and "Built for 2026-11-25" in text
    for action in actions:
        assert " ".join(action.split())[:40] in text
    assert "Where you stand" not in text and "Your contacts" not in text
    assert text.count("☐") == len(actions) == 10


def test_each_target_is_a_block_open_on_its_best_path_with_the_rest_folded(
    demo_url: str, visit: VIEW
) -> None:
    page, recorder = visit()
    load(page, demo_url + "intro-paths/")
    targets = page.locator("article details.kith-target")
    assert targets.count() >= 4
    assert targets.count() == page.locator("article details.kith-target[open]").count()
    folded = page.locator("article details.kith-more")
    assert folded.count() >= 3 and page.locator("article details.kith-more[open]").count() == 0
    first = folded.first
    hidden = first.locator("svg.kith-chain").first
    assert not hidden.is_visible()
    first.locator("summary").click()
    assert hidden.is_visible()
    # Several targets to a screen: the page that took nine and a half screens takes three.
    height = page.evaluate("() => document.documentElement.scrollHeight")
    assert height <= 3.5 * 900
    assert recorder.errors == []


def test_make_screenshots_writes_every_page_in_the_four_looks_and_the_call_sheet(
    demo_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, browser: Any
) -> None:
    import screenshots

    monkeypatch.setattr(screenshots, "main_pages", lambda site: ["", "targets/"])
    written = screenshots.take_screenshots(demo_site, tmp_path, browser)
    names = sorted(path.name for path in written)
    looks = ("desktop-dark", "desktop-light", "phone-dark", "phone-light")
    expected = [f"{page}-{look}.png" for page in ("home", "targets") for look in looks]
    assert names == sorted([*expected, "home-print.pdf"])
    phone = (tmp_path / "targets-phone-light.png").read_bytes()
    assert int.from_bytes(phone[16:20], "big") == 390  # the PNG's width: a phone's
    assert (tmp_path / "home-print.pdf").read_bytes().startswith(b"%PDF")
