"""Vendor screening consults the newest local SAM snapshot for exclusions by UEI and CAGE."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from section889.reports.vendor_run import ScreeningSummary
from section889.sam.records import Exclusion
from section889.services.runtime import SAM_FOLDER
from section889.services.sam_checks import build_sam_snapshot
from section889.services.vendor_screening import VendorScreeningRequest
from section889.settings import Settings

ScreenFile = Callable[..., ScreeningSummary]
"""The `screen_file` fixture (tests/services/conftest.py)."""
FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"
ENTITIES = FIXTURES / "entity_extract_public.dat"
EXCLUSIONS = FIXTURES / "exclusions_public_extract.csv"
LISTED = "G6XJYD71J617"  # USA REMEDIATION SERVICES, INC: AF, active 01/01/2020, "Indefinite"
NOT_LISTED = "ZQGGHJH74DW7"  # IBM: in the entity extract, not in the exclusions extract


def vendor_csv(tmp_path: Path) -> Path:
    path = tmp_path / "vendors.csv"
    path.write_text(
        "vendor_name,uei\n"
        f"USA Remediation Services,{LISTED}\n"
        f"International Business Machines,{NOT_LISTED}\n"
        "No Identifier Corp,\n",
        encoding="utf-8",
    )
    return path


def sam_dir() -> Path:
    """Where the test's runtime looks for snapshots (its settings' data directory)."""
    return Settings().data_dir / SAM_FOLDER


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_rows_show_what_the_snapshot_exclusions_extract_lists(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    build_sam_snapshot(
        sam_dir(), entities=ENTITIES, exclusions=EXCLUSIONS, as_of=dt.date(2024, 6, 1)
    )
    out = tmp_path / "screened.csv"
    summary = screen_file(
        VendorScreeningRequest(vendor_csv(tmp_path), as_of=dt.date(2025, 6, 30)), out
    )
    rows = read_csv(out)
    assert list(rows[0])[-3:] == ["fact_ref", "sam_exclusion", "sam_snapshot"]
    listed, other, no_id = rows
    assert listed["sam_exclusion"] == (
        "listed in the SAM exclusions extract: Ineligible (Proceedings Completed), AF "
        "(SAM snapshot 2024-06-01)"
    )
    assert listed["sam_snapshot"] == "2024-06-01"
    assert (other["sam_exclusion"], other["sam_snapshot"]) == ("", "2024-06-01")
    assert (no_id["sam_exclusion"], no_id["sam_snapshot"]) == ("", "")  # not looked up
    assert [r["status"] for r in rows] == ["clear", "clear", "clear"]  # status logic unchanged
    assert summary.sam_snapshot is not None
    assert (summary.sam_snapshot.date, summary.sam_listed) == (dt.date(2024, 6, 1), 1)

    record = json.loads((tmp_path / "screened.csv.run.json").read_text(encoding="utf-8"))
    sam = record["sam_snapshot"]
    assert sam["date"] == "2024-06-01" and sam["rows_listed"] == 1
    by_kind = {s["kind"]: s for s in sam["sources"]}
    assert by_kind["exclusions"]["sha256"] == hashlib.sha256(EXCLUSIONS.read_bytes()).hexdigest()
    assert by_kind["entities"]["file"] == ENTITIES.name
    assert record["output"]["columns"][-2:] == ["sam_exclusion", "sam_snapshot"]


def test_an_exclusion_not_in_force_on_the_as_of_date_is_not_shown(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    build_sam_snapshot(sam_dir(), exclusions=EXCLUSIONS, as_of=dt.date(2024, 6, 1))
    out = tmp_path / "screened.json"
    screen_file(VendorScreeningRequest(vendor_csv(tmp_path), as_of=dt.date(2019, 12, 31)), out)
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows[0]["sam_exclusion"] == ""  # active from 2020-01-01
    assert rows[0]["sam_snapshot"] == "2024-06-01"


def test_a_cage_column_is_looked_up_too(screen_file: ScreenFile, tmp_path: Path) -> None:
    build_sam_snapshot(sam_dir(), exclusions=EXCLUSIONS, as_of=dt.date(2024, 6, 1))
    source = tmp_path / "cage.csv"
    source.write_text("vendor_name,cage_code\nUSA Remediation,0XLE0\n", encoding="utf-8")
    out = tmp_path / "screened.csv"
    screen_file(VendorScreeningRequest(source, as_of=dt.date(2025, 6, 30)), out)
    assert read_csv(out)[0]["sam_exclusion"].startswith("listed in the SAM exclusions extract")


def test_without_a_snapshot_the_output_has_no_sam_columns(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    out = tmp_path / "screened.csv"
    summary = screen_file(
        VendorScreeningRequest(vendor_csv(tmp_path), as_of=dt.date(2025, 6, 30)), out
    )
    assert not {"sam_exclusion", "sam_snapshot"} & set(read_csv(out)[0])
    record = json.loads((tmp_path / "screened.csv.run.json").read_text(encoding="utf-8"))
    assert "sam_snapshot" not in record
    assert summary.sam_snapshot is None


def test_a_snapshot_without_exclusions_is_not_consulted(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    build_sam_snapshot(sam_dir(), entities=ENTITIES, as_of=dt.date(2024, 6, 1))
    out = tmp_path / "screened.csv"
    screen_file(VendorScreeningRequest(vendor_csv(tmp_path)), out)
    assert "sam_exclusion" not in read_csv(out)[0]


def test_exclusion_in_force_reads_extract_dates() -> None:
    record = Exclusion(None, None, "X", None, None, None, None, "01/01/2020", "Indefinite", None)
    assert record.in_force(dt.date(2020, 1, 1)) and record.in_force(dt.date(2030, 1, 1))
    assert not record.in_force(dt.date(2019, 12, 31))
    ended = Exclusion(None, None, "X", None, None, None, None, "2011-12-12", "2012-01-01", None)
    assert not ended.in_force(dt.date(2012, 1, 2))
