"""Subcommands of `kith`, one module per family; each is a thin call into the library."""

from __future__ import annotations

import argparse

from . import (
    capture,
    completion,
    daily,
    duplicates,
    generate,
    import_export,
    init,
    log,
    new,
    sample,
    show,
    views,
)


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add every subcommand to the parser."""
    modules = (init, generate, views, new, log, daily, show, completion, import_export, duplicates)
    for module in (*modules, capture, sample):
        module.register(sub, common)
