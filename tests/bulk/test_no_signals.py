"""Files that carry no signal at all (no MAC, model, maker, supplier …) still screen in bulk."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from section889.bulk import BulkFile, screen_inventory_bulk
from section889.devices.identify import DeviceIdentifier
from section889.knowledge import load_directory
from section889.matching import Matcher
from section889.reports.inventory_table import INVENTORY_COLUMNS


def test_a_file_without_signals_gives_clear_assets(tmp_path: Path) -> None:
    source = tmp_path / "hosts.csv"
    source.write_text(
        "hostname,ip,serial\nh1,10.0.0.1,SN000111222\nh2,10.0.0.2,SN000111222\nh3,10.0.0.3,\n",
        encoding="utf-8",
    )
    kb = load_directory()
    identifier = DeviceIdentifier(kb, Matcher(kb))
    out = tmp_path / "assets.csv"
    result, pending = screen_inventory_bulk(
        [BulkFile.of(source, "csv")],
        identifier=identifier,
        as_of=dt.date(2025, 6, 1),
        out=out,
        header=INVENTORY_COLUMNS,
    )
    assert pending is not None
    pending.commit()
    assert result.summary.assets == 2
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and all(",clear," in line for line in lines[1:])
