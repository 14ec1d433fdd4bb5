"""Group the rows of `rows` into assets in SQL: connected components over shared keys.

Two rows describe one device when they share a key — the same MAC (one that identifies a device),
the same serial number, or the same IP address at the same site — and the relation is transitive,
as in `devices.merge.merge_records`. Components are found by min-label propagation:

1. every row starts with its own uid as label; only keys held by two or more rows make edges;
2. each key takes the smallest label of its rows, each row the smallest label of its keys;
3. repeat until no label changes (as many rounds as the longest chain of keys, plus one).

A row with no shared key is its own asset (`single`). The result is `asset_of(uid, label, single)`
for every row
(the label is the smallest uid of the asset, i.e. its first record in input order) and
`asset_ids(label, asset_id)`: `A-` + 16 hex digits of the sha256 of the asset's smallest key
(any key of any of its rows, shared or not), or of `record:<file>:<row>` of its first record
when it has none — the rule of `merge_records`.
"""

from __future__ import annotations

import duckdb

from section889.devices.merge import ASSET_ID_HEX

MAX_ROUNDS = 64
"""A safety stop; real inventories settle in a few rounds."""


def label_assets(con: duckdb.DuckDBPyConnection) -> int:
    """Create `asset_of(uid, label, single)` and `asset_ids(label, asset_id)`; return the rounds taken.

    Needs `rows`, `files` and `row_keys(uid, k)` (`keys.build_row_keys`); drops `row_keys`.
    """
    con.execute("ALTER TABLE row_keys RENAME TO all_keys")
    con.execute(
        """CREATE OR REPLACE TABLE row_keys AS
        WITH shared AS (SELECT k FROM all_keys GROUP BY k HAVING count(DISTINCT uid) > 1)
        SELECT uid, k, uid AS label FROM all_keys SEMI JOIN shared USING (k)"""
    )
    rounds = 0
    while rounds < MAX_ROUNDS:
        rounds += 1
        con.execute(
            """CREATE OR REPLACE TABLE row_keys_next AS
            WITH key_label AS (SELECT k, min(label) AS label FROM row_keys GROUP BY k),
            row_label AS (
                SELECT r.uid, min(kl.label) AS label
                FROM row_keys r JOIN key_label kl USING (k) GROUP BY r.uid
            )
            SELECT r.uid, r.k, rl.label FROM row_keys r JOIN row_label rl USING (uid)"""
        )
        changed = con.execute(
            """SELECT count(*) FROM row_keys_next n JOIN row_keys o USING (uid, k)
            WHERE n.label <> o.label"""
        ).fetchone()
        con.execute("DROP TABLE row_keys; ALTER TABLE row_keys_next RENAME TO row_keys")
        if changed is None or changed[0] == 0:
            break
    con.execute(
        """CREATE OR REPLACE TABLE asset_of AS
        SELECT r.uid, coalesce(l.label, r.uid) AS label, l.label IS NULL AS single
        FROM rows r LEFT JOIN (SELECT uid, min(label) AS label FROM row_keys GROUP BY uid) l
        USING (uid)"""
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE asset_ids AS
        SELECT a.label, 'A-' || left(sha256(coalesce(min(k.k),
               'record:' || any_value(f.path) || ':' || (a.label & 4294967295))), {ASSET_ID_HEX})
               AS asset_id
        FROM asset_of a LEFT JOIN all_keys k USING (uid)
        JOIN files f ON f.idx = a.label >> 32
        GROUP BY a.label"""
    )
    con.execute("DROP TABLE row_keys; DROP TABLE all_keys")
    return rounds
