"""Supplier lists in the encodings, delimiters and formats people actually send, read row by row."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from section889.errors import InputError, RowError
from section889.readers import MAX_NAME_CHARS, open_vendor_list
from section889.readers.jsonl_source import MAX_LINE_CHARS
from section889.readers.sniff import SAMPLE_BYTES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "vendor_lists"

WESTERN = [
    "HUAWEI TECHNOLOGIES CO., LTD",
    "SARAS AMERICA INC.",
    "Hytera Mobilfunk GmbH",
    "Société Générale Securities Services",
    "APOGEE ENGINEERING, LLC",
]


@pytest.mark.parametrize(
    ("name", "encoding", "delimiter", "expected"),
    [
        ("utf8_comma.csv", "utf-8", ",", [*WESTERN, "华为技术有限公司"]),
        ("utf8_bom_semicolon.csv", "utf-8-sig", ";", [*WESTERN, "华为技术有限公司"]),
        ("utf16_tab.tsv", "utf-16", "\t", [*WESTERN, "华为技术有限公司"]),
        ("cp1252_pipe.csv", "cp1252", "|", WESTERN),
    ],
)
def test_every_encoding_and_delimiter_reads_the_same_names(
    name: str, encoding: str, delimiter: str, expected: list[str]
) -> None:
    with open_vendor_list(FIXTURES / name) as vendors:
        rows = list(vendors)
        assert vendors.source.encoding == encoding
        assert vendors.source.delimiter == delimiter
        assert vendors.name_column == "vendor_name"
    assert [r.name for r in rows] == expected
    assert [r.row for r in rows] == list(range(1, len(expected) + 1))
    assert rows[1].identifiers == {"uei": "J8CPXM4ELEB2"}  # SARAS AMERICA's UEI, picked up unasked
    assert rows[0].identifiers is None


def test_latin1_file_reads_its_accents(tmp_path: Path) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_bytes(
        "supplier,country\nNestlé Purina PetCare,USA\nMüller GmbH,DEU\n".encode("latin-1")
    )
    with open_vendor_list(path) as vendors:
        assert [r.name for r in vendors] == ["Nestlé Purina PetCare", "Müller GmbH"]


def test_jsonl_rows_are_line_numbers_and_bad_lines_are_invalid_with_reasons() -> None:
    with open_vendor_list(FIXTURES / "usaspending_recipients.jsonl") as vendors:
        rows = {r.row: r for r in vendors}
    assert rows[1].name == "LOCKHEED MARTIN CORP" and rows[1].problem is None
    assert rows[1].identifiers == {"uei": "FYHNA5WC8XD7"}
    assert rows[2].identifiers is None  # "recipient_uei": null is no identifier
    assert 3 not in rows  # blank line: counted, not reported
    assert "is a number (12345), not text" in (rows[4].problem or "")
    assert "is a JSON object" in (rows[5].problem or "")
    assert rows[6].problem == "no 'recipient_name' value in this row"
    assert (rows[7].problem or "").startswith("not valid JSON")
    assert rows[8].problem == "not a JSON object (a list)"
    assert rows[9].problem == "empty name in column 'recipient_name'"
    assert rows[10].name == "THE BOEING COMPANY" and rows[10].problem is None


def test_oversized_jsonl_line_is_invalid_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "big.jsonl"
    huge = '{"name": "' + "A" * (MAX_LINE_CHARS + 10) + '"}'
    path.write_text(f'{{"name": "ZTE USA INC"}}\n{huge}\n{{"name": "Acme Plumbing LLC"}}\n')
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
    assert [(r.row, r.name) for r in rows if r.problem is None] == [
        (1, "ZTE USA INC"),
        (3, "Acme Plumbing LLC"),
    ]
    assert rows[1].row == 2 and f"longer than {MAX_LINE_CHARS:,}" in (rows[1].problem or "")


def test_xlsx_first_sheet_with_numbers_and_blank_rows(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Legal Business Name", "CAGE Code", "City"])
    sheet.append(["ARANEA SOLUTIONS, INC.", "3CMK8", "HUNTSVILLE"])
    sheet.append([None, None, None])
    sheet.append(["DANKO ARLINGTON, INC", 26993, "BALTIMORE"])  # a CAGE typed in as a number
    sheet.append([7, None, None])
    path = tmp_path / "vendors.xlsx"
    book.save(path)
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
        assert vendors.name_column == "Legal Business Name"
        assert vendors.auto_id_columns == {"cage": "CAGE Code"}
    assert [(r.row, r.name) for r in rows[:2]] == [
        (1, "ARANEA SOLUTIONS, INC."),
        (3, "DANKO ARLINGTON, INC"),
    ]
    assert rows[1].identifiers == {"cage": "26993"}
    assert rows[2].row == 4 and "is a number (7), not text" in (rows[2].problem or "")


def test_name_longer_than_the_cap_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    path.write_text(f"name\n{'X' * (MAX_NAME_CHARS + 1)}\nACME PLUMBING LLC\n")
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
    assert f"longer than {MAX_NAME_CHARS:,} characters" in (rows[0].problem or "")
    assert len(rows[0].name) < 100  # the output shows a stub, not a megabyte
    assert rows[1].problem is None


def test_single_column_list_keeps_commas_inside_names(tmp_path: Path) -> None:
    path = tmp_path / "names.txt"
    path.write_text("vendor\nTECHNICAL CONTROL CONSULTANTS, LLC\nMILLENNIUM CORPORATION\n")
    with open_vendor_list(path) as vendors:
        assert [r.name for r in vendors] == [
            "TECHNICAL CONTROL CONSULTANTS, LLC",
            "MILLENNIUM CORPORATION",
        ]


def test_row_with_an_unquoted_comma_in_its_name_is_invalid(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("vendor_name,city\nAPOGEE ENGINEERING, LLC,COLORADO SPRINGS\nMYTH SOFTWARE,\n")
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
    assert "has 3 cells but the header has 2" in (rows[0].problem or "")
    assert rows[1].name == "MYTH SOFTWARE" and rows[1].problem is None


def test_bytes_of_another_encoding_late_in_a_utf8_file_make_that_row_invalid(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.csv"
    filler = "".join(f"VENDOR {i:07d} LLC\n" for i in range(SAMPLE_BYTES // 18 + 10))
    path.write_bytes(b"name\n" + filler.encode() + "Müller GmbH\n".encode("cp1252"))
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
    assert rows[-1].problem is not None and "not valid utf-8" in rows[-1].problem
    assert all(r.problem is None for r in rows[:-1])


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "old binary Excel (.xls)"),
        (b"PK\x03\x04 not really a zip", "is not a readable .xlsx workbook"),
    ],
)
def test_unusable_files_are_input_errors_naming_the_file(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "suppliers.csv"
    path.write_bytes(content)
    with pytest.raises(InputError, match=r"suppliers\.csv") as caught:
        open_vendor_list(path)
    assert message in str(caught.value)


def test_json_array_is_refused_with_advice(tmp_path: Path) -> None:
    path = tmp_path / "vendors.json"
    path.write_text('[{"name": "ZTE USA INC"}]')
    with pytest.raises(InputError, match="JSON lines"):
        open_vendor_list(path)


def test_missing_file_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"no-such-file\.csv: file not found"):
        open_vendor_list(FIXTURES / "no-such-file.csv")


def test_nul_byte_in_a_name_makes_that_row_invalid(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    path.write_bytes(b"name\nZTE USA INC\nACME\x00 LLC\nMYTH SOFTWARE\n")
    with open_vendor_list(path) as vendors:
        rows = list(vendors)
    assert [r.problem is None for r in rows] == [True, False, True]
    assert "NUL byte" in (rows[1].problem or "")


def test_unclosed_quote_stops_the_file_with_the_row_number(tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    tail = "\n".join(f"VENDOR {i} LLC" for i in range(20_000))
    path.write_text(f'name\nZTE USA INC\nMYTH SOFTWARE\n"ACME LLC\n{tail}\n')
    with open_vendor_list(path) as vendors, pytest.raises(RowError) as caught:
        list(vendors)
    assert caught.value.row == 3
    assert "unclosed quote" in str(caught.value) and "broken.csv" in str(caught.value)
