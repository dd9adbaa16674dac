"""Transaction-level advisory locks: what the review takes so that two writers of the same rows never interleave.

Each lock is a (namespace, id) pair, held until the transaction ends. Callers pass
sorted ids and take patients' locks before clinics', so two transactions never wait
for each other in a circle.
"""

from collections.abc import Sequence

from django.db import connection


def advisory_locks(namespace: int, ids: Sequence[int]) -> None:
    """Lock each id of `namespace` in turn, waiting for any other transaction holding it."""
    if connection.vendor != "postgresql" or not ids:
        return  # SQLite (the embedded demo) has one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, id::int) FROM unnest(%s::bigint[]) AS id", [namespace, list(ids)]
        )
