"""Write the latest benchmark figures into README.md and benchmarks/README.md.

    .venv/bin/python benchmarks/readme_figures.py      # run by `make bench` after the benchmark

Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->` with a table made from
benchmarks/results/vendor_matching.json, and the text between `<!-- bench-inventory:start -->` and
`<!-- bench-inventory:end -->` with one made from benchmarks/results/inventory_bulk.json (and
inventory_bulk_quick.json), and the text between `<!-- bench-determinations:start -->` and
`<!-- bench-determinations:end -->` with one made from benchmarks/results/determinations.json (and
determinations_quick.json), and the `bench-startup` block with benchmarks/results/startup.json, so
the READMEs always show the last full runs.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "vendor_matching.json"
TARGETS = (ROOT / "README.md", ROOT / "benchmarks" / "README.md")
BLOCK = re.compile(r"<!-- bench:start -->.*?<!-- bench:end -->", re.S)
INVENTORY = ROOT / "benchmarks" / "results" / "inventory_bulk.json"
INVENTORY_QUICK = ROOT / "benchmarks" / "results" / "inventory_bulk_quick.json"
INVENTORY_BLOCK = re.compile(r"<!-- bench-inventory:start -->.*?<!-- bench-inventory:end -->", re.S)
DETERMINATIONS = ROOT / "benchmarks" / "results" / "determinations.json"
DETERMINATIONS_QUICK = ROOT / "benchmarks" / "results" / "determinations_quick.json"
DETERMINATIONS_BLOCK = re.compile(
    r"<!-- bench-determinations:start -->.*?<!-- bench-determinations:end -->", re.S
)
SCREEN_INVENTORY = ROOT / "benchmarks" / "results" / "screen_inventory.json"
SCREEN_INVENTORY_BLOCK = re.compile(
    r"<!-- bench-screen-inventory:start -->.*?<!-- bench-screen-inventory:end -->", re.S
)
STARTUP = ROOT / "benchmarks" / "results" / "startup.json"
STARTUP_BLOCK = re.compile(r"<!-- bench-startup:start -->.*?<!-- bench-startup:end -->", re.S)


def render_screen_inventory(report: dict[str, Any]) -> str:
    """Markdown for the `screen inventory` run on a 20,000-row CMDB."""
    m, v = report["machine"], report["variants"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu_model']}, {m['cpu_cores']} cores, commit "
        f"`{m.get('git_commit', '?')}` (`make bench-screen-inventory`; median of "
        f"{report['runs']} runs, each a new process writing the table and every side file).",
        "",
        "| rows | `screen inventory` (auto) | `--engine records` | start-up (`--help`) |",
        "|---|---|---|---|",
        f"| {report['rows']:,} | {v['auto']['median_s']:.2f} s ({v['auto']['rows_per_s']:,} "
        f"rows/s, {v['auto']['engine']} engine) | {v['records']['median_s']:.2f} s "
        f"({v['records']['rows_per_s']:,} rows/s) | {v['help']['median_s']:.2f} s |",
    ]
    goals = "; ".join(f"{g} {'PASS' if ok else 'FAIL'}" for g, ok in report["goals"].items())
    lines += ["", f"Goals: {goals}."]
    return "\n".join(lines)


def render_startup(report: dict[str, Any]) -> str:
    """Markdown for the start-up run: each command's median, min and max, and its ratio."""
    m = report["machine"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu_model']}, {m['cpu_cores']} cores, Python "
        f"{m['python']}, commit `{m.get('git_commit', '?')}` (`make bench-startup`, "
        f"{report['runs']} runs each, bytecode compiled as an install leaves it).",
        "",
        "| command | median | min | max | × baseline |",
        "|---|---|---|---|---|",
    ]
    for name, run in report["commands"].items():
        lines.append(
            f"| `{name}` | {run['median_s']:.3f} s | {run['min_s']:.3f} s | "
            f"{run['max_s']:.3f} s | {run['ratio']:.2f} |"
        )
    goals = "; ".join(f"{g} {'PASS' if ok else 'FAIL'}" for g, ok in report["goals"].items())
    lines += ["", f"Goals: {goals}."]
    return "\n".join(lines)


