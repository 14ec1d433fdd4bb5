"""The SQL fast path for serial numbers keeps exactly what `devices.merge.serial_value` keeps."""

from __future__ import annotations

import duckdb

from section889.bulk.duckdb.keys import PLAIN_SERIAL
from section889.devices.merge import serial_value

SERIALS = ["SN66465C2F54", "ABCDEFGHIJ", "AAAAAAAAAAAA", "123456789", "1234567890", "00000000",
           "UNKNOWN", "sn66465c2f54", "SN-66465-C2F", "SN 66465C2F54", "ÄBCDEFGHIJK", "ＡBCDEFGHIJK",
           "SN66465C2F5\u00a0", "ABC", "DEFAULTDEFAULT", "0000000001"]  # fmt: skip


def test_plain_serials_are_kept_as_they_are() -> None:
    con = duckdb.connect()
    plain = PLAIN_SERIAL.format("s")
    for serial in SERIALS:
        found = con.execute(f"SELECT {plain} FROM (SELECT $1::VARCHAR AS s)", [serial]).fetchone()
        assert found is not None
        if found[0]:
            assert serial_value(serial) == serial, serial
