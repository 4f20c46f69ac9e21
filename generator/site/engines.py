"""What another site engine needs around the generated pages: a Zensical project.

Zensical reads `mkdocs.yml` but runs no third-party plugins, so the Kith plugin's work is done
ahead of it: the pages are written out, the navigation is listed (contacts stay out of it), and
the privacy the plugin adds to MkDocs becomes a theme override (noindex and the content policy
in every page's head, an empty sitemap) and the config (no web fonts).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import yaml

from .assets import PAGE_SCRIPTS, STYLESHEET
from .pages import MARKDOWN_EXTENSIONS, Site, navigation
from .policy import privacy_head

# Settings of the owner's mkdocs.yml that mean the same to Zensical and concern no files.
CARRIED = (
    "site_name",
    "site_description",
    "site_author",
    "site_url",
    "copyright",
    "use_directory_urls",
    "theme",
    "extra",
    "markdown_extensions",
)
NEEDED_EXTENSIONS = MARKDOWN_EXTENSIONS  # Zensical has them only when listed
HEADER = (
    "# Written by `kith generate --zensical`: build with `zensical build` in this folder.\n"
    "# Every run rewrites it; change the owner's mkdocs.yml instead.\n"
)
MAIN_HTML = (
    '{% extends "base.html" %}\n'
    f"{{% block site_meta %}}{privacy_head(None)}{{{{ super() }}}}{{% endblock %}}\n"
)
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def zensical_project(
    mkdocs: Mapping[str, Any], site: Site, files: Mapping[str, str]
) -> dict[str, str]:
    """Lay out a folder `zensical build` makes the site from: config, overrides, docs/."""
    project = {f"docs/{path}": text for path, text in files.items()}
    project["mkdocs.yml"] = HEADER + yaml.safe_dump(
        zensical_config(mkdocs, site), sort_keys=False, allow_unicode=True
    )
    project["overrides/main.html"] = MAIN_HTML
    # Zensical always renders a sitemap; this one lists no contact's address.
    project["overrides/sitemap.xml"] = EMPTY_SITEMAP
    return project


def zensical_config(mkdocs: Mapping[str, Any], site: Site) -> dict[str, Any]:
    """Turn the owner's mkdocs.yml into the config of the generated Zensical project."""
    config: dict[str, Any] = {key: mkdocs[key] for key in CARRIED if key in mkdocs}
    config.setdefault("site_name", "Kith")
    theme = mkdocs.get("theme") or "material"
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme.update(font=False, custom_dir="overrides")
    config.update(theme=theme, docs_dir="docs", site_dir="site")
    if isinstance(mkdocs.get("extra"), Mapping):
        # Analytics would send every visit to a third party, as the plugin refuses for MkDocs.
        config["extra"] = {k: v for k, v in mkdocs["extra"].items() if k != "analytics"}
    config["nav"] = navigation(site)
    config["extra_css"] = [STYLESHEET]  # pictures in light and dark, compact tables, print
    config["extra_javascript"] = list(PAGE_SCRIPTS)  # sorting, labels for compact tables
    config["plugins"] = ["search", "tags"]
    config["markdown_extensions"] = _extensions(mkdocs.get("markdown_extensions"))
    return config


def _extensions(listed: Any) -> list[Any]:
    entries = list(listed) if isinstance(listed, list) else []
    names = {_name(entry) for entry in entries}
    return [name for name in NEEDED_EXTENSIONS if name not in names] + entries


def _name(entry: Any) -> Any:
    """Return the name of a `markdown_extensions` entry: `name` or `{name: options}`."""
    return next(iter(entry), None) if isinstance(entry, dict) else entry