def render_determinations(runs: list[dict[str, Any]]) -> str:
    """Markdown for the determination runs (50,000 and, if present, 5,000 inputs)."""
    m = runs[0]["machine"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu_model']}, {m['cpu_cores']} cores, Python "
        f"{m['python']}, commit `{m.get('git_commit', '?')}` (`make bench-determinations`; "
        "`--quick` for 5,000 inputs).",
        "",
        "| inputs | `decide` in-process, one core | `section889 decide FILE.jsonl --format jsonl` | "
        "naive: one CLI process per input | speed ratio in-process / CLI |",
        "|---|---|---|---|---|",
    ]
    for run in runs:
        inner, cli, base = run["in_process"], run["cli"], run["baseline"]
        lines.append(
            f"| {run['rows']:,} | {inner['per_s']:,}/s ({inner['seconds']:.2f} s) | "
            f"{cli['per_s']:,}/s ({cli['seconds']:.1f} s, peak {cli['peak_rss_gb']:.2f} GB) | "
            f"{base['per_s']:.2f}/s ({base['sample']} inputs) | "
            f"{run['speed_ratio_in_process_vs_baseline']:,}× / "
            f"{run['speed_ratio_cli_vs_baseline']:,}× |"
        )
    outcomes = ", ".join(f"{k} {v:,}" for k, v in runs[0]["outcomes"].items())
    goals = runs[0]["goals"]
    inner = runs[0]["in_process"]
    if "distinct_facts" in inner:
        lines += [
            "",
            f"Distinct `ProcurementFacts` at {runs[0]['rows']:,} inputs: "
            f"{inner['distinct_facts']:,}; gathering them took {inner['gather_seconds']:.2f} s and "
            f"evaluating each once {inner['evaluate_distinct_seconds']:.2f} s (same outcomes).",
        ]
    lines += [
        "",
        f"Outcomes at {runs[0]['rows']:,} inputs: {outcomes}.",
        "",
        f"Goals at {runs[0]['rows']:,} inputs: "
        + "; ".join(f"{goal} {'PASS' if ok else 'FAIL'}" for goal, ok in goals.items())
        + ".",
    ]
    return "\n".join(lines)


