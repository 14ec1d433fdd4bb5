"""Exit codes of `python -m section889`: 0, 1 when --fail-on finds a hit, 2 for bad input."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

EXAMPLE = Path(__file__).parents[2] / "examples" / "vendors.csv"


def section889(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "section889", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_missing_file_is_exit_2_with_a_message_and_no_output(tmp_path: Path) -> None:
    done = section889("screen", "vendors", "nope.csv", "--out", "o.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "error:" in done.stderr and "nope.csv: file not found" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_no_name_column_is_exit_2_listing_the_columns(tmp_path: Path) -> None:
    (tmp_path / "l.csv").write_text("uei,city\nJ8CPXM4ELEB2,FARMINGTON HILLS\n")
    done = section889("screen", "vendors", "l.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "no vendor-name column found; columns present: 'uei', 'city'" in done.stderr


def test_unsupported_output_type_is_exit_2_naming_the_supported_ones(tmp_path: Path) -> None:
    done = section889("screen", "vendors", EXAMPLE, "--out", "screened.txt", cwd=tmp_path)
    assert done.returncode == 2
    assert "use one of .csv, .json, .xlsx" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_fatal_error_mid_file_is_exit_2_and_leaves_nothing(tmp_path: Path) -> None:
    tail = "\n".join(f"VENDOR {i} LLC" for i in range(20_000))
    (tmp_path / "b.csv").write_text(f'name\nZTE USA INC\n"ACME LLC\n{tail}\n')
    done = section889("screen", "vendors", "b.csv", "--out", "o.csv", cwd=tmp_path)
    assert done.returncode == 2
    assert "b.csv: row 2: a field is longer than" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b.csv"]


def test_fail_on_covered_is_exit_1_and_a_clean_run_exit_0(tmp_path: Path) -> None:
    failing = section889("screen", "vendors", EXAMPLE, "--fail-on", "covered", cwd=tmp_path)
    assert failing.returncode == 1 and "covered 17" in failing.stdout
    (tmp_path / "clean.csv").write_text("vendor\nMILLENNIUM CORPORATION\n")
    clean = section889("screen", "vendors", "clean.csv", "--fail-on", "possible", cwd=tmp_path)
    assert clean.returncode == 0, clean.stderr


def test_diff_of_a_file_that_is_not_an_output_is_exit_2(tmp_path: Path) -> None:
    done = section889("screen", "diff", EXAMPLE, EXAMPLE, cwd=tmp_path)
    assert done.returncode == 2
    assert "is not an output of `section889 screen vendors`" in done.stderr
