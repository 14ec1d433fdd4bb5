"""Write the latest benchmark figures into README.md and benchmarks/README.md.

    .venv/bin/python benchmarks/readme_figures.py      # run by `make bench` after the benchmark

Replaces the text between `<!-- bench:start -->` and `<!-- bench:end -->` with a table made from
benchmarks/results/vendor_matching.json, so the READMEs always show the last full run.
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
    block = f"<!-- bench:start -->\n{render(report)}\n<!-- bench:end -->"
    for path in TARGETS:
        text = path.read_text(encoding="utf-8")
        if not BLOCK.search(text):
            raise SystemExit(f"{path}: no <!-- bench:start --> … <!-- bench:end --> block")
        path.write_text(BLOCK.sub(lambda _: block, text), encoding="utf-8")
        print(f"updated {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
