"""Subcommands of `kith`, one module per family; each is a thin call into the library."""

from __future__ import annotations

import argparse

from . import sample, site


def register_all(
    sub: argparse._SubParsersAction[argparse.ArgumentParser], common: argparse.ArgumentParser
) -> None:
    """Add every subcommand to the parser."""
    for module in (site, sample):
        module.register(sub, common)
