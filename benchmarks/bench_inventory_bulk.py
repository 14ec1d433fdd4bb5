"""Bulk inventory screening benchmark: mixed rows (CMDB, nmap-derived, purchases), against the floor.

For each mix (`realistic`: about 2 % of assets not clear; `worst`: about a third) and each size
(10,000,000 rows; `--quick`: 1,000,000), in one run:

- the files are generated into benchmarks/data/ (git-ignored) by inventory_files.py, once;
- `bulk inventory` runs end to end in a subprocess (the service call the CLI makes: DuckDB engine,
  per-asset CSV, no side files unless `--side-files`), peak memory from `os.wait4` and, while it
  has workers, the whole process tree's PSS;
- the floor: DuckDB reading every column of the same files with the engine's read options and
  writing as many rows as the bulk output has, as CSV (the least any engine that reads these
  files and writes a row per asset must do).

The goals: bulk within 5× of the floor; 10M rows in 90 s or less; peak 2 GB or less. Figures go
to stdout and to benchmarks/results/inventory_bulk.json (`--quick`: inventory_bulk_quick.json),
with the machine's load average before and after (the machine may be shared).
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

from inventory_files import MIXES, InventoryFiles, generate  # noqa: E402
from machine import machine_info  # noqa: E402

AS_OF = "2025-06-01"
GOAL_RATIO, GOAL_SECONDS, GOAL_PEAK_GB = 5.0, 90.0, 2.0
SAMPLE_SECONDS = 0.5
CHILD = """
import datetime as dt, json, sys
from dataclasses import asdict
from pathlib import Path
from section889.services.inventory_screening import InventoryScreeningRequest, screen_inventory
from section889.services.runtime import Runtime
from section889.settings import Settings
cmdb, nmap, purchases, out, as_of, side = sys.argv[1:7]
summary = screen_inventory(Runtime.build(Settings()), InventoryScreeningRequest(
    paths=(Path(cmdb), Path(nmap), Path(purchases)), kinds=("csv", "nmap", "purchases"),
    out=Path(out), as_of=dt.date.fromisoformat(as_of), engine="duckdb",
    side_files=side == "1", inquirer="benchmark"))
