"""Every shipped scenario case's decision, pinned: a changed decision id, outcome, basis, rule or
required action shows as a diff of `tests/rules/golden/decisions.jsonl`.

The file was generated before the engine was split and must only change on purpose. After a
deliberate change (a new knowledge-base or pack version, a new rule), regenerate it with

    SECTION889_UPDATE_GOLDEN=1 .venv/bin/pytest tests/rules/test_golden_decisions.py

and commit the diff with the reason.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from section889.rules.cases import CASE_AS_OF, Case, load_cases, shipped_case_files
from section889.rules.inputs import parse_procurement
from section889.services.determinations import Decider

GOLDEN = Path(__file__).parent / "golden" / "decisions.jsonl"
CASES = [case for path in shipped_case_files() for case in load_cases(path)]


def _pinned(case: Case, decider: Decider) -> dict[str, Any]:
    proc = parse_procurement(case.input, where=f"{case.file}#{case.id}")
    d = decider.decide(proc, policy=case.policy, as_of=case.as_of or CASE_AS_OF)
    return {
        "case": f"{case.file}#{case.id}",
        "decision_id": d.decision_id,
        "outcome": str(d.outcome),
        "basis": d.basis,
        "parts": {p.part: f"{p.outcome}/{p.basis}" for p in d.parts},
        "rule_ids": d.rule_ids,
        "required_actions": [
            {"id": a.id, "deadline": a.deadline if a.deadline is None else str(a.deadline)}
            for a in d.required_actions
        ],
        "kb_version": d.kb_version,
        "policy": f"{d.policy['id']}@{d.policy['version']}",
    }


def test_decisions_match_the_golden_file(decider: Decider) -> None:
    got = [_pinned(case, decider) for case in CASES]
    text = "".join(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n" for row in got)
    if os.environ.get("SECTION889_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8")
    want = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    assert [row["case"] for row in got] == [row["case"] for row in want], "cases added or removed"
    changed = [
        f"{g['case']}: " + ", ".join(k for k in g if g[k] != w.get(k))
        for g, w in zip(got, want, strict=True)
        if g != w
    ]
    assert not changed, "decisions changed (regenerate only on purpose):\n" + "\n".join(changed)
