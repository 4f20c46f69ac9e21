"""The site's own scripts: the People table sorts by a click on a column's title.

Tablesort 5.7.1 (npm `tablesort`, MIT; `assets/tablesort.LICENCE`) is kept verbatim in the
package and served from the site itself with its licence beside it, so sorting asks no other
site for anything; `assets/kith-sort.js` says how each of Kith's columns sorts.
"""

from __future__ import annotations

import functools
from importlib import resources

SCRIPTS = "assets/javascripts"
# Site path -> the file of generator/site/assets/ it is a copy of, in the order pages load them.
_FILES = {
    f"{SCRIPTS}/tablesort.min.js": "tablesort.min.js",
    f"{SCRIPTS}/kith-sort.js": "kith-sort.js",
    f"{SCRIPTS}/tablesort.min.js.LICENSE.txt": "tablesort.LICENCE",
}
SORT_SCRIPTS = tuple(path for path in _FILES if path.endswith(".js"))


@functools.cache
def script_files() -> dict[str, str]:
    """Return the scripts (and the licence served beside them) by site path."""
    folder = resources.files("generator.site") / "assets"
    return {path: (folder / name).read_text(encoding="utf-8") for path, name in _FILES.items()}
