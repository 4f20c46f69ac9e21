"""The site's own files: Kith's stylesheet and scripts, served from the site itself.

Tablesort 5.7.1 (npm `tablesort`, MIT; `assets/tablesort.LICENCE`) is kept verbatim in the
package with its licence beside it, so sorting asks no other site for anything;
`assets/kith-sort.js` says how each of Kith's columns sorts, `assets/kith-tables.js` labels
table cells for the compact layout of narrow screens, and `assets/kith.css` holds Kith's styles:
the pictures' colours for light and dark, the compact tables, the printed call sheet.
"""

from __future__ import annotations

import functools
from importlib import resources

ASSETS = "assets"
SCRIPTS = f"{ASSETS}/javascripts"
STYLESHEET = f"{ASSETS}/stylesheets/kith.css"
# Site path -> the file of generator/site/assets/ it is a copy of, in the order pages load them.
_FILES = {
    STYLESHEET: "kith.css",
    f"{SCRIPTS}/tablesort.min.js": "tablesort.min.js",
    f"{SCRIPTS}/kith-sort.js": "kith-sort.js",
    f"{SCRIPTS}/kith-tables.js": "kith-tables.js",
    f"{SCRIPTS}/tablesort.min.js.LICENSE.txt": "tablesort.LICENCE",
}
PAGE_SCRIPTS = tuple(path for path in _FILES if path.endswith(".js"))


@functools.cache
def asset_files() -> dict[str, str]:
    """Return the stylesheet and scripts (and the licence served beside them) by site path."""
    folder = resources.files("generator.site") / "assets"
    return {path: (folder / name).read_text(encoding="utf-8") for path, name in _FILES.items()}
