"""CSV/XLSX asset exports and purchase records, as a user hands them over."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from section889.errors import InputError
from section889.readers.inventory import read_inventory

FIXTURES = Path(__file__).parents[2] / "fixtures" / "inventory"
CMDB = FIXTURES / "cmdb_assets.csv"


def test_cmdb_export_columns_are_found_from_common_headers() -> None:
    read = read_inventory([CMDB])
    camera, switch, nvr = read.records[:3]
    assert read.sources[0].format == "csv"
    assert (camera.hostname, camera.ip, camera.mac) == (
        "lobby-cam-01",
        "10.1.20.11",
        "08:A1:89:3C:11:02",
    )
    assert (camera.manufacturer, camera.model) == ("Hikvision", "DS-2CD2142FWD-I")
    assert camera.supplier == "ACME Security Supply"  # `Supplier`, while `Vendor` is the maker
    assert camera.purpose == "Government facility security"
    assert camera.acquired == dt.date(2019, 3, 12)  # MM/DD/YYYY
    assert camera.where == f"{CMDB}:1"
    assert switch.mac == "00:E0:FC:12:34:56"  # Cisco-dotted form
    assert switch.acquired == dt.date(2018, 6, 1)
    assert nvr.mac == "3C:EF:8C:0A:1B:2C"  # bare hex
    assert nvr.acquired == dt.date(2020, 2, 14)  # DD.MM.YYYY


def test_bad_values_warn_with_file_row_and_field_and_the_row_is_kept() -> None:
    read = read_inventory([CMDB])
    messages = [str(w) for w in read.warnings]
    assert messages[0].startswith(f"{CMDB}:4: mac: 'ZZ:11:22:33:44:55' is not a MAC address")
    assert messages[1].startswith(f"{CMDB}:4: acquired: '13/45/2019'")
    assert messages[2].startswith(f"{CMDB}:5: ip: 'not-an-ip' is not an IP address")
    assert messages[3].startswith(f"{CMDB}:5: acquired: '2019' gives no day")
    badge, printer = read.records[3], read.records[4]
    assert (badge.hostname, badge.mac, badge.acquired) == ("badge-reader-7", "", None)
    assert (printer.hostname, printer.ip, printer.acquired) == ("printer-3", "", None)


def test_mapping_overrides_headers_and_an_unknown_column_warns() -> None:
    read = read_inventory([CMDB], mapping={"description": "Use", "model": "No Such Column"})
    camera = read.records[0]
    assert camera.description == "Government facility security"
    assert camera.model == "DS-2CD2142FWD-I"  # the usual header is used instead
    header_warnings = [w for w in read.warnings if w.row is None]
    assert [(w.field, str(w)) for w in header_warnings] == [
        (
            "model",
            f"{CMDB}: model: column 'No Such Column' given by --map is not in the header; "
            "the usual headers are used for this field instead",
        )
    ]


def test_mapping_an_unknown_field_is_an_error() -> None:
    with pytest.raises(InputError, match="unknown field"):
        read_inventory([CMDB], mapping={"colour": "Notes"})


def test_csv_with_an_odd_extension_is_detected_from_content(tmp_path: Path) -> None:
    odd = tmp_path / "lansweeper_export.dat"
    shutil.copy(CMDB, odd)
    read = read_inventory([odd])
    assert read.sources[0].format == "csv"
    assert len(read.records) == 5


def test_xlsx_export_with_date_cells_and_a_netbox_style_header(tmp_path: Path) -> None:
    path = tmp_path / "netbox devices.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(
        ["Name", "Primary IPv4", "Manufacturer", "Device Type", "Serial number", "Install date"]
    )
    sheet.append(["olt-1", "10.9.0.2", "ZTE", "olt", 21850012345, dt.datetime(2019, 8, 12)])
    sheet.append([None, None, None, None, None, None])
    sheet.append(["cam-9", None, "Dahua", "camera", "6G0A1B2PAZ00099", 43831])
    book.save(path)
    read = read_inventory([path])
    assert read.sources[0].format == "xlsx"
    olt, cam = read.records
    assert (olt.hostname, olt.ip, olt.manufacturer, olt.device_type) == (
        "olt-1",
        "10.9.0.2",
        "ZTE",
        "olt",
    )
    assert olt.serial == "21850012345"
    assert olt.acquired == dt.date(2019, 8, 12)
    assert (cam.row, cam.acquired) == (3, dt.date(2020, 1, 1))  # Excel serial 43831


def test_purchase_records_are_detected_and_part_numbers_become_models() -> None:
    path = FIXTURES / "purchases_invoices.csv"
    read = read_inventory([path])
    assert read.sources[0].format == "purchases"
    camera, monitoring, paper = read.records
    assert camera.supplier == "ACME Security Supply"
    assert (camera.part_number, camera.model) == ("DS-2CD2142FWD-I", "DS-2CD2142FWD-I")
    assert camera.acquired == dt.date(2020, 3, 2)
    assert monitoring.description == "Monthly central-station monitoring service"
    assert monitoring.acquired == dt.date(2020, 9, 30)
    assert (paper.model, paper.acquired) == ("", dt.date(2020, 9, 14))


def test_format_purchases_forces_reading_a_table_as_purchases(tmp_path: Path) -> None:
    path = tmp_path / "po_lines.csv"
    path.write_text("Vendor,Item,Date,Hostname\nCarahsoft,Huawei S5720-28X-LI-AC,2019-07-01,\n")
    assert read_inventory([path]).sources[0].format == "csv"
    forced = read_inventory([path], format="purchases")
    record = forced.records[0]
    assert forced.sources[0].format == "purchases"
    assert (record.supplier, record.description) == ("Carahsoft", "Huawei S5720-28X-LI-AC")
    assert record.acquired == dt.date(2019, 7, 1)


def test_a_workbook_saved_under_another_name_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "assets-export.dat"
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["hostname", "mac", "manufacturer"])
    sheet.append(["sw1", "00e0fc123456", "Huawei"])
    book.save(path)
    read = read_inventory([path])
    assert read.sources[0].format == "xlsx"
    assert read.records[0].mac == "00:E0:FC:12:34:56"
