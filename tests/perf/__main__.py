"""Run the benchmarks: ``python -m tests.perf [--quick]`` (``make bench``).

Every benchmark runs on a throwaway SQLite database, and on a throwaway PostgreSQL
database when ``KIOSK_TEST_POSTGRES_URL`` names a server. The table shows ratios
against baselines measured in the same run, so numbers compare across machines.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager

from sqlalchemy.exc import SQLAlchemyError

from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.errors import KioskError
from tests.perf.benchmarks import ALL, QUICK, Sizes
from tests.perf.harness import Result, postgres_database, print_table, sqlite_database

Database = Callable[[], AbstractContextManager[str]]


def targets() -> list[tuple[str, Database]]:
    """SQLite always; PostgreSQL when KIOSK_TEST_POSTGRES_URL names a server."""
    found: list[tuple[str, Database]] = [("sqlite", sqlite_database)]
    server = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")
    if server:
        found.append(("postgresql", lambda: postgres_database(server)))
    else:
        print("PostgreSQL: not measured (set KIOSK_TEST_POSTGRES_URL to a server URL)")
    return found


def run_on(label: str, database: Database, settings: Settings, sizes: Sizes) -> list[Result]:
    results = []
    with database() as url:
        for benchmark in ALL:
            began = time.perf_counter()
            result = benchmark(label, url, settings, sizes)
            print(f"  {label:<10} {result.benchmark:<45} "
                  f"{time.perf_counter() - began:5.1f} s", flush=True)
            results.append(result)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.perf", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: check that the benchmarks run, not how fast")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else Sizes()
    settings = load_settings(DEFAULT_CONFIG, environ={})
    began = time.perf_counter()
    print("Tech Bar benchmarks (each ratio is against a baseline measured in this run)",
          flush=True)
    results: list[Result] = []
    for label, database in targets():
        try:
            results.extend(run_on(label, database, settings, sizes))
        except (SQLAlchemyError, KioskError) as exc:
            if label != "postgresql" or os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                raise
            print(f"PostgreSQL: not measured, the server is unusable: {exc}".splitlines()[0])
    print()
    print_table(results)
    print(f"\nDone in {time.perf_counter() - began:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
