"""Run the benchmarks: ``python -m tests.perf [--quick]`` (``make bench``).

Every benchmark runs on a throwaway SQLite database, and on a throwaway PostgreSQL
database when ``KIOSK_TEST_POSTGRES_URL`` names a server. The table shows ratios
against baselines measured in the same run, so numbers compare across machines.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from kiosk.config import DEFAULT_CONFIG, Settings, load_settings
from kiosk.errors import KioskError
from tests.perf.benchmarks import QUICK, Sizes
from tests.perf.harness import Result, postgres_database, print_table, sqlite_database

Database = Callable[[], AbstractContextManager[str]]
PerDatabase = Callable[[str, str, Settings, Sizes], "Result | list[Result]"]
Once = Callable[[Settings, Sizes], list[Result]]
# Each module offers PER_DATABASE (run on SQLite and on PostgreSQL) and/or ONCE (run once).
MODULES = ("tests.perf.benchmarks", "tests.perf.bench_metrics", "tests.perf.bench_history",
           "tests.perf.bench_console", "tests.perf.bench_startup", "tests.perf.bench_sync",
           "tests.perf.bench_propagation", "tests.perf.bench_estimate",
           "tests.perf.bench_accuracy", "tests.perf.bench_web", "tests.perf.bench_api")
RESULTS_FILE = Path("bench-results.json")
#: Benchmarks that could not run: the others go on, and the run ends with exit code 1.
FAILED: list[str] = []


def collected() -> tuple[list[PerDatabase], list[Once]]:
    """The benchmarks of every module in :data:`MODULES` that exists."""
    per_database: list[PerDatabase] = []
    once: list[Once] = []
    for name in MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        per_database.extend(getattr(module, "PER_DATABASE", ()))
        once.extend(getattr(module, "ONCE", ()))
    return per_database, once


def targets() -> list[tuple[str, Database]]:
    """SQLite always; PostgreSQL when KIOSK_TEST_POSTGRES_URL names a server."""
    found: list[tuple[str, Database]] = [("sqlite", sqlite_database)]
    server = os.environ.get("KIOSK_TEST_POSTGRES_URL", "")
    if server:
        found.append(("postgresql", lambda: postgres_database(server)))
    else:
        print("PostgreSQL: not measured (set KIOSK_TEST_POSTGRES_URL to a server URL)")
    return found


def run_on(label: str, database: Database, settings: Settings, sizes: Sizes,
           benchmarks: list[PerDatabase]) -> list[Result]:
    results: list[Result] = []
    with database() as url:
        for benchmark in benchmarks:
            began = time.perf_counter()
            try:
                found = benchmark(label, url, settings, sizes)
            except Exception as exc:  # noqa: BLE001 - reported; the other benchmarks go on
                FAILED.append(f"{label} {benchmark.__name__}: {type(exc).__name__}: {exc}")
                print(f"  {label:<10} {benchmark.__name__:<45} FAILED: {exc}", flush=True)
                continue
            results.extend(found if isinstance(found, list) else [found])
            print(f"  {label:<10} {benchmark.__name__:<45} "
                  f"{time.perf_counter() - began:5.1f} s", flush=True)
    return results


def run_once(settings: Settings, sizes: Sizes, benchmarks: list[Once]) -> list[Result]:
    results: list[Result] = []
    for benchmark in benchmarks:
        began = time.perf_counter()
        try:
            results.extend(benchmark(settings, sizes))
        except Exception as exc:  # noqa: BLE001 - reported; the other benchmarks go on
            FAILED.append(f"{benchmark.__name__}: {type(exc).__name__}: {exc}")
            print(f"  {'-':<10} {benchmark.__name__:<45} FAILED: {exc}", flush=True)
            continue
        print(f"  {'-':<10} {benchmark.__name__:<45} {time.perf_counter() - began:5.1f} s",
              flush=True)
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
    per_database, once = collected()
    results = run_once(settings, sizes, once)
    for label, database in targets():
        try:
            results.extend(run_on(label, database, settings, sizes, per_database))
        except (SQLAlchemyError, KioskError) as exc:
            if label != "postgresql" or os.environ.get("CI", "").lower() in ("1", "true", "yes"):
                raise
            print(f"PostgreSQL: not measured, the server is unusable: {exc}".splitlines()[0])
    print()
    print_table(results)
    RESULTS_FILE.write_text(json.dumps([r.as_json() for r in results], indent=2) + "\n",
                            encoding="utf-8")
    missed = [r for r in results if r.holds is False]
    print(f"\n{len(results)} figures written to {RESULTS_FILE}; "
          f"{len(missed)} miss their target." if missed else
          f"\n{len(results)} figures written to {RESULTS_FILE}; every target holds.")
    print(f"\nDone in {time.perf_counter() - began:.0f} s.")
    for failure in FAILED:
        print(f"could not run: {failure}", file=sys.stderr)
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
