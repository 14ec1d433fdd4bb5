"""The merge keys of every row, computed by the core's own functions once per distinct value.

`devices.merge.merge_records` joins records on `mac:<canonical>`, `serial:<maker>:<serial>` and
`ip:<site or :file>:<address>` keys. Here the parts of those keys are asked of the same functions
(`mac_key`, `serial_value`, `maker_word`, `ip_key`) once per distinct MAC first octet, serial,
manufacturer, IP text and site, loaded as small DuckDB tables, and joined back to the rows; SQL only
glues the parts together. The result is `row_keys(uid, kip, kmac, kser)`: each row's IP, MAC and
serial key, NULL where it has none.
"""

from __future__ import annotations

import duckdb

from section889.bulk.duckdb.session import insertion_order, load, through
from section889.bulk.duckdb.sources import mac_text
from section889.bulk.kernels import key_part
from section889.devices import merge
from section889.devices.merge import ip_key, mac_key, maker_word, serial_value
from section889.devices.models import DeviceRecord
from section889.workers import SERIAL, Workers

FILE_MARK = "\x1e"
"""Stands for the row's file path inside a key (`ip::<file>:<address>`); replaced in SQL."""
_PLAIN_FROM = max(merge._MIN_SERIAL, *(len(s) + 1 for s in merge._NOT_SERIALS))
PLAIN_SERIAL = (
    "(regexp_full_match({0}, '[0-9A-Z]{{" + str(_PLAIN_FROM) + ",}}') "
    "AND ltrim({0}, left({0}, 1)) <> '')"
)
"""SQL: a serial number `serial_value` keeps as it is: upper-case letters and digits only (no
noise to drop), longer than any placeholder, and not one character repeated. Every other distinct
serial is asked of `serial_value`."""
_PROBE_IP = "192.0.2.1"
_PROBE_SITE = "s"


_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_IPV4_CLASS = (
    "CASE WHEN regexp_full_match({0}, '" + _OCTET + r"(\." + _OCTET + "){{3}}') "
    "THEN split_part({0}, '.', 1) || CASE WHEN ends_with({0}, '.0.0.0') THEN '/0' ELSE '' END END"
)
"""SQL: the class of an IPv4 address written in dotted-quad canonical form (each part 0–255, no
leading zeros or spaces), else NULL. The class is the first octet, marked when the other three are
zero: `ip_key` keeps or drops the address for the same reasons throughout a class (unspecified
0.0.0.0, loopback 127/8, multicast 224/4), and writes it back unchanged. Each class is checked on
one of its own addresses (`_ip_classes`)."""


def distinct(con: duckdb.DuckDBPyConnection, sql: str) -> list[str]:
    """The first column of `sql` as Python strings (moved as Arrow)."""
    column = con.sql(sql).to_arrow_table().column(0)
    return [str(v) for v in column.to_pylist()]


