"""The set-up contract: the README's two commands exist, and CI runs exactly the test command."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[1]


def test_readme_names_the_main_job_and_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


def test_ci_runs_exactly_the_readme_test_command() -> None:
    lines = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert lines[-1] == "exec make test"


def test_make_targets_exist_and_test_runs_lint_types_and_tests() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set(re.findall(r"^([a-z]+):", makefile, re.M))
    assert {"demo", "test", "bench", "install"} <= targets
    assert re.search(r"^test: lint typecheck unit$", makefile, re.M)


def test_demo_input_is_shipped() -> None:
    assert (ROOT / "examples" / "vendors.csv").is_file()
