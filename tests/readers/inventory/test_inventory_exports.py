"""Asset exports as products write them: NetBox, ServiceNow, Lansweeper, Snipe-IT, Intune, SCCM.

Each fixture keeps the product's own header spelling (sources: tests/fixtures/SOURCES.md) and
holds a covered device, which must reach the identifier through the same reader path as
`screen inventory` and be flagged.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord, DeviceStatus
from section889.readers.inventory import read_inventory
from section889.readers.inventory.profiles import asset_headers
from section889.services.runtime import Runtime

EXPORTS = Path(__file__).parents[2] / "fixtures" / "inventory" / "exports"
AS_OF = dt.date(2025, 6, 1)


@pytest.fixture
def identifier(shipped_runtime: Runtime) -> DeviceIdentifier:
    return shipped_runtime.identifier


def by_host(name: str) -> dict[str, DeviceRecord]:
    read = read_inventory([EXPORTS / name])
    assert read.warnings == []
    return {record.hostname: record for record in read.records}


def status_of(identifier: DeviceIdentifier, record: DeviceRecord) -> tuple[str, str | None]:
    (asset,) = merge_records([record])
    finding = identifier.identify(asset, AS_OF)
    return finding.status.value, finding.entity_id


def test_netbox_type_is_the_model_and_ip_masks_are_dropped(identifier: DeviceIdentifier) -> None:
    hosts = by_host("netbox_devices.csv")
    switch = hosts["core-sw-01"]
    assert switch.model == "S5720-28X-SI-AC"
    assert switch.manufacturer == "Huawei"
    assert switch.ip == "10.10.0.1"
    assert switch.device_type == "Access Switch"
    assert switch.os == "Huawei VRP"
    assert switch.serial == "2102351931P0K3000123"
    assert hosts["cam-lobby-01"].model == "DS-2CD2143G2-I"
    assert status_of(identifier, switch) == ("covered", "huawei")
    assert status_of(identifier, hosts["fw-hq-01"]) == ("clear", None)


def test_servicenow_model_id_is_the_model(identifier: DeviceIdentifier) -> None:
    hosts = by_host("servicenow_cmdb_ci.csv")
    router = hosts["edge-rtr-02"]
    assert router.model == "Huawei AR1220E"
    assert router.part_number == "AR1220E"
    assert router.mac == "E0:19:1D:3A:44:02"
    assert router.ip == "10.20.0.1"
    assert router.site == "Warehouse"
    assert router.device_type == "IP Router"
    assert status_of(identifier, router) == ("covered", "huawei")
    # A Hikvision recorder: covered only for a security purpose, which the CMDB does not say.
    assert status_of(identifier, hosts["nvr-dock-01"]) == ("possible", "hikvision")


def test_servicenow_csv_with_field_names_reads_alike() -> None:
    _, table = asset_headers(["name", "model_id", "manufacturer", "serial_number", "mac_address"])
    assert table["model"][0] == "modelid"


def test_lansweeper_asset_type_stays_a_type(identifier: DeviceIdentifier) -> None:
    hosts = by_host("lansweeper_assets.csv")
    camera = hosts["CAM-GATE-03"]
    assert (camera.model, camera.device_type) == ("IPC-HFW2431S-S-S2", "Camera")
    assert camera.mac == "BC:32:5F:0A:11:03"
    assert camera.serial == "6J0A1B2PAZ11C3D"
    assert status_of(identifier, camera) == ("possible", "dahua")
    assert status_of(identifier, hosts["SW-ANNEX-01"]) == ("clear", None)  # H3C look-alike


def test_snipeit_model_number_beside_model_name(identifier: DeviceIdentifier) -> None:
    hosts = by_host("snipeit_assets.csv")
    camera = hosts["cam-dock-02"]
    assert camera.model == "4MP Turret Camera"
    assert camera.part_number == "DS-2CD2343G2-IU"
    assert camera.mac == "F8:4D:FC:19:C4:02"
    assert camera.supplier == "Acme Security Supply"
    assert camera.acquired == dt.date(2019, 6, 12)
    assert status_of(identifier, camera) == ("possible", "hikvision")
    assert status_of(identifier, hosts["laptop-0112"]) == ("clear", None)


def test_intune_wifi_mac_is_read_when_ethernet_mac_is_empty(identifier: DeviceIdentifier) -> None:
    hosts = by_host("intune_devices.csv")
    laptop = hosts["LAPTOP-HW-0420"]
    assert laptop.mac == "A4:C6:4F:5A:6B:7C"
    assert (laptop.manufacturer, laptop.model) == ("HUAWEI", "MateBook X Pro")
    assert laptop.serial == "AB1CD23456789012"
    assert status_of(identifier, laptop) == ("covered", "huawei")
    assert status_of(identifier, hosts["DESKTOP-7QK2M1A"]) == ("clear", None)


def test_sccm_view_columns_with_their_zero(identifier: DeviceIdentifier) -> None:
    hosts = by_host("sccm_hardware.csv")
    server = hosts["SRV-LAB-04"]
    assert (server.manufacturer, server.model) == ("Huawei", "RH2288H V3")
    assert (server.mac, server.ip) == ("E0:19:1D:AA:BB:04", "10.40.0.4")
    assert server.serial == "2102311TYBN0J8000777"
    assert status_of(identifier, server) == ("covered", "huawei")


@pytest.mark.parametrize(
    ("header", "profile", "model", "device_type"),
    [
        (["Name", "Status", "Site", "Role", "Manufacturer", "Type"], "netbox", "Type", "Role"),
        (["Name", "Type", "Manufacturer", "Model"], "generic", "Model", "Type"),
        (["Hostname", "Type", "Manufacturer"], "generic", None, "Type"),
    ],
)
def test_type_is_the_model_only_in_a_netbox_header(
    header: list[str], profile: str, model: str | None, device_type: str
) -> None:
    name, table = asset_headers(header)
    assert name == profile
    keys = [h.casefold() for h in header]
    model_column = next((h for h in keys if h in table["model"]), None)
    assert model_column == (model.casefold() if model else None)
    assert next(h for h in keys if h in table["device_type"]) == device_type.casefold()


def test_every_export_screens_to_a_flagged_asset_status(identifier: DeviceIdentifier) -> None:
    read = read_inventory(sorted(EXPORTS.glob("*.csv")))
    assert {s.format for s in read.sources} == {"csv"}
    assert len(read.sources) == 6
    flagged = {
        Path(f.asset.records[0].source).name
        for f in (identifier.identify(a, AS_OF) for a in merge_records(read.records))
        if f.status in (DeviceStatus.COVERED, DeviceStatus.POSSIBLE)
    }
    assert flagged == {p.name for p in EXPORTS.glob("*.csv")}
