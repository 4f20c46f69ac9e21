"""Subcommands of `kith`, one module per family; each is a thin call into the library.

A run imports only the module of the command it runs, so a command that needs little starts
fast: the heavy libraries (icalendar, vobject, Jinja, the site) load with the commands that use
them.
"""

from __future__ import annotations

import argparse
import importlib

# The modules in the order `kith --help` lists their commands.
MODULES = (
    "init",
    "generate",
    "views",
    "new",
    "log",
    "daily",
    "show",
    "completion",
    "import_export",
    "duplicates",
    "capture",
    "sample",
)
# Which module registers each command (a test holds this to what the modules register).
OWNERS = {
    "init": "init",
    "check": "generate",
    "generate": "generate",
    "targets": "views",
    "agenda": "views",
    "path": "views",
    "connectors": "views",
    "new": "new",
    "log": "log",
    "set": "daily",
    "unset": "daily",
    "tie": "daily",
    "open": "daily",
    "show": "show",
    "find": "show",
    "completion": "completion",
    "export": "import_export",
    "import": "import_export",
    "duplicates": "duplicates",
    "merge": "duplicates",
    "capture": "capture",
    "sample": "sample",
}


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
    common: argparse.ArgumentParser,
    modules: tuple[str, ...] = MODULES,
) -> None:
    """Add the subcommands of these modules (every one by default) to the parser."""
    for name in modules:
        importlib.import_module(f"{__name__}.{name}").register(sub, common)
