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

from section889.bulk.distinct import EVIDENCE_JOIN
from section889.bulk.sources import TEXT_FIELDS, mac_text
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import Asset, DeviceRecord, DeviceStatus, Finding
from section889.readers.inventory.values import parse_date
from section889.reports.inventory_run import evidence_text

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
) -> Decisions:
    """Create `decided(label, status, …)` and `clear_kind(mask, category, confidence)`.

    Needs `assets_sig(label, flag, mask)` for every asset and `merged(uid, label)`.
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
    records = _records(con)
    kinds = con.execute("SELECT mask, label FROM kinds").fetchall()
    by_bit = {bit: key for key, bit in bits.items()}
    clear: list[tuple[int, str, str]] = []
    kind_labels = set()
    for mask, label in kinds:
        kind_labels.add(label)
        finding = identifier.identify(Asset("", tuple(records[label])), as_of)
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
    columns: dict[str, list[object]] = {k: [] for k in DECIDED_COLUMNS}
    counts: dict[str, int] = defaultdict(int)
    for label, items in records.items():
        if label not in pending:
            continue
        found = identifier.identify(Asset("", tuple(items)), as_of)
        counts[found.status.value] += 1
        for column, value in zip(columns, _result(label, found), strict=True):
            columns[column].append(value)
    con.execute(
        """CREATE OR REPLACE TABLE decided AS SELECT unnest($1::BIGINT[]) AS label,
        unnest($2::VARCHAR[]) AS status, unnest($3::VARCHAR[]) AS entity_id,
        unnest($4::VARCHAR[]) AS category, unnest($5::VARCHAR[]) AS confidence,
        unnest($6::VARCHAR[]) AS evidence""",
        list(columns.values()),
    )
    con.execute("DROP TABLE kinds; DROP TABLE wanted; DROP TABLE targets")
    return Decisions(len(pending), len(kinds), dict(counts))


def _records(con: duckdb.DuckDBPyConnection) -> dict[int, list[DeviceRecord]]:
    """The `DeviceRecord`s of the assets in `targets(uid, label)`, in input order."""
    fields = ", ".join(f"r.{name}" for name in TEXT_FIELDS)
    found: dict[int, list[DeviceRecord]] = defaultdict(list)
    cursor = con.execute(
        f"""SELECT t.label, f.path, f.format, {_ROW},
               {mac_text("r.mac_digits")}, {fields}
        FROM rows r JOIN targets t USING (uid) JOIN files f ON f.idx = r.uid >> 32
        ORDER BY t.label, r.uid"""
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
