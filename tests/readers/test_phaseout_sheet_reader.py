"""Reading a filled-in phase-out sheet back: XLSX and CSV, row numbers as the user sees them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from section889.errors import InputError
from section889.readers.phaseout_sheet import read_phaseout_sheet

HEADER = ["asset_id", "hostname", "status", "replacement", "owner", "target_date", "notes"]


def test_xlsx_rows_keep_their_sheet_numbers_and_dates_become_text(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([])  # a blank row above the header
    sheet.append(HEADER)
    sheet.append(
        ["A-1", "core-sw-01", "covered", "Cisco C9200", "Network", dt.datetime(2027, 12, 31), ""]
    )
    sheet.append([None] * len(HEADER))
    sheet.append(["A-2", "cam-01", "possible", "'=HYPERLINK(1)", "", "", "owner left"])
    book.save(tmp_path / "plan.xlsx")
    rows = read_phaseout_sheet(tmp_path / "plan.xlsx")
    assert [r.row for r in rows] == [3, 5]
    assert rows[0].cells["target_date"] == "2027-12-31"
    assert rows[1].cells["replacement"] == "=HYPERLINK(1)"  # neutralised text restored
    assert rows[1].cells["notes"] == "owner left"


def test_csv_resaved_with_semicolons_in_cp1252_reads(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    text = (
        "Asset ID;Replacement;Owner;Target Date;Notes\nA-1;Caméra Axis P3265;Sûreté;2027-06-30;\n"
    )
    path.write_bytes(text.encode("cp1252"))
    (row,) = read_phaseout_sheet(path)
    assert row.row == 2
    assert row.cells["asset_id"] == "A-1"
    assert row.cells["replacement"] == "Caméra Axis P3265"
    assert row.cells["owner"] == "Sûreté"
    assert row.cells["target_date"] == "2027-06-30"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.csv", b"asset_id,owner\nA-1,x\n", "missing column(s) replacement, target_date"),
        ("plan.csv", b"", "empty"),
        ("plan.xlsx", b"asset_id,owner\n", "not a readable .xlsx"),
        ("plan.pdf", b"%PDF-1.4", "use .xlsx or .csv"),
        (
            "plan.csv",
            b"asset_id,replacement,owner,target_date\nA-1,x,y,2027-01-01,extra,cells\n",
            "row 2",
        ),
    ],
)
def test_unreadable_sheets_say_what_is_wrong(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message.replace("(", r"\(").replace(")", r"\)")) as caught:
        read_phaseout_sheet(path)
    assert str(path) in str(caught.value)
