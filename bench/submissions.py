"""(b) SRS submissions per second beside the floor, and (d) the time from a submission to its flag.

A submission is what the patient's phone or the clinic tablet sends: the
form POST to a telehealth link issued by the therapist (the links are issued
beforehand through the project's own service; issuing is not timed), with
the CSRF cookie and header a browser sends, answered as JSON.
"""

import random
import string
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django.db import connection
from django.db.models import Exists, OuterRef
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from dashboard.demo import wai_items
from measures.models import SrsResponse
from measures.patient_forms import services as forms
from measures.patient_forms.models import PatientFormAccess
from measures.scoring import SRS_ITEMS
from review.models import Flag
from sessions.models import Attendance, TherapySession

from . import client

FLOOR_PATH = "/bench/floor/"
FLAG_CODE = "srs_below_cutoff"  # what a total of 20 always raises (docs/review-rules.md, "Rules": cutoff 36)
LOW_POSITIONS = (50, 50, 50, 50)  # four lines at 5.0: an SRS total of 20


@dataclass(frozen=True)
class Link:
    session_id: int
    token: str
    submission_key: str
    include_wai: bool

    @property
    def path(self) -> str:
        return f"/p/{self.token}/"


def csrf_secret(rng: random.Random) -> str:
    """A CSRF cookie value, as Django's middleware makes them (32 letters and digits)."""
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(32))


def open_sessions(*, seed: int) -> list[int]:
    """Attended sessions with no SRS and no patient form yet: every patient's latest first, then their
    second latest..., patients in a seeded order, so that requests at the same time are for different patients."""
    has_srs = SrsResponse.objects.filter(session=OuterRef("pk"))
    has_form = PatientFormAccess.objects.filter(session=OuterRef("pk"))
    rows = (
        TherapySession.objects.filter(attendance=Attendance.ATTENDED)
        .exclude(Exists(has_srs))
        .exclude(Exists(has_form))
        .order_by("patient_id", "-number")
        .values_list("pk", "patient_id")
    )
    by_patient: dict[int, list[int]] = {}
    for pk, patient_id in rows:
        by_patient.setdefault(patient_id, []).append(pk)
    patients = sorted(by_patient)
    random.Random(seed).shuffle(patients)
    ordered = []
    for depth in range(max((len(ids) for ids in by_patient.values()), default=0)):
        ordered += [by_patient[p][depth] for p in patients if depth < len(by_patient[p])]
    return ordered


def links_issue(session_ids: list[int]) -> list[Link]:
    """A telehealth link for each session, issued by its therapist through the service."""
    sessions = TherapySession.objects.select_related("therapist").in_bulk(session_ids)
    links = []
    for pk in session_ids:
        session = sessions[pk]
        issued = forms.telehealth_link_issue(session=session, issued_by=session.therapist)
        links.append(Link(pk, issued.secret, str(issued.access.submission_key), issued.access.include_wai))
    return links


def answers(link: Link, rng: random.Random, positions: tuple[int, ...] | None = None) -> bytes:
    """The form's fields: four line positions 0-100 and, when offered, the twelve WAI-SR answers."""
    positions = positions or tuple(min(100, max(0, round(rng.gauss(88, 8)))) for _ in SRS_ITEMS)
    data = {"submission_key": link.submission_key}
    data |= {f"srs_{code}": str(position) for code, position in zip(SRS_ITEMS, positions, strict=True)}
    if link.include_wai:
        level = float(sum(Decimal(p) / 10 for p in positions))
        data |= {f"wai_{n}": str(answer or 3) for n, answer in enumerate(wai_items(rng, level), start=1)}
    return urlencode(data).encode()


def floor_requests(port: int, csrf: str) -> Iterator[bytes]:
    request = client.post_bytes(port, FLOOR_PATH, b"payload=srs", csrf=csrf)
    while True:
        yield request


def submission_requests(port: int, links: list[Link], csrf: str, rng: random.Random) -> Iterator[bytes]:
    return iter([client.post_bytes(port, link.path, answers(link, rng), csrf=csrf) for link in links])


@dataclass(frozen=True)
class FlagLatency:
    seconds: list[float]  # submission sent → flag row committed
    response_seconds: list[float]  # submission sent → response received
    missing: int  # flags not seen within the timeout


def flag_latency(port: int, links: list[Link], csrf: str, rng: random.Random, *, timeout: float = 10) -> FlagLatency:
    """Submit a low SRS through each link, one at a time, and poll the database (every 5 ms) for its flag."""
    seconds, responses, missing = [], [], 0
    for link in links:
        flag = Flag.objects.filter(session_id=link.session_id, code=FLAG_CODE)
        started = time.perf_counter()
        reply = client.post(port, link.path, answers(link, rng, LOW_POSITIONS), csrf=csrf)
        if reply.status != 200:
            raise RuntimeError(f"The submission to {link.path} answered HTTP {reply.status}: {reply.body[:300]!r}")
        responses.append(reply.seconds)
        while not flag.exists():
            if time.perf_counter() - started > timeout:
                missing += 1
                break
            time.sleep(0.005)
        else:
            seconds.append(time.perf_counter() - started)
        time.sleep(0.2)  # one at a time: the latency of an idle worker, not of a backlog
    return FlagLatency(seconds, responses, missing)


def queries_per_request(links: list[Link], rng: random.Random) -> dict[str, int]:
    """SQL statements of a submission (one with and one without the WAI-SR, when `links` offers both) and of
    a floor request, counted in this process. Spends the links it uses; returns the others untouched."""
    browser = Client(HTTP_HOST=client.HOST, HTTP_ACCEPT="application/json")
    requests = [("floor", FLOOR_PATH, b"payload=srs")]
    for name, with_wai in (("srs", False), ("srs_and_wai", True)):
        link = next((link for link in links if link.include_wai == with_wai), None)
        if link is not None:
            links.remove(link)
            requests.append((name, link.path, answers(link, rng)))
    counts = {}
    with override_settings(ROOT_URLCONF="bench.urls"):
        for name, path, body in requests:
            with CaptureQueriesContext(connection) as queries:
                response = browser.post(path, data=body, content_type="application/x-www-form-urlencoded")
            if response.status_code != 200:
                raise RuntimeError(f"{path} answered HTTP {response.status_code}: {response.content[:300]!r}")
            counts[name] = len(queries)
    return counts
