"""The benchmark's flat and nested workloads run through Python dlt into DuckDB, for comparison (not part of the build).

The same rows as tests/Dlt.Benchmarks (Workloads.FlatDictionaries, Workloads.NestedDictionaries): 1,000,000 flat rows
(id, name, value, updated_at, active) and 100,000 orders with a nested customer object and 5 lines each. Each workload runs
dlt's three steps (extract, normalize, load) into a fresh DuckDB file and prints rows/s for the whole run and each step.

usage: python dlt_flat_and_nested.py [--rows N] [--workdir DIR]   (needs `pip install dlt duckdb`; dlt 1.26 was measured)
"""
import argparse
import datetime as dt
import os
import shutil
import tempfile
import time

import dlt

EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)


def flat_rows(n):
    for i in range(n):
        yield {"id": i, "name": f"name_{i}", "value": i * 0.25, "updated_at": EPOCH + dt.timedelta(seconds=i), "active": i % 2 == 0}


def nested_rows(n):
    for i in range(n):
        yield {
            "id": i,
            "name": f"order_{i}",
            "customer": {"country": "DE" if i % 2 == 0 else "US", "tier": i % 5},
            "lines": [{"line": c, "sku": f"sku_{i % 1000}_{c}", "qty": c + 1} for c in range(5)],
        }


def measure(workdir, name, data, table, rows):
    pipelines_dir = os.path.join(workdir, "pipelines")
    database = os.path.join(workdir, name + ".duckdb")
    pipeline = dlt.pipeline(pipeline_name=name, destination=dlt.destinations.duckdb(database), dataset_name="bench", pipelines_dir=pipelines_dir)
    started = time.perf_counter()
    pipeline.extract(data, table_name=table)
    extracted = time.perf_counter()
    pipeline.normalize()
    normalized = time.perf_counter()
    pipeline.load()
    loaded = time.perf_counter()
    total = loaded - started
    print(f"dlt {dlt.__version__} {name}: {rows:,} rows in {total:.2f} s = {rows / total:,.0f} rows/s "
          f"(extract {extracted - started:.2f} s, normalize {normalized - extracted:.2f} s, load {loaded - normalized:.2f} s)", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--workdir")
    args = parser.parse_args()
    workdir = args.workdir or tempfile.mkdtemp(prefix="dlt-python-bench-")
    try:
        measure(workdir, "flat_dynamic", flat_rows(args.rows), "flat", args.rows)
        parents = args.rows // 10
        measure(workdir, "nested_dynamic", nested_rows(parents), "orders", parents * 6)
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
