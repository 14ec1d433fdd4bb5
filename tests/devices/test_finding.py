"""Findings for whole assets: dates of divested units, the purpose rule, OEMs, confidence."""

from __future__ import annotations

import datetime as dt

import pytest

from section889.devices.finding import date_breaks
from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import Asset, Category, DeviceRecord, DeviceStatus, Finding

AS_OF = dt.date(2026, 1, 1)
HONOR_MAC = "04:79:75:11:22:33"  # Honor Device Co., Ltd. MA-L 047975 (IEEE)
HIKVISION_MAC = "44:19:B6:12:34:56"  # Hangzhou Hikvision MA-L 4419B6 (IEEE)


def _find(identifier: DeviceIdentifier, *records: DeviceRecord) -> Finding:
    (asset,) = merge_records(records)
    return identifier.identify(asset, AS_OF)


def _rec(row: int = 1, **fields: object) -> DeviceRecord:
    return DeviceRecord("inventory.csv", row, "csv", **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("produced", "status"),
    [
        (dt.date(2020, 6, 1), DeviceStatus.COVERED),
        (dt.date(2021, 3, 1), DeviceStatus.FORMER_AFFILIATE),
        (None, DeviceStatus.POSSIBLE),
    ],
)
def test_honor_device_judged_by_production_date(
    identifier: DeviceIdentifier, produced: dt.date | None, status: DeviceStatus
) -> None:
    finding = _find(identifier, _rec(mac=HONOR_MAC, produced=produced))
    assert finding.status is status
    assert finding.entity_id == "huawei"
    assert "2020-11-17" in " ".join(finding.reasons)
    if produced is None:
        assert "produced or acquired date unknown" in finding.reasons[0]


def test_acquired_date_used_when_produced_is_missing(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(mac=HONOR_MAC, acquired=dt.date(2023, 5, 2)))
    assert finding.status is DeviceStatus.FORMER_AFFILIATE
    assert "acquired 2023-05-02" in finding.reasons[0]


def test_month_precision_divestment_straddling_is_possible(identifier: DeviceIdentifier) -> None:
    # xFusion left Huawei in 2021-11 (month known, day not): a device made that month is unsure.
    finding = _find(
        identifier,
        _rec(manufacturer="xFusion Digital Technologies Co., Ltd.", produced=dt.date(2021, 11, 10)),
    )
    assert finding.status is DeviceStatus.POSSIBLE
    assert "2021-11" in finding.reasons[0]


@pytest.mark.parametrize(
    ("purpose", "status"),
    [
        ("public_safety", DeviceStatus.COVERED),
        ("Government facility security", DeviceStatus.COVERED),
        ("critical infrastructure surveillance", DeviceStatus.COVERED),
        ("other", DeviceStatus.POSSIBLE),
        ("retail loss prevention", DeviceStatus.POSSIBLE),
        ("", DeviceStatus.POSSIBLE),
    ],
)
def test_hikvision_camera_covered_only_for_listed_purposes(
    identifier: DeviceIdentifier, purpose: str, status: DeviceStatus
) -> None:
    finding = _find(identifier, _rec(mac=HIKVISION_MAC, model="DS-2CD2142FWD-I", purpose=purpose))
    assert finding.status is status
    assert finding.entity_id == "hikvision"
    assert finding.category is Category.VIDEO_SURVEILLANCE
    if status is DeviceStatus.POSSIBLE:
        reason = finding.reasons[0]
        assert "§889(f)(3)(B)" in reason and "§5.4 E3" in reason
        assert f"the purpose is {purpose or 'not given'}" in reason


def test_huawei_switch_is_covered_whatever_the_purpose(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(model="S5720-28X-LI-AC", purpose="office LAN"))
    assert (finding.status, finding.entity_id) == (DeviceStatus.COVERED, "huawei")
    assert finding.category is Category.TELECOM
    assert finding.confidence == "medium"


def test_two_signals_agreeing_give_high_confidence(identifier: DeviceIdentifier) -> None:
    finding = _find(
        identifier,
        _rec(
            sys_object_id="1.3.6.1.4.1.2011.2.23.94",
            sys_descr="Huawei Versatile Routing Platform Software VRP (R) software",
        ),
    )
    assert (finding.status, finding.confidence) == (DeviceStatus.COVERED, "high")


