"""The merge keys of every row, computed by the core's own functions once per distinct value.

`devices.merge.merge_records` joins records on `mac:<canonical>`, `serial:<maker>:<serial>` and
`ip:<site or :file>:<address>` keys. Here the parts of those keys are asked of the same functions
(`mac_key`, `serial_value`, `maker_word`, `ip_key`) once per distinct MAC first octet, serial,
manufacturer, IP text and site, loaded as small DuckDB tables, and joined back to the rows; SQL only
glues the parts together. The result is `row_keys(uid, k)`, every key of every row.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa

from section889.devices.merge import ip_key, mac_key, maker_word, serial_value
from section889.devices.models import DeviceRecord

FILE_MARK = "\x1e"
"""Stands for the row's file path inside a key (`ip::<file>:<address>`); replaced in SQL."""
_PROBE_IP = "192.0.2.1"
_PROBE_SITE = "s"


_IPV4_TEXT = (
    "CASE WHEN len(string_split({0}, '.')) = 4 AND array_to_string(list_transform("
    "string_split({0}, '.'), lambda x: TRY_CAST(x AS UTINYINT)::VARCHAR), '.') = {0} "
    "THEN split_part({0}, '.', 1) || CASE WHEN ends_with({0}, '.0.0.0') THEN '/0' ELSE '' END END"
)
"""SQL: the class of an IPv4 address written in dotted-quad canonical form (each part 0–255, no
leading zeros or spaces — text that round-trips through an 8-bit integer), else NULL. The class is
the first octet, marked when the other three are zero: `ip_key` keeps or drops the address for the
same reasons throughout a class (unspecified 0.0.0.0, loopback 127/8, multicast 224/4), and writes it
back unchanged. Each class is checked on one of its own addresses (`_ip_classes`)."""


def load(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]]) -> None:
    """Create `table` from Python lists (moved as one Arrow table)."""
    data = pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()})
    con.register("_py_load", data)
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _py_load")
    con.unregister("_py_load")


def distinct(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The first column of `sql` as Python strings (moved as Arrow)."""
    column = con.sql(sql).to_arrow_table().column(0)
    return [str(v) for v in column.to_pylist()]


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return distinct(con, f"SELECT DISTINCT {column} FROM rows WHERE {column} IS NOT NULL")


def _ip_classes(con: duckdb.DuckDBPyConnection) -> int:
    """`key_ip_class(cls)`: classes of canonical IPv4 text whose addresses key as themselves, and
    `key_ip(ip, addr)`: every other distinct IP text, asked of `ip_key` one by one."""
    cls = _IPV4_TEXT.format("ip")
    samples = con.execute(
        f"SELECT cls, min(ip) FROM (SELECT {cls} AS cls, ip FROM rows WHERE ip IS NOT NULL) "
        "WHERE cls IS NOT NULL GROUP BY cls"
    ).fetchall()
    kept = [str(c) for c, ip in samples if _address(str(ip)) == str(ip)]
    load(con, "key_ip_class", {"cls": kept})
    odd = distinct(con, f"SELECT DISTINCT ip FROM rows WHERE ip IS NOT NULL AND ({cls}) IS NULL")
    load(con, "key_ip", {"ip": odd, "addr": [_address(ip) for ip in odd]})
    return len(samples) + len(odd)


def _address(ip: str) -> str | None:
    key = ip_key(DeviceRecord("", 0, "", ip=ip, site=_PROBE_SITE))
    return None if key is None else key[len(f"ip:{_PROBE_SITE}:") :]


def _scope(site: str) -> str:
    key = ip_key(DeviceRecord(FILE_MARK, 0, "", ip=_PROBE_IP, site=site))
    assert key is not None
    return key[len("ip:") : -len(f":{_PROBE_IP}")]


def build_row_keys(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Create `row_keys(uid, k)` from `rows` and `files`; return distinct values asked per part."""
    octets = [f"{n:02X}" for n in range(256)]
    load(con, "key_octet", {"octet": [o for o in octets if mac_key(f"{o}:00:00:00:00:01")]})
    ips = _ip_classes(con)
    sites = _distinct(con, "site")
    load(con, "key_site", {"site": list(sites), "scope": [_scope(s) for s in sites]})
    serials = _distinct(con, "serial")
    load(con, "key_serial", {"serial": list(serials), "value": [serial_value(s) for s in serials]})
    makers = _distinct(con, "manufacturer")
    load(con, "key_maker", {"manufacturer": list(makers), "word": [maker_word(m) for m in makers]})
    no_site = _scope("")
    con.execute(
        f"""CREATE OR REPLACE TABLE serial_rows AS
        SELECT r.uid, s.value, coalesce(m.word, '') AS maker
        FROM rows r JOIN key_serial s ON s.serial = r.serial
        LEFT JOIN key_maker m ON m.manufacturer = r.manufacturer
        WHERE s.value IS NOT NULL;
        CREATE OR REPLACE TABLE row_keys AS
        SELECT uid, 'mac:' || mac AS k FROM rows
        WHERE mac IS NOT NULL AND left(mac, 2) IN (SELECT octet FROM key_octet)
        UNION ALL
        SELECT r.uid, 'ip:' || replace(coalesce(s.scope, '{no_site}'), '{FILE_MARK}', f.path)
               || ':' || r.addr
        FROM (
            SELECT uid, site, ip AS addr FROM rows
            WHERE ip IS NOT NULL AND ({_IPV4_TEXT.format("ip")}) IN (SELECT cls FROM key_ip_class)
            UNION ALL
            SELECT r.uid, r.site, i.addr FROM rows r JOIN key_ip i ON i.ip = r.ip
            WHERE i.addr IS NOT NULL
        ) r JOIN files f ON f.idx = r.uid >> 32
        LEFT JOIN key_site s ON s.site = r.site
        UNION ALL
        SELECT sr.uid, CASE WHEN sr.maker <> '' THEN 'serial:' || sr.maker || ':' || sr.value
                            ELSE 'serial:' || coalesce(mk.only_maker, '') || ':' || sr.value END
        FROM serial_rows sr JOIN (
            SELECT value, count(DISTINCT maker) FILTER (WHERE maker <> '') AS makers,
                   min(maker) FILTER (WHERE maker <> '') AS only_maker
            FROM serial_rows GROUP BY value
        ) mk USING (value)
        WHERE sr.maker <> '' OR mk.makers <= 1;
        DROP TABLE serial_rows; DROP TABLE key_octet; DROP TABLE key_ip; DROP TABLE key_ip_class; DROP TABLE key_site;
        DROP TABLE key_serial; DROP TABLE key_maker"""
    )
    return {"ip": ips, "site": len(sites), "serial": len(serials), "maker": len(makers)}
