"""SNMP walks, DHCP leases, `ip neigh` and `arp -a`; folders; detection and forcing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers.inventory import read_inventory

FIXTURES = Path(__file__).parents[2] / "fixtures" / "inventory"


def test_snmp_walk_with_two_hosts_numeric_and_symbolic() -> None:
    read = read_inventory([FIXTURES / "snmp_two_hosts.walk"])
    assert read.sources[0].format == "snmpwalk"
    huawei, zte = read.records
    assert huawei.row == 1
    assert huawei.ip == "10.1.0.1"  # from the `# host:` marker
    assert huawei.sys_descr.startswith("S5720-56C-EI-AC Huawei Versatile Routing Platform Software")
    assert "V200R010C00SPC600" in huawei.sys_descr  # multi-line STRING kept whole
    assert huawei.sys_object_id == "1.3.6.1.4.1.2011.2.23.96"
    assert (huawei.hostname, huawei.site) == ("core-sw-01", "HQ Building A, MDF")
    assert huawei.mac == "00:E0:FC:12:34:56"  # ifPhysAddress Hex-STRING
    assert zte.row == 11  # a second sysDescr.0 starts a new host
    assert zte.sys_object_id == "1.3.6.1.4.1.3902.1015.220"
    assert zte.sys_descr.startswith("ZXR10 ROS Version V4.8.01A ZXPON C220")
    assert (zte.hostname, zte.site, zte.ip) == ("olt-warehouse", "Warehouse 3", "")


def test_folder_of_walks_named_by_host() -> None:
    read = read_inventory([FIXTURES / "snmp_folder"])
    assert [source.format for source in read.sources] == ["snmpwalk", "snmpwalk"]
    by_ip, by_name = read.records
    assert by_ip.ip == "10.1.0.2"  # file stem 10.1.0.2.txt
    assert by_ip.sys_descr == "Huawei Integrated Access Software"
    assert by_ip.sys_object_id == "1.3.6.1.4.1.2011.2.123"
    assert by_ip.serial == "210235A0AB10C8000321"
    assert by_name.hostname == "edge-rtr-2"
    assert by_name.sys_object_id == "1.3.6.1.4.1.9.1.1047"


def test_dhcpd_leases_keep_the_last_lease_per_ip() -> None:
    path = FIXTURES / "dhcpd.leases"
    read = read_inventory([path])
    assert read.sources[0].format == "dhcpd"
    nvr, camera, free = read.records
    assert (nvr.ip, nvr.mac, nvr.hostname) == ("10.1.20.50", "3C:EF:8C:0A:1B:2C", "nvr-02")
    assert nvr.banners == ("udhcp 1.19.4",)
    assert (camera.row, camera.ip, camera.mac) == (22, "10.1.20.11", "08:A1:89:3C:11:02")
    assert (free.ip, free.mac) == ("10.1.20.99", "")
    assert [str(w) for w in read.warnings] == [
        f"{path}:29: mac: '00:e0:fc:zz:00:01' is not a MAC address (expected six hex octets); "
        "the entry is kept without it"
    ]


def test_ip_neigh_and_arp_a() -> None:
    read = read_inventory([FIXTURES / "ip_neigh.txt", FIXTURES / "arp_a.txt"])
    assert [source.format for source in read.sources] == ["neigh", "neigh"]
    pairs = [(r.row, r.ip, r.mac, r.hostname) for r in read.records]
    assert pairs == [
        (1, "10.1.0.1", "00:E0:FC:12:34:56", ""),
        (2, "10.1.20.11", "08:A1:89:3C:11:02", ""),
        (4, "fe80::2e0:fcff:fe12:3456", "00:E0:FC:12:34:56", ""),
        (1, "10.1.0.1", "00:E0:FC:12:34:56", "core-sw-01.example.gov"),
        (2, "10.1.20.50", "3C:EF:8C:0A:1B:2C", ""),
    ]


def test_windows_arp_a_saved_by_powershell_as_utf16(tmp_path: Path) -> None:
    path = tmp_path / "arp.txt"
    text = (
        "\r\nInterface: 10.1.20.5 --- 0xb\r\n"
        "  Internet Address      Physical Address      Type\r\n"
        "  10.1.20.50            3c-ef-8c-0a-1b-2c     dynamic\r\n"
        "  10.1.20.255           ff-ff-ff-ff-ff-ff     static\r\n"
    )
    path.write_bytes(text.encode("utf-16"))
    read = read_inventory([path])
    assert [(r.ip, r.mac) for r in read.records] == [("10.1.20.50", "3C:EF:8C:0A:1B:2C")]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("cmdb_assets.csv", "csv"),
        ("purchases_invoices.csv", "purchases"),
        ("nmap_covered.xml", "nmap"),
        ("hbom_pcie_sata_adapter_board.json", "cyclonedx"),
        ("snmp_two_hosts.walk", "snmpwalk"),
        ("dhcpd.leases", "dhcpd"),
        ("ip_neigh.txt", "neigh"),
        ("arp_a.txt", "neigh"),
    ],
)
def test_every_format_is_detected_from_content_whatever_the_name(
    tmp_path: Path, name: str, expected: str
) -> None:
    renamed = tmp_path / "export.data"
    shutil.copy(FIXTURES / name, renamed)
    assert read_inventory([renamed]).sources[0].format == expected


def test_format_forces_a_reader(tmp_path: Path) -> None:
    path = tmp_path / "neigh.csv"
    path.write_text("10.1.0.1 dev eth0 lladdr 00:e0:fc:12:34:56 REACHABLE\n")
    read = read_inventory([path], format="neigh")
    assert (read.sources[0].format, read.records[0].mac) == ("neigh", "00:E0:FC:12:34:56")
    with pytest.raises(InputError, match="unknown inventory format 'pcap'"):
        read_inventory([path], format="pcap")


def test_missing_file_and_empty_folder_are_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nowhere\.csv: file not found"):
        read_inventory([tmp_path / "nowhere.csv"])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="folder with no files"):
        read_inventory([tmp_path / "empty"])


def test_documentation_in_a_folder_is_not_read_as_an_inventory(tmp_path: Path) -> None:
    from section889.readers.inventory import read_inventory

    (tmp_path / "README.md").write_text("# Our inventory\nexported from the CMDB\n", "utf-8")
    (tmp_path / "assets.csv").write_text("hostname,mac\nsw1,00:E0:FC:12:34:56\n", "utf-8")
    read = read_inventory([tmp_path])
    assert [Path(s.path).name for s in read.sources] == ["assets.csv"]
    assert not read.warnings
    assert read.records[0].mac == "00:E0:FC:12:34:56"
