"""How busy the machine was during a measurement, and how much of that was someone else's.

On a shared machine other work competes for the same cores and lowers every
figure; the bench reports it beside them rather than pretend it was quiet.
"Ours" is this process, the servers it started (and their children),
PostgreSQL (but for backends serving other databases) and Redis.
"""

import os
import time
from dataclasses import dataclass
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")
SERVICES = {"postgres", "redis-server"}


def _machine() -> tuple[int, int]:
    """(busy, total) jiffies of every CPU since boot."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle, iowait
    return sum(values) - idle, sum(values)


def _process_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


def _others_backend(process: Path) -> bool:
    """A PostgreSQL backend serving a database that is not the bench's (its title names user and database)."""
    try:
        title = (process / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return False
    words = title.split(": ", 2)[-1].split()
    is_backend = len(words) >= 3 and ("(" in words[2] or words[2] == "[local]")  # user database host(port) state
    return title.startswith("postgres: ") and is_backend and not words[1].startswith("alliance_bench")


def _ours(roots: list[int]) -> set[int]:
    """The roots, their descendants, and the database and broker processes."""
    parents: dict[int, list[int]] = {}
    ours = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().split(" (", 1)[1].rsplit(") ", 1)
        except (OSError, ValueError):
            continue
        parents.setdefault(int(rest.split()[1]), []).append(int(entry.name))
        if name in SERVICES and not _others_backend(entry):
            ours.add(int(entry.name))
    pending = list(roots)
    while pending:
        pid = pending.pop()
        ours.add(pid)
        pending += parents.get(pid, [])
    return ours


@dataclass
class Meter:
    """Start with `Meter.start(roots)`, read with `.cores()`: cores busy in all, ours, and others' in between."""

    roots: list[int]
    started: float
    machine: tuple[int, int]
    ours: dict[int, float]

    @classmethod
    def start(cls, roots: list[int]) -> "Meter":
        pids = _ours([os.getpid(), *roots])
        return cls(roots, time.monotonic(), _machine(), {pid: _process_seconds(pid) for pid in pids})

    def cores(self) -> dict[str, float]:
        busy, total = _machine()
        cpus = os.cpu_count() or 1
        machine = (busy - self.machine[0]) / max(1, total - self.machine[1]) * cpus
        wall = time.monotonic() - self.started
        pids = set(self.ours) | _ours([os.getpid(), *self.roots])
        # A process gone since the start (a closed database connection) counts for nothing, not less than nothing.
        used = sum(max(0.0, _process_seconds(pid) - self.ours.get(pid, 0.0)) for pid in pids)
        ours = used / wall if wall else 0.0
        return {"machine": round(machine, 2), "ours": round(ours, 2), "others": round(max(0.0, machine - ours), 2)}
