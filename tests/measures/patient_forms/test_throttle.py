"""The wrong-code counts live in the shared cache (Redis), and survive its outage in process memory."""

import shutil
import signal
import socket
import time
import uuid

import pytest
from django.conf import settings as project_settings

from measures.patient_forms import throttle
from measures.patient_forms.throttle import Requester
from tests.review.workers import RedisServer


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


@pytest.fixture
def redis_down(settings):
    """The cache pointed at a port nobody listens on."""
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{free_port()}/0")


def new_device() -> Requester:
    """A tablet no test has counted before."""
    return Requester(device=uuid.uuid4().hex, address="10.0.0.1")


def test_every_scope_counts_until_its_limit(settings):
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    settings.TABLET_CODE_FAILURES_PER_ADDRESS = 3
    device = Requester(device="d1", address="10.0.0.1")
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) is None
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    neighbour = Requester(device="d2", address="10.0.0.1")
    assert throttle.blocked_scope(neighbour) is None
    throttle.failure_record(neighbour)
    assert throttle.blocked_scope(neighbour) == "ADDRESS"


def test_no_count_of_other_requesters_pauses_one_that_has_not_failed(settings):
    settings.TABLET_CODE_FAILURES_PER_ADDRESS = 3
    for n in range(100):
        throttle.failure_record(Requester(device=f"d{n}", address=f"10.0.{n}.1"))
    assert throttle.blocked_scope(Requester(device=None, address="10.9.9.9")) is None
    assert throttle.blocked_scope(Requester(device="fresh", address="10.9.9.9")) is None


def test_the_counts_are_shared_through_redis(settings):
    settings.CACHES = redis_cache(
        settings.CACHE_URL if settings.CACHE_URL.startswith("redis") else "redis://127.0.0.1:6379/15"
    )
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    device = new_device()
    throttle.failure_record(device)
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    throttle.success_record(device)
    assert throttle.blocked_scope(device) is None


def test_with_redis_down_the_counts_fall_back_to_this_process(redis_down, settings, caplog):
    settings.TABLET_CODE_FAILURES_PER_DEVICE = 2
    device = new_device()
    throttle.failure_record(device)
    throttle.failure_record(device)
    assert throttle.blocked_scope(device) == "DEVICE"
    assert "cache is unreachable" in caplog.text


@pytest.mark.django_db
def test_with_redis_down_the_code_page_still_answers(redis_down, client):
    response = client.post("/tablet/", {"code": "000000"})
    assert response.status_code == 400


@pytest.fixture
def hung_redis(tmp_path, settings):
    """A redis-server of this test's own, the cache pointed at it as in production, then SIGSTOPped:
    it accepts connections and never answers."""
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": server.url,
            "OPTIONS": project_settings.REDIS_SOCKET_OPTIONS,
        }
    }
    server.process.send_signal(signal.SIGSTOP)
    yield server
    server.process.send_signal(signal.SIGCONT)
    server.stop()


def timed_wrong_code(client) -> float:
    started = time.monotonic()
    assert client.post("/tablet/", {"code": "000000"}).status_code == 400
    return time.monotonic() - started


@pytest.mark.django_db
def test_a_hung_redis_costs_one_request_its_socket_timeout_and_the_next_ones_nothing(hung_redis, client, caplog):
    durations = [timed_wrong_code(client) for _ in range(4)]
    timeout = project_settings.REDIS_SOCKET_OPTIONS["socket_timeout"]
    assert durations[0] < timeout + 1.5  # one timeout, not one per cache call
    assert max(durations[1:]) < 0.5  # the throttle counts in this process during the pause
    assert caplog.text.count("cache is unreachable") == 1


@pytest.mark.django_db
def test_the_counts_kept_during_the_pause_still_throttle(hung_redis, client, settings):
    settings.TABLET_CODE_FAILURES_PER_ADDRESS = 3
    for _ in range(3):
        client.post("/tablet/", {"code": "000000"})
    assert client.post("/tablet/", {"code": "000000"}).status_code == 429


def test_after_the_pause_the_throttle_tries_the_shared_cache_again(redis_down, settings, caplog):
    settings.CACHE_PAUSE_SECONDS = 0
    device = new_device()
    throttle.blocked_scope(device)
    throttle.blocked_scope(device)
    assert caplog.text.count("cache is unreachable") == 2
