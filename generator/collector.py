"""Pausing Python's cyclic garbage collector around work that makes many objects and no cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration; nesting is harmless.

    Loading a vault and planning its pages allocate hundreds of thousands of small objects that
    form no cycles, and every collection walks everything built so far: about a fifth of the
    pipeline's time for 10,000 contacts. Objects are still freed as soon as they are unused.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
