"""A real worker sends the digests; while the SMTP server refuses, the task retries itself, and sends each once."""

import datetime

import pytest

from digests.models import DigestSent
from digests.tasks import daily_digests
from tests.review.conftest import broker, start_worker  # noqa: F401  (the real Redis and worker fixtures)
from tests.review.workers import wait_for

from .conftest import high_flag_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_refused_send_is_retried_by_the_task_until_it_goes_exactly_once(
    inbox,
    world,
    monkeypatch,
    start_worker,  # noqa: F811
):
    high_flag_world(world)
    monkeypatch.setenv("EMAIL_URL", f"smtp://127.0.0.1:{inbox.port}")
    monkeypatch.setenv("DIGEST_RETRY_SECONDS", "1")
    inbox.refuse = True
    worker = start_worker()

    daily_digests.delay("2026-11-17")
    wait_for(lambda: inbox.refused >= 4, timeout=30, what="two tries refused")
    assert not DigestSent.objects.exists()
    inbox.refuse = False
    wait_for(lambda: DigestSent.objects.count() == 2, timeout=30, what="the digests sent")
    wait_for(lambda: "succeeded" in worker.output(), timeout=10, what="the task to end")

    assert sorted(m["To"] for m in inbox.messages) == ["a@clinic.example", "s@clinic.example"]
    assert set(DigestSent.objects.values_list("day", flat=True)) == {datetime.date(2026, 11, 17)}
