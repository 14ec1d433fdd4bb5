"""Vendor-matching benchmark: accuracy on the labelled set, throughput, and a naive fuzzy baseline.

    .venv/bin/python benchmarks/bench_vendor_matching.py            # full run (1,000,000 rows)
    .venv/bin/python benchmarks/bench_vendor_matching.py --quick    # 100,000 rows, for development

Prints a table with PASS/FAIL per target and writes benchmarks/results/vendor_matching.json
(a --quick run writes benchmarks/data/vendor_matching.quick.json instead, which git ignores).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process, utils

import supplier_file
from eval_rules import EvalRow, read_eval
from machine import machine_info
from scoring import Outcome, Pair, accuracy_report, best_threshold, detection
from section889.knowledge.models import KnowledgeBase
from section889.matching import Matcher
from section889.matching.parallel import screen_many
from section889.services.runtime import Runtime
from section889.settings import Settings
from section889.workers import Workers

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"
CLI = Path(sys.executable).parent / "section889"
GIB = 1024**3


@dataclass(frozen=True, slots=True)
class Target:
    """One goal of the benchmark and whether this run met it."""

    name: str
    value: str
    goal: str
    passed: bool

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "goal": self.goal, "pass": self.passed}


def screen_rows(matcher: Matcher, rows: Sequence[EvalRow]) -> list[Outcome]:
    """Screen every row on its own as_of date, keeping the rows' order."""
    out: list[Outcome | None] = [None] * len(rows)
    by_date: dict[dt.date, list[int]] = {}
    for i, row in enumerate(rows):
        by_date.setdefault(row.as_of, []).append(i)
    for as_of, indices in by_date.items():
        results = matcher.screen_many([rows[i].name for i in indices], as_of=as_of)
        for i, res in zip(indices, results, strict=True):
            out[i] = Outcome(res.status.value, res.entity_id or "", res.score, res.explanation)
    return [o for o in out if o is not None]


def timed_screening(kb: KnowledgeBase, threshold: float, rows: Sequence[EvalRow]) -> float:
    """Seconds a freshly built matcher takes to screen the rows (construction excluded)."""
    matcher = Matcher(kb, threshold=threshold)
    start = time.perf_counter()
    screen_rows(matcher, rows)
    return time.perf_counter() - start


def stratified_sample(rows: Sequence[EvalRow], size: int, seed: int = 889) -> list[EvalRow]:
    """Positives (at most 40 % of `size`), every hard negative, the rest registry negatives."""
    rng = random.Random(seed)
    positives = [r for r in rows if r.positive]
    hard = [r for r in rows if r.category == "hard_negative"]
    other = [r for r in rows if not r.positive and r.category != "hard_negative"]
    positives = rng.sample(positives, min(len(positives), int(size * 0.4)))
    hard = rng.sample(hard, min(len(hard), size - len(positives)))
    rest = rng.sample(other, min(len(other), size - len(positives) - len(hard)))
    sample = positives + hard + rest
    rng.shuffle(sample)
    return sample


def kb_aliases(kb: KnowledgeBase) -> list[str]:
    """Every name of every party of the knowledge base, once."""
    return list(dict.fromkeys(n.text for p in kb.parties.values() for n in p.names))


def run_baseline(
    kb: KnowledgeBase, sample: Sequence[EvalRow], ours: Sequence[Outcome], our_seconds: float
) -> dict[str, Any]:
    """rapidfuzz extractOne(WRatio) over every KB alias, at its own best-F1 cut-off."""
    aliases = kb_aliases(kb)
    scores: list[float] = []
    start = time.perf_counter()
    for row in sample:
        best = process.extractOne(
            row.name, aliases, scorer=fuzz.WRatio, processor=utils.default_process
        )
        scores.append(float(best[1]) if best else 0.0)
    seconds = time.perf_counter() - start
    cut, base = best_threshold([(r.positive, s) for r, s in zip(sample, scores, strict=True)])
    mine = detection([(r.positive, o.positive) for r, o in zip(sample, ours, strict=True)])
    base_rate = len(sample) / seconds if seconds else float("inf")
    our_rate = len(sample) / our_seconds if our_seconds else float("inf")
    return {
        "sample_rows": len(sample),
        "sample_positives": sum(1 for r in sample if r.positive),
        "aliases": len(aliases),
        "baseline_cutoff": cut,
        "baseline": {**base.as_dict(), "names_per_s": round(base_rate, 1)},
        "ours": {**mine.as_dict(), "names_per_s": round(our_rate, 1)},
        "speed_ratio": round(our_rate / base_rate, 1) if base_rate else None,
    }


