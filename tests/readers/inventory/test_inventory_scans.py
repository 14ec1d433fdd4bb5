"""nmap XML and CycloneDX BOMs: fields read, and hostile or broken files refused."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers.inventory import read_inventory

FIXTURES = Path(__file__).parents[2] / "fixtures" / "inventory"
NMAP = FIXTURES / "nmap_covered.xml"


def test_nmap_hosts_that_are_up_with_mac_vendor_banners_os_and_cpes() -> None:
    read = read_inventory([NMAP])
    source = read.sources[0]
    assert source.format == "nmap"
    assert source.sha256 == hashlib.sha256(NMAP.read_bytes()).hexdigest()
    assert source.read_at.tzinfo == dt.UTC
    by_ip = {record.ip: record for record in read.records}
    assert sorted(by_ip) == ["192.168.1.1", "192.168.1.2", "192.168.1.3", "192.168.1.5"]
    huawei = by_ip["192.168.1.1"]
    assert (huawei.mac, huawei.mac_vendor) == ("00:E0:FC:19:AF:00", "Huawei Technologies")
    assert huawei.row == 253  # the 253rd <host> in the file
    assert huawei.banners == ("Sagem router telnetd", "Belgacom")
    assert huawei.device_type == "router"
    assert huawei.os.startswith("Linux 2.6.13 (embedded)")
    assert huawei.cpes == ("cpe:/o:linux:linux_kernel:2.6.13",)
    hikvision = by_ip["192.168.1.2"]
    assert (hikvision.mac, hikvision.banners) == ("08:A1:89:05:01:03", ())
    windows = by_ip["192.168.1.5"]
    assert "Microsoft HTTPAPI httpd 2.0 (SSDP/UPnP)" in windows.banners
    assert "cpe:/o:microsoft:windows" in windows.cpes


def test_truncated_nmap_xml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "scan.xml"
    path.write_bytes(NMAP.read_bytes()[:20_000])
    with pytest.raises(
        InputError, match=r"scan\.xml: line \d+, column \d+: malformed or truncated"
    ):
        read_inventory([path])


def test_billion_laughs_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "lol.xml"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE nmaprun [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        '<nmaprun><host><hostnames><hostname name="&lol3;"/></hostnames></host></nmaprun>\n'
    )
    with pytest.raises(InputError, match=r"lol\.xml: declares XML entities"):
        read_inventory([path])


def test_other_xml_is_not_taken_for_a_scan(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("<?xml version='1.0'?><feed><entry/></feed>")
    with pytest.raises(InputError, match=r"root <feed>, not nmap"):
        read_inventory([path])


def test_hbom_components_give_model_supplier_description() -> None:
    read = read_inventory([FIXTURES / "hbom_pcie_sata_adapter_board.json"])
    assert read.sources[0].format == "cyclonedx"
    assert len(read.records) == 6
    first = read.records[0]
    assert (first.row, first.model, first.supplier) == (1, "PCIE-098-02-F-D-EMS2", "Samtec")
    assert first.description == "Low Profile PCI Express® GEN 4 Connector"


def test_sbom_1_6_manufacturer_nested_firmware_cpe_purl_serial_mac() -> None:
    path = FIXTURES / "sbom_nvr_firmware.json"
    read = read_inventory([path])
    camera, firmware, library = read.records
    assert camera.manufacturer == "Hangzhou Hikvision Digital Technology Co., Ltd."
    assert (camera.model, camera.supplier) == ("DS-2CD2143G2-I", "ACME Security Supply")
    assert camera.serial == "DS-2CD2143G2-I20210101AAWRF12345678"
    assert camera.mac == "08:A1:89:3C:11:02"
    assert camera.cpes == ("cpe:2.3:h:hikvision:ds-2cd2143g2-i:-:*:*:*:*:*:*:*",)
    assert (firmware.row, firmware.os) == (2, "IPC_G5 V5.7.3")
    assert firmware.cpes[0].startswith("cpe:2.3:o:hikvision:")
    assert (library.manufacturer, library.purls) == (
        "OpenSSL Software Foundation",
        ("pkg:generic/openssl@1.1.1k",),
    )
    assert [str(w) for w in read.warnings] == [
        f"{path}:3: mac: 'not-a-mac' is not a MAC address (expected six hex octets)"
    ]


def test_json_that_is_not_cyclonedx_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text('{"spdxVersion": "SPDX-2.3", "packages": []}')
    with pytest.raises(InputError, match=r"bom\.json: is JSON but not a CycloneDX BOM"):
        read_inventory([path])


def test_truncated_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "bom.json"
    path.write_text((FIXTURES / "sbom_nvr_firmware.json").read_text()[:400])
    with pytest.raises(
        InputError, match=r"bom.json: line \d+, column \d+: malformed or truncated JSON"
    ):
        read_inventory([path])


@pytest.mark.parametrize("stem", ["hbom_pcie_sata_adapter_board", "sbom_nvr_firmware"])
def test_cyclonedx_xml_gives_the_records_of_the_same_bom_in_json(stem: str) -> None:
    as_json = read_inventory([FIXTURES / f"{stem}.json"])
    as_xml = read_inventory([FIXTURES / f"{stem}.xml"])
    assert as_xml.sources[0].format == "cyclonedx"
    assert len(as_xml.records) == len(as_json.records) > 0
    for x, j in zip(as_xml.records, as_json.records, strict=True):
        assert (x.row, x.model, x.manufacturer, x.supplier, x.serial, x.mac) == (
            j.row, j.model, j.manufacturer, j.supplier, j.serial, j.mac,
        )  # fmt: skip
        assert (x.cpes, x.purls, x.os, x.description, x.device_type) == (
            j.cpes, j.purls, j.os, j.description, j.device_type,
        )  # fmt: skip
    assert [w.message for w in as_xml.warnings] == [w.message for w in as_json.warnings]


@pytest.mark.parametrize("version", ["1.4", "1.5", "1.6"])
def test_cyclonedx_xml_namespaces_1_4_to_1_6(tmp_path: Path, version: str) -> None:
    path = tmp_path / "bom.xml"
    path.write_text(
        f'<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/{version}" version="1">'
        '<components><component type="device"><supplier><name>Hikvision</name></supplier>'
        "<name>DS-2CD2143G2-I</name></component></components></bom>",
        encoding="utf-8",
    )
    (record,) = read_inventory([path]).records
    assert (record.model, record.supplier, record.format) == (
        "DS-2CD2143G2-I",
        "Hikvision",
        "cyclonedx",
    )


def test_cyclonedx_xml_with_entities_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE bom [<!ENTITY a "aaaaaaaaaa">]>'
        '<bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components><component type="device">'
        "<name>&a;</name></component></components></bom>",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entities"):
        read_inventory([path])


def test_cyclonedx_xml_other_root_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text(
        '<?xml version="1.0"?><spdx xmlns="http://cyclonedx.org/schema/bom/1.5"/>', encoding="utf-8"
    )
    with pytest.raises(InputError, match="not a CycloneDX BOM"):
        read_inventory([path], format="cyclonedx")
