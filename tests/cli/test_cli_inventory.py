"""`section889 screen inventory`, through the real CLI on the sample inventories in examples/."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from section889.cli.main import app
from section889.reports.inventory_table import INVENTORY_COLUMNS

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
CMDB, SCAN, PURCHASES = EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv"
AS_OF = "2025-06-01"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def screen(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(
        app, ["screen", "inventory", *map(str, args), "--as-of", AS_OF], env=WIDE
    )
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def by_host(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {row["hostname"]: row for row in rows if row["hostname"]}


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["screen", "inventory", "--help"], env=WIDE)
    assert result.exit_code == 0
    assert "Example" in result.output and "section889 screen inventory" in result.output


def test_without_out_prints_the_assets_that_are_not_clear_and_a_summary() -> None:
    code, output = screen(CMDB, SCAN, PURCHASES)
    assert code == 0
    assert "core-sw-01" in output and "cam-lobby-01" in output and "covered" in output
    assert "sw-annex-01" not in output  # the H3C look-alike is clear, so not listed
    assert "from 3 source(s)" in output
    assert f"{CMDB} (csv)" in output and f"{SCAN} (nmap)" in output
    assert "covered 2" in output or "covered 3" in output
    assert "facts as of" in output and f"as of {AS_OF}" in output


def test_csv_output_finds_covered_assets_merges_records_and_clears_the_lookalike(
    tmp_path: Path,
) -> None:
    out = tmp_path / "assets.csv"
    code, output = screen(CMDB, SCAN, PURCHASES, "--out", out)
    assert code == 0
    with out.open(encoding="utf-8") as handle:
        assert next(csv.reader(handle)) == list(INVENTORY_COLUMNS)
    hosts = by_host(read_csv(out))
    switch, camera, annex = hosts["core-sw-01"], hosts["cam-lobby-01"], hosts["sw-annex-01"]
    assert (switch["status"], switch["entity_id"], switch["category"]) == (
        "covered",
        "huawei",
        "telecom",
    )
    assert (camera["status"], camera["entity_id"]) == ("covered", "hikvision")
    assert annex["status"] == "clear" and "look-alike" in annex["evidence"]
    # one asset, evidence read from the CMDB row, the nmap host and the purchase line
    for source in ("cmdb.csv:", "scan.xml:", "purchases.csv:"):
        assert source in switch["evidence"]
    assert "is registered to" in switch["evidence"] and "; " in switch["evidence"]
    assert "patterns.csv" not in switch["evidence"] and "oui.csv" not in switch["evidence"]
    for side in ("phaseout.xlsx", "inquiry.json", "inquiry.pdf", "disclosure.csv"):
        assert (tmp_path / f"assets.{side}").is_file()
    assert "wrote" in output


def test_json_output_keeps_evidence_as_a_list_of_objects(tmp_path: Path) -> None:
    out = tmp_path / "assets.json"
    assert screen(CMDB, SCAN, "--out", out)[0] == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert list(rows[0]) == list(INVENTORY_COLUMNS)
    camera = next(r for r in rows if r["hostname"] == "cam-lobby-01")
    assert isinstance(camera["evidence"], list)
    signals = {e["signal"] for e in camera["evidence"]}
    assert "mac_oui" in signals
    assert all({"value", "matched", "source", "record"} <= set(e) for e in camera["evidence"])


def test_xlsx_output_has_the_columns_and_an_about_sheet(tmp_path: Path) -> None:
    out = tmp_path / "assets.xlsx"
    assert screen(CMDB, "--out", out)[0] == 0
    book = openpyxl.load_workbook(out, read_only=True)
    rows = list(book["screened"].iter_rows(values_only=True))
    assert list(rows[0]) == list(INVENTORY_COLUMNS)
    assert any(row[1] == "core-sw-01" and row[7] == "covered" for row in rows[1:])
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["as of"] == AS_OF and "facts as of" in about["knowledge base"]


def test_fail_on_covered_exits_1(tmp_path: Path) -> None:
    code, output = screen(CMDB, "--fail-on", "covered")
    assert code == 1 and "--fail-on covered found hits" in output


def test_fail_on_is_not_triggered_by_a_clean_inventory(tmp_path: Path) -> None:
    clean = tmp_path / "clean.csv"
    clean.write_text(
        "Hostname,IP Address,MAC Address,Manufacturer,Model\n"
        "fw-1,10.0.0.1,00:00:0C:9F:F0:01,Cisco,ASA 5506-X\n",
        encoding="utf-8",
    )
    code, output = screen(clean, "--fail-on", "possible")
    assert code == 0 and "clear 1" in output


def test_formula_in_an_inventory_is_neutralised_in_csv(tmp_path: Path) -> None:
    source = tmp_path / "cmdb.csv"
    source.write_text(
        "Hostname,IP Address,MAC Address,Manufacturer,Model\n"
        '"=HYPERLINK(""http://x"")",10.0.0.9,00:1E:10:00:00:09,Huawei,S5720-28X-SI-AC\n',
        encoding="utf-8",
    )
    out = tmp_path / "o.csv"
    assert screen(source, "--out", out)[0] == 0
    assert read_csv(out)[0]["hostname"].startswith("'=HYPERLINK")


def run_module(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "section889", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def test_missing_input_is_exit_2_and_writes_nothing(tmp_path: Path) -> None:
    done = run_module("screen", "inventory", "nope.csv", "--out", "o.html", cwd=tmp_path)
    assert done.returncode == 2 and "error:" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_unsupported_output_type_is_exit_2(tmp_path: Path) -> None:
    done = run_module("screen", "inventory", CMDB, "--out", "o.txt", cwd=tmp_path)
    assert done.returncode == 2 and ".html" in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_a_failure_while_writing_leaves_no_output_and_no_temp_file(tmp_path: Path) -> None:
    (tmp_path / "o.inquiry.pdf").mkdir()  # the fourth of five files cannot be written
    done = run_module("screen", "inventory", CMDB, SCAN, "--out", "o.html", cwd=tmp_path)
    assert done.returncode == 2 and "is a directory" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.inquiry.pdf"]


@pytest.mark.parametrize("pair", ["hostname", "=Device", "hostname="])
def test_a_malformed_map_is_exit_2(tmp_path: Path, pair: str) -> None:
    done = run_module("screen", "inventory", CMDB, "--map", pair, cwd=tmp_path)
    assert done.returncode == 2 and "FIELD=COLUMN" in done.stderr
