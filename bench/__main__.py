"""`make bench`: build a large synthetic clinic in its own databases and measure the product.

    .venv/bin/python -m bench               # the default clinic (3,000 patients, 60,000 sessions) and a 10x smaller one
    .venv/bin/python -m bench --quick       # a small run (a smoke test)
    .venv/bin/python -m bench --keep        # keep the databases afterwards, and reuse them when they are there

PostgreSQL and Redis must be up (scripts/ensure-services). The bench uses its
own databases (alliance_bench and alliance_bench_small, dropped afterwards
unless --keep) and its own Redis database (13), so it never touches
development or test data. What each figure measures: README.md, "Benchmark".
"""

import argparse
import os
import sys
import warnings
from pathlib import Path

DEFAULT_SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--patients", type=int, help="patients of the default clinic (3,000; --quick: 60)")
    parser.add_argument("--sessions", type=int, help="sessions of the default clinic (60,000; --quick: 1,200)")
    parser.add_argument("--seed", type=int, default=1, help="the synthetic clinic's seed (1)")
    parser.add_argument("--keep", action="store_true", help="keep the databases, and reuse them when they match")
    parser.add_argument("--quick", action="store_true", help="a small clinic and short runs: a smoke test")
    parser.add_argument("--database", default="alliance_bench", help="database name (alliance_bench; +_small)")
    parser.add_argument(
        "--server",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_SERVER),
        help=f"PostgreSQL server (BENCH_DATABASE_URL, else {DEFAULT_SERVER})",
    )
    parser.add_argument(
        "--redis",
        default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS),
        help=f"Redis database of the broker and cache (BENCH_REDIS_URL, else {DEFAULT_REDIS})",
    )
    parser.add_argument("--concurrency", type=int, default=8, help="connections at once in the submission load (8)")
    parser.add_argument(
        "--output", type=Path, help="where the figures go (bench/results.json; --quick: bench/results-quick.json)"
    )
    options = parser.parse_args(argv)
    if not options.database.startswith("alliance_bench"):
        parser.error("--database must start with alliance_bench: the bench drops it.")
    here = Path(__file__).resolve().parent
    options.output = options.output or here / ("results-quick.json" if options.quick else "results.json")
    options.patients = options.patients or (60 if options.quick else 3000)
    options.sessions = options.sessions or (1200 if options.quick else 60000)
    if options.patients < 20 or options.sessions < 2 * options.patients:
        parser.error("The clinic needs at least 20 patients and twice as many sessions as patients.")
    return options


def configure(options: argparse.Namespace) -> None:
    """Settings for this process and the servers it starts: the bench's database and Redis, never a .env's."""
    from .databases import database_url

    os.environ.update(
        DJANGO_SETTINGS_MODULE="alliance.settings",
        ALLIANCE_ENV="development",  # plain HTTP on 127.0.0.1; DEBUG off below
        DJANGO_DEBUG="false",
        STATIC_MANIFEST="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url(options.server, options.database),
        CELERY_BROKER_URL=options.redis,
        CACHE_URL=options.redis,
        LOG_LEVEL="WARNING",
    )
    os.environ.pop("DATABASE_NAME", None)


def main() -> None:
    options = arguments()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    configure(options)
    # The bench serves no static files: whitenoise's warning about a missing STATIC_ROOT is noise here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    import django

    django.setup()
    from .run import run

    run(options)


if __name__ == "__main__":
    main()
