"""Merging records of one device into an asset; stable ids and order."""

from __future__ import annotations

import datetime as dt

from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord, DeviceStatus

CMDB = DeviceRecord(
    "cmdb.csv", 4, "csv", hostname="cam-lobby-01", ip="10.20.1.15", mac="44-19-B6-12-34-56",
    serial="DS-2CD2142FWD-I20180312AACH123456789", site="HQ", manufacturer="Hikvision",
    purpose="government facility security",
)  # fmt: skip
NMAP = DeviceRecord(
    "scan.xml", 12, "nmap", ip="10.20.1.15", mac="44:19:b6:12:34:56", banners=("App-webs/",),
    mac_vendor="Hangzhou Hikvision Digital Technology",
)  # fmt: skip
PURCHASE = DeviceRecord(
    "purchases.csv", 2, "purchases", serial="ds-2cd2142fwd-i 20180312aach123456789",
    supplier="ADI Global Distribution", description="Hikvision DS-2CD2142FWD-I 4MP dome",
    acquired=dt.date(2019, 3, 1),
)  # fmt: skip
OTHER = DeviceRecord("cmdb.csv", 5, "csv", ip="10.20.1.16", mac="00:1B:21:00:00:01", site="HQ")


def test_cmdb_row_nmap_host_and_purchase_line_are_one_asset() -> None:
    assets = merge_records([CMDB, OTHER, NMAP, PURCHASE])
    assert [len(a.records) for a in assets] == [3, 1]
    assert assets[0].records == (CMDB, NMAP, PURCHASE)


def test_asset_ids_do_not_depend_on_input_order() -> None:
    forward = {a.records[0].where: a.asset_id for a in merge_records([CMDB, OTHER, NMAP, PURCHASE])}
    backward = merge_records([PURCHASE, NMAP, OTHER, CMDB])
    assert {a.asset_id for a in backward} == set(forward.values())
    assert all(a.asset_id.startswith("A-") and len(a.asset_id) == 18 for a in backward)
    assert merge_records([CMDB, OTHER, NMAP, PURCHASE]) == merge_records(
        [CMDB, OTHER, NMAP, PURCHASE]
    )


def test_randomised_and_broadcast_macs_do_not_merge() -> None:
    a = DeviceRecord("a.csv", 1, "csv", mac="DA:A1:19:12:34:56")
    b = DeviceRecord("b.csv", 1, "csv", mac="DA:A1:19:12:34:56")
    c = DeviceRecord("a.csv", 2, "csv", mac="FF:FF:FF:FF:FF:FF")
    d = DeviceRecord("b.csv", 2, "csv", mac="ff-ff-ff-ff-ff-ff")
    assert len(merge_records([a, b, c, d])) == 4


def test_same_ip_merges_only_at_the_same_site_or_within_one_file() -> None:
    hq = DeviceRecord("a.csv", 1, "csv", ip="10.0.0.5", site="HQ")
    branch = DeviceRecord("a.csv", 2, "csv", ip="10.0.0.5", site="Branch")
    hq_again = DeviceRecord("b.csv", 1, "csv", ip="10.0.0.5", site="hq")
    no_site = DeviceRecord("c.csv", 1, "csv", ip="10.0.0.5")
    no_site_same_file = DeviceRecord("c.csv", 2, "csv", ip="10.0.0.5")
    no_site_other_file = DeviceRecord("d.csv", 1, "csv", ip="10.0.0.5")
    sizes = [
        len(a.records)
        for a in merge_records(
            [hq, branch, hq_again, no_site, no_site_same_file, no_site_other_file]
        )
    ]
    assert sizes == [2, 1, 2, 1]


def test_same_serial_from_different_makers_stays_apart() -> None:
    a = DeviceRecord("a.csv", 1, "csv", serial="SN-0042-7781", manufacturer="Huawei")
    b = DeviceRecord("a.csv", 2, "csv", serial="SN00427781", manufacturer="Cisco Systems")
    c = DeviceRecord("b.csv", 1, "csv", serial="sn 0042 7781")
    assert [len(x.records) for x in merge_records([a, b, c])] == [1, 1, 1]
    assert [len(x.records) for x in merge_records([a, c])] == [2]


def test_placeholder_serials_do_not_merge() -> None:
    a = DeviceRecord("a.csv", 1, "csv", serial="N/A")
    b = DeviceRecord("a.csv", 2, "csv", serial="n/a")
    c = DeviceRecord("a.csv", 3, "csv", serial="0000000")
    d = DeviceRecord("a.csv", 4, "csv", serial="0000000")
    assert len(merge_records([a, b, c, d])) == 4


def test_merged_asset_is_covered_with_high_confidence(identifier: DeviceIdentifier) -> None:
    asset = merge_records([CMDB, NMAP, PURCHASE])[0]
    finding = identifier.identify(asset, dt.date(2026, 1, 1))
    assert (finding.status, finding.entity_id, finding.confidence) == (
        DeviceStatus.COVERED,
        "hikvision",
        "high",
    )
    assert {e.record for e in finding.evidence} == {CMDB.where, NMAP.where, PURCHASE.where}
