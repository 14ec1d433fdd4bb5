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

from section889.bulk.duckdb.session import first
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

    Needs `row_keys(uid, kip, kmac, kser)` (`keys.build_row_keys`). The first round is folded
    into numbering the keys (each key starts with the smallest uid among its rows); after each
    round the labels are settled when every key's rows carry one label.
    """
    # A key is numbered by its kind and its smallest row: a row has at most one key of each
    # kind, so no two keys of one kind share their smallest row.
    # Each kind's shared keys, and the (row, key) pairs, are computed once (MATERIALIZED): a
    # CTE named twice would otherwise be computed for each use. Most shared keys have two rows,
    # their smallest and largest uid: only the keys of more rows are joined back to their rows.
    shared = ", ".join(
        f"s{i} AS MATERIALIZED (SELECT {c} AS k, min(uid) AS first, max(uid) AS last, "
        f"count(*) AS n, min(uid) * {len(_KEY_COLUMNS)} + {i} AS kid "
        f"FROM row_keys WHERE {c} IS NOT NULL GROUP BY {c} HAVING count(*) > 1)"
        for i, c in enumerate(_KEY_COLUMNS)
    )
    pairs = " UNION ALL ".join(
        f"SELECT unnest([first, last]) AS uid, kid, first FROM s{i} WHERE n = 2 UNION ALL "
        f"SELECT r.uid, s.kid, s.first FROM row_keys r "
        f"JOIN (SELECT * FROM s{i} WHERE n > 2) s ON s.k = r.{c}"
        for i, c in enumerate(_KEY_COLUMNS)
    )
    con.execute(
        f"""CREATE OR REPLACE TABLE edges AS
        WITH {shared},
        pairs AS MATERIALIZED ({pairs})
        SELECT p.uid, p.kid, l.label
        FROM pairs p JOIN (SELECT uid, min(first) AS label FROM pairs GROUP BY uid) l USING (uid)"""
    )
    rounds = 1
    while rounds < MAX_ROUNDS and not _settled(con):
        rounds += 1
        con.execute(
            """CREATE OR REPLACE TABLE edges_next AS
            WITH key_label AS (SELECT kid, min(label) AS label FROM edges GROUP BY kid),
            row_label AS (
                SELECT e.uid, min(kl.label) AS label
                FROM edges e JOIN key_label kl USING (kid) GROUP BY e.uid
            )
            SELECT e.uid, e.kid, rl.label FROM edges e JOIN row_label rl USING (uid);
            DROP TABLE edges; ALTER TABLE edges_next RENAME TO edges"""
        )
    con.execute(
        """CREATE OR REPLACE TABLE merged AS SELECT uid, min(label) AS label FROM edges GROUP BY uid;
        DROP TABLE edges"""
    )
    return rounds


_KEY_COLUMNS = ("kip", "kmac", "kser")


def _settled(con: duckdb.DuckDBPyConnection) -> bool:
    """Every key's rows carry one label (so another round would change nothing)."""
    found = first(
        con,
        "SELECT count(*) FROM (SELECT kid FROM edges GROUP BY kid HAVING min(label) <> max(label))",
    )
    return found is not None and found[0] == 0
