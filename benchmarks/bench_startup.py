"""Start-up cost: `section889 --help` and `import section889`, against importing Typer and Rich.

    .venv/bin/python benchmarks/bench_startup.py [--runs N]

Each command is a whole new process (as a user or a Spark executor starts one), run N times
(default 15) interleaved, so a load that comes and goes hits every command alike; the median is
reported. The baseline is the floor of any Typer + Rich CLI: `python -c "import typer, rich.console"`.
Goal: `section889 --help` and `import section889` within 2× the baseline. Also measured, for
information: `section889 screen --help` and `python -c "import section889.rules.engine"` (what a
worker deciding procurements loads).

Writes benchmarks/results/startup.json and prints the figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import machine_info  # noqa: E402

PYTHON = sys.executable
COMMANDS: dict[str, list[str]] = {
    "baseline: import typer, rich": [PYTHON, "-c", "import typer, rich.console"],
    "section889 --help": [PYTHON, "-m", "section889", "--help"],
    "import section889": [PYTHON, "-c", "import section889"],
    "section889 screen --help": [PYTHON, "-m", "section889", "screen", "--help"],
    "import section889.rules.engine": [PYTHON, "-c", "import section889.rules.engine"],
}
GOALS = ("section889 --help", "import section889")
LIMIT = 2.0
"""Goal: at most this many times the baseline."""


def _once(args: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start


def measure(runs: int) -> dict[str, dict[str, float]]:
    """Median, min and max seconds of each command over `runs` interleaved runs."""
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for args in COMMANDS.values():  # warm the file cache once
        _once(args)
    for _ in range(runs):
        for name, args in COMMANDS.items():
            times[name].append(_once(args))
    return {
        name: {
            "median_s": round(statistics.median(found), 4),
            "min_s": round(min(found), 4),
            "max_s": round(max(found), 4),
        }
        for name, found in times.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    figures = measure(args.runs)
    base = figures["baseline: import typer, rich"]["median_s"]
    for row in figures.values():
        row["ratio"] = round(row["median_s"] / base, 2)
    goals = {f"{name} ≤ {LIMIT:g}× baseline": figures[name]["ratio"] <= LIMIT for name in GOALS}
    report: dict[str, Any] = {
        "machine": machine_info(HERE.parent),
        "runs": args.runs,
        "commands": figures,
        "goals": goals,
    }
    out = HERE / "results" / "startup.json"
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    width = max(map(len, figures))
    print(f"{'command':<{width}}  median     min     max   × baseline")
    for name, row in figures.items():
        print(
            f"{name:<{width}}  {row['median_s']:6.3f}  {row['min_s']:6.3f}  {row['max_s']:6.3f}"
            f"   {row['ratio']:5.2f}"
        )
    for goal, ok in goals.items():
        print(f"goal {goal}: {'PASS' if ok else 'FAIL'}")
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
