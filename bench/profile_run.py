"""Profile one benchmark step in-process and print its top costs (cProfile, by cumulative time).

Usage:
    python bench/profile_run.py generate VAULT OUT   # `kith generate --out OUT`, cold
    python bench/profile_run.py build VAULT SITE     # `mkdocs build` of the vault, cold
    python bench/profile_run.py reload VAULT         # one edit under serve --dirtyreload rules
    python bench/profile_run.py generate-edit VAULT OUT  # generate again after one edit
    python bench/profile_run.py check|agenda|targets VAULT  # the command, caches warm
"""

from __future__ import annotations

import cProfile
import io
import logging
import os
import pstats
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

TOP = 15


def profile(work: Callable[[], object]) -> str:
    """Run `work` under cProfile; return the top costs by cumulative time as text."""
    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative").print_stats(TOP)
    return out.getvalue()


def profile_generate(vault: Path, out: Path) -> str:
    from generator.cli import main

    shutil.rmtree(vault / ".cache" / "kith", ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    os.chdir(vault)
    return profile(lambda: main(["generate", "--out", str(out)], out=io.StringIO()))


def profile_build(vault: Path, site: Path) -> str:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    shutil.rmtree(vault / ".cache" / "kith", ignore_errors=True)
    config = load_config(str(vault / "mkdocs.yml"), site_dir=str(site))
    return profile(lambda: build(config))


def profile_reload(vault: Path) -> str:
    """Do what `mkdocs serve --dirtyreload` does for one edit: a new config, a dirty build.

    A server builds with its other threads running, so Kith forks no workers there
    (`generator/workers.py`); a thread that only waits stands in for them here. Without it the
    builds fork, and the parent remembers only the pages it drew itself: about a third of the
    10,000 contact pages would be keyed again in each rebuild instead of recalled.
    """
    import threading

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    server = threading.Event()
    threading.Thread(target=server.wait, daemon=True).start()

    site = tempfile.mkdtemp(prefix="kith-bench-")
    url = "http://127.0.0.1:8000/"
    config = load_config(str(vault / "mkdocs.yml"), site_dir=site)
    config.plugins.on_startup(command="serve", dirty=True)
    build(config, serve_url=url, dirty=True)
    contact = sorted((vault / "people").glob("*.md"))[0]
    original = contact.read_bytes()

    def rebuild() -> None:
        contact.write_bytes(original.replace(b"## Log\n", b"## Log\n- 2026-11-24: profiled\n", 1))
        again = load_config(str(vault / "mkdocs.yml"), site_dir=site)
        build(again, serve_url=url, dirty=True)

    try:
        return profile(rebuild)
    finally:
        server.set()
        contact.write_bytes(original)
        shutil.rmtree(site, ignore_errors=True)


def profile_generate_edit(vault: Path, out: Path) -> str:
    """Generate once (caches warm), add a log entry to one contact, profile generating again."""
    from generator.cli import main

    os.chdir(vault)
    main(["generate", "--out", str(out)], out=io.StringIO())
    contact = sorted((vault / "people").glob("*.md"))[0]
    original = contact.read_bytes()
    contact.write_bytes(original.replace(b"## Log\n", b"## Log\n- 2026-11-24: profiled\n", 1))
    try:
        return profile(lambda: main(["generate", "--out", str(out)], out=io.StringIO()))
    finally:
        contact.write_bytes(original)


def profile_command(vault: Path, command: str) -> str:
    """Run a command once to warm the caches, then profile it."""
    from generator.cli import main

    os.chdir(vault)
    main([command], out=io.StringIO())
    return profile(lambda: main([command], out=io.StringIO()))


def main(argv: list[str]) -> int:
    """Profile the step named on the command line."""
    logging.basicConfig(level=logging.ERROR)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    step, vault, *rest = argv
    if step == "generate":
        print(profile_generate(Path(vault), Path(rest[0])))
    elif step == "build":
        print(profile_build(Path(vault), Path(rest[0])))
    elif step == "reload":
        print(profile_reload(Path(vault)))
    elif step == "generate-edit":
        print(profile_generate_edit(Path(vault), Path(rest[0])))
    elif step in ("check", "agenda", "targets"):
        print(profile_command(Path(vault), step))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
