"""`screen_inventory_bulk`: the CMDB, nmap-derived and purchase CSVs of a whole estate on DuckDB.

Phases (seconds of each in `BulkSummary.seconds`):
1. read — `sources.load_rows`: every file into `rows`, one row per input row;
2. keys — `keys.build_row_keys`: the merge keys, parts asked of `devices.merge` per distinct value;
3. assets — `assets.label_assets`: connected components and `merge_records`' asset ids;
4. signals — `distinct.gather`: the devices core once per distinct value of each signal;
5. decide — assets with any evidence that is not clear (or names an entity) are rebuilt as
   `DeviceRecord`s and decided by `DeviceIdentifier.identify` itself; every other asset is clear,
   and its category and confidence follow from which kinds of clear evidence it has, so the core
   decides one representative asset per kind-set and SQL fills the rest;
6. write — one `COPY … TO` into a temp file beside `out`, then `os.replace`.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from section889.bulk.assets import label_assets
from section889.bulk.distinct import EVIDENCE_JOIN, MAC_KEY_SQL, MAC_MARK, RECORD_MARK, gather
from section889.bulk.keys import build_row_keys
from section889.bulk.sources import TEXT_FIELDS, load_rows
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import Asset, DeviceRecord, DeviceStatus, Finding
from section889.knowledge import KnowledgeBase
from section889.matching import Matcher
from section889.readers.inventory.values import parse_date
from section889.reports.cells import FORMULA_PREFIXES
from section889.reports.inventory_run import evidence_text
from section889.reports.inventory_table import INVENTORY_COLUMNS

_ROW = "(r.uid & 4294967295)"
ROWS_PER_PART = 2_500_000
"""Rows joined to their evidence, or aggregated into assets, in one statement (bounds memory)."""
_SHOWN = ("hostname", "ip", "mac", "manufacturer", "model", "site")


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
) -> BulkSummary:
    """Screen every row of the given files; write the per-asset CSV to `out` (atomically)."""
    from section889.services.knowledge import effective_kb
    from section889.services.screening import default_matcher

    kb = kb or effective_kb()
    identifier = DeviceIdentifier(kb, matcher or default_matcher())
    summary = BulkSummary()
    clock = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        summary.seconds[phase] = round(now - clock, 3)
        clock = now

    spill = out.with_name(f".{out.name}.{os.getpid()}.spill")
    spill.mkdir(parents=True, exist_ok=True)
    try:
        con = duckdb.connect(str(spill / "work.duckdb"))
        con.execute(f"SET memory_limit = '{memory_limit}'")
        con.execute(f"SET temp_directory = '{_quoted(spill / 'tmp')}'")
        con.execute("SET preserve_insertion_order = false")
        con.execute("SET enable_progress_bar = false")
        files = load_rows(con, cmdb, nmap, purchases)
        summary.rows = sum(f.rows for f in files)
        lap("read")
        summary.distinct.update({f"key_{k}": v for k, v in build_row_keys(con).items()})
        lap("keys")
        summary.rounds = label_assets(con)
        lap("assets")
        asked = gather(con, identifier, as_of)
        summary.distinct.update(asked.distinct)
        summary.core_calls = dict(asked.distinct)
        _row_evidence(con, summary.rows)
        lap("signals")
        _decide(con, identifier, as_of, asked.bits, summary)
        lap("decide")
        _write(con, out, summary)
        lap("write")
        con.close()
    finally:
        shutil.rmtree(spill, ignore_errors=True)
    return summary


def _row_evidence(con: duckdb.DuckDBPyConnection, rows: int) -> None:
    """`row_ev`: per row its asset, shown fields, flag, clear-evidence mask and evidence text.

    Built in parts of at most `ROWS_PER_PART` rows, so the wide join stays within the memory limit.
    """
    vendor_on = "coalesce(vm.notes_only, true)"
    part_on = "r.part_number IS DISTINCT FROM r.model"
    parts = [
        ("vm", None),
        ("vv", vendor_on),
        ("vmo", None),
        ("vp", part_on),
        ("vd", None),
        ("vb", None),
        ("vmf", None),
        ("vs", None),
    ]
    flag = " OR ".join(
        f"coalesce({a}.flag, false)" if on is None else f"({on} AND coalesce({a}.flag, false))"
        for a, on in parts
    )
    mask = " | ".join(
        f"coalesce({a}.mask, 0)"
        if on is None
        else f"CASE WHEN {on} THEN coalesce({a}.mask, 0) ELSE 0 END"
        for a, on in parts
    )
    texts = [f"replace(vm.text, '{MAC_MARK}', r.mac)"] + [
        f"{a}.text" if on is None else f"CASE WHEN {on} THEN {a}.text END" for a, on in parts[1:]
    ]
    text = f"concat_ws('{EVIDENCE_JOIN}', {', '.join(texts)})"
    where = f"f.path || ':' || {_ROW}"
    shown = ", ".join(f"r.{c}" for c in _SHOWN)
    # The joins build on their right side, as written: the small `v_*` tables. Left to itself the
    # optimizer builds on the wide `rows` side and runs out of memory (1.3 GB for 500k rows).
    con.execute("SET disabled_optimizers = 'build_side_probe_side'")
    chunks = max(1, -(-rows // ROWS_PER_PART))
    for chunk in range(chunks):
        into = "CREATE OR REPLACE TABLE row_ev AS" if chunk == 0 else "INSERT INTO row_ev"
        con.execute(
            f"""{into}
        WITH r AS (SELECT *, {MAC_KEY_SQL} AS mac_block FROM rows r WHERE {_ROW} % {chunks} = {chunk})
        SELECT r.uid, a.label, a.single, {shown}, {flag} AS flag, {mask} AS mask,
               nullif(replace({text}, '{RECORD_MARK}', {where}), '') AS text
        FROM r JOIN asset_of a USING (uid) JOIN files f ON f.idx = r.uid >> 32
        LEFT JOIN v_mac vm ON vm.a = r.mac_block
        LEFT JOIN v_mac_vendor vv ON vv.a = r.mac_vendor
        LEFT JOIN v_model vmo ON vmo.a = r.model AND vmo.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_model vp ON vp.a = r.part_number AND vp.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_description vd
               ON vd.a = r.description AND vd.b = coalesce(r.manufacturer, '')
        LEFT JOIN v_banner vb ON vb.a = r.banner
        LEFT JOIN v_manufacturer vmf ON vmf.a = r.manufacturer
        LEFT JOIN v_supplier vs ON vs.a = r.supplier"""
        )
    con.execute("RESET disabled_optimizers")


def _records(con: duckdb.DuckDBPyConnection, labels_sql: str) -> dict[int, list[DeviceRecord]]:
    """The `DeviceRecord`s of the assets whose labels `labels_sql` selects, in input order."""
    fields = ", ".join(f"r.{name}" for name in TEXT_FIELDS)
    found: dict[int, list[DeviceRecord]] = defaultdict(list)
    cursor = con.execute(
        f"""SELECT a.label, f.path, f.format, {_ROW}, r.mac, {fields}
        FROM rows r JOIN asset_of a USING (uid) JOIN files f ON f.idx = r.uid >> 32
        WHERE a.label IN ({labels_sql}) ORDER BY a.label, r.uid"""
    )
    while batch := cursor.fetchmany(50_000):
        for label, path, fmt, row, mac, *cells in batch:
            values: dict[str, Any] = {
                name: cell or "" for name, cell in zip(TEXT_FIELDS, cells, strict=True)
            }
            banner, acquired = values.pop("banner"), values.pop("acquired")
            try:
                day = parse_date(acquired)
            except ValueError:
                day = None
            record = DeviceRecord(
                path, row, fmt, mac=mac or "", banners=(banner,) if banner else (),
                acquired=day, **values,
            )  # fmt: skip
            found[label].append(record)
    return found


def _decide(
    con: duckdb.DuckDBPyConnection,
    identifier: DeviceIdentifier,
    as_of: dt.date,
    bits: dict[tuple[str, str, str], int],
    summary: BulkSummary,
) -> None:
    """`decided(label, …)` for assets the core decides one by one; `clear_kind(mask, …)`."""
    con.execute(
        """CREATE OR REPLACE TABLE asset_ev AS
        SELECT label, bool_or(flag) AS flag, bit_or(mask) AS mask FROM row_ev GROUP BY label"""
    )
    kinds = con.execute(
        "SELECT mask, min(label) FROM asset_ev WHERE NOT flag GROUP BY mask"
    ).fetchall()
    by_bit = {bit: key for key, bit in bits.items()}
    samples = _records(con, "SELECT min(label) FROM asset_ev WHERE NOT flag GROUP BY mask")
    clear: list[tuple[int, str, str]] = []
    for mask, label in kinds:
        finding = identifier.identify(Asset("", tuple(samples[label])), as_of)
        present = [by_bit[b] for b in by_bit if mask >> b & 1]
        one_source = len({(s, c) for s, c, _ in present}) == len(present)
        if finding.status is DeviceStatus.CLEAR and finding.entity_id is None and one_source:
            clear.append((int(mask), finding.category.value, finding.confidence))
    summary.clear_kinds = len(kinds)
    con.execute(
        """CREATE OR REPLACE TABLE clear_kind AS SELECT unnest($1::BIGINT[]) AS mask,
        unnest($2::VARCHAR[]) AS category, unnest($3::VARCHAR[]) AS confidence""",
        [[c[0] for c in clear], [c[1] for c in clear], [c[2] for c in clear]],
    )
    pending = "SELECT e.label FROM asset_ev e LEFT JOIN clear_kind k USING (mask) " + (
        "WHERE e.flag OR k.mask IS NULL"
    )
    records = _records(con, pending)
    columns: dict[str, list[object]] = {k: [] for k in ("label", *INVENTORY_COLUMNS[7:])}
    for label, items in records.items():
        found = identifier.identify(Asset("", tuple(items)), as_of)
        for column, value in zip(columns, _result(label, found), strict=True):
            columns[column].append(value)
    summary.decided_in_python = len(records)
    con.execute(
        """CREATE OR REPLACE TABLE decided AS SELECT unnest($1::BIGINT[]) AS label,
        unnest($2::VARCHAR[]) AS status, unnest($3::VARCHAR[]) AS entity_id,
        unnest($4::VARCHAR[]) AS category, unnest($5::VARCHAR[]) AS confidence,
        unnest($6::VARCHAR[]) AS evidence""",
        list(columns.values()),
    )


def _result(label: int, finding: Finding) -> tuple[object, ...]:
    evidence = EVIDENCE_JOIN.join(evidence_text(e) for e in finding.evidence)
    return (
        label,
        finding.status.value,
        finding.entity_id or "",
        finding.category.value,
        finding.confidence,
        evidence,
    )


def _safe(expression: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (`reports.cells.neutralise`)."""
    prefixes = ", ".join("'" + p.replace("'", "''") + "'" for p in FORMULA_PREFIXES)
    return (
        f"CASE WHEN left({expression}, 1) IN ({prefixes}) THEN '''' || {expression} "
        f"ELSE {expression} END"
    )


