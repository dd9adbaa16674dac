"""(a) The dashboard pages: server time through gunicorn, and queries per page.

Adjust PAGES when a page moves: a path the URLconf does not know is reported
as "missing" (so is a page that answers with anything but 200), never a crash.
A path that redirects within the site (such as "/" to the user's home) is
timed at its destination.
"""

import statistics
from dataclasses import asdict, dataclass, field

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import Resolver404, resolve

from . import client, databases
from .clinic import Cast

# name, path ({patient}: the patient with the long history), who asks (an attribute of Cast).
PAGES = [
    ("supervisor dashboard", "/dashboard/supervisor/", "supervisor"),
    ("therapist home", "/dashboard/", "therapist"),  # "/" redirects a therapist here
    ("patient page", "/patients/{patient}/", "therapist"),
]
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass(frozen=True)
class PageTiming:
    name: str
    path: str
    status: str  # "ok", or why it was not timed
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | None = None
    kilobytes: float | None = None

    def as_json(self) -> dict:
        return asdict(self)


def percentile(values: list[float], fraction: float) -> float:
    """Linear interpolation between the closest ranks (numpy's default)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * fraction
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def session_cookie(user) -> str:
    """A signed-in session of `user` in the current database, as the Cookie header of a request."""
    browser = Client()
    browser.force_login(user, backend=MODEL_BACKEND)
    return "; ".join(f"{name}={morsel.value}" for name, morsel in browser.cookies.items())


@dataclass
class _Target:
    """One page at one clinic: where it is, who asks, what it took."""

    clinic: str
    name: str
    port: int
    path: str
    cookie: str
    status: str = "ok"
    seconds: list[float] = field(default_factory=list)
    kilobytes: float | None = None


def pages_time(clinics: dict[str, tuple[int, str]], *, warmup: int, repeats: int) -> dict[str, list[PageTiming]]:
    """Each page of PAGES at each clinic ({label: (port, database)}): `warmup` requests, then `repeats`
    timed one after another, the clinics and pages taking turns so that both see the same machine."""
    targets = [target for label, (port, database) in clinics.items() for target in _targets(label, port, database)]
    live = [target for target in targets if _first(target)]
    for target in live:
        for _ in range(warmup):
            client.get(target.port, target.path, cookie=target.cookie)
    for _ in range(repeats):
        for target in live:
            reply = client.get(target.port, target.path, cookie=target.cookie)
            if reply.status != 200:
                target.status = f"failed (HTTP {reply.status})"
            target.seconds.append(reply.seconds)
            target.kilobytes = len(reply.body) / 1024
    timings: dict[str, list[PageTiming]] = {label: [] for label in clinics}
    for target in targets:
        timings[target.clinic].append(_timing(target, clinics[target.clinic][1]))
    return timings


def _targets(label: str, port: int, database: str) -> list[_Target]:
    databases.use(database)
    cast, cookies, found = Cast.find(), {}, []
    for name, template, who in PAGES:
        user = getattr(cast, who)
        if user.pk not in cookies:
            cookies[user.pk] = session_cookie(user)
        found.append(_Target(label, name, port, template.format(patient=cast.long_patient.pk), cookies[user.pk]))
    return found


def _first(target: _Target) -> bool:
    """Whether the page is there to be timed (following one redirect within the site)."""
    try:
        resolve(target.path)
    except Resolver404:
        target.status = "missing"
        return False
    reply = client.get(target.port, target.path, cookie=target.cookie)
    if reply.status in (301, 302) and reply.location.startswith("/"):
        target.path = reply.location  # e.g. "/" sends each user to their own home: time that page
        reply = client.get(target.port, target.path, cookie=target.cookie)
    if reply.status != 200:
        target.status = f"missing (HTTP {reply.status})"
    return reply.status == 200


def _timing(target: _Target, database: str) -> PageTiming:
    if target.status != "ok":
        return PageTiming(target.name, target.path, target.status)
    databases.use(database)
    return PageTiming(
        target.name,
        target.path,
        "ok",
        median_ms=statistics.median(target.seconds) * 1000,
        p95_ms=percentile(target.seconds, 0.95) * 1000,
        queries=_queries(target.path, target.cookie),
        kilobytes=target.kilobytes,
    )


def _queries(path: str, cookie: str) -> int:
    """The SQL queries one request of the page runs, counted in this process."""
    browser = Client(HTTP_HOST=client.HOST)
    for pair in cookie.split("; "):
        key, _, value = pair.partition("=")
        browser.cookies[key] = value
    with CaptureQueriesContext(connection) as queries:
        browser.get(path)
    return len(queries)
