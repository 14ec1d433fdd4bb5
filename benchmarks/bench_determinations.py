"""Determination throughput: `decide` in-process on one core and `section889 decide FILE.jsonl`.

Builds a workload of N procurement inputs (default 50,000; `--quick` 5,000) by cycling the
shipped scenario cases (src/section889/rules/cases/*.yaml) and varying their action dates, PSCs,
places of performance, producer names and, where the input carries one, the policy pack. The
workload is written to benchmarks/data/determinations_N.jsonl (git-ignored).

Three runs, each timed as a child process (peak RSS from os.wait4):

1. in-process: `services.determinations.decide_many` (one `Decider` over a Runtime: producer
   names matched once per batch) over every input in one process pinned to one core, after one
   warm-up call (parsing the file and serialising the results are timed separately);
2. CLI: `section889 decide FILE.jsonl --format jsonl` writing to a file, end to end; the output is
   checked for one JSON determination per input line and its outcomes counted;
3. naive baseline: the CLI started once per input on a small sample (every call loads the packs,
   reference data and knowledge base and builds the matcher again).

Goals: ≥ 5,000 determinations/s in-process on one core; ≥ 2,000/s through the CLI.
Writes benchmarks/results/determinations.json (determinations_quick.json with `--quick`).
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from machine import machine_info  # noqa: E402

AS_OF = "2026-07-01"
GOAL_IN_PROCESS, GOAL_CLI = 5_000, 2_000
SEED = 889
DATE_SHIFTS = (0, 0, 0, -45, 30, 120, 365, -365, 730)
PSCS = ("5895", "5820", "5805", "7010", "7025", "D316", "D399", "8905", "8415", "6515", "J058")
COUNTRIES = ("USA", "DEU", "FR", "JPN", "KEN", "MEX", "GBR", "KOR", "IRQ", "PH")
# Spellings a buyer's data really carries for the producers the cases name; `None` keeps the case's.
PRODUCERS: dict[str, tuple[str, ...]] = {
    "huawei": ("Huawei Technologies Co., Ltd.", "HUAWEI TECHNOLOGIES CO LTD", "Huawei Device Co."),
    "zte": ("ZTE", "ZTE USA Inc.", "Zhongxing Telecommunication Equipment"),
    "hikvision": ("Hangzhou Hikvision Digital Technology Co., Ltd.", "Hikvision USA Inc."),
    "dahua": ("Dahua Technology USA Inc.", "Zhejiang Dahua Technology Co., Ltd."),
    "hytera": ("Hytera Communications Corporation Limited", "Hytera America Inc."),
    "cisco": ("Cisco Systems, Inc.", "Juniper Networks", "Arista Networks", "Axis Communications"),
    "acme": ("Acme Vision", "Motorola Solutions", "Panasonic i-PRO Sensing Solutions"),
}

IN_PROCESS_CHILD = """
import datetime as dt, json, os, sys, time
from collections import Counter
from pathlib import Path
pinned = None
if hasattr(os, "sched_setaffinity"):
    pinned = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {pinned})
import tempfile
from section889.readers.procurements import read_procurements
from section889.services.determinations import Decider
from section889.services.runtime import Runtime
from section889.settings import Settings
path, as_of = Path(sys.argv[1]), dt.date.fromisoformat(sys.argv[2])
runtime = Runtime.build(Settings(data_dir=Path(tempfile.mkdtemp())))
started = time.perf_counter()
procs = list(read_procurements(path))
parse = time.perf_counter() - started
started = time.perf_counter()
decider = Decider(runtime)
decider.decide(procs[0], as_of=as_of)
warm_up = time.perf_counter() - started
started = time.perf_counter()
results = list(decider.decide_many(procs, as_of=as_of))
seconds = time.perf_counter() - started
started = time.perf_counter()
for r in results:
    r.to_json()
serialise = time.perf_counter() - started
from section889.rules.engine import evaluate
from section889.rules.facts import gather
started = time.perf_counter()
keys = []
for p in procs:
    context = decider.context(p.policy or "current-law", as_of)
    keys.append((context.pack.id, gather(p, context)))
