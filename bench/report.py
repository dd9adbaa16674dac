"""The bench's table (Markdown, pasted as is into README.md) and bench/results.json."""

import datetime
import json
import os
import platform
import subprocess
from pathlib import Path

from django.db import connection

# The targets of issue 5, "Targets for the benchmark".
SUPERVISOR_P95_MS = 150
SUPERVISOR_GROWTH = 1.5
SUBMISSION_RATIO = 0.5
RECOMPUTE_RATIO = 3
FLAG_P95_MS = 1000


def finish(results: dict, output: Path) -> None:
    results["when"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    rows, targets = _rows(results)
    results["targets"] = targets
    results["table"] = _markdown(rows)
    results["load_note"] = _load_note(results)
    print()
    print(_heading(results))
    print()
    print(results["table"])
    print()
    for target in targets:
        print(f"{'holds' if target['holds'] else 'MISSED' if target['holds'] is False else 'n/a'}: {target['name']}")
    print()
    print(results["load_note"])
    output.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nWritten to {output} ({results['total_seconds']:.0f} s in all).")


def _heading(results: dict) -> str:
    clinic, small, machine = results["clinics"]["default"], results["clinics"]["small"], results["machine"]
    return (
        f"Alliance bench, {results['when']}, commit {machine['commit']}, {machine['cpus']} CPUs, "
        f"PostgreSQL {machine['postgresql']}. Clinic: {clinic['therapists']} therapists, "
        f"{clinic['supervisors']} supervisors, {clinic['patients']:,} patients, {clinic['sessions']:,} sessions "
        f"(small: {small['patients']:,} patients, {small['sessions']:,} sessions)."
    )


PHASES = {"pages": "(a)", "submissions": "(b)", "recompute": "(c)", "flag_latency": "(d)"}
BUSY_OTHERS = 0.25  # cores of someone else's work that make the figures suspect


def _load_note(results: dict) -> str:
    """Cores busy during each measurement, and how many of them were not the bench's."""
    cores = results["cpu"] | {"recompute": results["recompute"]["cpu"]}
    parts = [
        f"{PHASES[phase]} {found['machine']:.2f} ({found['others']:.2f} others')"
        for phase, found in sorted(cores.items(), key=lambda item: PHASES[item[0]])
    ]
    note = f"Cores busy of {results['machine']['cpus']}, during " + ", ".join(parts) + "."
    if any(found["others"] > BUSY_OTHERS for found in cores.values()):
        note += " Other work competed for the machine: the figures are lower than on a quiet one."
    return note


def machine() -> dict:
    """What the figures depend on; call while connected."""
    try:
        commit = subprocess.run(
            ["git", "describe", "--always", "--dirty"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": f"{connection.pg_version // 10000}.{connection.pg_version % 10000}",
        "commit": commit,
    }


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def _ratio(value: float | None, unit: str = "") -> str:
    return "—" if value is None else f"{value:.2f}{unit}"


def _holds(value: bool | None) -> str:
    return {True: "yes", False: "**no**", None: "—"}[value]


def _rows(results: dict) -> tuple[list[list[str]], list[dict]]:
    targets: list[dict] = []
    small_pages = {page["name"]: page for page in results.get("pages_small", [])}
    rows = [_page_row(page, small_pages.get(page["name"]), targets) for page in results["pages"]]
    rows.append(_submission_row(results["submissions"], targets))
    rows.append(_recompute_row(results["recompute"], results["clinics"]["default"]["sessions"], targets))
    rows.append(_latency_row(results["flag_latency"], targets))
    rows.append(_memory_row(results["memory"]))
    return rows, targets


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value < 10 else f"{value:.1f} s"


def _submission_row(submitted: dict, targets: list[dict]) -> list[str]:
    refused = sum(count for status, count in submitted["srs_statuses"].items() if int(status) != 200)
    ratio = submitted["srs_per_second"] / submitted["floor_per_second"] if submitted["floor_per_second"] else None
    holds = None if ratio is None else ratio >= SUBMISSION_RATIO
    targets.append({"name": f"submissions ≥ {SUBMISSION_RATIO} × floor", "figure": ratio, "holds": holds})
    queries = submitted["queries"]
    figure = f"{submitted['srs_per_second']:,.0f}/s, {queries.get('srs', '?')} queries each"
    if "srs_and_wai" in queries:
        figure += f" ({queries['srs_and_wai']} with the WAI-SR)"
    return [
        f"(b) SRS submissions through gunicorn, {submitted['concurrency']} at once",
        figure + (f", {refused} refused" if refused else ""),
        f"floor (one-row insert): {submitted['floor_per_second']:,.0f}/s, {queries['floor']} query",
        _ratio(ratio),
        f"≥ {SUBMISSION_RATIO}",
        _holds(holds),
    ]


def _recompute_row(recomputed: dict, sessions: int, targets: list[dict]) -> list[str]:
    ratio = recomputed["review_all_seconds"] / recomputed["floor_seconds"]
    holds = ratio <= RECOMPUTE_RATIO
    targets.append({"name": f"review --all ≤ {RECOMPUTE_RATIO} × floor", "figure": ratio, "holds": holds})
    return [
        f"(c) `review --all`, {sessions:,} sessions",
        _seconds(recomputed["review_all_seconds"]),
        f"floor (rows into pandas): {_seconds(recomputed['floor_seconds'])}",
        _ratio(ratio, "×"),
        f"≤ {RECOMPUTE_RATIO}×",
        _holds(holds),
    ]


def _memory_row(memory: dict) -> list[str]:
    during = "—"
    if memory["load_peak_rss_mb"]:
        during = f"{memory['load_peak_rss_mb']:.0f} MB during (b)" + ("" if memory["peak_reset"] else " (or before)")
    after = f"{memory['pages_peak_rss_mb']:.0f} MB after (a)" if memory["pages_peak_rss_mb"] else "—"
    return ["(e) peak RSS of a gunicorn worker", during, after, "—", "—", "—"]


def _page_row(page: dict, small: dict | None, targets: list[dict]) -> list[str]:
    name = page["name"]
    if page["status"] != "ok":
        return [f"(a) {name}", page["status"], "—", "—", "—", "—"]
    figure = f"{_ms(page['median_ms'])} / {_ms(page['p95_ms'])}, {page['queries']} queries"
    growth = None
    beside = "small clinic: " + (small["status"] if small else "not measured")
    if small and small["status"] == "ok":
        beside = f"small clinic: {_ms(small['median_ms'])} / {_ms(small['p95_ms'])}"
        growth = page["median_ms"] / small["median_ms"]
    target, holds = "—", None
    if name == "supervisor dashboard":
        target = f"p95 < {SUPERVISOR_P95_MS} ms, ≤ {SUPERVISOR_GROWTH}×"
        holds = page["p95_ms"] < SUPERVISOR_P95_MS and growth is not None and growth <= SUPERVISOR_GROWTH
        targets.append(
            {
                "name": f"supervisor dashboard p95 < {SUPERVISOR_P95_MS} ms",
                "figure": page["p95_ms"],
                "holds": page["p95_ms"] < SUPERVISOR_P95_MS,
            }
        )
        targets.append(
            {
                "name": f"supervisor dashboard ≤ {SUPERVISOR_GROWTH} × small clinic (median)",
                "figure": growth,
                "holds": None if growth is None else growth <= SUPERVISOR_GROWTH,
            }
        )
    return [f"(a) {name}, median / p95", figure, beside, _ratio(growth, "×"), target, _holds(holds)]


def _latency_row(latency: dict, targets: list[dict]) -> list[str]:
    p95 = latency["p95_ms"]
    holds = None if p95 is None else p95 < FLAG_P95_MS and not latency["missing"]
    targets.append({"name": f"submission to flag p95 < {FLAG_P95_MS} ms", "figure": p95, "holds": holds})
    missing = f", {latency['missing']} never seen" if latency["missing"] else ""
    return [
        f"(d) submission → flag in the database, median / p95 ({latency['count']} submissions{missing})",
        f"{_ms(latency['median_ms'])} / {_ms(p95)}",
        f"of which the response: {_ms(latency['response_median_ms'])} (median)",
        "—",
        f"p95 < {FLAG_P95_MS / 1000:.0f} s",
        _holds(holds),
    ]


def _markdown(rows: list[list[str]]) -> str:
    header = ["measure", "figure", "beside", "ratio", "target", "holds"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
