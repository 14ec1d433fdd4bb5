"""The inventory screening service on the sample inventories: findings, merging, progress."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from section889.devices.models import DeviceStatus
from section889.errors import InputError
from section889.readers.source import Source
from section889.services.inventory_inputs import HANDOFF_BYTES
from section889.services.inventory_outputs import side_paths
from section889.services.inventory_screening import (
    InventoryScreeningRequest,
    InventorySummary,
    screen_inventory,
)
from section889.services.outcomes import FailOn
from section889.services.runtime import Runtime

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
INPUTS = (EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv")
AS_OF = dt.date(2025, 6, 1)


def test_sample_inventories_give_covered_assets_a_merged_asset_and_a_clear_lookalike(
    shipped_runtime: Runtime,
) -> None:
    progress: list[tuple[int, int]] = []
    summary = screen_inventory(
        shipped_runtime,
        InventoryScreeningRequest(paths=INPUTS, as_of=AS_OF, inquirer="tester"),
        on_progress=lambda done, total: progress.append((done, total)),
    )
    run = summary.run
    by_host = {f.asset.first("hostname"): f for f in run.findings if f.asset.first("hostname")}
    switch = by_host["core-sw-01"]
    assert (switch.status, switch.entity_id) == (DeviceStatus.COVERED, "huawei")
    assert {Path(r.source).name for r in switch.asset.records} == {
        "cmdb.csv",
        "scan.xml",
        "purchases.csv",
    }
    assert by_host["cam-lobby-01"].status == DeviceStatus.COVERED
    assert by_host["cam-lobby-01"].entity_id == "hikvision"
    assert by_host["sw-annex-01"].status == DeviceStatus.CLEAR
    firewall = next(f for h, f in by_host.items() if h.startswith("fw-hq-01"))
    assert firewall.status == DeviceStatus.CLEAR
    assert run.records == sum(s.records for s in run.sources)
    assert len(run.findings) < run.records  # records of one device were merged
    assert progress[-1] == (len(run.findings), len(run.findings))
    assert summary.failed(FailOn.COVERED) and summary.failed(FailOn.POSSIBLE)
    assert not summary.failed(None)
    assert run.inquirer == "tester" and run.as_of == AS_OF
    assert summary.written == []


def test_side_files_are_named_after_the_output_stem(tmp_path: Path) -> None:
    names = [p.name for p in side_paths(tmp_path / "laydown.html")]
    assert names == [
        "laydown.phaseout.xlsx",
        "laydown.inquiry.json",
        "laydown.inquiry.pdf",
        "laydown.disclosure.csv",
    ]


FIXTURES = Path(__file__).parents[1] / "fixtures" / "inventory"


def _estate(folder: Path, copies: int) -> tuple[Path, Path]:
    """The fixture CMDB and invoices, each row repeated `copies` times with its own host, IP,
    MAC and serial (so that rows stay distinct devices), plus the fixture's odd cells."""
    cmdb_lines = (FIXTURES / "cmdb_assets.csv").read_text(encoding="utf-8").splitlines()
    out = [cmdb_lines[0]]
    for n in range(copies):
        for line in cmdb_lines[1:]:
            cells = next(csv.reader([line]))
            cells[0] = f"{cells[0]}-{n}" if cells[0] else ""
            if cells[1].count(".") == 3 and n:
                cells[1] = f"10.{n % 250}.{n // 250}.{cells[1].rsplit('.', 1)[1]}"
            if len(cells[2]) >= 12 and n:
                cells[2] = cells[2][:-5] + f"{n:05X}"[-5:]
            if cells[5] and n:
                cells[5] = f"{cells[5]}-{n}"
            out.append(_csv_line(cells))
    cmdb = folder / "cmdb.csv"
    cmdb.write_text("\n".join(out) + "\n", encoding="utf-8")
    lines = (FIXTURES / "purchases_invoices.csv").read_text(encoding="utf-8").splitlines()
    purchases = folder / "invoices.csv"
    purchases.write_text("\n".join([lines[0], *lines[1:] * copies]) + "\n", encoding="utf-8")
    return cmdb, purchases


