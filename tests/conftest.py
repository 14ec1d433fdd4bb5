"""Every test runs with its own empty data directory, so installed packs and imported layers on
the developer's machine never change a result; tests that need the runtime get their own."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from section889.services.runtime import Runtime, RuntimeHolder
from section889.settings import Settings

RunCli = Callable[..., subprocess.CompletedProcess[str]]

COMPONENTS = ("postgres", "spark", "browser")
"""Markers of tests that need a component outside Python (PostgreSQL, Apache Spark, Chromium)."""


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under CI=true a test that needs PostgreSQL, Spark or Chromium must run: its skip (the
    component is missing) is reported as a failure, never passed over in silence."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    needs = [m for m in COMPONENTS if item.get_closest_marker(m) is not None]
    if report.skipped and needs and os.environ.get("CI", "").lower() == "true":
        report.outcome = "failed"
        report.longrepr = f"CI=true: this test needs {', '.join(needs)}, which is missing here"


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("section889-data")
    monkeypatch.setenv("SECTION889_DATA_DIR", str(data_dir))
    yield data_dir


@pytest.fixture
def settings(_isolated_data_dir: Path) -> Settings:
    """Settings of this test: its own empty data directory, every other value the default."""
    return Settings(data_dir=_isolated_data_dir)


@pytest.fixture
def holder(settings: Settings) -> Iterator[RuntimeHolder]:
    """A runtime holder of this test's own (what a long-running face keeps)."""
    made = RuntimeHolder.build(settings)
    yield made
    made.close()


@pytest.fixture
def runtime(holder: RuntimeHolder) -> Runtime:
    """The runtime of this test (shipped facts, empty data directory)."""
    return holder.current


@pytest.fixture
def run_cli() -> RunCli:
    """Run `python -m section889 ARGS…` in a subprocess, as a user would (exit code, stdout, stderr)."""

    def run(*args: str | Path, cwd: Path | None = None, timeout: float = 300):  # type: ignore[no-untyped-def]
        return subprocess.run(
            [sys.executable, "-m", "section889", *map(str, args)],
            capture_output=True,
            text=True,
            cwd=cwd,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture(scope="session")
def shipped_runtime(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """A runtime over the shipped knowledge base and packs (its own empty data directory), built
    once per session: for the many tests that only read (the scenario cases, the golden file)."""
    made = Runtime.build(Settings(data_dir=tmp_path_factory.mktemp("shipped-data")))
    yield made
    made.close()
