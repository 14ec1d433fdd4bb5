"""Group the rows of `rows` into assets in SQL: connected components over shared keys.

Two rows describe one device when they share a key — the same MAC (one that identifies a device),
the same serial number, or the same IP address at the same site — and the relation is transitive,
as in `devices.merge.merge_records`. Only keys held by two or more rows make edges; each such key
gets a number, and components are found by min-label propagation over (row, key number) pairs:

1. every row starts with its own uid as label;
2. each key takes the smallest label of its rows, each row the smallest label of its keys;
3. repeat until no label changes (as many rounds as the longest chain of keys, plus one).

The result is `merged(uid, label)` for the rows of assets with more than one row (the label is the
smallest uid of the asset, i.e. its first record in input order); every other row is an asset of
its own, labelled by its uid. Asset ids follow `merge_records`: `A-` + 16 hex digits of the
sha256 of the asset's smallest key (any key of any of its rows, shared or not), or of
`record:<file>:<row>` of its first record when it has none. Keys of the three kinds compare by
their prefix first (`ip:` < `mac:` < `serial:`), so a row's smallest key is
`least(kip, kmac, kser)`.
"""

from __future__ import annotations

import duckdb

from section889.devices.merge import ASSET_ID_HEX

MAX_ROUNDS = 64
"""A safety stop; real inventories settle in a few rounds."""
SMALLEST_KEY = "least(k.kip, k.kmac, k.kser)"
"""SQL: a row's smallest key (needs `row_keys k`)."""


def asset_id_sql(smallest_key: str, path: str, row: str) -> str:
    """SQL: the asset id from the smallest key, else from the first record's file and row."""
    record = f"'record:' || {path} || ':' || {row}"
    return f"'A-' || left(sha256(coalesce({smallest_key}, {record})), {ASSET_ID_HEX})"


def label_assets(con: duckdb.DuckDBPyConnection) -> int:
    """Create `merged(uid, label)`; return the rounds of propagation taken.

    Needs `row_keys(uid, kip, kmac, kser)` (`keys.build_row_keys`).
    """
    con.execute(
        """CREATE OR REPLACE TABLE all_keys AS
        SELECT uid, kip AS k FROM row_keys WHERE kip IS NOT NULL
        UNION ALL SELECT uid, kmac FROM row_keys WHERE kmac IS NOT NULL
        UNION ALL SELECT uid, kser FROM row_keys WHERE kser IS NOT NULL;
        CREATE OR REPLACE TABLE edges AS
        WITH shared AS (
            SELECT k, row_number() OVER () AS kid FROM all_keys GROUP BY k HAVING count(*) > 1
        )
        SELECT a.uid, s.kid, a.uid AS label FROM all_keys a JOIN shared s USING (k);
        DROP TABLE all_keys"""
    )
    rounds, total = 0, _label_sum(con, "edges")
    while rounds < MAX_ROUNDS:
        rounds += 1
        con.execute(
            """CREATE OR REPLACE TABLE edges_next AS
            WITH key_label AS (SELECT kid, min(label) AS label FROM edges GROUP BY kid),
            row_label AS (
                SELECT e.uid, min(kl.label) AS label
                FROM edges e JOIN key_label kl USING (kid) GROUP BY e.uid
            )
            SELECT e.uid, e.kid, rl.label FROM edges e JOIN row_label rl USING (uid)"""
        )
        con.execute("DROP TABLE edges; ALTER TABLE edges_next RENAME TO edges")
        before, total = total, _label_sum(con, "edges")
        if total == before:  # labels only ever fall, so an unchanged sum means none changed
            break
    con.execute(
        """CREATE OR REPLACE TABLE merged AS SELECT uid, min(label) AS label FROM edges GROUP BY uid;
        DROP TABLE edges"""
    )
    return rounds


def _label_sum(con: duckdb.DuckDBPyConnection, table: str) -> int:
    found = con.execute(f"SELECT coalesce(sum(label::HUGEINT), 0) FROM {table}").fetchone()
    return int(found[0]) if found else 0
