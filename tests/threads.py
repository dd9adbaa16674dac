"""Run one piece of work on several threads released at the same moment, each on its own database connection."""

import threading
from collections.abc import Callable

from django.db import connection


def at_once(work: Callable[[], object], times: int = 2, timeout: float = 30) -> list[Exception]:
    """Run `work` on `times` threads that start together; the errors they raised (an empty list when none did)."""
    start = threading.Barrier(times)
    errors = []

    def run():
        try:
            start.wait(timeout=timeout)
            work()
        except Exception as error:  # noqa: BLE001 - returned to the test, which asserts on it
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return errors