gather_seconds = time.perf_counter() - started
started = time.perf_counter()
verdicts = {}
for pack_id, facts in dict.fromkeys(keys):
    context = decider.context(pack_id, as_of)
    verdicts[pack_id, facts] = evaluate(facts, context.pack, context.reference).outcome
distinct_seconds = time.perf_counter() - started
assert [verdicts[k] for k in keys] == [r.outcome for r in results]
print(json.dumps({
    "rows": len(procs), "seconds": seconds, "parse_seconds": parse, "warm_up_seconds": warm_up,
    "serialise_seconds": serialise, "pinned_cpu": pinned,
    "distinct_facts": len(verdicts), "gather_seconds": gather_seconds,
    "evaluate_distinct_seconds": distinct_seconds,
    "outcomes": dict(Counter(r.outcome for r in results)),
}))
"""


def _cli() -> list[str]:
    """The installed `section889` script beside this interpreter, else `python -m section889`."""
    script = Path(sys.executable).parent / "section889"
    return [str(script)] if script.exists() else [sys.executable, "-m", "section889"]


def _base_inputs() -> list[dict[str, Any]]:
    """Every shipped scenario case's input, with the case's policy moved into the input."""
    from section889.rules.cases import load_cases, shipped_case_files

    found = []
    for path in shipped_case_files():
        for case in load_cases(path):
            data = copy.deepcopy(case.input)
            if case.policy and not data.get("policy"):
                data["policy"] = case.policy
            found.append(data)
    return found


def _viable_policies(inputs: list[dict[str, Any]]) -> list[list[str]]:
    """Per input that carries a policy, the packs it can be decided under without an error."""
    import tempfile

    from section889.errors import Section889Error
    from section889.rules.inputs import parse_procurement
    from section889.rules.pack_files import pack_ids
    from section889.services.determinations import Decider
    from section889.services.runtime import Runtime
    from section889.settings import Settings

    decider = Decider(Runtime.build(Settings(data_dir=Path(tempfile.mkdtemp()))))
    day = dt.date.fromisoformat(AS_OF)
    found: list[list[str]] = []
    for data in inputs:
        ok: list[str] = []
        if data.get("policy"):
            for pack in pack_ids():
                try:
                    decider.decide(parse_procurement({**data, "policy": pack}), as_of=day)
                except Section889Error:
                    continue
                ok.append(pack)
        found.append(ok)
    return found


def _vary_producer(name: str, rng: random.Random) -> str:
    low = name.lower()
    for key, spellings in PRODUCERS.items():
        if key in low and rng.random() < 0.5:
            return rng.choice(spellings)
    return name


def _vary(data: dict[str, Any], policies: list[str], rng: random.Random) -> dict[str, Any]:
    out = copy.deepcopy(data)
    action = out["action"]
    day = dt.date.fromisoformat(str(action["date"])) + dt.timedelta(days=rng.choice(DATE_SHIFTS))
    action["date"] = min(day, dt.date.fromisoformat(AS_OF)).isoformat()
    if action.get("psc") is not None or rng.random() < 0.3:
        action["psc"] = action.get("psc") if rng.random() < 0.5 else rng.choice(PSCS)
    if action.get("place_of_performance") is not None or rng.random() < 0.2:
        keep = action.get("place_of_performance") and rng.random() < 0.5
        action["place_of_performance"] = action["place_of_performance"] if keep else None
        action["place_of_performance"] = action["place_of_performance"] or rng.choice(COUNTRIES)
    for item in out.get("items", []):
        item["producer"] = _vary_producer(item["producer"], rng)
    if policies and rng.random() < 0.3:
        out["policy"] = rng.choice(policies)
    return out


def build_workload(total: int) -> tuple[Path, dict[str, Any]]:
    """Write `total` varied inputs to benchmarks/data/determinations_{total}.jsonl."""
    bases = _base_inputs()
    policies = _viable_policies(bases)
    rng = random.Random(SEED)
    path = HERE / "data" / f"determinations_{total}.jsonl"
    path.parent.mkdir(exist_ok=True)
    distinct, pairs = set(), set()
    with path.open("w", encoding="utf-8") as out:
        for row in range(total):
            index = row % len(bases)
            data = bases[index] if row < len(bases) else _vary(bases[index], policies[index], rng)
            line = json.dumps(data, sort_keys=True, default=str)
            distinct.add(line)
            day = str(data["action"]["date"])
            pairs.update((i["producer"], day) for i in data.get("items", []))
            out.write(line + "\n")
    return path, {
        "file": str(path.relative_to(HERE.parent)),
        "base_cases": len(bases),
        "distinct_inputs": len(distinct),
        "distinct_producer_date_pairs": len(pairs),
    }


def _wait(child: subprocess.Popen[Any]) -> float:
    """Wait for a child (its exit status must be 0); its peak RSS in GB."""
    _, status, usage = os.wait4(child.pid, 0)
    if status != 0:
        raise SystemExit(f"{child.args!r} failed (status {status})")
    return usage.ru_maxrss / 1024 / 1024


def run_in_process(path: Path) -> dict[str, Any]:
    """`decide` over the file in one child process pinned to one core."""
    child = subprocess.Popen(
        [sys.executable, "-c", IN_PROCESS_CHILD, str(path), AS_OF],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    text = child.stdout.read()
    rss_gb = _wait(child)
    found: dict[str, Any] = json.loads(text.strip().splitlines()[-1])
    found["per_s"] = found["rows"] / found["seconds"]
    found["peak_rss_gb"] = rss_gb
    return found


def run_cli(path: Path, rows: int) -> dict[str, Any]:
    """`section889 decide FILE.jsonl --format jsonl` to a file, end to end; output checked."""
    out = path.with_name(path.stem + "_out.jsonl")
    args = [*_cli(), "decide", str(path), "--format", "jsonl", "--as-of", AS_OF]
    started = time.perf_counter()
    with out.open("w", encoding="utf-8") as sink:
        child = subprocess.Popen(args, stdout=sink)
        rss_gb = _wait(child)
    seconds = time.perf_counter() - started
    outcomes: Counter[str] = Counter()
    bad = 0
    with out.open(encoding="utf-8") as lines:
        for line in lines:
            try:
                found = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(found, dict) and "outcome" in found and "decision_id" in found:
                outcomes[found["outcome"]] += 1
            else:
                bad += 1
    lines_ok = sum(outcomes.values())
    return {
        "command": " ".join(["section889", *args[-6:]]),
        "seconds": seconds,
        "per_s": rows / seconds,
        "peak_rss_gb": rss_gb,
        "output_lines_valid": lines_ok,
        "output_lines_invalid": bad,
        "one_per_input": lines_ok == rows and bad == 0,
        "outcomes": dict(outcomes),
    }


def run_baseline(path: Path, sample: int) -> dict[str, Any]:
    """The CLI started once per input for the first `sample` inputs (everything rebuilt per call)."""
    lines = path.read_text(encoding="utf-8").splitlines()[:sample]
    one = path.with_name("determinations_baseline_one.jsonl")
    started = time.perf_counter()
    for line in lines:
        one.write_text(line + "\n", encoding="utf-8")
        args = [*_cli(), "decide", str(one), "--format", "jsonl", "--as-of", AS_OF]
        subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    seconds = time.perf_counter() - started
    return {
        "method": "section889 decide ONE.jsonl --format jsonl, one process per input",
        "sample": len(lines),
        "seconds": seconds,
        "per_s": len(lines) / seconds,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 inputs")
    parser.add_argument("--rows", type=int, help="number of inputs (default 50,000)")
    parser.add_argument(
        "--baseline-sample", type=int, help="inputs for the per-call baseline (default 20)"
    )
    args = parser.parse_args()
    total = args.rows or (5_000 if args.quick else 50_000)
    sample = args.baseline_sample or (5 if args.quick else 20)
    path, workload = build_workload(total)
    print(
        f"workload {total:,} inputs from {workload['base_cases']} scenario cases "
        f"({workload['distinct_inputs']:,} distinct, "
        f"{workload['distinct_producer_date_pairs']:,} distinct producer/date pairs) → "
        f"{workload['file']}"
    )
    inner = run_in_process(path)
    cli = run_cli(path, total)
    base = run_baseline(path, sample)
    ratio_in = inner["per_s"] / base["per_s"]
    ratio_cli = cli["per_s"] / base["per_s"]
    same = inner["outcomes"] == cli["outcomes"]
    print(
        f"in-process decide {inner['seconds']:.2f} s → {inner['per_s']:,.0f} determinations/s "
        f"(one core: cpu {inner['pinned_cpu']}; parse {inner['parse_seconds']:.2f} s, "
        f"to_json {inner['serialise_seconds']:.2f} s, warm-up {inner['warm_up_seconds']:.2f} s, "
        f"peak RSS {inner['peak_rss_gb']:.2f} GB)"
    )
    print(
        f"facts: {inner['distinct_facts']:,} distinct ProcurementFacts in {total:,} inputs; "
        f"gather {inner['gather_seconds']:.2f} s, evaluate once per distinct value "
        f"{inner['evaluate_distinct_seconds']:.2f} s (outcomes equal decide's)"
    )
    print(
        f"CLI {cli['seconds']:.2f} s end to end → {cli['per_s']:,.0f} determinations/s, "
        f"peak RSS {cli['peak_rss_gb']:.2f} GB; output {cli['output_lines_valid']:,} valid JSON "
        f"lines, {cli['output_lines_invalid']} invalid"
    )
    print(
        f"baseline ({base['sample']} inputs, one CLI process each) {base['seconds']:.1f} s → "
        f"{base['per_s']:.2f}/s; speed ratio in-process {ratio_in:,.0f}×, CLI bulk {ratio_cli:,.0f}×"
    )
    print(f"outcomes {dict(sorted(cli['outcomes'].items()))}")
    if not same:
        print(f"WARNING in-process outcomes differ: {dict(sorted(inner['outcomes'].items()))}")
    goals = {
        f"≥ {GOAL_IN_PROCESS:,}/s in-process, one core": inner["per_s"] >= GOAL_IN_PROCESS,
        f"≥ {GOAL_CLI:,}/s through the CLI (JSON lines)": cli["per_s"] >= GOAL_CLI,
        "CLI output: one JSON determination per input": cli["one_per_input"],
    }
    for goal, ok in goals.items():
        print(f"{'PASS' if ok else 'FAIL'}  {goal}")
    result = {
        "rows": total,
        "as_of": AS_OF,
        "workload": workload,
        "in_process": {
            **{k: v for k, v in inner.items() if k != "outcomes"},
            "seconds": round(inner["seconds"], 3),
            "per_s": round(inner["per_s"]),
            "peak_rss_gb": round(inner["peak_rss_gb"], 3),
        },
        "cli": {
            **{k: v for k, v in cli.items() if k != "outcomes"},
            "seconds": round(cli["seconds"], 3),
            "per_s": round(cli["per_s"]),
            "peak_rss_gb": round(cli["peak_rss_gb"], 3),
        },
        "baseline": {
            **base,
            "seconds": round(base["seconds"], 2),
            "per_s": round(base["per_s"], 3),
        },
        "speed_ratio_in_process_vs_baseline": round(ratio_in),
        "speed_ratio_cli_vs_baseline": round(ratio_cli),
        "outcomes": dict(sorted(cli["outcomes"].items())),
        "outcomes_in_process_match_cli": same,
        "goals": goals,
        "machine": machine_info(HERE.parent),
    }
    (HERE / "results").mkdir(exist_ok=True)
    name = "determinations.json" if total >= 50_000 else "determinations_quick.json"
    (HERE / "results" / name).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(f"wrote benchmarks/results/{name}")


if __name__ == "__main__":
    main()
