"""The bulk engine reads rows in input order, binds headers and keeps MACs as the reader does, and
groups rows into assets."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from section889.bulk import BulkFile, BulkInputError
from section889.bulk.duckdb.assets import label_assets
from section889.bulk.duckdb.keys import build_row_keys
from section889.bulk.duckdb.sources import mac_text, read_files
from section889.readers.inventory.values import clean_mac

MAC_SPELLINGS = [
    "00-e0-fc-12-34-56",
    "00e0.fc12.3456",
    "00e0fc123456",
    "0:e0:fc:1:2:3",
    "00:00:00:00:00:00",
    "ff:ff:ff:ff:ff:ff",
    "not a mac",
    "00:E0:FC:12:34:5G",
    " 4C:1F:CC:AA:BB:CC ",
]


def _write(path: Path, header: str, lines: list[str]) -> Path:
    path.write_text(header + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def _reader_mac(raw: str) -> str | None:
    try:
        return clean_mac(raw)
    except ValueError:
        return None


def test_macs_are_those_the_reader_keeps(tmp_path: Path) -> None:
    cmdb = _write(
        tmp_path / "c.csv", "Hostname,MAC", [f"h{i},{m}" for i, m in enumerate(MAC_SPELLINGS)]
    )
    con = duckdb.connect()
    files, _, _ = read_files(con, [BulkFile.of(cmdb, "csv")])
    got = [
        m
        for (m,) in con.execute(
            f"SELECT {mac_text('mac_digits')} FROM rows ORDER BY uid"
        ).fetchall()
    ]
    assert got == [_reader_mac(m) for m in MAC_SPELLINGS]
    assert files[0].rows == len(MAC_SPELLINGS)


def test_rows_keep_input_order_and_data_row_numbers(tmp_path: Path) -> None:
    cmdb = _write(tmp_path / "c.csv", "hostname", [f"h{i}" for i in range(5000)])
    con = duckdb.connect()
    read_files(con, [BulkFile.of(cmdb, "csv")])
    rows = con.execute("SELECT uid & 4294967295, hostname FROM rows ORDER BY uid").fetchall()
    assert rows == [(i + 1, f"h{i}") for i in range(5000)]


@pytest.fixture
def grouped(tmp_path: Path) -> dict[str, int]:
    cmdb = _write(
        tmp_path / "cmdb.csv",
        "hostname,ip,mac,serial,site",
        [
            "a,10.0.0.1,00:E0:FC:00:00:01,SN-0001,HQ",  # a-b by serial; b and an nmap host by MAC; it and another by site+IP
            "b,,00-e0-fc-00-00-02,sn 0001,",
            "e,10.0.0.9,,,HQ",
            "r,,02:00:00:00:00:01,,",  # randomised MAC: joins nothing
        ],
    )
    nmap = _write(
        tmp_path / "nmap.csv",
        "ip,mac,site",
        ["10.0.0.7,00E0FC000002,LAB", "10.0.0.7,,LAB", "10.0.0.9,,OTHER", ",02:00:00:00:00:01,"],
    )
    con = duckdb.connect()
    read_files(con, [BulkFile.of(cmdb, "csv"), BulkFile.of(nmap, "nmap")])
    build_row_keys(con)
    label_assets(con)
    return {
        name: label
        for name, label in con.execute(
            f"SELECT coalesce(r.hostname, r.ip || '@' || r.site, {mac_text('r.mac_digits')}), "
            "coalesce(m.label, r.uid) FROM rows r LEFT JOIN merged m USING (uid)"
        ).fetchall()
    }


def test_rows_sharing_keys_transitively_are_one_asset(grouped: dict[str, int]) -> None:
    assert grouped["a"] == grouped["b"] == grouped["10.0.0.7@LAB"]


def test_same_ip_at_another_site_and_randomised_macs_stay_apart(grouped: dict[str, int]) -> None:
    assert grouped["e"] != grouped["10.0.0.9@OTHER"]
    assert grouped["r"] != grouped["02:00:00:00:00:01"]
    assert len(set(grouped.values())) == 5


def test_headers_bind_through_the_readers_aliases_and_map(tmp_path: Path) -> None:
    """`Host Name`, `MAC Address` … are the reader's aliases; `--map` names any other column."""
    cmdb = _write(
        tmp_path / "c.csv",
        "Host Name,MAC Address,Serial Number,Model Number,Kit",
        ["cam-1,44:19:B6:12:34:56,SN1,DS-2CD2143G2-I,lobby"],
    )
    con = duckdb.connect()
    _, facts, present = read_files(con, [BulkFile.of(cmdb, "csv")], {"site": "kit"})
    row = con.execute(
        f"SELECT hostname, {mac_text('mac_digits')}, serial, model, site FROM rows"
    ).fetchall()
    assert row == [("cam-1", "44:19:B6:12:34:56", "SN1", "DS-2CD2143G2-I", "lobby")]
    assert {"hostname", "mac", "serial", "model", "site"} <= present
    assert facts[0].warnings == ()


def test_files_the_engine_cannot_read_as_the_reader_does_are_refused(tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("hostname,manufacturer\nh1,Société Générale\n".encode("cp1252"))
    blank = _write(tmp_path / "blank.csv", "hostname", ["h1", "", "h2"])
    con = duckdb.connect()
    with pytest.raises(BulkInputError, match="UTF-8"):
        read_files(con, [BulkFile.of(latin, "csv")])
    with pytest.raises(BulkInputError, match="blank line"):
        read_files(con, [BulkFile.of(blank, "csv")], exact=True)
    _, facts, _ = read_files(con, [BulkFile.of(blank, "csv")])
    assert "line 3" in str(facts[0].warnings[0])
