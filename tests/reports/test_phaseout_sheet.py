"""The phase-out sheet: written beside an inventory output, filled in, checked back."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from section889.cli.main import app
from section889.readers.phaseout_sheet import REQUIRED_COLUMNS
from section889.reports.phaseout_sheet import PHASEOUT_COLUMNS

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
runner = CliRunner()


def screen(tmp_path: Path) -> Path:
    out = tmp_path / "assets.json"
    result = runner.invoke(
        app,
        [
            "screen",
            "inventory",
            str(EXAMPLES / "cmdb.csv"),
            str(EXAMPLES / "scan.xml"),
            "--out",
            str(out),
            "--as-of",
            "2025-06-01",
        ],
    )
    assert result.exit_code == 0, result.output
    return tmp_path / "assets.phaseout.xlsx"


def check(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["phaseout", "check", *map(str, args)])
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def fill(sheet_path: Path, *, skip_owner_of: int | None = None, date: str = "2027-12-31") -> None:
    book = openpyxl.load_workbook(sheet_path)
    sheet = book["phase-out plan"]
    column = {c.value: c.column for c in sheet[1]}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, column["replacement"], "Cisco Catalyst 9200")
        if row != skip_owner_of:
            sheet.cell(row, column["owner"], "Network team")
        sheet.cell(row, column["target_date"], date)
    book.save(sheet_path)


def test_sheet_lists_covered_and_possible_assets_with_blank_columns_to_fill(
    tmp_path: Path,
) -> None:
    sheet = openpyxl.load_workbook(screen(tmp_path))["phase-out plan"]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(PHASEOUT_COLUMNS)
    hosts = {row[1]: row for row in rows[1:]}
    assert {"core-sw-01", "cam-lobby-01"} <= set(hosts)
    assert "sw-annex-01" not in hosts and "fw-hq-01" not in hosts
    assert hosts["core-sw-01"][3] == "huawei"
    assert all(cell in (None, "") for cell in hosts["core-sw-01"][7:])


def test_filled_sheet_checks_complete(tmp_path: Path) -> None:
    sheet = screen(tmp_path)
    fill(sheet)
    code, output = check(sheet, "--as-of", "2025-06-01", "--laydown", tmp_path / "assets.json")
    assert code == 0, output
    assert "0 with problems" in output


def test_missing_owner_is_exit_1_naming_row_and_field(tmp_path: Path) -> None:
    sheet = screen(tmp_path)
    fill(sheet, skip_owner_of=3)
    code, output = check(sheet, "--as-of", "2025-06-01")
    assert code == 1
    assert f"{sheet}:3: owner: missing" in output
    assert "1 with problems" in output


def test_past_and_invalid_dates_and_unknown_assets_are_flagged_and_written(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.csv"
    with plan.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PHASEOUT_COLUMNS)
        writer.writerow(["A-x", "", "", "", "", "", "covered", "new", "me", "2024-01-31", ""])
        writer.writerow(["A-y", "", "", "", "", "", "covered", "new", "me", "next spring", ""])
    laydown = tmp_path / "assets.json"
    laydown.write_text('[{"asset_id": "A-y"}]', encoding="utf-8")
    out = tmp_path / "check.csv"
    code, output = check(plan, "--as-of", "2025-06-01", "--laydown", laydown, "--out", out)
    assert code == 1
    assert f"{plan}:2: target_date: 2024-01-31 is before 2025-06-01" in output
    assert f"{plan}:2: asset_id: not an asset of the laydown" in output
    assert f"{plan}:3: target_date: 'next spring' is not a date" in output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["row"], r["field"]) for r in rows] == [
        ("2", "asset_id"),
        ("2", "target_date"),
        ("3", "target_date"),
    ]


def test_a_file_that_is_not_a_sheet_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["phaseout", "check", str(other)])
    assert "missing column(s)" in str(result.exception)


def test_sheet_has_a_frozen_header_an_autofilter_and_coloured_status(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(screen(tmp_path))["phase-out plan"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:K{sheet.max_row}"
    status = PHASEOUT_COLUMNS.index("status") + 1
    letter = openpyxl.utils.get_column_letter(status)
    ranges = {str(c.sqref): rules for c, rules in sheet.conditional_formatting._cf_rules.items()}
    assert list(ranges) == [f"{letter}2:{letter}{sheet.max_row}"]
    colours = {
        r.formula[0].strip('"'): r.dxf.fill.fgColor.rgb[-6:]
        for r in ranges[f"{letter}2:{letter}{sheet.max_row}"]
    }
    assert colours["covered"] == "FFC7CE" and colours["possible"] == "FFEB9C"


def test_the_reader_needs_the_columns_the_writer_writes() -> None:
    assert set(REQUIRED_COLUMNS) <= set(PHASEOUT_COLUMNS)


def test_uploaded_sheet_and_laydown_are_checked_and_named_as_uploaded(tmp_path: Path) -> None:
    """The check takes uploads (bytes with a name) as it takes files; problems and errors name
    the upload, never the temp file it was spooled to."""
    from section889.errors import InputError
    from section889.readers.source import Source
    from section889.services.phaseout import check_phaseout

    sheet = screen(tmp_path)
    upload = Source.from_bytes(sheet.read_bytes(), name="plan-from-browser.xlsx")
    laydown = Source.from_bytes((tmp_path / "assets.json").read_bytes(), name="assets.json")
    result = check_phaseout(upload, laydown=laydown)
    assert result.rows > 0 and not result.complete  # nobody filled it in yet
    assert {str(p.path) for p in result.problems} == {"plan-from-browser.xlsx"}
    with pytest.raises(InputError) as caught:
        check_phaseout(Source.from_bytes(b"not a workbook", name="plan.xlsx"))
    assert "plan.xlsx" in str(caught.value) and "section889-upload" not in str(caught.value)
