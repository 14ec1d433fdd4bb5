"""`section889 bulk inventory`: the DuckDB engine through the real CLI."""

from __future__ import annotations

import csv
from pathlib import Path

from typer.testing import CliRunner

from section889.cli.main import app

runner = CliRunner()
COLUMNS = [
    "asset_id", "hostname", "ip", "mac", "manufacturer", "model", "site",
    "status", "entity_id", "category", "confidence", "evidence",
]  # fmt: skip


def test_bulk_inventory_writes_the_per_asset_table(tmp_path: Path) -> None:
    cmdb = tmp_path / "cmdb.csv"
    cmdb.write_text(
        "hostname,ip,mac,manufacturer,model,serial,site,purpose,acquired\n"
        "core-sw-01,10.0.0.1,00:E0:FC:12:34:56,Huawei,S5720-28X-SI-AC,2102351931,HQ,,2019-03-01\n"
        "printer-1,10.0.0.9,A4:5D:36:01:02:03,HP,LaserJet M404,VNB3K12345,HQ,,2021-01-05\n",
        encoding="utf-8",
    )
    nmap = tmp_path / "hosts.csv"
    nmap.write_text(
        "ip,mac,mac_vendor,banner,site\n10.0.0.1,00e0.fc12.3456,Huawei Technologies,,HQ\n",
        encoding="utf-8",
    )
    out = tmp_path / "assets.csv"
    result = runner.invoke(
        app,
        ["bulk", "inventory", "--cmdb", str(cmdb), "--nmap", str(nmap), "--out", str(out),
         "--as-of", "2025-06-01"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == COLUMNS
        rows = list(reader)
    assert len(rows) == 2  # the scan's host merged into the CMDB switch by MAC
    by_host = {r["hostname"]: r for r in rows}
    assert (by_host["core-sw-01"]["status"], by_host["core-sw-01"]["entity_id"]) == (
        "covered",
        "huawei",
    )
    assert by_host["printer-1"]["status"] == "clear"
    assert "2 asset(s)" in result.output


def test_bulk_inventory_needs_an_input(tmp_path: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "section889", "bulk", "inventory", "--out", str(tmp_path / "a.csv")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--cmdb" in done.stderr
    assert not (tmp_path / "a.csv").exists()


def test_a_cmdb_with_alias_headers_gives_the_same_findings_under_both_commands(
    tmp_path: Path,
) -> None:
    """Issue 9: `Host Name`, `MAC Address`, `Serial Number`, `Model Number` are bound by the
    readers' aliases in both engines (bulk once read them as missing, and said `clear`)."""
    cmdb = tmp_path / "cmdb.csv"
    cmdb.write_text(
        "Host Name,MAC Address,Serial Number,Model Number\n"
        "lobby-cam,44:19:B6:12:34:56,FA1234567,DS-2CD2143G2-I\n"
        "printer-1,A4:5D:36:01:02:03,VNB3K12345,LaserJet M404\n",
        encoding="utf-8",
    )
    screened, bulk = tmp_path / "screened.csv", tmp_path / "bulk.csv"
    first = runner.invoke(
        app, ["screen", "inventory", str(cmdb), "--out", str(screened), "--as-of", "2025-06-01"]
    )
    second = runner.invoke(
        app,
        ["bulk", "inventory", "--cmdb", str(cmdb), "--out", str(bulk), "--as-of", "2025-06-01"],
    )
    assert first.exit_code == second.exit_code == 0, (first.output, second.output)
    assert bulk.read_bytes() == screened.read_bytes()
    with bulk.open(newline="", encoding="utf-8") as handle:
        cam = next(r for r in csv.DictReader(handle) if r["hostname"] == "lobby-cam")
    assert (cam["mac"], cam["status"], cam["entity_id"]) == (
        "44:19:B6:12:34:56",
        "possible",
        "hikvision",
    )
    assert "DuckDB engine" in second.output


def test_bulk_inventory_writes_the_laydown_and_the_side_files(tmp_path: Path) -> None:
    cmdb = tmp_path / "cmdb.csv"
    cmdb.write_text(
        "hostname,mac,model\ncam-1,44:19:B6:12:34:56,DS-2CD2143G2-I\npc-1,A4:5D:36:01:02:03,\n",
        encoding="utf-8",
    )
    out = tmp_path / "laydown.html"
    result = runner.invoke(
        app, ["bulk", "inventory", "--cmdb", str(cmdb), "--out", str(out), "--fail-on", "possible"]
    )
    assert result.exit_code == 1, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "cmdb.csv",
        "laydown.disclosure.csv",
        "laydown.html",
        "laydown.inquiry.json",
        "laydown.inquiry.pdf",
        "laydown.phaseout.xlsx",
    ]
    assert "cam-1" in out.read_text(encoding="utf-8")


def test_the_status_line_has_words_for_every_phase_of_the_engine() -> None:
    from section889.bulk import PHASES
    from section889.cli.render import PHASE_WORDS

    assert set(PHASE_WORDS) == set(PHASES)
