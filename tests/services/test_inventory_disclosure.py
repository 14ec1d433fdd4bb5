"""The 52.204-24(e) disclosure written beside an inventory output."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from section889.cli.main import app
from section889.reports.disclosure import DISCLOSURE_COLUMNS

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
runner = CliRunner()


def test_disclosure_has_one_row_per_group_with_producer_brand_model_and_use(
    tmp_path: Path,
) -> None:
    out = tmp_path / "assets.csv"
    result = runner.invoke(
        app,
        [
            "screen",
            "inventory",
            str(EXAMPLES / "cmdb.csv"),
            str(EXAMPLES / "purchases.csv"),
            "--out",
            str(out),
            "--as-of",
            "2025-06-01",
        ],
    )
    assert result.exit_code == 0, result.output
    path = tmp_path / "assets.disclosure.csv"
    with path.open(newline="", encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(DISCLOSURE_COLUMNS)
    with path.open(newline="", encoding="utf-8") as handle:
        rows = {(r["brand"], r["model"]): r for r in csv.DictReader(handle)}
    switch = rows[("Huawei", "S5720-28X-SI-AC")]
    assert switch["producer"] == "Huawei Technologies Co., Ltd."
    assert switch["producer_uei"] == "not known" and switch["producer_cage"] == "not known"
    assert switch["description"].startswith("telecom; identified by")
    camera = rows[("Hikvision", "DS-2CD2143G2-I")]
    assert camera["producer"] == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert camera["proposed_use"] == "government_facility_security"
    assert camera["assets"] == "1"
    assert not any(r["brand"] in ("H3C", "Cisco", "HP") for r in rows.values())
