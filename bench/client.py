"""A small HTTP/1.1 client for the bench: one timed request, or many at once from asyncio.

Every request opens its own connection and asks to close it, as gunicorn's
sync workers do anyway (they never keep a connection alive). Requests are
prepared as bytes beforehand, so the load costs the client little CPU; the
bench reports how much it used.
"""

import asyncio
import http.client
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Reply:
    status: int
    seconds: float
    body: bytes
    location: str = ""


def get(port: int, path: str, *, cookie: str = "") -> Reply:
    """GET `path`; `seconds` runs from opening the connection to the last byte of the body."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    connection.request("GET", path, headers={"Cookie": cookie, "Connection": "close"})
    response = connection.getresponse()
    body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return Reply(response.status, seconds, body, response.headers.get("Location", ""))


def post(port: int, path: str, body: bytes, *, csrf: str) -> Reply:
    """POST a form as post_bytes describes; `seconds` as for get."""
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    started = time.perf_counter()
    connection.request("POST", path, body=body, headers=_post_headers(port, len(body), csrf))
    response = connection.getresponse()
    reply_body = response.read()
    seconds = time.perf_counter() - started
    connection.close()
    return Reply(response.status, seconds, reply_body)


def _post_headers(port: int, length: int, csrf: str) -> dict[str, str]:
    return {
        "Host": f"{HOST}:{port}",
        "Origin": f"http://{HOST}:{port}",
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(length),
        "Cookie": f"csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "Accept": "application/json",
        "Connection": "close",
    }


def post_bytes(port: int, path: str, body: bytes, *, csrf: str) -> bytes:
    """A form POST prepared as bytes, as a page script sends it: CSRF cookie and header, same origin, JSON reply."""
    head = [
        f"POST {path} HTTP/1.1",
        *(f"{name}: {value}" for name, value in _post_headers(port, len(body), csrf).items()),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _send(port: int, request: bytes) -> Reply:
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection(HOST, port)
    try:
        writer.write(request)
        data = await reader.read()  # to the end: the server closes the connection
    finally:
        writer.close()
    seconds = time.perf_counter() - started
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head[9:12]) if head.startswith(b"HTTP/1.") else 0
    return Reply(status, seconds, body)


@dataclass
class Load:
    """What a concurrent run did: replies by status, wall time, the client's own CPU time."""

    seconds: float = 0.0
    client_cpu: float = 0.0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)

    @property
    def ok(self) -> int:
        return self.statuses.get(200, 0)

    @property
    def rate(self) -> float:
        return self.ok / self.seconds if self.seconds else 0.0


def load(port: int, requests: Iterator[bytes], *, concurrency: int, seconds: float) -> Load:
    """Send `requests` from `concurrency` connections at once until they run out or `seconds` pass."""
    return asyncio.run(_load(port, requests, concurrency, seconds))


async def _load(port: int, requests: Iterator[bytes], concurrency: int, seconds: float) -> Load:
    result = Load()
    started, cpu = time.perf_counter(), time.process_time()
    deadline = started + seconds

    async def client() -> None:
        while time.perf_counter() < deadline:
            request = next(requests, None)
            if request is None:
                return
            try:
                reply = await _send(port, request)
            except OSError as error:
                result.failures.append(str(error))
                continue
            result.statuses[reply.status] = result.statuses.get(reply.status, 0) + 1
            result.latencies.append(reply.seconds)
            if reply.status != 200 and len(result.failures) < 5:
                result.failures.append(f"HTTP {reply.status}: {reply.body[:200]!r}")

    await asyncio.gather(*(client() for _ in range(concurrency)))
    result.seconds = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu
    return result
