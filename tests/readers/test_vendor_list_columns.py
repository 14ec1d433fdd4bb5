"""The name and identifier columns are found by themselves in real export headers."""

from __future__ import annotations

from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers import open_vendor_list
from section889.readers.columns import find_id_columns, identifier_scheme

FIXTURES = Path(__file__).parents[1] / "fixtures" / "vendor_lists"


def test_usaspending_download_uses_recipient_name_and_uei_not_the_parents() -> None:
    with open_vendor_list(FIXTURES / "usaspending_prime_transactions.csv") as vendors:
        rows = list(vendors)
        assert vendors.name_column == "recipient_name"
        assert vendors.auto_id_columns == {"uei": "recipient_uei", "cage": "cage_code"}
    assert [(r.name, r.identifiers) for r in rows] == [
        ("THE BOEING COMPANY", {"uei": "HLWWEH2CCXW5"}),
        ("LOCKHEED MARTIN CORP", {"uei": "FYHNA5WC8XD7"}),
    ]


def test_sam_exclusions_csv_uses_entity_name_uei_sam_and_cage_code() -> None:
    with open_vendor_list(FIXTURES / "sam_exclusions.csv") as vendors:
        rows = list(vendors)
        assert vendors.name_column == "entityName"
        assert vendors.auto_id_columns == {"uei": "ueiSAM", "cage": "cageCode"}
    assert rows[0].name == "USA REMEDIATION SERVICES, INC"
    assert rows[0].identifiers == {"uei": "G6XJYD71J617", "cage": "0XLE0"}


@pytest.mark.parametrize(
    "header",
    [
        "Vendor Name",
        "VENDOR_NAME",
        "supplier",
        "Supplier Name",
        "legalBusinessName",
        "legal_business_name",
        "Company",
        "company_name",
        "Organization",
        "awardee",
        "Contractor",
        "Recipient",
        "name",
    ],
)
def test_common_name_headers_are_recognised(tmp_path: Path, header: str) -> None:
    path = tmp_path / "list.csv"
    path.write_text(f"id,{header},state\n1,MILLENNIUM CORPORATION,VA\n")
    with open_vendor_list(path) as vendors:
        assert vendors.name_column == header
        assert [r.name for r in vendors] == ["MILLENNIUM CORPORATION"]


def test_vendor_column_wins_over_a_contacts_name_column(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("name,vendor_name\nJane Doe,CADUCEUS HEALTHCARE INC\n")
    with open_vendor_list(path) as vendors:
        assert [r.name for r in vendors] == ["CADUCEUS HEALTHCARE INC"]


def test_no_name_column_lists_the_columns_present(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("uei,city,state\nJ8CPXM4ELEB2,FARMINGTON HILLS,MI\n")
    with pytest.raises(InputError) as caught:
        open_vendor_list(path)
    message = str(caught.value)
    assert "list.csv" in message and "no vendor-name column" in message
    assert "'uei', 'city', 'state'" in message and "--name-column" in message


def test_explicit_name_column_matches_blind_to_case_and_spacing(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("Vendor Legal Name,Name\nSARAS AMERICA INC.,Jane Doe\n")
    with open_vendor_list(path, name_column="vendor_legal_name") as vendors:
        assert [r.name for r in vendors] == ["SARAS AMERICA INC."]
    with pytest.raises(InputError, match="no column 'Firm'; columns present: 'Vendor Legal Name'"):
        open_vendor_list(path, name_column="Firm")


def test_id_column_values_are_told_apart_by_shape(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text(
        "vendor,ref\n"
        "SARAS AMERICA INC.,J8CPXM4ELEB2\n"
        "ARANEA SOLUTIONS,3cmk8\n"
        "Some Bank,5493001KJTIIGC8Y1R12\n"
        "Hikvision,002415.SZ\n"
        "Nobody,\n"
    )
    with open_vendor_list(path, id_column="ref") as vendors:
        rows = list(vendors)
        assert vendors.id_column == "ref"
    assert [r.identifiers for r in rows] == [
        {"uei": "J8CPXM4ELEB2"},
        {"cage": "3CMK8"},
        {"lei": "5493001KJTIIGC8Y1R12"},
        {"ticker": "002415.SZ"},
        None,
    ]
    assert rows[1].id_value == "3cmk8"  # the output shows the cell as it was written


def test_missing_id_column_is_an_error_listing_columns(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("vendor,city\nX,Y\n")
    with pytest.raises(InputError, match="no column 'duns'; columns present: 'vendor', 'city'"):
        open_vendor_list(path, id_column="duns")


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (["uei", "cage", "lei", "ticker"], {"uei": 0, "cage": 1, "lei": 2, "ticker": 3}),
        (["ueiSAM", "cageCode"], {"uei": 0, "cage": 1}),
        (["recipient_uei", "recipient_parent_uei", "cage_code"], {"uei": 0, "cage": 2}),
        (["Vendor UEI", "Vendor CAGE Code"], {"uei": 0, "cage": 1}),
        (["city", "queue"], {}),
    ],
)
def test_identifier_columns_picked_up_by_header(
    header: list[str], expected: dict[str, int]
) -> None:
    assert find_id_columns(header) == expected


@pytest.mark.parametrize(
    ("value", "scheme"),
    [
        ("J8CPXM4ELEB2", "uei"),
        ("0Z23KR32ZH32", "ticker"),  # a UEI never starts with 0
        ("3G4R0", "cage"),
        ("5493001KJTIIGC8Y1R12", "lei"),
        ("0763.HK", "ticker"),
        ("HWT", "ticker"),
    ],
)
def test_identifier_scheme(value: str, scheme: str) -> None:
    assert identifier_scheme(value) == scheme
