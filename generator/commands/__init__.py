"""Subcommands of `kith`, one module per family; each is a thin call into the library."""

from __future__ import annotations

import argparse

from . import completion, edit, io, new, sample, show, site, views


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add every subcommand to the parser."""
    for module in (site, views, new, edit, show, completion, io, sample):
        module.register(sub, common)