def test_low_confidence_pattern_alone_is_low(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(model="PD785", purpose="public safety"))
    assert (finding.status, finding.entity_id) == (DeviceStatus.COVERED, "hytera")
    assert (finding.category, finding.confidence) == (Category.RADIO, "low")


def test_oem_brand_is_possible_with_its_evidence(identifier: DeviceIdentifier) -> None:
    finding = _find(
        identifier, _rec(manufacturer="Amcrest", model="IP2M-841", purpose="public_safety")
    )
    assert (finding.status, finding.entity_id) == (DeviceStatus.POSSIBLE, "dahua")
    assert "possible OEM of Dahua" in finding.reasons[0]


def test_oem_relabelling_that_ended_before_production_is_clear(
    identifier: DeviceIdentifier,
) -> None:
    finding = _find(identifier, _rec(manufacturer="IndigoVision", produced=dt.date(2023, 1, 1)))
    assert finding.status is DeviceStatus.CLEAR
    assert "relabelling ended" in " ".join(finding.reasons)


def test_lookalike_is_clear_and_says_why(identifier: DeviceIdentifier) -> None:
    finding = _find(
        identifier,
        _rec(manufacturer="New H3C Technologies", sys_object_id="1.3.6.1.4.1.25506.1.1"),
    )
    assert finding.status is DeviceStatus.CLEAR
    assert finding.entity_id is None
    assert "look-alike" in " ".join(finding.reasons)


def test_randomised_mac_is_noted_not_matched(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(mac="DA:A1:19:12:34:56"))
    assert finding.status is DeviceStatus.CLEAR
    assert any("randomised MAC ignored" in r for r in finding.reasons)


def test_most_serious_evidence_wins(identifier: DeviceIdentifier) -> None:
    # An H3C-registered MAC on a box whose sysDescr is Huawei VRP: the covered signal decides.
    finding = _find(
        identifier,
        _rec(mac="00:0F:E2:11:22:33", sys_descr="Huawei Versatile Routing Platform Software"),
    )
    assert (finding.status, finding.entity_id) == (DeviceStatus.COVERED, "huawei")
    assert any("look-alike" in r for r in finding.reasons[1:])


def test_nothing_found_is_clear_with_a_reason(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(manufacturer="Cisco Systems", model="C9300-48P"))
    assert (finding.status, finding.category, finding.confidence) == (
        DeviceStatus.CLEAR,
        Category.OTHER,
        "low",
    )
    assert finding.reasons


def test_evidence_names_the_record_it_came_from(identifier: DeviceIdentifier) -> None:
    finding = _find(identifier, _rec(row=7, model="DS-2CD2142FWD-I"))
    assert {e.record for e in finding.evidence} == {"inventory.csv:7"}


def test_dates_of_one_class_give_one_finding(identifier: DeviceIdentifier) -> None:
    """What the bulk engine's decisions by signature rest on: between two `date_breaks`, the
    equipment date changes the reasons' words only, never the status, entity or confidence."""
    breaks = date_breaks(identifier.kb, identifier.patterns)
    days = sorted(
        {dt.date(2010, 1, 1) + dt.timedelta(days=n * 37) for n in range(170)}
        | set(breaks)
        | {b + dt.timedelta(days=1) for b in breaks}
        | {b - dt.timedelta(days=1) for b in breaks}
    )
    seen: dict[tuple[str, str], tuple[object, ...]] = {}
    changes = 0
    for mac, model in (("04:79:75:11:22:33", ""), ("44:19:B6:12:34:56", "DS-2CD2143G2-I")):
        for day in days:
            record = DeviceRecord("f.csv", 1, "csv", mac=mac, model=model, acquired=day)
            found = identifier.identify(Asset("A-1", (record,)), dt.date(2025, 6, 1))
            decision = (found.status, found.entity_id, found.category, found.confidence)
            key = (mac, identifier.date_class(day))
            if seen.setdefault(key, decision) != decision:
                raise AssertionError(f"{mac} on {day}: {decision} != {seen[key]}")
        statuses = {v[0] for k, v in seen.items() if k[0] == mac}
        changes += len(statuses) > 1
    assert changes >= 1  # the Honor block's divestiture does change the status across classes
