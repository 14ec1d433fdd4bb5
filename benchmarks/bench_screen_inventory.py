"""`section889 screen inventory` on a 20,000-row CMDB export, end to end, as a user runs it.

    .venv/bin/python benchmarks/bench_screen_inventory.py [--runs N] [--rows N]

The CMDB is the `cmdb` file of benchmarks/inventory_files.py (realistic mix, generated into
benchmarks/data/ once). Each run is a new process writing the per-asset CSV and every side file
(phase-out sheet, inquiry record JSON and PDF, disclosure) with the shipped knowledge base:

- `auto`: the command as a user types it (a CSV of this size goes to the DuckDB engine);
- `records`: the same with `--engine records` (the single-record engine), the baseline;
- `help`: `section889 --help`, the start-up every command pays.

The goal the issue set: 20,000 rows in a second or less (20,000 rows/s), or large inputs handed
to the DuckDB engine by themselves with the same outputs (the engines' equality is a test,
tests/services/test_inventory_screening.py). Writes benchmarks/results/screen_inventory.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory_files import generate  # noqa: E402
from machine import machine_info  # noqa: E402

AS_OF = "2025-06-01"
GOAL_ROWS_PER_S = 20_000


def _cmdb(rows: int) -> Path:
    """The CMDB file of a `2 × rows` inventory (the generator gives half its rows to the CMDB)."""
    data = HERE / "data"
    path = data / f"cmdb_{rows * 2}_realistic.csv"
    if not path.exists():
        generate(data, rows * 2)
    return path


def _run(args: list[str]) -> tuple[float, str]:
    """Seconds the command took, and what it printed."""
    env = {**os.environ, "SECTION889_WARN_SHIPPED_KB_AGE": "false"}
    started = time.perf_counter()
    done = subprocess.run(args, check=True, capture_output=True, text=True, env=env)
    return time.perf_counter() - started, done.stdout


def measure(cmdb: Path, runs: int) -> dict[str, Any]:
    """Median, min and max seconds of each variant over `runs` interleaved runs."""
    exe = [sys.executable, "-m", "section889"]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "assets.csv"
        base = [*exe, "screen", "inventory", str(cmdb), "--out", str(out), "--as-of", AS_OF]
        variants = {
            "auto": base,
            "records": [*base, "--engine", "records"],
            "help": [*exe, "--help"],
        }
        said = {name: _run(args)[1] for name, args in variants.items()}  # warms the file cache
        times: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(runs):
            for name, args in variants.items():
                times[name].append(_run(args)[0])
    figures: dict[str, Any] = {
        name: {
            "median_s": round(statistics.median(found), 3),
            "min_s": round(min(found), 3),
            "max_s": round(max(found), 3),
        }
        for name, found in times.items()
    }
    figures["auto"]["engine"] = "duckdb" if "(DuckDB engine)" in said["auto"] else "records"
    figures["records"]["engine"] = "duckdb" if "(DuckDB engine)" in said["records"] else "records"
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=20_000)
    args = parser.parse_args()
    cmdb = _cmdb(args.rows)
    rows = sum(1 for _ in cmdb.open(encoding="utf-8")) - 1
    load_before = os.getloadavg()
    figures = measure(cmdb, args.runs)
    for name in ("auto", "records"):
        figures[name]["rows_per_s"] = round(rows / figures[name]["median_s"])
    speedup = figures["records"]["median_s"] / figures["auto"]["median_s"]
    report = {
        "machine": machine_info(HERE.parent),
        "rows": rows,
        "runs": args.runs,
        "file_bytes": cmdb.stat().st_size,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "variants": figures,
        "speedup_auto_over_records": round(speedup, 2),
        "goals": {
            f"≥ {GOAL_ROWS_PER_S:,} rows/s end to end": figures["auto"]["rows_per_s"]
            >= GOAL_ROWS_PER_S,
            "large CSV inputs handed to the DuckDB engine by themselves": figures["auto"]["engine"]
            == "duckdb",
        },
    }
    print(f"{rows:,} CMDB rows ({cmdb.stat().st_size / 2**20:.1f} MiB), {args.runs} runs each")
    print(f"{'variant':<10} {'median':>8} {'min':>8} {'max':>8} {'rows/s':>9}")
    for name, run in figures.items():
        rate = f"{run['rows_per_s']:,}" if "rows_per_s" in run else ""
        engine = f"  ({run['engine']} engine)" if "engine" in run else ""
        print(
            f"{name:<10} {run['median_s']:>8.2f} {run['min_s']:>8.2f} {run['max_s']:>8.2f} "
            f"{rate:>9}{engine}"
        )
    print(f"auto (DuckDB engine) is {speedup:.2f}x the record engine")
    for goal, ok in report["goals"].items():
        print(f"goal {goal}: {'PASS' if ok else 'FAIL'}")
    out = HERE / "results" / "screen_inventory.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
