"""The processes the bench measures: gunicorn (as deployed, two sync workers) and a Celery worker.

Each runs in its own process group, started and stopped here by its id,
with its logs in the run's temporary directory.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import client

BASE_DIR = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@dataclass(frozen=True)
class Server:
    port: int
    process: subprocess.Popen
    log: Path

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()] if children.exists() else []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((client.HOST, 0))
        return probe.getsockname()[1]


def _stop(process: subprocess.Popen, *, timeout: float = 15) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _started(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    with log.open("ab") as output:
        return subprocess.Popen(
            command, cwd=BASE_DIR, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )


def _failed(what: str, log: Path) -> RuntimeError:
    tail = "\n".join(log.read_text(errors="replace").splitlines()[-30:]) if log.exists() else ""
    return RuntimeError(f"{what}; the end of {log}:\n{tail}")


@contextmanager
def gunicorn(env: dict, logs: Path, name: str, *, workers: int = 2):
    """gunicorn serving the app (with the floor's URL: bench/wsgi.py) on a free port, ready when /healthz answers."""
    port, log = free_port(), logs / f"gunicorn-{name}.log"
    command = [str(BIN / "gunicorn"), "bench.wsgi:application", "--bind", f"{client.HOST}:{port}"]
    command += ["--workers", str(workers), "--access-logfile", str(logs / f"access-{name}.log")]
    process = _started(command, env, log)
    try:
        _wait(lambda: _healthy(port), process, f"gunicorn ({name})", log)
        yield Server(port, process, log)
    finally:
        _stop(process)


def _healthy(port: int) -> bool:
    try:
        return client.get(port, "/healthz").status == 200
    except OSError:
        return False


@contextmanager
def celery_worker(env: dict, logs: Path, *, concurrency: int = 2):
    """A Celery worker as docker-compose runs it (prefork, two processes), ready when it says so."""
    log = logs / "celery.log"
    command = [str(BIN / "celery"), "-A", "alliance", "worker", "--loglevel=INFO", f"--concurrency={concurrency}"]
    command += ["--hostname", f"bench-{os.getpid()}@%h", "--logfile", str(log)]
    process = _started(command, env, logs / "celery-console.log")
    try:
        _wait(lambda: log.exists() and " ready." in log.read_text(errors="replace"), process, "celery worker", log)
        yield process
    finally:
        _stop(process, timeout=30)


def _wait(ready, process: subprocess.Popen, what: str, log: Path, *, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if process.poll() is not None:
            raise _failed(f"{what} exited with code {process.returncode}", log)
        if time.monotonic() > deadline:
            raise _failed(f"{what} not ready after {timeout:.0f} s", log)
        time.sleep(0.1)


def peak_rss_mb(pid: int) -> float | None:
    """The process's peak resident set size (VmHWM), in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def peak_rss_reset(pid: int) -> bool:
    """Start the process's peak RSS again from its current RSS (Linux: clear_refs 5)."""
    try:
        Path(f"/proc/{pid}/clear_refs").write_text("5")
    except OSError:
        return False
    return True
