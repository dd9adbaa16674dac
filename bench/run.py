"""One bench run: the databases; (c) in this process; (a) at both clinics' servers in turn; (b), (e) and (d)
on the default clinic's server. The measurements are described in README.md, "Benchmark"."""

import os
import random
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.db import connection

from alliance.celery import app as celery_app

from . import client, cpu, databases, pages, recompute, report, servers, submissions
from .clinic import CLINIC_NAME, ClinicSize, clinic_build


@dataclass(frozen=True)
class Plan:
    """How long and how often each measurement runs."""

    page_warmup: int
    page_repeats: int
    floor_seconds: float  # in two halves, before and after the submissions
    load_seconds: float
    load_links: int
    latency_count: int
    recompute_runs: int

    @classmethod
    def for_options(cls, options) -> "Plan":
        if options.quick:
            return cls(2, 10, 2, 2, 150, 5, 1)
        return cls(10, 50, 10, 10, 4000, 30, 2)


def run(options) -> None:
    started = time.perf_counter()
    plan = Plan.for_options(options)
    size = ClinicSize(patients=options.patients, sessions=options.sessions)
    small = size.smaller(10)
    names = {"default": options.database, "small": f"{options.database}_small"}
    logs = Path(tempfile.mkdtemp(prefix="alliance-bench-"))
    results: dict = {"options": {"quick": options.quick, "seed": options.seed, "concurrency": options.concurrency}}
    print(f"Logs in {logs} (removed after a successful run, unless --keep)")
    try:
        results["clinics"] = {
            "default": _database_ready(options, names["default"], size),
            "small": _database_ready(options, names["small"], small),
        }
        databases.use(names["default"])
        results["machine"] = report.machine()
        results["recompute"] = _recompute(plan)
        results |= _servers_measured(options, plan, names, logs)
    finally:
        if not options.keep:
            for name in names.values():
                databases.drop(options.server, name)
    results["total_seconds"] = time.perf_counter() - started
    report.finish(results, options.output)
    if not options.keep:
        shutil.rmtree(logs, ignore_errors=True)


def _database_ready(options, name: str, size: ClinicSize) -> dict:
    described = {"name": name, "patients": size.patients, "sessions": size.sessions, "therapists": size.therapists}
    described["supervisors"] = size.supervisors
    if options.keep and databases.exists(options.server, name):
        databases.use(name)
        databases.migrate()
        if _holds(size):
            print(f"Reusing {name} ({size.describe()}).")
            _reset()
            return described | {"built_seconds": None}
    print(f"Building {name}: {size.describe()}...", flush=True)
    started = time.perf_counter()
    databases.create(options.server, name)
    databases.use(name)
    databases.migrate()
    _bulk_load_mode()
    clinic_build(size, seed=options.seed)
    connection.close()  # ends the bulk-load mode: every later write runs the triggers
    seconds = time.perf_counter() - started
    print(f"  built in {seconds:.1f} s", flush=True)
    return described | {"built_seconds": seconds}


def _bulk_load_mode() -> None:
    """Skip triggers (the audit of writes, foreign-key checks) while loading, as a restore does; a
    superuser only. The rows are consistent by construction; every measured write runs them all."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        if cursor.fetchone()[0]:
            cursor.execute("SET session_replication_role = replica")


def _holds(size: ClinicSize) -> bool:
    from patients.models import Patient
    from sessions.models import TherapySession

    return (
        Patient.objects.filter(clinic__name=CLINIC_NAME).count() == size.patients
        and TherapySession.objects.count() == size.sessions
    )


def _reset() -> None:
    """Undo what an earlier run's submissions wrote, so that a kept database measures like a new one."""
    from measures.models import SrsResponse, WaiResponse
    from measures.patient_forms.models import PatientFormAccess
    from review.models import Flag
    from sessions.models import TherapySession

    submitted = SrsResponse.objects.filter(channel="link").values("session_id")
    Flag.objects.filter(session_id__in=submitted).delete()
    WaiResponse.objects.filter(channel="link").delete()
    SrsResponse.objects.filter(channel="link").delete()
    PatientFormAccess.objects.all().delete()
    TherapySession.objects.filter(review_requested_at__isnull=False).update(review_requested_at=None)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE bench_floor")


def _recompute(plan: Plan) -> dict:
    print("(c) review --all beside reading the rows into pandas...", flush=True)
    meter = cpu.Meter.start([])
    floors, runs = [recompute.floor_seconds()], []
    for _ in range(plan.recompute_runs):  # in turns, so that both see the same machine
        runs.append(recompute.review_all_seconds())
        floors.append(recompute.floor_seconds())
    return {"floor_seconds": min(floors), "review_all_seconds": min(runs), "runs": runs, "cpu": meter.cores()}


def _server_env(options, name: str) -> dict:
    return os.environ | {"DATABASE_URL": databases.database_url(options.server, name)}