def run_cli(path: Path, rows: int) -> dict[str, Any]:
    """Time `section889 screen vendors FILE --out OUT.csv` end to end; peak RSS from wait4."""
    out = path.with_name(path.stem + ".screened.csv")
    log = path.with_name(path.stem + ".cli.log")
    command = [str(CLI), "screen", "vendors", str(path), "--out", str(out)]
    with log.open("wb") as handle:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, cwd=ROOT)
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * 1024  # Linux reports kilobytes
    found: dict[str, Any] = {
        "command": " ".join(command[1:]),
        "exit_code": child.returncode,
        "rows": rows,
        "seconds": round(seconds, 2),
        "names_per_s": round(rows / seconds, 1),
        "peak_rss_bytes": peak,
        "peak_rss_gb": round(peak / GIB, 3),
    }
    if child.returncode != 0:
        found["log_tail"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    elif out.exists():
        found["output_statuses"] = dict(_status_counts(out))
    return found


def _status_counts(path: Path) -> Counter[str]:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        if "status" not in (reader.fieldnames or []):
            return Counter()
        return Counter(row["status"] for row in reader)


def run_in_process(
    kb: KnowledgeBase, threshold: float, names: Sequence[str], workers: int
) -> dict[str, Any]:
    """Time Matcher construction and `screen_many` over the whole supplier list."""
    start = time.perf_counter()
    matcher = Matcher(kb, threshold=threshold)
    built = time.perf_counter() - start
    start = time.perf_counter()
    statuses = Counter(
        r.status.value for r in screen_many(matcher, names, workers=Workers(workers))
    )
    seconds = time.perf_counter() - start
    return {
        "rows": len(names),
        "workers": workers,
        "build_seconds": round(built, 3),
        "seconds": round(seconds, 2),
        "names_per_s": round(len(names) / seconds, 1) if seconds else None,
        "statuses": dict(statuses),
    }


def targets(
    accuracy: dict[str, Any], cli: dict[str, Any] | None, base: dict[str, Any]
) -> list[Target]:
    hard = accuracy["hard_negatives"]
    reg = accuracy["registry_negatives"]
    found = [
        Target(
            "covered precision on hard negatives",
            f"{hard['covered_precision']:.4f} ({hard['came_out_covered']} came out covered)",
            "1.0",
            hard["came_out_covered"] == 0,
        ),
        Target(
            "registry negatives coming out possible",
            f"{reg['possible_rate']:.4%} ({reg['possible']} of {reg['rows']}; "
            f"{reg['former_affiliate']} more came out former_affiliate)",
            "<= 0.05 %",
            reg["possible_rate"] <= 0.0005,
        ),
        Target(
            "registry negatives coming out covered",
            f"{reg['covered']}",
            "0",
            reg["covered"] == 0,
        ),
    ]
    if cli is not None:
        ok = cli["exit_code"] == 0
        found += [
            Target(
                "CLI throughput",
                f"{cli['names_per_s']:,.0f} names/s",
                ">= 50,000",
                ok and cli["names_per_s"] >= 50_000,
            ),
            Target(
                "CLI peak memory",
                f"{cli['peak_rss_gb']:.2f} GB",
                "<= 1.5 GB",
                ok and cli["peak_rss_bytes"] <= 1.5 * GIB,
            ),
        ]
    found += [
        Target(
            "speed vs naive baseline (matcher on the 1M list vs baseline on the sample)",
            f"{base['speed_ratio_list_vs_sample']}x",
            ">= 100x",
            (base["speed_ratio_list_vs_sample"] or 0) >= 100,
        ),
        Target(
            "F1 vs naive baseline (same sample)",
            f"{base['ours']['f1']:.3f} vs {base['baseline']['f1']:.3f}",
            "ours >= baseline",
            base["ours"]["f1"] >= base["baseline"]["f1"],
        ),
    ]
    return found


def print_report(report: dict[str, Any]) -> None:
    acc = report["accuracy"]
    print(f"\nknowledge base {report['kb']}, threshold {report['threshold']}")
    if report["matcher_placeholder"]:
        print("NOTE: the matcher returned `clear` for every row: it looks like the placeholder.")
    print(
        f"\n{'group':26} {'rows':>7} {'pos':>5} {'flagged':>7} {'prec':>6} {'recall':>6} "
        f"{'F1':>6} {'status':>6} {'entity':>6}"
    )
    groups = [("overall", acc["overall"])]
    groups += [(f"split={k}", v) for k, v in acc["by_split"].items()]
    groups += [(f"  {k}", v) for k, v in acc["by_category"].items()]
    for label, g in groups:
        has_pos = g["positives"] > 0
        cells = [_fmt(g[k], has_pos) for k in ("precision", "recall", "f1")]
        print(
            f"{label:26} {g['rows']:>7} {g['positives']:>5} {g['tp'] + g['fp']:>7} "
            f"{cells[0]:>6} {cells[1]:>6} {cells[2]:>6} {g['status_accuracy']:>6.3f} "
            f"{_fmt(g['entity_accuracy'], has_pos):>6}"
        )
    wrong = acc["misclassified"][:30]
    print(f"\nmisclassified: {acc['misclassified_total']} (first {len(wrong)})")
    for w in wrong:
        print(
            f"  [{w['category']}/{w['split']}] {w['name']!r} as_of {w['as_of']}: "
            f"expected {w['expected']}, got {w['got']} ({w['score']})"
        )
    thr = report.get("throughput", {})
    if "file" in thr:
        f = thr["file"]
        print(
            f"\nsupplier file: {f['rows']:,} rows, {f['distinct_names']:,} distinct names "
            f"({f['distinct_names'] / f['rows']:.0%}), {f['positive_rows']:,} known-positive rows"
        )
    if "cli" in thr:
        c = thr["cli"]
        print(
            f"CLI end to end: {c['seconds']} s, {c['names_per_s']:,.0f} names/s, "
            f"peak RSS {c['peak_rss_gb']:.2f} GB, exit {c['exit_code']}"
        )
    for key in ("in_process_1_worker", "in_process_2_workers"):
        if key in thr:
            m = thr[key]
            print(
                f"Matcher.screen_many, {m['workers']} worker(s): {m['seconds']} s, "
                f"{m['names_per_s']:,.0f} names/s (matcher built in {m['build_seconds']} s)"
            )
    b = report["baseline"]
    print(
        f"baseline (rapidfuzz WRatio over {b['aliases']} aliases, cut-off {b['baseline_cutoff']}) "
        f"on {b['sample_rows']} names: {b['baseline']['names_per_s']:,.0f} names/s, "
        f"F1 {b['baseline']['f1']:.3f}; ours {b['ours']['names_per_s']:,.0f} names/s, "
        f"F1 {b['ours']['f1']:.3f}"
    )
    print(
        f"speed ratios against the baseline: matcher on the whole list "
        f"({b.get('list_workers')} worker(s), the faster) "
        f"{b.get('speed_ratio_list_vs_sample')}x; CLI end to end "
        f"{b.get('speed_ratio_cli_vs_sample', '-')}x; per distinct name on the same sample "
        f"{b['speed_ratio']}x (each sample name is new, so no name is scored twice)"
    )
    print()
    for t in report["targets"]:
        print(f"{'PASS' if t['pass'] else 'FAIL'}  {t['name']}: {t['value']} (target {t['goal']})")


def _fmt(value: float, meaningful: bool) -> str:
    """A rate with three decimals, or `-` where the group has no positives to measure it on."""
    return f"{value:.3f}" if meaningful else "-"


def eval_counts(rows: Iterable[EvalRow]) -> dict[str, int]:
    counts = Counter(f"{r.expected_status}/{r.split}" for r in rows)
    return dict(sorted(counts.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="100,000 rows; results not kept")
    parser.add_argument("--rows", type=int, help="rows of the synthetic supplier file")
    parser.add_argument("--sample", type=int, default=2_000, help="baseline sample size")
    parser.add_argument("--skip-cli", action="store_true", help="no end-to-end CLI run")
    args = parser.parse_args(argv)
    rows_wanted = args.rows or (100_000 if args.quick else 1_000_000)

    settings = Settings()
    threshold = settings.match_threshold
    kb = Runtime.build(settings).kb
    matcher = Matcher(kb, threshold=threshold)
    rows = read_eval()
    print(f"screening {len(rows):,} labelled names ...", flush=True)
    outcomes = screen_rows(matcher, rows)
    pairs: list[Pair] = list(zip(rows, outcomes, strict=True))
    accuracy = accuracy_report(pairs, show=200)

    print(f"baseline on a {args.sample}-name sample ...", flush=True)
    sample = stratified_sample(rows, args.sample)
    index = {id(r): o for r, o in pairs}
    ours = [index[id(r)] for r in sample]
    our_seconds = min(timed_screening(kb, threshold, sample) for _ in range(3))
    baseline = run_baseline(kb, sample, ours, our_seconds)

    throughput: dict[str, Any] = {}
    print(f"building a {rows_wanted:,}-row supplier file ...", flush=True)
    made = supplier_file.build(DATA / f"suppliers_{rows_wanted}.csv", rows, rows_wanted)
    throughput["file"] = {
        "path": str(made.path.relative_to(ROOT)),
        "rows": made.rows,
        "distinct_names": made.distinct_names,
        "positive_rows": made.positive_rows,
        "eval_names": made.eval_names,
        "synthetic_names": made.synthetic_names,
        "seed": made.seed,
    }
    cli = None
    if not args.skip_cli:
        print("timing the CLI end to end ...", flush=True)
        cli = run_cli(made.path, made.rows)
        throughput["cli"] = cli
    print("timing Matcher.screen_many in process (1 and 2 workers) ...", flush=True)
    names = supplier_file.read_names(made.path)
    throughput["in_process_1_worker"] = run_in_process(kb, threshold, names, 1)
    throughput["in_process_2_workers"] = run_in_process(kb, threshold, names, 2)
    throughput["in_process"] = max(
        throughput["in_process_1_worker"],
        throughput["in_process_2_workers"],
        key=lambda m: m["names_per_s"] or 0.0,
    )
    in_process_rate = throughput["in_process"]["names_per_s"] or 0.0
    base_rate = baseline["baseline"]["names_per_s"]
    baseline["speed_ratio_list_vs_sample"] = round(in_process_rate / base_rate, 1)
    baseline["list_workers"] = throughput["in_process"]["workers"]
    if cli is not None:
        baseline["speed_ratio_cli_vs_sample"] = round(cli["names_per_s"] / base_rate, 1)

    report: dict[str, Any] = {
        "benchmark": "vendor_matching",
        "quick": args.quick,
        "machine": machine_info(ROOT),
        "kb": kb.version.label,
        "threshold": threshold,
        "matcher_placeholder": all(o.status == "clear" for o in outcomes),
        "eval_set": {"rows": len(rows), "by_label_split": eval_counts(rows)},
        "accuracy": accuracy,
        "throughput": throughput,
        "baseline": baseline,
    }
    report["targets"] = [t.as_dict() for t in targets(accuracy, cli, baseline)]
    print_report(report)

    dest = DATA / "vendor_matching.quick.json" if args.quick else RESULTS / "vendor_matching.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {dest.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
