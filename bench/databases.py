"""The bench's own PostgreSQL databases: created, switched to and dropped here, never anyone else's."""

import io
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management import call_command
from django.db import connection, connections

# The floor view of the submission load (bench/floor.py) inserts here; the bench creates it, not a migration.
FLOOR_TABLE_SQL = (
    "CREATE TABLE IF NOT EXISTS bench_floor "
    "(id bigserial PRIMARY KEY, created_at timestamptz NOT NULL DEFAULT now(), payload text NOT NULL)"
)


def database_url(server_url: str, name: str) -> str:
    """`server_url` (postgres://user@host:port[/anything]) pointing at the database `name`."""
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def _admin(server_url: str) -> psycopg.Connection:
    parts = urlsplit(database_url(server_url, "postgres"))
    admin = psycopg.connect(urlunsplit(parts._replace(scheme="postgresql")), autocommit=True)
    admin.add_notice_handler(lambda notice: None)  # "does not exist, skipping"
    return admin


def exists(server_url: str, name: str) -> bool:
    with _admin(server_url) as admin:
        return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is not None


def drop(server_url: str, name: str) -> None:
    if not name.startswith("alliance_bench"):
        raise ValueError(f"The bench drops only its own databases (alliance_bench*), not {name!r}.")
    connections.close_all()
    with _admin(server_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def create(server_url: str, name: str, *, template: str | None = None) -> None:
    drop(server_url, name)
    with _admin(server_url) as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))


def use(name: str) -> None:
    """Point this process's default connection at the database `name` (same server)."""
    connection.close()
    connection.settings_dict["NAME"] = name


def migrate() -> None:
    call_command("migrate", "--no-input", verbosity=0, stdout=io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_TABLE_SQL)


def vacuum() -> None:
    """VACUUM ANALYZE, as a long-lived database is kept: timings then see no autovacuum catching up."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
