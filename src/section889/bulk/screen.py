"""`screen_inventory_bulk`: the CMDB, nmap-derived and purchase CSVs of a whole estate on DuckDB.

Phases (seconds of each in `BulkSummary.seconds`):
1. read — `sources.load_rows`: every file into `rows`, one row per input row, in one pass;
2. keys — `keys.build_row_keys`: each row's merge keys, parts asked of `devices.merge` per
   distinct value;
3. assets — `assets.label_assets`: connected components over shared keys (`merged`); meanwhile,
   on a cursor of its own in a thread, `distinct.gather` asks the devices core once per distinct
   value of each signal (Python work beside DuckDB's);
4. signals — the rows of merged assets are joined to their evidence (`merged_rows`,
   `merged_assets`), and every asset gets its flag and clear-evidence mask (`assets_sig`);
5. decide — `decide.decide`: the core decides flagged assets one by one, and one representative
   asset per kind of clear evidence;
6. write — `write.write_assets`: the table in parts, in the input order of each asset's first
   record, into a temp file beside `out`, then `os.replace`.

The work database and DuckDB's spill files live in a temp folder beside `out`, removed at the end.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from section889.bulk.assets import SMALLEST_KEY, label_assets
from section889.bulk.distinct import gather
from section889.bulk.evidence import FLAG, JOINS, MASK, ROW_JOIN_SETTING, RowText
from section889.bulk.findings import decide
from section889.bulk.keys import build_row_keys
from section889.bulk.sources import load_rows, mac_text
from section889.bulk.write import SHOWN, write_assets
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import DeviceStatus
from section889.knowledge import KnowledgeBase
from section889.matching import Matcher

_ROW = "(r.uid & 4294967295)"
PHASES = ("read", "keys", "assets", "signals", "decide", "write")
"""The phases, in order (see the module's docstring)."""
ROWS_PER_PART = 500_000
"""Rows of one file written in one part (each part is sorted in memory)."""


@dataclass
class BulkSummary:
    """What a bulk run read, found and how long each phase took."""

    rows: int = 0
    assets: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    distinct: dict[str, int] = field(default_factory=dict)
    """Distinct values per signal (and per merge-key part); one core call each."""
    core_calls: dict[str, int] = field(default_factory=dict)
    decided_in_python: int = 0
    """Assets decided one by one by `DeviceIdentifier.identify`."""
    clear_kinds: int = 0
    """Representative assets decided for the clear shortcut."""
    rounds: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def screen_inventory_bulk(
    cmdb: Sequence[Path],
    nmap: Sequence[Path],
    purchases: Sequence[Path],
    *,
    as_of: dt.date,
    out: Path,
    kb: KnowledgeBase | None = None,
    matcher: Matcher | None = None,
    memory_limit: str = "1200MB",
    workers: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> BulkSummary:
    """Screen every row of the given files; write the per-asset CSV to `out` (atomically).

    `workers`: processes that decide assets one by one (default: the CPUs this process may use).
    `progress`: told the name of each phase as it starts (`PHASES`).
    """
    from section889.services.knowledge import effective_kb
    from section889.services.screening import default_matcher

    kb = kb or effective_kb()
    identifier = DeviceIdentifier(kb, matcher or default_matcher())
    workers = workers or len(os.sched_getaffinity(0))
    summary = BulkSummary()
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[phase] = round(now - clock, 3)
        clock = now
        following = PHASES.index(phase) + 1
        if progress is not None and following < len(PHASES):
            progress(PHASES[following])

    if progress is not None:
        progress(PHASES[0])
    spill = out.with_name(f".{out.name}.{os.getpid()}.spill")
    spill.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(spill / "work.duckdb"))
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{_quoted(spill)}'")
        con.execute("SET enable_progress_bar = false")
        con.execute("SET preserve_insertion_order = false")
        files = load_rows(con, cmdb, nmap, purchases)
        summary.rows = sum(f.rows for f in files)
        lap("read")
        summary.distinct.update({f"key_{k}": v for k, v in build_row_keys(con, workers).items()})
        lap("keys")
        # The core's answers per distinct value are Python work that needs only `rows`: ask
        # them on a cursor of their own while DuckDB labels the assets.
        with ThreadPoolExecutor(1) as pool:
            cursor = con.cursor()
            try:
                asking = pool.submit(gather, cursor, identifier, as_of)
                summary.rounds = label_assets(con)
                asked = asking.result()
            finally:
                cursor.close()
        lap("assets")
        summary.distinct.update(asked.distinct)
        summary.core_calls = dict(asked.distinct)
        _asset_evidence(con)
        lap("signals")
        decided = decide(con, identifier, as_of, asked.bits, workers)
        summary.decided_in_python = decided.one_by_one
        summary.clear_kinds = decided.clear_kinds
        lap("decide")
        write_assets(con, files, out, ROWS_PER_PART)
        merged = con.execute("SELECT sum(n), count(*) FROM merged_assets").fetchone()
        merged_rows, merged_assets = merged if merged else (0, 0)
        summary.assets = summary.rows - int(merged_rows or 0) + int(merged_assets or 0)
        summary.counts = {s.value: decided.counts.get(s.value, 0) for s in DeviceStatus}
        summary.counts[DeviceStatus.CLEAR.value] += summary.assets - decided.one_by_one
        lap("write")
        con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return summary


def _asset_evidence(con: duckdb.DuckDBPyConnection) -> None:
    """`merged_rows`: each row of a merged asset with its shown fields and evidence text;
    `merged_assets`: each merged asset's flag, mask, rows, last row and smallest key; `assets_sig(label, flag, mask)`: every asset's flag and clear-evidence mask."""
    shown = ", ".join(
        f"r.{c}" if c != "mac" else f"{mac_text('r.mac_digits')} AS mac" for c in SHOWN
    )
    con.execute(ROW_JOIN_SETTING)
    con.execute(
        f"""CREATE OR REPLACE TABLE merged_rows AS
        SELECT mk.label, r.uid, mk.kmin, {shown}, {FLAG} AS flag, {MASK} AS mask,
               {RowText("file_path(r.uid)", _ROW).sql()} AS text
        FROM rows r JOIN (
            SELECT k.uid, m.label, {SMALLEST_KEY} AS kmin
            FROM row_keys k JOIN merged m USING (uid)
        ) mk USING (uid)
        {JOINS}"""
    )
    con.execute(
        """CREATE OR REPLACE TABLE merged_assets AS
        SELECT label, bool_or(flag) AS flag, bit_or(mask) AS mask,
               count(*) AS n, max(uid) AS last, min(kmin) AS kmin
        FROM merged_rows GROUP BY label"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE assets_sig AS
        SELECT r.uid AS label, {FLAG} AS flag, {MASK} AS mask
        FROM rows r ANTI JOIN merged m USING (uid)
        {JOINS}
        UNION ALL
        SELECT label, flag, mask FROM merged_assets"""
    )
    con.execute("RESET disabled_optimizers")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
