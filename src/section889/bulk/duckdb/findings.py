"""Decide assets with the devices core: the ones with evidence SQL may not settle, and one
representative of each kind of asset whose finding follows from its kind.

- An asset without evidence the core must weigh is clear, and its category and confidence follow
  from which kinds of clear evidence it has (its mask): the core decides one representative per
  mask and SQL fills in the rest (`clear_kind`).
- A single record's or a two-record asset's finding follows from its signature: its answers'
  classes and order, the class of its equipment date and whether a purpose is a security one
  (`signature.py`); its evidence text is its signals' answers joined. So the core decides one
  representative per signature, and the others take its status, entity, category and
  confidence (`sig`).
- Every other asset — larger merged assets that need the core, and every asset that is not
  clear when the findings themselves are wanted — is rebuilt as `DeviceRecord`s and decided by
  `DeviceIdentifier.identify` itself.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from section889.bulk.cells import elements
from section889.bulk.duckdb.assets import asset_id_sql
from section889.bulk.duckdb.session import first, low_memory
from section889.bulk.duckdb.signals import RowEvidence
from section889.bulk.duckdb.signature import signatures
from section889.bulk.duckdb.sources import FILE_PATH, mac_text
from section889.bulk.kernels import ClearKinds, finding_text
from section889.bulk.plan import DATE_FIELDS, ROW_FIELDS, TUPLE_FIELDS
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import Asset, DeviceRecord, DeviceStatus, Finding
from section889.workers import SERIAL, Workers

DECIDED_COLUMNS = ("label", "status", "entity_id", "category", "confidence", "evidence")
_ROW = "(uid & 4294967295)"
PARALLEL_FROM = 20_000
"""Assets below which deciding in one process is quicker than forking."""
SLICE = 10_000
"""Assets sent to a worker at a time."""


@dataclass(frozen=True, slots=True)
class Decisions:
    """How many assets the core decided one by one, how many clear kinds there were, and the
    findings that are not clear (when asked for)."""

    one_by_one: int
    clear_kinds: int
    counts: dict[str, int]
    """Assets per status among those the core decided (one by one or by signature)."""
    not_clear: list[Finding]
    decided: int = 0
    """Assets in `decided` (one by one or by signature); the rest are clear by their kind."""
    by_signature: int = 0
    """Records that took the finding of their signature's representative."""


Files = dict[int, tuple[str, str]]
"""File index → (name, format)."""


def decide(
    con: duckdb.DuckDBPyConnection,
    identifier: DeviceIdentifier,
    as_of: dt.date,
    kinds: ClearKinds,
    evidence: RowEvidence,
    workers: Workers = SERIAL,
    *,
    keep_findings: bool = False,
) -> Decisions:
    """Create `decided(label, status, entity_id, category, confidence, evidence)` (evidence NULL:
    the row's joined answers) and `clear_kind(mask, category, confidence)`.

    Needs `assets_sig(label, flag, mask, echo, single)` for every asset, `merged(uid, label)`,
    `merged_assets(label, kmin, …)` and `row_keys`. With `keep_findings`, every asset that is not
    clear is decided one by one and its finding kept.
    """
    by_signature = "false" if keep_findings else "(a.single AND NOT a.echo) OR m.n = 2"
    con.execute(
        f"""CREATE OR REPLACE TABLE kinds AS
        SELECT mask, min(label) AS label FROM assets_sig WHERE NOT flag GROUP BY mask;
        CREATE OR REPLACE TABLE sig_labels AS
        SELECT a.label, a.single FROM assets_sig a LEFT JOIN merged_assets m USING (label)
        WHERE a.flag AND ({by_signature})"""
    )
    signatures(con, identifier, evidence, kinds)
    files = {int(i): (str(p), str(f)) for i, p, f in con.execute("SELECT * FROM files").fetchall()}
    by_bit = {bit: key for key, bit in kinds.bits.items()}
    masks = dict(con.execute("SELECT label, mask FROM kinds").fetchall())
    clear: list[tuple[int, str, str]] = []
    for (part,) in _assets(con, "kinds", 1_000_000):
        for label, asset_id, cells in part:
            records = tuple(_record(files, c) for c in cells)
            finding = identifier.identify(Asset(asset_id, records), as_of)
            mask = int(masks[label])
            present = [by_bit[b] for b in by_bit if mask >> b & 1]
            one_source = len({(s, c) for s, c, _ in present}) == len(present)
            if finding.status is DeviceStatus.CLEAR and finding.entity_id is None and one_source:
                clear.append((mask, finding.category.value, finding.confidence))
    con.execute(
        """CREATE OR REPLACE TABLE clear_kind AS SELECT unnest($1::BIGINT[]) AS mask,
        unnest($2::VARCHAR[]) AS category, unnest($3::VARCHAR[]) AS confidence""",
        [[c[0] for c in clear], [c[1] for c in clear], [c[2] for c in clear]],
    )
    con.execute(
        """CREATE OR REPLACE TABLE pending AS
        SELECT a.label FROM assets_sig a LEFT JOIN clear_kind k USING (mask)
        WHERE (a.flag AND a.label NOT IN (SELECT label FROM sig_labels))
           OR (NOT a.flag AND k.mask IS NULL)
        UNION SELECT DISTINCT rep FROM sig"""
    )
    found = first(con, "SELECT count(*) FROM pending")
    pending = int(found[0]) if found else 0
    one = _decider(identifier, files, as_of, keep_findings)
    if pending < PARALLEL_FROM:
        workers = SERIAL
    not_clear: list[Finding] = []
    con.execute(
        "CREATE OR REPLACE TABLE decided_core (label BIGINT, status VARCHAR, entity_id VARCHAR, "
        "category VARCHAR, confidence VARCHAR, evidence VARCHAR)"
    )
    with low_memory(con):
        for results in workers.map_slices(one, _assets(con, "pending", SLICE)):
            rows = [row for part in results for row, _ in part]
            not_clear += [kept for part in results for _, kept in part if kept is not None]
            columns = list(zip(*rows, strict=True)) or [() for _ in DECIDED_COLUMNS]
            batch = pa.table(
                {
                    name: pa.array(values, pa.int64() if name == "label" else pa.string())
                    for name, values in zip(DECIDED_COLUMNS, columns, strict=True)
                }
            )
            con.register("_py_decided", batch)
            try:
                con.execute("INSERT INTO decided_core SELECT * FROM _py_decided")
            finally:
                con.unregister("_py_decided")
    shared = first(con, "SELECT count(*) FROM sig WHERE label <> rep")
    con.execute(
        """CREATE OR REPLACE TABLE decided AS
        SELECT * FROM decided_core ANTI JOIN sig USING (label)
        UNION ALL
        SELECT s.label, d.status, d.entity_id, d.category, d.confidence, NULL
        FROM sig s JOIN decided_core d ON d.label = s.rep;
        DROP TABLE decided_core; DROP TABLE kinds; DROP TABLE pending; DROP TABLE sig;
        DROP TABLE sig_labels"""
    )
    counts = dict(con.execute("SELECT status, count(*) FROM decided GROUP BY ALL").fetchall())
    decided = first(con, "SELECT count(*) FROM decided")
    return Decisions(
        pending,
        len(masks),
        {str(k): int(v) for k, v in counts.items()},
        not_clear,
        int(decided[0]) if decided else 0,
        int(shared[0]) if shared else 0,
    )


