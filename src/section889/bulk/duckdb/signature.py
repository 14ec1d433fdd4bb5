"""Assets whose finding follows from their signature: decided once per signature by the core.

A finding's status, entity, category and confidence take from its evidence only each piece's
kind (`ClearKinds.answer_class`) and the pieces' order, which follows their confidence, signal
and value; and from the asset's equipment date only its class (`DeviceIdentifier.date_class`),
from its purposes only whether one is a security purpose (`devices.finding.decide_finding`).
So two assets with the same signature get the same finding but for its evidence text and
reasons, and the core decides one representative of each:

- a single record: its signals' classes, how the values of signals whose evidence may share a
  signal compare, its date and purpose classes;
- a merged asset of two records: both records' classes, the comparisons across the two records'
  values, the class of the earliest date (`produced`, else `acquired`) and whether either
  purpose is a security one.

A record with a `MIXED` answer, or whose evidence may hold a piece twice (`RowEvidence.echo`),
is a signature of its own.
"""

from __future__ import annotations

from itertools import combinations

import duckdb

from section889.bulk.duckdb.session import row_joins, through
from section889.bulk.duckdb.signals import RowEvidence
from section889.bulk.kernels import ClearKinds, decision_classes
from section889.devices.identify import DeviceIdentifier

_X, _Y = "x", "y"


def _compare(a: str, b: str) -> str:
    return f"CASE WHEN {a} < {b} THEN 1 WHEN {a} > {b} THEN 2 WHEN {a} = {b} THEN 3 END"


def _orders(slots: list[tuple[str, int]], gives: list[set[str]]) -> list[str]:
    """SQL: how the values of every two slots (table alias, job index) compare, for the slots
    whose signals' evidence may share a signal."""
    return [
        _compare(f"{s}.w{i}", f"{t}.w{j}")
        for (s, i), (t, j) in combinations(slots, 2)
        if gives[i] & gives[j]
    ]


def signatures(
    con: duckdb.DuckDBPyConnection,
    identifier: DeviceIdentifier,
    evidence: RowEvidence,
    kinds: ClearKinds,
) -> None:
    """`sig(label, rep)`: each asset of `sig_labels(label, single)` with the first asset of its
    signature. Needs `merged(uid, label)` and `merged_assets(label, last, …)` for the merged
    assets (of two records) among them."""
    classes, values, mixed = evidence.signature()
    jobs = len(classes)
    gives = [kinds.gives.get(job.spec.name, set()) for job in evidence.jobs]
    cells = "".join(
        [f"{c} AS c{i}, " for i, c in enumerate(classes)]
        + [f"{v} AS w{i}, " for i, v in enumerate(values)]
    )
    with row_joins(con):
        con.execute(
            f"""CREATE OR REPLACE TABLE sig_targets AS
            SELECT label AS uid, label FROM sig_labels WHERE single
            UNION ALL
            SELECT m.uid, m.label FROM merged m SEMI JOIN (
                SELECT label FROM sig_labels WHERE NOT single
            ) s USING (label);
            CREATE OR REPLACE TABLE sig_rows AS
            SELECT r.uid, r.label, {cells}({mixed} OR {evidence.echo}) AS alone,
                   r.produced, r.acquired, r.purpose
            FROM (SELECT rows.*, t.label FROM rows JOIN sig_targets t USING (uid)) r
            {evidence.joins};
            CREATE OR REPLACE TABLE sig_pairs AS
            SELECT x.label, x.uid AS xu, y.uid AS yu,
                   coalesce(least(x.produced, y.produced), least(x.acquired, y.acquired)) AS day
            FROM sig_rows x JOIN merged_assets a ON a.label = x.uid
            JOIN sig_rows y ON y.uid = a.last;
            DROP TABLE sig_targets"""
        )
    through(
        con,
        """SELECT DISTINCT day, purpose FROM (
            SELECT coalesce(produced, acquired) AS day, purpose FROM sig_rows WHERE uid = label
            UNION ALL SELECT NULL, purpose FROM sig_rows
            UNION ALL SELECT day, NULL FROM sig_pairs
        )""",
        decision_classes(identifier),
        "decision_class",
    )
    one = [f"r.c{i}, " for i in range(jobs)]
    one += [f"{o}, " for o in _orders([("r", i) for i in range(jobs)], gives)]
    slots = [(_X, i) for i in range(jobs)] + [(_Y, i) for i in range(jobs)]
    two = [f"{s}.c{i}, " for s, i in slots] + [f"{o}, " for o in _orders(slots, gives)]
    purpose = "c{0}.purpose IS NOT DISTINCT FROM {0}.purpose AND c{0}.day IS NULL"
    # One group per signature (a hash aggregate: NULLs group together, as in a partition), its
    # labels listed and unnested rather than a window sorted over the signature's columns.
    con.execute(
        f"""CREATE OR REPLACE TABLE sig AS
        SELECT unnest(labels) AS label, rep FROM (
            SELECT min(r.label) AS rep, list(r.label) AS labels
            FROM sig_rows r LEFT JOIN decision_class c
              ON c.day IS NOT DISTINCT FROM coalesce(r.produced, r.acquired)
             AND c.purpose IS NOT DISTINCT FROM r.purpose
            WHERE r.uid = r.label AND r.label NOT IN (SELECT label FROM sig_pairs)
            GROUP BY {"".join(one)}c.dclass, c.pclass, CASE WHEN r.alone THEN r.label END
            UNION ALL
            SELECT min(p.label), list(p.label)
            FROM sig_pairs p JOIN sig_rows x ON x.uid = p.xu JOIN sig_rows y ON y.uid = p.yu
            LEFT JOIN decision_class d ON d.day IS NOT DISTINCT FROM p.day AND d.purpose IS NULL
            LEFT JOIN decision_class cx ON {purpose.format(_X)}
            LEFT JOIN decision_class cy ON {purpose.format(_Y)}
            GROUP BY {"".join(two)}d.dclass, (cx.pclass OR cy.pclass),
                     CASE WHEN x.alone OR y.alone THEN p.label END
        );
        DROP TABLE decision_class; DROP TABLE sig_rows; DROP TABLE sig_pairs"""
    )
