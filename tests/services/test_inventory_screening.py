"""The inventory screening service on the sample inventories: findings, merging, progress."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from section889.devices.models import DeviceStatus
from section889.services.inventory_screening import (
    InventoryScreeningRequest,
    screen_inventory,
    side_paths,
)
from section889.services.outcomes import FailOn

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
INPUTS = (EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv")
AS_OF = dt.date(2025, 6, 1)


def test_sample_inventories_give_covered_assets_a_merged_asset_and_a_clear_lookalike() -> None:
    progress: list[tuple[int, int]] = []
    summary = screen_inventory(
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
