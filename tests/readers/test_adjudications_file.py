"""Decisions files (CSV or YAML) are validated row by row; errors name the file, row and field."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from section889.errors import InputError, RowError
from section889.readers import AdjudicationKind, load_adjudications

TODAY = dt.date(2025, 11, 20)
HEADER = "input_name,id,decision,decided_by,decided_on,reason,fact_ref\n"


def write(tmp_path: Path, body: str, name: str = "decisions.csv") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_csv_decisions_are_found_by_name_blind_to_case_and_spacing(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER + "Prama India  Private Limited,,not_a_match,j.doe,2025-03-01,"
        "Indian distributor unrelated to Hikvision,prama-india#7b594a6e13bd\n",
    )
    book = load_adjudications(path, today=TODAY)
    found = book.find("PRAMA INDIA PRIVATE LIMITED")
    assert found is not None
    assert found.decision == AdjudicationKind.NOT_A_MATCH
    assert found.decided_on == dt.date(2025, 3, 1)
    assert found.fact_ref == "prama-india#7b594a6e13bd"
    assert book.find("Prama Hikvision India Pvt Ltd") is None
    assert book.used == {1}


def test_yaml_decisions_are_found_by_identifier(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "decisions:\n"
        "  - id: j8cpxm4eleb2\n"
        "    decision: confirmed\n"
        "    decided_by: compliance@agency.gov\n"
        "    decided_on: 2025-06-30\n"
        "    reason: checked in SAM\n",
        name="decisions.yaml",
    )
    book = load_adjudications(path, today=TODAY)
    found = book.find("SARAS AMERICA", ["J8CPXM4ELEB2"])
    assert found is not None and found.decision == AdjudicationKind.CONFIRMED
    assert found.decided_on == dt.date(2025, 6, 30)  # YAML dates arrive as dates


def test_latest_decision_for_a_vendor_wins(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        HEADER
        + "Huawey Technologies,,not_a_match,a,2025-05-01,first look,\n"
        + "Huawey Technologies,,confirmed,b,2025-07-01,second look,\n"
        + "Huawey Technologies,,not_a_match,c,2025-02-01,older note,\n",
    )
    found = load_adjudications(path, today=TODAY).find("Huawey Technologies")
    assert found is not None and (found.decided_by, found.decision) == ("b", "confirmed")


def test_rows_without_a_decision_are_skipped(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "ZTE USA INC,,,,,,\n")
    assert len(load_adjudications(path, today=TODAY)) == 0


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ("X,,maybe,a,2025-01-01,r,", "decision", "'maybe' is not one of: not_a_match, confirmed"),
        ("X,,confirmed,,2025-01-01,r,", "decided_by", "must not be empty"),
        ("X,,confirmed,a,01/02/2025,r,", "decided_on", "is not a date YYYY-MM-DD"),
        ("X,,confirmed,a,2031-01-01,r,", "decided_on", "is in the future"),
        ("X,,confirmed,a,2025-01-01,,", "reason", "must not be empty"),
        (",,confirmed,a,2025-01-01,r,", "input_name", "name the vendor with input_name or id"),
    ],
)
def test_bad_rows_name_file_row_and_field(
    tmp_path: Path, row: str, field: str, message: str
) -> None:
    path = write(tmp_path, HEADER + "OK VENDOR,,confirmed,a,2025-01-01,fine,\n" + row + "\n")
    with pytest.raises(RowError) as caught:
        load_adjudications(path, today=TODAY)
    assert (caught.value.row, caught.value.field) == (2, field)
    assert message in str(caught.value) and "decisions.csv" in str(caught.value)


def test_yaml_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "decision: not_a_match\n", name="d.yaml")
    with pytest.raises(InputError, match="must be a list of decisions"):
        load_adjudications(path, today=TODAY)


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "{}", name="d.json")
    with pytest.raises(InputError, match=r"decisions must be a \.csv or \.yaml file"):
        load_adjudications(path, today=TODAY)
