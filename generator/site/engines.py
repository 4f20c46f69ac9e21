"""What another site engine needs around the generated pages: a Zensical project.

Zensical reads `mkdocs.yml` but runs no third-party plugins, so the Kith plugin's work is done
ahead of it: the pages are written out, the navigation is listed (contacts stay out of it), and
the privacy the plugin adds to MkDocs becomes a theme override (noindex and the content policy
in every page's head, an empty sitemap) and the config (no web fonts).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .assets import PAGE_SCRIPTS, STYLESHEET
from .pages import MARKDOWN_EXTENSIONS, Site, navigation
from .policy import inline_script_hashes, privacy_head

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
THEME_SCRIPTS = "partials/javascripts"
# A value the theme writes into an inline script, as a JavaScript string: `"{{ base_url }}"`.
_QUOTED_VALUE = re.compile(r'"(\{\{[^"{}]*\}\})"')
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
EMPTY_SITEMAP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>\n'
)


def zensical_project(
    mkdocs: Mapping[str, Any], site: Site, files: Mapping[str, str | bytes]
) -> dict[str, str | bytes]:
    """Lay out a folder `zensical build` makes the site from: config, overrides, docs/."""
    project: dict[str, str | bytes] = {zensical_path(p): text for p, text in files.items()}
    project["mkdocs.yml"] = HEADER + yaml.safe_dump(
        zensical_config(mkdocs, site), sort_keys=False, allow_unicode=True
    )
    scripts = theme_script_overrides(_theme_templates())
    hashes = inline_script_hashes("".join(scripts.values()))
    project["overrides/main.html"] = main_html(hashes)
    project.update((f"overrides/{path}", text) for path, text in scripts.items())
    # Zensical always renders a sitemap; this one lists no contact's address.
    project["overrides/sitemap.xml"] = EMPTY_SITEMAP
    return project


def zensical_path(path: str) -> str:
    """Return where a page of the site goes in a Zensical project (`zensical_project`)."""
    return f"docs/{path}"


def main_html(script_hashes: tuple[str, ...]) -> str:
    """Return the override that opens every page's head with the privacy tags."""
    head = privacy_head(script_hashes)
    block = f"{{% block site_meta %}}{head}{{{{ super() }}}}{{% endblock %}}\n"
    return '{% extends "base.html" %}\n' + block


def theme_script_overrides(templates: Path) -> dict[str, str]:
    """Rewrite the theme's inline scripts so each is the same text on every page.

    The theme writes values such as the base URL into its inline scripts, so a script's hash
    would differ from page to page, and Zensical runs no plugin that could list them. Each
    value moves to a `data-` attribute of its script, which reads it back; the content policy
    then allows exactly these scripts by hash, as the plugin does for MkDocs.
    """
    found: dict[str, str] = {}
    folder = templates / THEME_SCRIPTS
    for path in sorted(folder.glob("*.html")) if folder.is_dir() else []:
        text = _INLINE_SCRIPT.sub(_constant_script, path.read_text(encoding="utf-8"))
        if "{{" not in "".join(_INLINE_SCRIPT.findall(text)):
            found[f"{THEME_SCRIPTS}/{path.name}"] = text
    return found


def _constant_script(match: re.Match[str]) -> str:
    values: list[str] = []

    def to_attribute(value: re.Match[str]) -> str:
        values.append(value.group(1))
        return f"document.currentScript.dataset.kith{len(values) - 1}"

    body = _QUOTED_VALUE.sub(to_attribute, match.group(1))
    attributes = "".join(f' data-kith{i}="{value}"' for i, value in enumerate(values))
    return f"<script{attributes}>{body}</script>"


def _theme_templates() -> Path:
    """Return Zensical's templates when it is installed, else Material's (its origin)."""
    for package in ("zensical", "material"):
        try:
            return Path(str(resources.files(package) / "templates"))
        except ModuleNotFoundError:
            continue
    return Path()


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
