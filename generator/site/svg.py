"""What every picture is made of: an SVG document with a title and a description, and shapes
whose colours come from the site's stylesheet.

Pictures are plain SVG strings made at build time, one line each (a blank line would end the HTML
block in Markdown), with every coordinate rounded and every name HTML-escaped: no script, no
external font or image. A shape that has a colour of its own carries a class (`kf-family` fills
with the family colour, `ks-path` strokes with the path colour) that Kith's stylesheet maps to
CSS variables set for Material's light and dark schemes (CSS beats presentation attributes); the
`fill`/`stroke` attribute beside it is the light colour, for a page without Kith's stylesheet.
Text and faint lines use `currentColor`, the page's own text colour, which reads in either scheme.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .escape import html_text

# The light scheme's colours (colour-blind-safe, after Okabe and Ito); `assets/kith.css` holds
# these and the dark scheme's as variables. A test holds the two lists together.
LIGHT: Mapping[str, str] = {
    "family": "#d55e00",
    "friend": "#e69f00",
    "colleague": "#0072b2",
    "client": "#009e73",
    "acquaintance": "#8c8c8c",
    "stranger": "#b8b8b8",
    "path": "#00897b",
    "ask": "#c2185b",
    "give": "#1e88e5",
    "good": "#2e7d32",
    "warn": "#e65100",
    "band": "#c8e6c9",
    "work": "#ffe0b2",
    "paper": "#ffffff",
    "heat0": "#ebedf0",
    "heat1": "#9be9a8",
    "heat2": "#40c463",
    "heat3": "#30a14e",
    "heat4": "#216e39",
}
FILL: Mapping[str, str] = {
    role: f' class="kf-{role}" fill="{hex_}"' for role, hex_ in LIGHT.items()
}
STROKE: Mapping[str, str] = {
    role: f' class="ks-{role}" stroke="{hex_}"' for role, hex_ in LIGHT.items()
}
INK = ' fill="currentColor"'
MUTED = ' fill="currentColor" fill-opacity=".65"'
FAINT_LINE = ' stroke="currentColor" stroke-opacity=".18"'
INK_LINE = ' stroke="currentColor"'
LABEL_LIMIT = 24


def num(value: float) -> str:
    """Write a coordinate with at most one decimal and no negative zero."""
    if type(value) is int:
        return str(value)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def short(name: str, limit: int = LABEL_LIMIT) -> str:
    """Shorten a long name so labels stay on their slot."""
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


def document(
    size: tuple[float, float],
    title: str,
    desc: str,
    body: Iterable[str],
    origin: tuple[float, float] = (0, 0),
    kind: str = "",
    desc_escaped: bool = False,
) -> str:
    """Wrap shapes into one SVG element with its title (the tooltip) and description
    (`desc_escaped`: made of escaped text already)."""
    width, height = size
    box = f"{num(origin[0])} {num(origin[1])} {num(width)} {num(height)}"
    kind_class = f" kith-{kind}" if kind else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kith-svg{kind_class}" viewBox="{box}" '
        f'width="{num(width)}" height="{num(height)}" role="img" '
        f'font-family="sans-serif" font-size="13">'
        f"<title>{html_text(title)}</title><desc>{desc if desc_escaped else html_text(desc)}</desc>"
        + "".join(body)
        + "</svg>"
    )


def line(x1: float, y1: float, x2: float, y2: float, paint: str, width: float = 1) -> str:
    """Draw a straight line; `paint` is a stroke (STROKE[...], FAINT_LINE, INK_LINE)."""
    return (
        f'<line x1="{num(x1)}" y1="{num(y1)}" x2="{num(x2)}" y2="{num(y2)}"{paint} '
        f'stroke-width="{num(width)}" stroke-linecap="round"/>'
    )


def text(x: float, y: float, words: str, paint: str = INK, extra: str = "") -> str:
    """Write escaped text at a point; `extra` holds more attributes (anchor, size, weight)."""
    return f'<text x="{num(x)}" y="{num(y)}"{paint}{extra}>{html_text(words)}</text>'


def tip(shape: str, words: str) -> str:
    """Give a self-closing shape a tooltip: `<circle .../>` becomes `<circle ...><title>…`."""
    name = shape[1 : shape.index(" ")]
    return f"{shape[:-2]}><title>{html_text(words)}</title></{name}>"
