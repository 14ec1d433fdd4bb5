"""The set-up contract: the README's two commands exist, and CI runs exactly the test command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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


pytest_plugins = ["pytester"]


def test_under_ci_a_skipped_component_test_fails(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytester.makeconftest((ROOT / "tests" / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    postgres: x\n    spark: x\n    browser: x\n")
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.postgres
        def test_needs_postgres():
            pytest.skip("PostgreSQL is not reachable")

        def test_plain_skip():
            pytest.skip("not a component")
        """
    )
    monkeypatch.delenv("CI", raising=False)
    local = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    local.assert_outcomes(skipped=2)
    monkeypatch.setenv("CI", "true")
    ci = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    ci.assert_outcomes(failed=1, skipped=1)
    ci.stdout.fnmatch_lines(["*CI=true: this test needs postgres*"])