def _servers_measured(options, plan: Plan, names: dict[str, str], logs: Path) -> dict:
    """(a) at both clinics, then (b), (e) and (d) on the default one."""
    rng = random.Random(options.seed)
    csrf = submissions.csrf_secret(rng)
    latency_links, load_links = _links(plan, seed=options.seed)
    databases.vacuum()
    env = _server_env(options, names["default"])
    found: dict = {"cpu": {}}
    with servers.gunicorn(env, logs, "default") as server:
        with servers.gunicorn(_server_env(options, names["small"]), logs, "small") as small:
            print("(a) pages, both clinics in turn...", flush=True)
            meter = cpu.Meter.start([server.process.pid, small.process.pid])
            clinics = {"default": (server.port, names["default"]), "small": (small.port, names["small"])}
            timed = pages.pages_time(clinics, warmup=plan.page_warmup, repeats=plan.page_repeats)
            found["cpu"]["pages"] = meter.cores()
        found["pages"] = [timing.as_json() for timing in timed["default"]]
        found["pages_small"] = [timing.as_json() for timing in timed["small"]]
        databases.use(names["default"])
        workers = server.worker_pids()
        found["memory"] = {"pages_peak_rss_mb": _peak(workers), "workers": len(workers)}
        found["memory"]["peak_reset"] = all([servers.peak_rss_reset(pid) for pid in workers])
        print("(b) submissions beside the floor...", flush=True)
        meter = cpu.Meter.start([server.process.pid])
        queries = submissions.queries_per_request(load_links, rng)
        found["submissions"] = _load(server.port, plan, options.concurrency, load_links, csrf, rng) | {
            "queries": queries
        }
        found["cpu"]["submissions"] = meter.cores()
        found["memory"]["load_peak_rss_mb"] = _peak(workers)
        celery_app.control.purge()  # the load's review prompts: (d) wants an idle worker
        print("(d) submission to flag, with a Celery worker...", flush=True)
        with servers.celery_worker(env, logs) as worker:
            meter = cpu.Meter.start([server.process.pid, worker.pid])
            found["flag_latency"] = _latency_summary(submissions.flag_latency(server.port, latency_links, csrf, rng))
            found["cpu"]["flag_latency"] = meter.cores()
    return found


def _links(plan: Plan, *, seed: int) -> tuple[list[submissions.Link], list[submissions.Link]]:
    """Telehealth links for (d) and for (b), each to a session still without an SRS."""
    open_ids = submissions.open_sessions(seed=seed)
    wanted = plan.latency_count + plan.load_links
    if len(open_ids) < plan.latency_count + 50:
        raise RuntimeError(f"Only {len(open_ids)} sessions without an SRS: the clinic is too small to measure.")
    print(f"Issuing {min(len(open_ids), wanted)} telehealth links...", flush=True)
    return (
        submissions.links_issue(open_ids[: plan.latency_count]),
        submissions.links_issue(open_ids[plan.latency_count : wanted]),
    )


def _latency_summary(latency: submissions.FlagLatency) -> dict:
    return {
        "count": len(latency.seconds),
        "missing": latency.missing,
        "median_ms": statistics.median(latency.seconds) * 1000 if latency.seconds else None,
        "p95_ms": pages.percentile(latency.seconds, 0.95) * 1000 if latency.seconds else None,
        "response_median_ms": statistics.median(latency.response_seconds) * 1000,
    }


def _peak(pids: list[int]) -> float | None:
    peaks = [peak for peak in map(servers.peak_rss_mb, pids) if peak is not None]
    return max(peaks) if peaks else None


def _load(port: int, plan: Plan, concurrency: int, links, csrf: str, rng: random.Random) -> dict:
    half = plan.floor_seconds / 2
    client.load(port, submissions.floor_requests(port, csrf), concurrency=concurrency, seconds=1)  # warm-up
    warmup, measured = links[: concurrency * 4], links[concurrency * 4 :]
    client.load(port, submissions.submission_requests(port, warmup, csrf, rng), concurrency=concurrency, seconds=5)
    before = client.load(port, submissions.floor_requests(port, csrf), concurrency=concurrency, seconds=half)
    srs = client.load(
        port,
        submissions.submission_requests(port, measured, csrf, rng),
        concurrency=concurrency,
        seconds=plan.load_seconds,
    )
    after = client.load(port, submissions.floor_requests(port, csrf), concurrency=concurrency, seconds=half)
    floor_ok, floor_seconds = before.ok + after.ok, before.seconds + after.seconds
    return {
        "concurrency": concurrency,
        "floor_per_second": floor_ok / floor_seconds,
        "floor_halves_per_second": [before.rate, after.rate],
        "srs_per_second": srs.rate,
        "srs_submitted": srs.ok,
        "srs_statuses": srs.statuses,
        "srs_seconds": srs.seconds,
        "srs_ran_out_of_links": sum(srs.statuses.values()) >= len(measured),
        "srs_median_ms": statistics.median(srs.latencies) * 1000 if srs.latencies else None,
        "floor_median_ms": statistics.median(before.latencies + after.latencies) * 1000,
        "errors": {"floor": _errors(before, after), "srs": _errors(srs)},
        "client_cpu_share": {
            "floor": (before.client_cpu + after.client_cpu) / floor_seconds,
            "srs": srs.client_cpu / srs.seconds if srs.seconds else None,
        },
    }


def _errors(*loads: client.Load) -> list[str]:
    return [failure for load in loads for failure in load.failures][:5]