def _distinct(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    return distinct(con, f"SELECT DISTINCT {column} FROM rows WHERE {column} IS NOT NULL")


def _ip_classes(con: duckdb.DuckDBPyConnection) -> int:
    """`key_ip_class(cls)`: the classes of canonical IPv4 text whose addresses key as themselves,
    each checked on one address of its own; `key_ip(ip, addr)`: every other distinct IP text,
    asked of `ip_key` one by one. Returns how many classes and other texts were asked about."""
    kept = []
    for first in range(256):
        for cls, sample in ((f"{first}", f"{first}.1.2.3"), (f"{first}/0", f"{first}.0.0.0")):
            if _address(sample) == sample:
                kept.append(cls)
    load(con, "key_ip_class", {"cls": kept})
    cls = _IPV4_CLASS.format("ip")
    odd = distinct(con, f"SELECT DISTINCT ip FROM rows WHERE ip IS NOT NULL AND ({cls}) IS NULL")
    load(con, "key_ip", {"ip": odd, "addr": [_address(ip) for ip in odd]})
    return 512 + len(odd)


def _address(ip: str) -> str | None:
    key = ip_key(DeviceRecord("", 0, "", ip=ip, site=_PROBE_SITE))
    return None if key is None else key[len(f"ip:{_PROBE_SITE}:") :]


def _scope(site: str) -> str:
    key = ip_key(DeviceRecord(FILE_MARK, 0, "", ip=_PROBE_IP, site=site))
    assert key is not None
    return key[len("ip:") : -len(f":{_PROBE_IP}")]


def build_row_keys(con: duckdb.DuckDBPyConnection, workers: Workers = SERIAL) -> dict[str, int]:
    """Create `row_keys(uid, kip, kmac, kser, orphan)` from `rows` (NULL: no such key), for
    every row with at least one key (`orphan`: the serial of a row that names no maker, which
    takes the only maker its serial has elsewhere, or '' if none; with several, no key); return the distinct values asked about per part. Serial
    numbers, millions of distinct values, are asked about in `workers` processes."""
    octets = [f"{n:02X}" for n in range(256)]
    load(con, "key_octet", {"octet": [o for o in octets if mac_key(f"{o}:00:00:00:00:01")]})
    ips = _ip_classes(con)
    sites = _distinct(con, "site")
    load(con, "key_site", {"site": list(sites), "scope": [_scope(s) for s in sites]})
    plain = PLAIN_SERIAL.format("r.serial")
    serials = through(
        con,
        f"SELECT DISTINCT serial FROM rows r WHERE serial IS NOT NULL AND NOT {plain}",
        key_part(serial_value),
        "key_serial",
        workers,
    )
    makers = _distinct(con, "manufacturer")
    load(con, "key_maker", {"manufacturer": list(makers), "word": [maker_word(m) for m in makers]})
    no_site = _scope("")
    cls = _IPV4_CLASS.format("ip")
    with insertion_order(con):  # in uid order: a part's uid range reads only its row groups
        con.execute(
            f"""CREATE OR REPLACE TABLE row_keys AS
        SELECT uid,
               CASE WHEN addr IS NOT NULL
                    THEN 'ip:' || replace(scope, '{FILE_MARK}', file_path(uid)) || ':' || addr END
                    AS kip,
               kmac,
               CASE WHEN word <> '' THEN 'serial:' || word || ':' || sval END AS kser,
               CASE WHEN word = '' THEN sval END AS orphan
        FROM (
            SELECT r.uid,
                   CASE WHEN r.ip IS NULL THEN NULL
                        WHEN r.ip_class IS NOT NULL THEN
                             CASE WHEN r.ip_class IN (SELECT cls FROM key_ip_class) THEN r.ip END
                        ELSE i.addr END AS addr,
                   coalesce(s.scope, '{no_site}') AS scope,
                   CASE WHEN left(r.mac_digits, 2) IN (SELECT octet FROM key_octet)
                        THEN 'mac:' || {mac_text("r.mac_digits")} END AS kmac,
                   CASE WHEN {plain} THEN r.serial ELSE ks.part END AS sval,
                   coalesce(m.word, '') AS word
            FROM (SELECT *, {cls} AS ip_class FROM rows) r  -- the class once per row
            LEFT JOIN key_ip i ON i.ip = r.ip
            LEFT JOIN key_site s ON s.site = r.site
            LEFT JOIN key_serial ks ON ks.serial = r.serial
            LEFT JOIN key_maker m ON m.manufacturer = r.manufacturer
            WHERE r.ip IS NOT NULL OR r.mac_digits IS NOT NULL OR r.serial IS NOT NULL
        )"""
        )
    con.execute(
        """CREATE OR REPLACE TABLE serial_fix AS
        WITH o AS (SELECT DISTINCT orphan AS sval FROM row_keys WHERE orphan IS NOT NULL),
        p AS (
            SELECT split_part(kser, ':', 3) AS sval, split_part(kser, ':', 2) AS maker
            FROM row_keys WHERE kser IS NOT NULL
        )
        SELECT o.sval, count(DISTINCT p.maker) AS makers, min(p.maker) AS only_maker
        FROM o LEFT JOIN (SELECT * FROM p WHERE sval IN (SELECT sval FROM o)) p USING (sval)
        GROUP BY o.sval;
        UPDATE row_keys SET kser = 'serial:' || coalesce(x.only_maker, '') || ':' || x.sval
        FROM serial_fix x WHERE x.sval = row_keys.orphan AND x.makers <= 1;
        DROP TABLE serial_fix; DROP TABLE key_octet; DROP TABLE key_ip; DROP TABLE key_ip_class;
        DROP TABLE key_site; DROP TABLE key_serial; DROP TABLE key_maker"""
    )
    return {"ip": ips, "site": len(sites), "serial": serials, "maker": len(makers)}
