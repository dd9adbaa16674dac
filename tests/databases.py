"""What a test needs beyond the embedded default: the markers `postgres` and `worker`.

`make test` runs the whole suite on PostgreSQL and Redis and, at the same time, every test
without these markers (nor `browser`) on the embedded default: SQLite, tasks run eagerly in
process (scripts/test-both). A test that needs PostgreSQL says why, e.g.
`@pytest.mark.postgres("the write triggers of the audit log")`; selected on SQLite anyway, it is
skipped with that reason, never run where it cannot pass.
"""

import pytest
from django.conf import settings
from django.db import connections

NEEDS = {
    "postgres": "needs PostgreSQL",
    "worker": "runs a Celery worker or a Redis server of its own, on a test database shared through PostgreSQL",
}


def pytest_collection_modifyitems(config, items):
    vendor = connections["default"].vendor
    if vendor == "postgresql":
        return
    for item in items:
        for name, default in NEEDS.items():
            marker = item.get_closest_marker(name)
            if marker:
                reason = marker.args[0] if marker.args else default
                item.add_marker(pytest.mark.skip(reason=f"{name}: {reason} (this run is on {vendor})"))
                break


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, a test database in a file of each test process's own, not in memory.

    As the embedded default runs: in memory, SQLite locks tables, not the file, and two connections
    writing at once fail at once rather than wait for each other (tests/sessions/test_numbering.py).
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
