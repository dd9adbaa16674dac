"""Real brokers and workers for the fault tests: a redis-server and Celery worker processes of our own.

Each test gets a Redis on a free port (so xdist processes never share one)
and workers that write to pytest's test database (DATABASE_NAME). The
in-process Celery app is pointed at that Redis for the test's duration.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import redis
from django.db import connection

from alliance.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
POLL_SECONDS = 0.05


def wait_for(condition: Callable[[], object], *, timeout: float, what: str):
    """Poll `condition` every 50 ms until it is truthy; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = condition()
        if result:
            return result
        time.sleep(POLL_SECONDS)
    pytest.fail(f"Timed out after {timeout} s waiting for {what}.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """A redis-server without persistence, like the project's: a restart loses every queued task."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        log = open(self.directory / f"redis-{self.port}.log", "ab")  # noqa: SIM115 - closed with the process
        self.process = subprocess.Popen(command, cwd=self.directory, stdout=log, stderr=subprocess.STDOUT)
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        wait_for(lambda: _pings(client), timeout=10, what=f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        self.stop()
        self.start()


def _pings(client: redis.Redis) -> bool:
    try:
        return client.ping()
    except redis.RedisError:
        return False


class Worker:
    """`celery -A alliance worker` in its own process group, on the test's Redis and database."""

    def __init__(self, broker: RedisServer, *, beat: bool = False, concurrency: int = 1):
        self.broker, self.beat, self.concurrency = broker, beat, concurrency
        self.log = broker.directory / f"worker-{free_port()}.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> "Worker":
        env = {
            **os.environ,
            "DATABASE_NAME": connection.settings_dict["NAME"],
            "CELERY_BROKER_URL": self.broker.url,
            "REVIEW_SWEEP_SECONDS": "1",
            "REVIEW_SWEEP_GRACE_SECONDS": "0",
            "REVIEW_SWEEP_REQUEUE_SECONDS": "3",  # a Redis restart loses the queue: queue again soon
            "LOG_LEVEL": "INFO",
        }
        command = [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "alliance",
            "worker",
            "--pool=prefork",
            f"--concurrency={self.concurrency}",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            f"--hostname=test-{self.broker.port}-{self.log.stem}@%h",
        ]
        if self.beat:
            command += ["--beat", f"--schedule={self.broker.directory / (self.log.stem + '-beat')}"]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        wait_for(lambda: " ready." in self.output() or self.process.poll() is not None, timeout=30, what="the worker")
        assert self.process.poll() is None, self.output()
        return self

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def children(self) -> list[int]:
        path = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in path.read_text().split()]

    def kill_child(self) -> int:
        """SIGKILL the pool process running the tasks (the worker itself survives and replaces it)."""
        [child] = self.children()
        os.kill(child, signal.SIGKILL)
        return child

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool, at once."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def point_celery_at(url: str | None) -> str | None:
    """Make this process publish to `url` (None: back to the settings); returns the URL used before.

    Celery reads the CELERY_BROKER_URL environment variable before its
    configuration, so that is what changes; the connection pools are dropped.
    """
    before = os.environ.get("CELERY_BROKER_URL")
    if url is None:
        os.environ.pop("CELERY_BROKER_URL", None)
    else:
        os.environ["CELERY_BROKER_URL"] = url
    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    assert celery_app.connection_for_write().as_uri(include_password=True) == (url or celery_app.conf.broker_url)
    return before


def queue_is_drained(broker: RedisServer) -> bool:
    """No task waiting and none delivered but unacknowledged."""
    client = redis.Redis(port=broker.port)
    return client.llen("celery") == 0 and client.hlen("unacked") == 0
