"""The merge keys of every row, computed by the core's own functions once per distinct value.

`devices.merge.merge_records` joins records on `mac:<canonical>`, `serial:<maker>:<serial>` and
`ip:<site or :file>:<address>` keys. Here the parts of those keys are asked of the same functions
(`mac_key`, `serial_value`, `maker_word`, `ip_key`) once per distinct MAC first octet, serial,
manufacturer, IP text and site, loaded as small DuckDB tables, and joined back to the rows; SQL only
glues the parts together. The result is `row_keys(uid, k)`, every key of every row.
"""

from __future__ import annotations

import duckdb

from section889.devices.merge import ip_key, mac_key, maker_word, serial_value
from section889.devices.models import DeviceRecord

FILE_MARK = "\x1e"
"""Stands for the row's file path inside a key (`ip::<file>:<address>`); replaced in SQL."""
_PROBE_IP = "192.0.2.1"
_PROBE_SITE = "s"


def _load(con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[str | None]]) -> None:
    names = list(columns)
    select = ", ".join(f"unnest(${i + 1}::VARCHAR[]) AS {name}" for i, name in enumerate(names))
    con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {select}", list(columns.values()))


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    sql = f"SELECT DISTINCT {column} FROM rows WHERE {column} IS NOT NULL"
    return [str(v) for (v,) in con.execute(sql).fetchall()]


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
    _load(con, "key_octet", {"octet": [o for o in octets if mac_key(f"{o}:00:00:00:00:01")]})
    ips = _distinct(con, "ip")
    _load(con, "key_ip", {"ip": list(ips), "addr": [_address(ip) for ip in ips]})
    sites = _distinct(con, "site")
    _load(con, "key_site", {"site": list(sites), "scope": [_scope(s) for s in sites]})
    serials = _distinct(con, "serial")
    _load(con, "key_serial", {"serial": list(serials), "value": [serial_value(s) for s in serials]})
    makers = _distinct(con, "manufacturer")
    _load(con, "key_maker", {"manufacturer": list(makers), "word": [maker_word(m) for m in makers]})
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
               || ':' || i.addr
        FROM rows r JOIN key_ip i ON i.ip = r.ip JOIN files f ON f.idx = r.uid >> 32
        LEFT JOIN key_site s ON s.site = r.site
        WHERE i.addr IS NOT NULL
        UNION ALL
        SELECT sr.uid, CASE WHEN sr.maker <> '' THEN 'serial:' || sr.maker || ':' || sr.value
                            ELSE 'serial:' || coalesce(mk.only_maker, '') || ':' || sr.value END
        FROM serial_rows sr JOIN (
            SELECT value, count(DISTINCT maker) FILTER (WHERE maker <> '') AS makers,
                   min(maker) FILTER (WHERE maker <> '') AS only_maker
            FROM serial_rows GROUP BY value
        ) mk USING (value)
        WHERE sr.maker <> '' OR mk.makers <= 1;
        DROP TABLE serial_rows; DROP TABLE key_octet; DROP TABLE key_ip; DROP TABLE key_site;
        DROP TABLE key_serial; DROP TABLE key_maker"""
    )
    return {"ip": len(ips), "site": len(sites), "serial": len(serials), "maker": len(makers)}
