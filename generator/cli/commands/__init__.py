"""Subcommands of `kith`, one module per family; each is a thin call into the library."""

from __future__ import annotations

import argparse

from . import completion, daily, duplicates, generate, import_export, new, sample, show, views


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add every subcommand to the parser."""
    modules = (generate, views, new, daily, show, completion, import_export, duplicates, sample)
    for module in modules:
        module.register(sub, common)
