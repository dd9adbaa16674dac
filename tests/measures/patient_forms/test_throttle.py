"""The wrong-code counts live in the shared cache (Redis), and survive its outage in process memory."""

import socket
import uuid

import pytest

from measures.patient_forms import throttle
from measures.patient_forms.throttle import Requester


def redis_cache(location: str) -> dict:
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": location,
            # A prefix of its own: the test never clears the shared database.
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_timeout": 1, "socket_connect_timeout": 1},
        }
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_every_scope_counts_until_its_limit(settings):
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    settings.TABLET_CODE_FAILURES_PER_ADDRESS = 3
    settings.TABLET_CODE_FAILURES_GLOBAL = 4
    device = Requester(device="d1", address="10.0.0.1")
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) is None
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    neighbour = Requester(device="d2", address="10.0.0.1")
    assert throttle.blocked_scope(neighbour) is None
    throttle.failure_record(neighbour)
    assert throttle.blocked_scope(neighbour) == "ADDRESS"
    stranger = Requester(device=None, address="10.9.9.9")
    assert throttle.blocked_scope(stranger) is None
    throttle.failure_record(stranger)
    assert throttle.blocked_scope(stranger) == "GLOBAL"


def test_the_counts_are_shared_through_redis(settings):
    settings.CACHES = redis_cache(
        settings.CACHE_URL if settings.CACHE_URL.startswith("redis") else "redis://127.0.0.1:6379/15"
    )
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    device = Requester(device=uuid.uuid4().hex, address="10.0.0.1")
    throttle.failure_record(device)
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    throttle.success_record(device)
    assert throttle.blocked_scope(device) is None


def test_with_redis_down_the_counts_fall_back_to_this_process(settings, caplog):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    device = Requester(device=uuid.uuid4().hex, address="10.0.0.1")
    throttle.failure_record(device)
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    assert "cache is unreachable" in caplog.text


@pytest.mark.django_db
def test_with_redis_down_the_code_page_still_answers(settings, client):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")
    response = client.post("/tablet/", {"code": "000000"})
    assert response.status_code == 400
