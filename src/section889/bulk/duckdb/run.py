"""`screen_inventory_bulk`: the inventory CSVs of a whole estate, screened on DuckDB.

Phases (seconds of each in `BulkSummary.seconds`):
1. read — `sources.read_files`: every file into `rows`, one row per record, cleaned as the
   inventory reader cleans it, with its warnings;
2. keys — `keys.build_row_keys`: each row's merge keys, parts asked of `devices.merge` per
   distinct value;
3. assets — `assets.label_assets`: connected components over shared keys (`merged`); meanwhile,
   on a cursor of its own in a thread, `signals.gather` asks the devices core once per distinct
   value of each signal (Python work beside DuckDB's);
4. signals — the rows of merged assets are joined to their evidence (`merged_rows`,
   `merged_assets`), and every asset gets its flag and clear-evidence mask (`assets_sig`);
5. decide — `findings.decide`: the core decides one representative flagged asset per
   signature (`signature.py`), the other flagged assets one by one, and one representative
   asset per kind of clear evidence;
6. write — `write.write_assets`: the per-asset CSV in parts, in the input order of each asset's
   first record, into a temp file beside `out` (committed by the caller with the side files);
   and the clear assets counted per site and category.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb

from section889.bulk.duckdb.assets import SMALLEST_KEY, label_assets
from section889.bulk.duckdb.findings import decide
from section889.bulk.duckdb.keys import build_row_keys
from section889.bulk.duckdb.session import (
    IN_MEMORY_BELOW,
    first,
    insertion_order,
    row_joins,
    session,
)
from section889.bulk.duckdb.signals import RowEvidence, gather
from section889.bulk.duckdb.sources import FILE_PATH, mac_text, read_files
from section889.bulk.duckdb.write import clear_tally, write_assets
from section889.bulk.inputs import BulkFile, BulkResult, BulkSummary
from section889.bulk.kernels import ClearKinds
from section889.bulk.plan import SHOWN, signal_jobs
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import DeviceStatus
from section889.files import Pending
from section889.workers import Workers

_ROW = "(r.uid & 4294967295)"
PHASES = ("read", "keys", "assets", "signals", "decide", "write")
"""The phases, in order (see the module's docstring)."""
ROWS_PER_PART = 500_000
"""Rows of one file written in one part (each part is sorted in memory)."""
MEMORY_LIMIT = "1200MB"


def screen_inventory_bulk(
    files: Sequence[BulkFile],
    *,
    identifier: DeviceIdentifier,
    as_of: dt.date,
    out: Path | None,
    header: Sequence[str] = (),
    mapping: Mapping[str, str] | None = None,
    memory_limit: str = MEMORY_LIMIT,
    workers: Workers | None = None,
    keep_findings: bool = False,
    exact: bool = False,
    progress: Callable[[str], None] | None = None,
) -> tuple[BulkResult, Pending | None]:
    """Screen every row of `files`; write the per-asset CSV (`header`, then a row per asset) to
    a temp file for `out`, returned uncommitted (None without `out`).

    `mapping`: `--map` field → column, for every file. `workers`: processes that ask about
    serial numbers and decide assets one by one (default: one per CPU). `keep_findings`: keep
    the finding of every asset that is not clear (for the side files). `exact`: refuse
    (`BulkInputError`) a file the engine cannot number as the reader does. `progress`: told the
    name of each phase as it starts (`PHASES`).
    """
    workers = workers or Workers.all_cpus()
    summary = BulkSummary()
    clock, cpu = time.perf_counter(), time.process_time()

    def lap(phase: str) -> None:
        nonlocal clock, cpu
        now, used = time.perf_counter(), time.process_time()
        summary.seconds[phase] = round(now - clock, 3)
        summary.cpu_seconds[phase] = round(used - cpu, 3)
        clock, cpu = now, used
        following = PHASES.index(phase) + 1
        if progress is not None and following < len(PHASES):
            progress(PHASES[following])

    if progress is not None:
        progress(PHASES[0])
    size = sum(f.source.size for f in files)
    with session(out, memory_limit, in_memory=size < IN_MEMORY_BELOW) as con:
        read, facts, present = read_files(con, files, mapping, exact=exact)
        summary.rows = sum(f.records for f in facts)
        jobs = signal_jobs(present)
        evidence = RowEvidence(jobs)
        lap("read")
        summary.distinct.update({f"key_{k}": v for k, v in build_row_keys(con, workers).items()})
        lap("keys")
        # The core's answers per distinct value are Python work that needs only `rows`: ask
        # them on a cursor of their own while DuckDB labels the assets.
        kinds = ClearKinds()
        with ThreadPoolExecutor(1) as pool:
            cursor = con.cursor()
            try:
                asking = pool.submit(gather, cursor, identifier, as_of, jobs, kinds)
                summary.rounds = label_assets(con)
                asked = asking.result()
            finally:
                cursor.close()
        lap("assets")
        summary.distinct.update(asked)
        summary.core_calls = dict(asked)
        _asset_evidence(con, evidence)
        lap("signals")
        decided = decide(
            con, identifier, as_of, kinds, evidence, workers, keep_findings=keep_findings
        )
        summary.decided_in_python = decided.one_by_one
        summary.decided_by_signature = decided.by_signature
        summary.clear_kinds = decided.clear_kinds
        lap("decide")
        pending = (
            write_assets(con, read, evidence, out, header, ROWS_PER_PART)
            if out is not None
            else None
        )
        try:
            by_site, by_category = clear_tally(con, evidence) if keep_findings else ({}, {})
            merged = first(con, "SELECT sum(n), count(*) FROM merged_assets")
        except BaseException:
            if pending is not None:
                pending.discard()
            raise
        merged_rows, merged_assets = merged if merged else (0, 0)
        summary.assets = summary.rows - int(merged_rows or 0) + int(merged_assets or 0)
        summary.counts = {s.value: decided.counts.get(s.value, 0) for s in DeviceStatus}
        summary.counts[DeviceStatus.CLEAR.value] += summary.assets - decided.decided
        lap("write")
    result = BulkResult(summary, facts, decided.not_clear, by_site, by_category)
    return result, pending


def _asset_evidence(con: duckdb.DuckDBPyConnection, evidence: RowEvidence) -> None:
    """`merged_rows`: each row of a merged asset with its shown fields and evidence text, in
    label order;
    `merged_assets`: each merged asset's flag, mask, rows, last row and smallest key;
    `assets_sig(label, flag, mask, echo, single)`: every asset's flag and clear-evidence mask,
    whether it may hold a piece of evidence twice, and whether it has one record."""
    shown = ", ".join(
        f"r.{c}" if c != "mac" else f"{mac_text('r.mac_digits')} AS mac" for c in SHOWN
    )
    path = f"{FILE_PATH}(r.uid)"
    # In label order, so that each part of the output reads only its labels' rows
    # (`write._part_sql`; the order is for speed only, the parts filter on the label). The rows
    # are sorted before their evidence is joined and written out (the joins keep their order):
    # the sort then carries the row's cells, not its wider evidence text.
    with row_joins(con), insertion_order(con):
        con.execute(
            f"""CREATE OR REPLACE TABLE merged_rows AS
            SELECT r.label, r.uid, r.kmin, {shown}, {evidence.flag} AS flag,
                   {evidence.mask} AS mask, {evidence.text(path, _ROW)} AS text
            FROM (
                SELECT rows.*, mk.label, mk.kmin FROM rows JOIN (
                    SELECT k.uid, m.label, {SMALLEST_KEY} AS kmin
                    FROM row_keys k JOIN merged m USING (uid)
                ) mk USING (uid)
                ORDER BY mk.label, rows.uid
            ) r
            {evidence.joins}"""
        )
        con.execute(
            """CREATE OR REPLACE TABLE merged_assets AS
            SELECT label, bool_or(flag) AS flag, bit_or(mask) AS mask,
                   count(*) AS n, max(uid) AS last, min(kmin) AS kmin
            FROM merged_rows GROUP BY label"""
        )
        con.execute(
            f"""CREATE OR REPLACE TABLE assets_sig AS
            SELECT r.uid AS label, {evidence.flag} AS flag, {evidence.mask} AS mask,
                   {evidence.echo} AS echo, true AS single
            FROM rows r ANTI JOIN merged m USING (uid)
            {evidence.joins}
            UNION ALL
            SELECT label, flag, mask, true, false FROM merged_assets"""
        )
