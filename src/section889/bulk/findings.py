"""Decide assets with the devices core: the ones with evidence SQL may not settle, and one
representative of each kind of clear asset.

Assets with any evidence that is not clear (or names an entity) are rebuilt as `DeviceRecord`s and
decided by `DeviceIdentifier.identify` itself. Every other asset is clear, and its category and
confidence follow from which kinds of clear evidence it has (its mask), so the core decides one
representative asset per mask and SQL fills in the rest (`clear_kind`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from section889.bulk.distinct import EVIDENCE_JOIN
from section889.bulk.forked import map_slices
from section889.bulk.sources import TEXT_FIELDS, mac_text
from section889.devices.explain import evidence_text
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import Asset, DeviceRecord, DeviceStatus, Finding
from section889.readers.inventory.values import parse_date

DECIDED_COLUMNS = ("label", "status", "entity_id", "category", "confidence", "evidence")
_ROW = "(r.uid & 4294967295)"


@dataclass(frozen=True, slots=True)
class Decisions:
    """How many assets the core decided one by one, and how many clear kinds there were."""

    one_by_one: int
    clear_kinds: int
    counts: dict[str, int]
    """Assets per status among those decided one by one."""


def decide(
    con: duckdb.DuckDBPyConnection,
    identifier: DeviceIdentifier,
    as_of: dt.date,
    bits: dict[tuple[str, str, str], int],
    workers: int = 1,
) -> Decisions:
    """Create `decided(label, status, …)` and `clear_kind(mask, category, confidence)`.

    Needs `assets_sig(label, flag, mask)` for every asset and `merged(uid, label)`. With
    `workers` > 1 the assets are decided in that many processes (`identify_all`).
    """
    con.execute(
        """CREATE OR REPLACE TABLE kinds AS
        SELECT mask, min(label) AS label FROM assets_sig WHERE NOT flag GROUP BY mask;
        CREATE OR REPLACE TABLE wanted AS
        SELECT label FROM assets_sig WHERE flag UNION SELECT label FROM kinds;
        CREATE OR REPLACE TABLE targets AS
        SELECT m.uid, m.label FROM merged m SEMI JOIN wanted w USING (label)
        UNION ALL
        SELECT w.label AS uid, w.label FROM wanted w ANTI JOIN merged m ON m.uid = w.label"""
    )
    files = {int(i): (str(p), str(f)) for i, p, f in con.execute("SELECT * FROM files").fetchall()}
    raw = _raw_records(con)
    kinds = con.execute("SELECT mask, label FROM kinds").fetchall()
    by_bit = {bit: key for key, bit in bits.items()}
    clear: list[tuple[int, str, str]] = []
    for mask, label in kinds:
        records = tuple(_record(files, cells) for cells in raw[label])
        finding = identifier.identify(Asset("", records), as_of)
        present = [by_bit[b] for b in by_bit if mask >> b & 1]
        one_source = len({(s, c) for s, c, _ in present}) == len(present)
        if finding.status is DeviceStatus.CLEAR and finding.entity_id is None and one_source:
            clear.append((int(mask), finding.category.value, finding.confidence))
    con.execute(
        """CREATE OR REPLACE TABLE clear_kind AS SELECT unnest($1::BIGINT[]) AS mask,
        unnest($2::VARCHAR[]) AS category, unnest($3::VARCHAR[]) AS confidence""",
        [[c[0] for c in clear], [c[1] for c in clear], [c[2] for c in clear]],
    )
    pending = {
        int(label)
        for (label,) in con.execute(
            """SELECT a.label FROM assets_sig a LEFT JOIN clear_kind k USING (mask)
            WHERE a.flag OR k.mask IS NULL"""
        ).fetchall()
    }
    labels = [label for label in raw if label in pending]
    # While Python decides, DuckDB holds next to nothing: a low limit makes it give back what
    # it has cached, so the two do not add up.
    limit = con.execute("SELECT current_setting('memory_limit')").fetchone()
    con.execute(f"SET memory_limit = '{PYTHON_PHASE_LIMIT}'")
    try:
        results = identify_all(identifier, files, raw, labels, as_of, workers)
    finally:
        if limit is not None:
            con.execute(f"SET memory_limit = '{limit[0]}'")
    del raw
    counts: dict[str, int] = defaultdict(int)
    for result in results:
        counts[str(result[1])] += 1
    columns = list(zip(*results, strict=True)) or [() for _ in DECIDED_COLUMNS]
    table = pa.table(
        {
            name: pa.array(values, pa.int64() if name == "label" else pa.string())
            for name, values in zip(DECIDED_COLUMNS, columns, strict=True)
        }
    )
    del results, columns
    con.register("_py_decided", table)
    con.execute("CREATE OR REPLACE TABLE decided AS SELECT * FROM _py_decided")
    con.unregister("_py_decided")
    con.execute("DROP TABLE kinds; DROP TABLE wanted; DROP TABLE targets")
    return Decisions(len(pending), len(kinds), dict(counts))


Files = dict[int, tuple[str, str]]
"""File index → (path, format)."""
Raw = dict[int, list[tuple[Any, ...]]]
"""Asset label → its rows as fetched (file index, data row, MAC, text fields), in input order."""

PYTHON_PHASE_LIMIT = "256MB"
"""DuckDB's memory limit while the core decides assets in Python."""
PARALLEL_FROM = 20_000
"""Assets below which deciding in one process is quicker than forking."""
SLICE = 10_000
"""Assets sent to a worker at a time."""


def identify_all(
    identifier: DeviceIdentifier,
    files: Files,
    raw: Raw,
    labels: list[int],
    as_of: dt.date,
    workers: int,
) -> list[tuple[object, ...]]:
    """`_result` rows for `labels`, in order, each asset rebuilt as `DeviceRecord`s and decided
    by `identifier.identify`.

    With `workers` > 1 and enough assets, slices of labels go to forked workers
    (`forked.map_slices`), which inherit the identifier and the fetched rows; only results
    come back.
    """

    def one(label: int) -> tuple[object, ...]:
        records = tuple(_record(files, cells) for cells in raw[label])
        return _result(label, identifier.identify(Asset("", records), as_of))

    processes = workers if len(labels) >= PARALLEL_FROM else 1
    slices = (labels[i : i + SLICE] for i in range(0, len(labels), SLICE))
    return [row for found in map_slices(one, slices, processes) for row in found]


def _raw_records(con: duckdb.DuckDBPyConnection) -> Raw:
    """The rows of the assets in `targets(uid, label)`, by label, in input order."""
    fields = ", ".join(f"r.{name}" for name in TEXT_FIELDS)
    found: Raw = defaultdict(list)
    cursor = con.execute(
        f"""SELECT t.label, r.uid >> 32, {_ROW}, {mac_text("r.mac_digits")}, {fields}
        FROM rows r JOIN targets t USING (uid) ORDER BY t.label, r.uid"""
    )
    while batch := cursor.fetchmany(50_000):
        for label, *cells in batch:
            found[label].append(tuple(cells))
    return found


def _record(files: Files, cells: tuple[Any, ...]) -> DeviceRecord:
    """A fetched row as the `DeviceRecord` the single-record readers would make of it."""
    index, row, mac, *texts = cells
    path, fmt = files[index]
    values: dict[str, Any] = {
        name: cell or "" for name, cell in zip(TEXT_FIELDS, texts, strict=True)
    }
    banner, acquired = values.pop("banner"), values.pop("acquired")
    try:
        day = parse_date(acquired)
    except ValueError:
        day = None
    return DeviceRecord(
        path, row, fmt, mac=mac or "", banners=(banner,) if banner else (), acquired=day, **values
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
