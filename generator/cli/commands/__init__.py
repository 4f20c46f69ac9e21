"""Subcommands of `kith`, one module per family; each is a thin call into the library."""

from __future__ import annotations

import argparse

from . import capture, completion, daily, generate, import_export, new, sample, show, views


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add every subcommand to the parser."""
    for module in (generate, views, new, daily, show, completion, import_export, capture, sample):
        module.register(sub, common)