def render_inventory(reports: list[dict[str, Any]]) -> str:
    """Markdown for the bulk inventory reports (10M and, if present, 1M rows), each with its mixes
    (realistic and worst case) against the floor measured in the same run."""
    m = reports[0]["machine"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu_model']}, {m['cpu_cores']} cores, commit "
        f"`{m.get('git_commit', '?')}` (`make bench-inventory`; `--quick` for 1M rows). The floor "
        "is DuckDB reading every column of the same files and writing as many rows as the output, "
        "measured in the same run; the load average (1 min) is the machine's before and after.",
        "",
        "| rows | mix | assets (not clear) | bulk inventory | floor, ratio | peak memory | "
        "load | read / keys / assets / signals / decide / write (s) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for report in reports:
        for run in report["runs"]:
            phases = " / ".join(f"{v:.1f}" for v in run["summary"]["seconds"].values())
            load = f"{run['load_average_before'][0]:.1f} → {run['load_average_after'][0]:.1f}"
            lines.append(
                f"| {run['rows']:,} | {run['mix']} | {run['assets']:,} "
                f"({run['not_clear_share']:.1%}) | {run['seconds']:.1f} s "
                f"({run['rows_per_second']:,} rows/s) | {run['floor_seconds']:.1f} s, "
                f"{run['ratio_to_floor']:.1f}× | {run['peak_gb']:.2f} GB | {load} | {phases} |"
            )
    lines.append("")
    for report in reports:
        for run in report["runs"]:
            goals = "; ".join(f"{g} {'PASS' if ok else 'FAIL'}" for g, ok in run["goals"].items())
            lines.append(f"Goals at {run['rows']:,} rows, {run['mix']}: {goals}.")
            lines.append("")
    return "\n".join(lines).rstrip()


def render(report: dict[str, Any]) -> str:
    """Markdown for the figures of one full run."""
    m = report["machine"]
    acc = report["accuracy"]
    o, h = acc["overall"], acc["by_split"].get("heldout", {})
    hard, reg = acc["hard_negatives"], acc["registry_negatives"]
    thr = report["throughput"]
    b = report["baseline"]
    lines = [
        f"Measured {m['date'][:10]} on {m['cpu_model']}, {m['cpu_cores']} cores, {m['ram_gb']} GB "
        f"RAM, Python {m['python']}; knowledge base `{report['kb']}`, threshold "
        f"{report['threshold']}, commit `{m.get('git_commit', '?')}`.",
        "",
        "| figure | value |",
        "|---|---|",
        f"| precision / recall / F1, {o['rows']:,} labelled names | "
        f"{o['precision']:.3f} / {o['recall']:.3f} / {o['f1']:.3f} |",
    ]
    if h:
        lines.append(
            f"| held-out spellings only ({h['positives']} positives) | "
            f"{h['precision']:.3f} / {h['recall']:.3f} / {h['f1']:.3f} |"
        )
    lines += [
        f"| look-alikes coming out `covered` | {hard['came_out_covered']} of {hard['rows']} |",
        f"| unrelated IEEE registrants coming out `possible` | {reg['possible']} of "
        f"{reg['rows']:,} ({reg['possible_rate']:.3%}) |",
    ]
    if "cli" in thr:
        c, f = thr["cli"], thr["file"]
        lines.append(
            f"| `screen vendors` CSV → CSV, {f['rows']:,} rows ({f['distinct_names']:,} distinct) | "
            f"{c['seconds']} s, **{c['names_per_s']:,.0f} names/s**, peak {c['peak_rss_gb']:.2f} GB |"
        )
    for key in ("in_process_1_worker", "in_process_2_workers"):
        if key in thr:
            p = thr[key]
            lines.append(
                f"| `Matcher.screen_many` in memory, same names, {p['workers']} worker(s) | "
                f"{p['names_per_s']:,.0f} names/s |"
            )
    lines += [
        f"| naive baseline (rapidfuzz `WRatio` over {b['aliases']} aliases), "
        f"{b['sample_rows']:,}-name sample | {b['baseline']['names_per_s']:,.0f} names/s, "
        f"F1 {b['baseline']['f1']:.3f} |",
        f"| ours on the same sample (every name new) | {b['ours']['names_per_s']:,.0f} names/s, "
        f"F1 {b['ours']['f1']:.3f} |",
        f"| speed ratio vs baseline: matcher on the list / CLI end to end / same sample | "
        f"{b.get('speed_ratio_list_vs_sample')}× / {b.get('speed_ratio_cli_vs_sample', '-')}× / "
        f"{b['speed_ratio']}× |",
        "",
        "Targets: "
        + "; ".join(
            f"{t['name']} {'PASS' if t['pass'] else 'FAIL'} ({t['value']}, goal {t['goal']})"
            for t in report["targets"]
        )
        + ".",
    ]
    return "\n".join(lines)


def main() -> int:
    report = json.loads(RESULTS.read_text(encoding="utf-8"))
    blocks = [(BLOCK, "bench", render(report))]
    runs = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (INVENTORY, INVENTORY_QUICK)
        if p.exists()
    ]
    if runs:
        blocks.append((INVENTORY_BLOCK, "bench-inventory", render_inventory(runs)))
    decided = [
        json.loads(p.read_text(encoding="utf-8"))
        for p in (DETERMINATIONS, DETERMINATIONS_QUICK)
        if p.exists()
    ]
    if decided:
        blocks.append(
            (DETERMINATIONS_BLOCK, "bench-determinations", render_determinations(decided))
        )
    if SCREEN_INVENTORY.exists():
        screened = json.loads(SCREEN_INVENTORY.read_text(encoding="utf-8"))
        blocks.append(
            (SCREEN_INVENTORY_BLOCK, "bench-screen-inventory", render_screen_inventory(screened))
        )
    if STARTUP.exists():
        startup = json.loads(STARTUP.read_text(encoding="utf-8"))
        blocks.append((STARTUP_BLOCK, "bench-startup", render_startup(startup)))
    for path in TARGETS:
        text = path.read_text(encoding="utf-8")
        for pattern, name, body in blocks:
            if not pattern.search(text):
                raise SystemExit(f"{path}: no <!-- {name}:start --> … <!-- {name}:end --> block")
            block = f"<!-- {name}:start -->\n{body}\n<!-- {name}:end -->"
            text = pattern.sub(lambda _, b=block: b, text)
        path.write_text(text, encoding="utf-8")
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
