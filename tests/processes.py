"""The project's own processes (a Celery worker, the bot) started by a test, stopped with SIGTERM, their output
kept in a log file that the test prints, so pytest shows it when the test fails."""

from __future__ import annotations

import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKER = [sys.executable, "-m", "celery", "-A", "directhelper", "worker", "--pool=solo", "--without-gossip",
          "--without-mingle"]  # fmt: skip


@contextmanager
def running(
    command: list[str], environment: dict, log: Path, *, stop_seconds: float = 30
) -> Iterator[subprocess.Popen]:
    with log.open("w") as output:
        child = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
        try:
            yield child
        finally:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
                try:
                    child.wait(timeout=stop_seconds)
                except subprocess.TimeoutExpired:
                    child.kill()
                    child.wait()
    print(f"--- {log.name}\n{log.read_text()[-4000:]}")