def _csv_line(cells: list[str]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()


def _outputs(out: Path) -> dict[str, object]:
    """What a run wrote, with the moments it ran at taken out."""
    phaseout, inquiry_json, inquiry_pdf, disclosure = side_paths(out)
    record = json.loads(inquiry_json.read_text(encoding="utf-8"))
    for moment in ("started_at", "finished_at"):
        record.pop(moment)
    sheet = openpyxl.load_workbook(phaseout, read_only=True).worksheets[0]
    main = out.read_bytes()
    if out.suffix == ".html":
        main = re.sub(rb"screened \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", b"", main)
    return {
        "main": main,
        "phaseout": [tuple(row) for row in sheet.iter_rows(values_only=True)],
        "inquiry": record,
        "pdf": inquiry_pdf.stat().st_size > 0,
        "disclosure": disclosure.read_bytes(),
    }


@pytest.mark.parametrize("suffix", [".csv", ".html"])
def test_both_engines_write_the_same_files(
    shipped_runtime: Runtime, tmp_path: Path, suffix: str
) -> None:
    """The DuckDB engine reads, identifies and writes as the record engine does."""
    cmdb, purchases = _estate(tmp_path, 12)
    written = {}
    for engine in ("records", "duckdb"):
        folder = tmp_path / engine
        folder.mkdir()
        summary = screen_inventory(
            shipped_runtime,
            InventoryScreeningRequest(
                paths=(cmdb, purchases),
                out=folder / f"assets{suffix}",
                as_of=AS_OF,
                inquirer="tester",
                command="section889 screen inventory",
                engine=engine,
            ),
        )
        assert summary.engine == engine
        written[engine] = _outputs(folder / f"assets{suffix}")
        counts = summary.counts
    assert written["duckdb"] == written["records"]
    assert counts["covered"] >= 12 and counts["clear"] > 0


def test_large_csv_inputs_go_to_the_duckdb_engine_by_themselves(
    shipped_runtime: Runtime, tmp_path: Path
) -> None:
    cmdb, purchases = _estate(tmp_path, 3)
    small = screen_inventory(shipped_runtime, InventoryScreeningRequest(paths=(cmdb,), as_of=AS_OF))
    assert small.engine == "records"
    big, _ = _estate(tmp_path, HANDOFF_BYTES // cmdb.stat().st_size * 3 + 1)
    large = screen_inventory(
        shipped_runtime, InventoryScreeningRequest(paths=(big, purchases), as_of=AS_OF)
    )
    assert large.engine == "duckdb"
    assert large.run.assets > large.run.records / 2 > 0
    assert {f.status for f in large.run.findings} <= {
        DeviceStatus.COVERED,
        DeviceStatus.POSSIBLE,
        DeviceStatus.FORMER_AFFILIATE,
    }
    xlsx = screen_inventory(
        shipped_runtime,
        InventoryScreeningRequest(
            paths=(big,), as_of=AS_OF, out=tmp_path / "a.xlsx", side_files=False
        ),
    )
    assert xlsx.engine == "records"  # the DuckDB engine writes no XLSX table


@pytest.mark.parametrize(
    "export", sorted(p.name for p in (FIXTURES / "exports").glob("*.csv")), ids=str
)
def test_product_exports_come_out_the_same_under_both_engines(
    shipped_runtime: Runtime, tmp_path: Path, export: str
) -> None:
    """NetBox, ServiceNow, Lansweeper, Snipe-IT, SCCM and Intune exports: the DuckDB engine binds
    their headers by the same product profiles and fallback columns (a second MAC column)."""
    source = FIXTURES / "exports" / export
    outputs = {}
    for engine in ("records", "duckdb"):
        out = tmp_path / f"{engine}.csv"
        summary = screen_inventory(
            shipped_runtime,
            InventoryScreeningRequest(
                paths=(source,), out=out, as_of=AS_OF, engine=engine, side_files=False
            ),
        )
        outputs[engine] = (out.read_bytes(), summary.run.warnings, summary.counts)
    assert outputs["duckdb"] == outputs["records"]


def test_uploads_screen_as_the_files_do_and_are_named_by_their_upload_name(
    shipped_runtime: Runtime, tmp_path: Path
) -> None:
    """An HTTP face hands bytes with a name: an nmap XML and a CMDB upload give the findings of
    the same files on disk, and the run names the uploads, never a temp file."""
    on_disk = screen_inventory(
        shipped_runtime,
        InventoryScreeningRequest(paths=INPUTS[:2], as_of=AS_OF, engine="records"),
    )
    uploads = tuple(Source.from_bytes(p.read_bytes(), name=p.name) for p in INPUTS[:2])
    uploaded = screen_inventory(
        shipped_runtime,
        InventoryScreeningRequest(paths=uploads, as_of=AS_OF, engine="records"),
    )
    assert [s.path for s in uploaded.run.sources] == ["cmdb.csv", "scan.xml"]
    assert [s.sha256 for s in uploaded.run.sources] == [s.sha256 for s in on_disk.run.sources]

    def seen(summary: InventorySummary) -> list[tuple[str, str | None, list[str]]]:
        return [
            (f.status.value, f.entity_id, [Path(r.source).name for r in f.asset.records])
            for f in summary.run.findings
        ]

    assert seen(uploaded) == seen(on_disk)
    assert all(
        r.source in {"cmdb.csv", "scan.xml"} for f in uploaded.run.findings for r in f.asset.records
    )
    broken = Source.from_bytes(b"<nmaprun><host>", name="broken-scan.xml")
    with pytest.raises(InputError) as caught:
        screen_inventory(
            shipped_runtime, InventoryScreeningRequest(paths=(broken,), engine="records")
        )
    assert "broken-scan.xml" in str(caught.value) and "section889-upload" not in str(caught.value)
