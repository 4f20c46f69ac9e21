"""How the benchmark measures: a timed child process with its own peak memory, and a serve session.

Every figure is a real process: wall-clock time from start to exit, and the child's own peak
resident memory (GNU time's %M when /usr/bin/time exists, else the kernel's ru_maxrss from wait4).
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Run:
    """One timed child process."""

    seconds: float
    peak_mib: float


class BenchError(Exception):
    """A measured command failed; the message holds its output."""


# A child forked from the benchmark starts with the benchmark's own pages counted in its peak
# (ru_maxrss keeps what the fork had before exec); GNU time forks from a tiny process instead.
GNU_TIME = shutil.which("time", path="/usr/bin:/bin")
PEAK_METHOD = "GNU time %M" if GNU_TIME else "wait4 ru_maxrss (includes the benchmark's own size)"


def run_timed(argv: Sequence[str], cwd: Path, env: dict[str, str], log: Path) -> Run:
    """Run a command to completion; return its wall time and its own peak memory."""
    peak_file = log.with_suffix(".peak")
    wrapped = [GNU_TIME, "-f", "%M", "-o", str(peak_file), *argv] if GNU_TIME else list(argv)
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(wrapped, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        tail = log.read_text(errors="replace")[-3000:]
        raise BenchError(f"{' '.join(argv)} exited {child.returncode} (in {cwd}):\n{tail}")
    kib = int(peak_file.read_text().split()[-1]) if GNU_TIME else usage.ru_maxrss
    return Run(seconds, kib / 1024)


@dataclass(frozen=True, slots=True)
class Reload:
    """One edit under `mkdocs serve --dirtyreload`, timed from the server's own log lines."""

    rebuild: float  # "Detected file changes" -> "Reloading browsers": the whole rebuild
    latency: float  # the edit -> "Reloading browsers": adds the file watcher's polling delay
    built_in: float | None  # what MkDocs' build() reports, when its log line is not a repeat


_BUILT = re.compile(r"Documentation built in ([0-9.]+) seconds")


class ServeSession:
    """`mkdocs serve --dirtyreload` in a child process, its log lines read as they arrive."""

    def __init__(
        self, mkdocs: Path, project: Path, env: dict[str, str], config: Path | None = None
    ) -> None:
        port = _free_port()
        argv = [str(mkdocs), "serve", "--dirtyreload", "--dev-addr", f"127.0.0.1:{port}"]
        if config is not None:
            argv += ["--config-file", str(config)]
        self.child = subprocess.Popen(
            argv,
            cwd=project,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            bufsize=1,
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.child.stderr is not None
        for line in self.child.stderr:
            self.lines.put((time.monotonic(), line.rstrip("\n")))
        self.lines.put((time.monotonic(), ""))

    def wait_for(self, text: str, timeout: float, seen: list[str] | None = None) -> float:
        """Return when the next log line containing `text` arrived; keep lines passed in `seen`."""
        end = time.monotonic() + timeout
        while True:
            try:
                stamp, line = self.lines.get(timeout=max(0.0, end - time.monotonic()))
            except queue.Empty:
                log = "\n".join(self.log[-40:])
                raise BenchError(f"no {text!r} from mkdocs serve:\n{log}") from None
            self.log.append(line)
            if seen is not None:
                seen.append(line)
            if text in line:
                return stamp
            if not line and self.child.poll() is not None:
                raise BenchError("mkdocs serve stopped:\n" + "\n".join(self.log[-40:]))

    def measure(self, edit: Callable[[], None], timeout: float) -> Reload:
        """Make one edit and time the rebuild it causes."""
        time.sleep(0.6)  # let the polling watcher take its snapshot of the unchanged tree
        start = time.monotonic()
        edit()
        detected = self.wait_for("Detected file changes", timeout)
        lines: list[str] = []
        done = self.wait_for("Reloading browsers", timeout, lines)
        # MkDocs logs each distinct message once, so "built in 0.23 seconds" may not come twice.
        built = [float(m.group(1)) for m in map(_BUILT.search, lines) if m]
        return Reload(done - detected, done - start, built[0] if built else None)

    def close(self) -> None:
        """Stop the server (the process this session started)."""
        self.child.terminate()
        try:
            self.child.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.child.kill()
            self.child.wait()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
