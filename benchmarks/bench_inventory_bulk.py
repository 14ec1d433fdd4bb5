"""Bulk inventory screening benchmark: 10,000,000 mixed rows (CMDB, nmap-derived, purchases).

Generates the files into benchmarks/data/ (git-ignored) with inventory_files.py, runs
`screen_inventory_bulk` end to end in a subprocess (peak RSS from os.wait4), times DuckDB scanning
the same files with the same read options (every column read; a row count alone parses no field
and is printed beside it), and checks the goals: ≤ 3× the scan, ≤ 90 s total,
≤ 2 GB peak. Writes benchmarks/results/inventory_bulk.json. `--quick` uses 1,000,000 rows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inventory_files import InventoryFiles, generate  # noqa: E402
from machine import machine_info  # noqa: E402

AS_OF = "2025-06-01"
GOAL_RATIO, GOAL_SECONDS, GOAL_PEAK_GB = 3.0, 90.0, 2.0
SAMPLE_SECONDS = 0.5
CHILD = """
import datetime as dt, json, sys
from dataclasses import asdict
from pathlib import Path
from section889.bulk import screen_inventory_bulk
cmdb, nmap, purchases, out, as_of = sys.argv[1:6]
summary = screen_inventory_bulk([Path(cmdb)], [Path(nmap)], [Path(purchases)],
    as_of=dt.date.fromisoformat(as_of), out=Path(out))
print(json.dumps(asdict(summary)))
"""


def _files(total: int) -> InventoryFiles:
    data = HERE / "data"
    names = [data / f"{kind}_{total}.csv" for kind in ("cmdb", "nmap", "purchases")]
    if all(p.exists() for p in names):
        return InventoryFiles(*names, rows={})
    return generate(data, total)


def _scan_seconds(files: InventoryFiles) -> tuple[float, float]:
    """Seconds DuckDB takes to scan the files with the bulk path's read options: counting rows
    (which parses no field) and reading every column (the longest value of each)."""
    con = duckdb.connect()
    scans = []
    for every_column in (False, True):
        started = time.perf_counter()
        for path in (files.cmdb, files.nmap, files.purchases):
            scan = f"read_csv('{path}', all_varchar = true, header = true)"
            what = "count(*)"
            if every_column:
                names = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()]
                what = ", ".join(f'max(length("{name}"))' for name in names)
            con.execute(f"SELECT {what} FROM {scan}").fetchone()
        scans.append(time.perf_counter() - started)
    return scans[0], scans[1]


def _children(pid: int) -> list[int]:
    """The child processes of `pid` (cheap: no page-table walk)."""
    found: list[int] = []
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(c) for c in (task / "children").read_text().split()]
    except (FileNotFoundError, ProcessLookupError):
        pass
    return found


def _pss_kb(pid: int) -> int:
    """Proportional set size of one process in KiB (0 once it is gone)."""
    try:
        rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))


def _tree_pss_kb(pid: int) -> int:
    """PSS of a process and all its descendants, in KiB, or 0 when it has no children.

    PSS splits pages shared after a fork between the processes sharing them, so the sum is the
    physical memory the run holds; a single process's RSS would count shared pages in full.
    Without children the process's own peak RSS (from `wait4`) already bounds it.
    """
    todo = _children(pid)
    if not todo:
        return 0
    total = _pss_kb(pid)
    while todo:
        child = todo.pop()
        total += _pss_kb(child)
        todo += _children(child)
    return total


def _run(files: InventoryFiles, out: Path) -> tuple[float, float, float, dict[str, Any]]:
    """Seconds, peak RSS and peak process-tree PSS in GB, and the summary of one bulk run.

    The run is a child process; its RSS peak comes from `os.wait4`. While it has worker
    processes of its own, the whole tree's PSS is sampled every `SAMPLE_SECONDS` by a thread
    (reading smaps walks page tables and would slow the run if done all along).
    """
    args = [sys.executable, "-c", CHILD, str(files.cmdb), str(files.nmap), str(files.purchases)]
    started = time.perf_counter()
    child = subprocess.Popen([*args, str(out), AS_OF], stdout=subprocess.PIPE, text=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], _tree_pss_kb(child.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert child.stdout is not None
    text = child.stdout.read()
    done.set()
    sampler.join()
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"bulk run failed (status {status})")
    summary = json.loads(text.strip().splitlines()[-1])
    return seconds, usage.ru_maxrss / 1024 / 1024, peak[0] / 1024 / 1024, summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000,000 rows")
    total = 1_000_000 if parser.parse_args().quick else 10_000_000
    files = _files(total)
    count_scan, scan = _scan_seconds(files)
    out = HERE / "data" / f"screened_{total}.csv"
    seconds, rss_gb, pss_gb, summary = _run(files, out)
    peak_gb = max(rss_gb, pss_gb)
    ratio = seconds / scan
    goals = {
        f"≤ {GOAL_RATIO:g}× DuckDB scan": ratio <= GOAL_RATIO,
        f"≤ {GOAL_SECONDS:g} s total": seconds <= GOAL_SECONDS,
        f"≤ {GOAL_PEAK_GB:g} GB peak": peak_gb <= GOAL_PEAK_GB,
    }
    print(f"rows {summary['rows']:,}  assets {summary['assets']:,}  counts {summary['counts']}")
    print(
        f"bulk {seconds:.1f} s ({summary['rows'] / seconds:,.0f} rows/s), peak {peak_gb:.2f} GB "
        f"(largest process RSS {rss_gb:.2f} GB, all processes' PSS {pss_gb:.2f} GB)"
    )
    print(
        f"DuckDB scan of every column {scan:.1f} s (row count only {count_scan:.1f} s); "
        f"ratio {ratio:.1f}×"
    )
    print(f"phases {summary['seconds']}")
    print(f"distinct values / core calls per signal {summary['core_calls']}")
    print(
        f"decided one by one {summary['decided_in_python']:,}; clear kinds {summary['clear_kinds']}"
    )
    for goal, ok in goals.items():
        print(f"{'PASS' if ok else 'FAIL'}  {goal}")
    result = {
        "rows": total,
        "seconds": round(seconds, 2),
        "rows_per_second": round(summary["rows"] / seconds),
        "peak_gb": round(peak_gb, 3),
        "peak_rss_gb": round(rss_gb, 3),
        "peak_tree_pss_gb": round(pss_gb, 3),
        "scan_seconds": round(scan, 2),
        "count_scan_seconds": round(count_scan, 2),
        "ratio_to_scan": round(ratio, 2),
        "goals": goals,
        "summary": summary,
        "machine": machine_info(HERE.parent),
    }
    (HERE / "results").mkdir(exist_ok=True)
    name = "inventory_bulk_quick.json" if total < 10_000_000 else "inventory_bulk.json"
    (HERE / "results" / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
