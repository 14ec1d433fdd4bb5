"""`section889 screen diff OLD NEW`: what changed between two screenings of the same list."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from section889.cli.main import app

runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def run(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["screen", *map(str, args)], env=WIDE)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def suppliers(tmp_path: Path) -> Path:
    path = tmp_path / "suppliers.csv"
    path.write_text(
        "vendor_name\n"
        "Honor Device Co., Ltd.\n"
        '=HYPERLINK("http://x")\n'
        "Lorex Technology Inc.\n"
        "ARANEA SOLUTIONS, INC.\n",
        encoding="utf-8",
    )
    return path


def test_diff_lists_rows_whose_status_changed_across_formats(tmp_path: Path) -> None:
    source = suppliers(tmp_path)
    # 2020: Honor was Huawei's and Lorex Dahua's; today both are former affiliates.
    run("vendors", source, "--as-of", "2020-06-01", "--out", tmp_path / "old.xlsx")
    run("vendors", source, "--out", tmp_path / "new.json")
    code, output = run(
        "diff", tmp_path / "old.xlsx", tmp_path / "new.json", "--out", tmp_path / "d.csv"
    )
    assert code == 0
    assert "Honor Device Co., Ltd." in output and "Lorex Technology Inc." in output
    assert "ARANEA" not in output and "HYPERLINK" not in output  # unchanged rows are not listed
    assert "2 row(s) changed" in output
    with (tmp_path / "d.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["change"], r["old_status"], r["new_status"]) for r in rows] == [
        ("1", "changed", "covered", "former_affiliate"),
        ("3", "changed", "covered", "former_affiliate"),
    ]


def test_diff_of_identical_runs_says_so_and_writes_json(tmp_path: Path) -> None:
    source = suppliers(tmp_path)
    run("vendors", source, "--out", tmp_path / "a.csv")
    run("vendors", source, "--out", tmp_path / "b.csv")
    code, output = run("diff", tmp_path / "a.csv", tmp_path / "b.csv", "--out", tmp_path / "d.json")
    assert code == 0 and "no changes" in output
    assert json.loads((tmp_path / "d.json").read_text()) == []


def test_diff_reports_rows_added_to_the_list(tmp_path: Path) -> None:
    source = suppliers(tmp_path)
    run("vendors", source, "--out", tmp_path / "a.csv")
    with source.open("a", encoding="utf-8") as handle:
        handle.write("ZTE USA INC\n")
    run("vendors", source, "--out", tmp_path / "b.csv")
    code, output = run("diff", tmp_path / "a.csv", tmp_path / "b.csv")
    assert code == 0 and "ZTE USA INC" in output and "added" in output