def _write(con: duckdb.DuckDBPyConnection, out: Path, summary: BulkSummary) -> None:
    firsts = ", ".join(f"arg_min({c}, uid) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in _SHOWN)
    shown = ", ".join(f"coalesce({_safe('g.' + c)}, '') AS {c}" for c in _SHOWN)
    chunks = max(1, -(-summary.rows // ROWS_PER_PART))
    for chunk in range(chunks):
        into = "CREATE OR REPLACE TABLE results AS" if chunk == 0 else "INSERT INTO results"
        part = f"label % {chunks} = {chunk}"
        con.execute(
            f"""{into}
        WITH g AS (
            SELECT label, {", ".join(_SHOWN)}, text, mask FROM row_ev WHERE single AND {part}
            UNION ALL
            SELECT label, {firsts},
                   string_agg(text, '{EVIDENCE_JOIN}' ORDER BY uid) AS text, bit_or(mask) AS mask
            FROM row_ev WHERE NOT single AND {part} GROUP BY label
        )
        SELECT i.asset_id, {shown},
               coalesce(d.status, '{DeviceStatus.CLEAR.value}') AS status,
               coalesce(d.entity_id, '') AS entity_id,
               coalesce(d.category, k.category) AS category,
               coalesce(d.confidence, k.confidence) AS confidence,
               coalesce({_safe("coalesce(d.evidence, g.text)")}, '') AS evidence
        FROM g JOIN (SELECT * FROM asset_ids WHERE {part}) i USING (label)
        LEFT JOIN decided d USING (label)
        LEFT JOIN clear_kind k ON d.label IS NULL AND k.mask = g.mask"""
        )
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        con.execute(f"COPY (SELECT * FROM results ORDER BY asset_id) TO '{_quoted(tmp)}' (HEADER)")
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
    summary.counts = {s.value: 0 for s in DeviceStatus}
    for status, n in con.execute("SELECT status, count(*) FROM results GROUP BY ALL").fetchall():
        summary.counts[str(status)] = int(n)
    summary.assets = sum(summary.counts.values())


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")
