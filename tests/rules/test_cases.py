"""Every shipped scenario case (src/section889/rules/cases/*.yaml) must pass."""

from __future__ import annotations

import pytest

from section889.rules.cases import Case, load_cases, run_case, shipped_case_files
from section889.rules.determination import Outcome
from section889.services.determinations import Decider

CASES = [case for path in shipped_case_files() for case in load_cases(path)]


def test_enough_cases() -> None:
    assert len(CASES) >= 60
    ids = [f"{c.file}#{c.id}" for c in CASES]
    assert len(ids) == len(set(ids))
    assert {f"S{n:02d}" for n in range(1, 18)} <= {c.id.rstrip("abc") for c in CASES}


def test_every_outcome_covered() -> None:
    outcomes = {c.expect.get("outcome") for c in CASES}
    assert outcomes >= set(Outcome)


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.file}#{c.id}")
def test_case(case: Case, decider: Decider) -> None:
    result = run_case(case, decider)
    assert result.passed, f"{case.id} {case.title}: " + "; ".join(result.problems)