print(json.dumps(asdict(summary.bulk) | {"total_seconds": summary.seconds}))
"""


def _files(total: int, mix: str) -> InventoryFiles:
    data = HERE / "data"
    names = [data / f"{kind}_{total}_{mix}.csv" for kind in ("cmdb", "nmap", "purchases")]
    if all(p.exists() for p in names):
        return InventoryFiles(*names, rows={})
    return generate(data, total, mix=mix)


def floor_seconds(files: InventoryFiles, rows_out: int, rows_in: int, out: Path) -> float:
    """Seconds DuckDB takes to read every column of the files (the engine's read options) and
    write about `rows_out` of their rows as one CSV: rows are kept by a hash of all their cells,
    so every cell is parsed."""
    con = duckdb.connect()
    con.execute("SET preserve_insertion_order = false")
    started = time.perf_counter()
    scans = []
    for path in (files.cmdb, files.nmap, files.purchases):
        header = path.open(encoding="utf-8").readline().rstrip("\r\n").split(",")
        spec = ", ".join(f"'{name}': 'VARCHAR'" for name in header)
        scans.append(
            f"SELECT * FROM read_csv('{path}', header = true, delim = ',', quote = '\"', "
            f"escape = '\"', columns = {{{spec}}}, null_padding = true, auto_detect = false)"
        )
    union = " UNION ALL BY NAME ".join(f"({s})" for s in scans)
    names = [r[0] for r in con.execute(f"DESCRIBE {union}").fetchall()]
    cells = ", ".join(f'"{n}"' for n in names)
    keep = round(1_000_000 * rows_out / max(rows_in, 1))
    con.execute(
        f"COPY (SELECT * FROM ({union}) WHERE hash({cells}) % 1000000 < {keep}) TO '{out}' (HEADER)"
    )
    seconds = time.perf_counter() - started
    con.close()
    out.unlink(missing_ok=True)
    return seconds


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


def bulk_run(
    files: InventoryFiles, out: Path, side_files: bool
) -> tuple[float, float, float, dict[str, Any]]:
    """Seconds, peak RSS and peak process-tree PSS in GB, and the engine's summary of one run."""
    args = [sys.executable, "-c", CHILD, str(files.cmdb), str(files.nmap), str(files.purchases)]
    started = time.perf_counter()
    child = subprocess.Popen(
        [*args, str(out), AS_OF, "1" if side_files else "0"], stdout=subprocess.PIPE, text=True
    )
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


def measure(total: int, mix: str, side_files: bool) -> dict[str, Any]:
    """One mix at one size: the bulk run, then the floor, and the goals."""
    files = _files(total, mix)
    out = HERE / "data" / f"screened_{total}_{mix}.csv"
    load_before = os.getloadavg()
    seconds, rss_gb, pss_gb, summary = bulk_run(files, out, side_files)
    rows_out = sum(1 for _ in out.open("rb")) - 1
    floor = floor_seconds(files, rows_out, summary["rows"], HERE / "data" / "floor.csv")
    load_after = os.getloadavg()
    for side in out.parent.glob(f"{out.stem}.*"):
        if side != out:
            side.unlink()
    peak_gb = max(rss_gb, pss_gb)
    ratio = seconds / floor
    goals = {f"≤ {GOAL_RATIO:g}× the floor": ratio <= GOAL_RATIO}
    if total >= 10_000_000:
        goals[f"≤ {GOAL_SECONDS:g} s"] = seconds <= GOAL_SECONDS
    goals[f"≤ {GOAL_PEAK_GB:g} GB peak"] = peak_gb <= GOAL_PEAK_GB
    counts = summary["counts"]
    not_clear = summary["assets"] - counts["clear"]
    return {
        "mix": mix,
        "rows": summary["rows"],
        "assets": summary["assets"],
        "not_clear": not_clear,
        "not_clear_share": round(not_clear / max(summary["assets"], 1), 4),
        "seconds": round(seconds, 2),
        "rows_per_second": round(summary["rows"] / seconds),
        "floor_seconds": round(floor, 2),
        "ratio_to_floor": round(ratio, 2),
        "peak_gb": round(peak_gb, 3),
        "peak_rss_gb": round(rss_gb, 3),
        "peak_tree_pss_gb": round(pss_gb, 3),
        "side_files": side_files,
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        "goals": goals,
        "summary": summary,
    }


def _print(run: dict[str, Any]) -> None:
    s = run["summary"]
    print(
        f"{run['mix']} {run['rows']:,} rows → {run['assets']:,} assets, "
        f"{run['not_clear_share']:.1%} not clear; counts {s['counts']}"
    )
    print(
        f"  bulk {run['seconds']:.1f} s ({run['rows_per_second']:,} rows/s); floor "
        f"{run['floor_seconds']:.1f} s; ratio {run['ratio_to_floor']:.1f}×; peak "
        f"{run['peak_gb']:.2f} GB (largest RSS {run['peak_rss_gb']:.2f}, tree PSS "
        f"{run['peak_tree_pss_gb']:.2f}); load {run['load_average_before'][0]:.1f} → "
        f"{run['load_average_after'][0]:.1f}"
    )
    print(f"  phases {s['seconds']}")
    print(
        f"  core calls per signal {s['core_calls']}; decided one by one {s['decided_in_python']:,}"
    )
    for goal, ok in run["goals"].items():
        print(f"  {'PASS' if ok else 'FAIL'}  {goal}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="1,000,000 rows")
    parser.add_argument("--mix", choices=sorted(MIXES), action="append", help="default: both")
    parser.add_argument("--side-files", action="store_true", help="also write the side files")
    args = parser.parse_args()
    total = 1_000_000 if args.quick else 10_000_000
    runs = []
    for mix in args.mix or ["realistic", "worst"]:
        runs.append(measure(total, mix, args.side_files))
        _print(runs[-1])
    result = {"rows": total, "runs": runs, "machine": machine_info(HERE.parent)}
    (HERE / "results").mkdir(exist_ok=True)
    name = "inventory_bulk_quick.json" if args.quick else "inventory_bulk.json"
    (HERE / "results" / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
