"""Output tables: the extension picks the format, formulas are defused, nothing partial is left."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from section889.errors import InputError
from section889.reports import open_table, restore

COLUMNS = ["row", "input_name", "score"]
HOSTILE = [
    [1, '=HYPERLINK("http://evil.example","click")', 0.5],
    [2, "+1-202-555-0100", 0.0],
    [3, "-2+3", 0.0],
    [4, "@SUM(A1:A9)", 0.0],
    [5, "\tTAB LEADING", 0.0],
    [6, "\rCR LEADING", 0.0],
    [7, "ACME-1 SYSTEMS", 0.0],
]


def test_csv_cells_that_start_a_formula_get_an_apostrophe(tmp_path: Path) -> None:
    table = open_table(tmp_path / "out.csv", COLUMNS)
    for row in HOSTILE:
        table.write(row)
    table.commit()
    with (tmp_path / "out.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == COLUMNS
    names = [r[1] for r in rows[1:]]
    assert names == [
        '\'=HYPERLINK("http://evil.example","click")',
        "'+1-202-555-0100",
        "'-2+3",
        "'@SUM(A1:A9)",
        "'\tTAB LEADING",
        "'\rCR LEADING",
        "ACME-1 SYSTEMS",
    ]
    assert [restore(n) for n in names] == [r[1] for r in HOSTILE]


def test_xlsx_cells_are_text_not_formulas(tmp_path: Path) -> None:
    table = open_table(tmp_path / "out.xlsx", COLUMNS)
    for row in HOSTILE:
        table.write(row)
    table.write([8, "bell\x07 inside", 1.0])  # a control character Excel refuses
    table.commit()
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx").active
    assert sheet is not None
    cells = [sheet.cell(row=r, column=2) for r in range(2, 10)]
    assert all(c.data_type == "s" for c in cells)
    assert cells[0].value == '\'=HYPERLINK("http://evil.example","click")'
    assert cells[3].value == "'@SUM(A1:A9)"
    assert cells[7].value == "bell inside"
    assert sheet.cell(row=2, column=3).value == 0.5


def test_json_is_a_list_of_row_objects_kept_verbatim(tmp_path: Path) -> None:
    table = open_table(tmp_path / "out.json", COLUMNS)
    table.write(HOSTILE[0])
    table.write([2, "华为技术有限公司", None])
    table.commit()
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert data == [
        {"row": 1, "input_name": '=HYPERLINK("http://evil.example","click")', "score": 0.5},
        {"row": 2, "input_name": "华为技术有限公司", "score": None},
    ]


def test_empty_json_output_is_an_empty_list(tmp_path: Path) -> None:
    open_table(tmp_path / "out.json", COLUMNS).commit()
    assert json.loads((tmp_path / "out.json").read_text()) == []


@pytest.mark.parametrize("name", ["out.txt", "out.xls", "out"])
def test_unsupported_output_types_name_the_supported_ones(tmp_path: Path, name: str) -> None:
    with pytest.raises(InputError, match=r"use one of \.csv, \.json, \.xlsx"):
        open_table(tmp_path / name, COLUMNS)
    assert list(tmp_path.iterdir()) == []


def test_nothing_appears_until_commit_and_discard_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("the previous run\n")
    table = open_table(target, COLUMNS)
    table.write([1, "ZTE USA INC", 1.0])
    assert target.read_text() == "the previous run\n"
    table.discard()
    assert target.read_text() == "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_missing_output_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="does not exist"):
        open_table(tmp_path / "nowhere" / "out.csv", COLUMNS)


def status_fills(sheet: object) -> dict[str, dict[str, str]]:
    """Conditional formats of a sheet: cell range → status → fill colour."""
    found: dict[str, dict[str, str]] = {}
    for cells, rules in sheet.conditional_formatting._cf_rules.items():  # type: ignore[attr-defined]
        for rule in rules:
            assert rule.operator == "equal"
            status = rule.formula[0].strip('"')
            found.setdefault(str(cells.sqref), {})[status] = rule.dxf.fill.fgColor.rgb[-6:]
    return found


def test_xlsx_has_a_frozen_header_an_autofilter_and_statuses_coloured(tmp_path: Path) -> None:
    table = open_table(tmp_path / "out.xlsx", ["row", "input_name", "status", "old_status"])
    statuses = ["covered", "possible", "former_affiliate", "clear", "invalid"]
    for row, status in enumerate(statuses, start=1):
        table.write([row, "=cmd|' /C calc'!A0", status, "clear"])
    table.about([("knowledge base", "test")])
    table.commit()
    book = openpyxl.load_workbook(tmp_path / "out.xlsx")
    sheet = book["screened"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D6"
    fills = status_fills(sheet)
    assert set(fills) == {"C2:C6", "D2:D6"}
    assert fills["C2:C6"]["covered"] == "FFC7CE"
    assert fills["C2:C6"]["clear"] == "C6EFCE"
    assert set(fills["C2:C6"]) == set(statuses)
    # neutralised cells stay neutralised
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"
    assert book["about"]["A1"].value == "knowledge base"