Result = tuple[tuple[object, ...], Finding | None]
Fetched = tuple[int, str, list[tuple[Any, ...]]]
"""An asset as fetched: its label, its id, and its rows (file index, data row, MAC, row fields)
in input order."""


def _decider(
    identifier: DeviceIdentifier, files: Files, as_of: dt.date, keep_findings: bool
) -> Callable[[list[Fetched]], list[Result]]:
    """What a worker does with a slice of fetched assets: rebuild each as `DeviceRecord`s, decide
    it with `identifier.identify`, and give back its `decided` row (and, with `keep_findings`,
    its finding when not clear)."""

    def decide_slice(assets: list[Fetched]) -> list[Result]:
        out: list[Result] = []
        for label, asset_id, cells in assets:
            records = tuple(_record(files, c) for c in cells)
            finding = identifier.identify(Asset(asset_id, records), as_of)
            kept = finding if keep_findings and finding.status is not DeviceStatus.CLEAR else None
            out.append((_result(label, finding), kept))
        return out

    return decide_slice


def _assets(
    con: duckdb.DuckDBPyConnection, labels: str, size: int
) -> Iterator[list[list[Fetched]]]:
    """The assets whose labels are in table `labels`, fetched in label order on a cursor of
    their own, `size` at a time (each yield is one slice for `Workers.map_slices`)."""
    con.execute(
        f"""CREATE OR REPLACE TABLE targets AS
        SELECT m.uid, m.label, {asset_id_sql("a.kmin", "''", "''")} AS asset_id
        FROM merged m SEMI JOIN {labels} w USING (label) JOIN merged_assets a USING (label)
        UNION ALL
        SELECT w.label AS uid, w.label,
               {asset_id_sql("least(k.kip, k.kmac, k.kser)", f"{FILE_PATH}(w.label)", "(w.label & 4294967295)")}
        FROM {labels} w ANTI JOIN merged m ON m.uid = w.label
        LEFT JOIN row_keys k ON k.uid = w.label"""
    )
    fields = ", ".join(f"r.{name}" for name in ROW_FIELDS)
    feed = con.cursor()
    try:
        cursor = feed.execute(
            f"""SELECT t.label, t.asset_id, r.uid >> 32, {_ROW.replace("uid", "r.uid")},
                   {mac_text("r.mac_digits")}, {fields}
            FROM rows r JOIN targets t USING (uid) ORDER BY t.label, r.uid"""
        )
        part: list[Fetched] = []
        while batch := cursor.fetchmany(50_000):
            for label, asset_id, *cells in batch:
                if not part or part[-1][0] != label:
                    if len(part) >= size:
                        yield [part]
                        part = []
                    part.append((label, str(asset_id), []))
                part[-1][2].append(tuple(cells))
        if part:
            yield [part]
    finally:
        feed.close()


def _record(files: Files, cells: tuple[Any, ...]) -> DeviceRecord:
    """A fetched row as the `DeviceRecord` the tabular reader makes of it."""
    index, row, mac, *texts = cells
    name, fmt = files[index]
    values: dict[str, Any] = {}
    for field_name, cell in zip(ROW_FIELDS, texts, strict=True):
        if cell is None:
            continue
        if field_name in DATE_FIELDS:
            values[field_name] = dt.date.fromisoformat(cell)
        elif field_name in TUPLE_FIELDS:
            values[field_name] = elements(field_name, cell)
        else:
            values[field_name] = cell
    return DeviceRecord(name, row, fmt, mac=mac or "", **values)


def _result(label: int, finding: Finding) -> tuple[object, ...]:
    return (
        label,
        finding.status.value,
        finding.entity_id or "",
        finding.category.value,
        finding.confidence,
        finding_text(finding),
    )
