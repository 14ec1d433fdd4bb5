"""Each signal alone, against real registry data and real strings (evidence_cases.csv)."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from section889.devices.finding import SEVERITY
from section889.devices.identify import DeviceIdentifier
from section889.devices.models import DeviceEvidence, Signal

CASES = list(csv.DictReader((Path(__file__).parent / "evidence_cases.csv").open(encoding="utf-8")))
AS_OF = dt.date(2026, 1, 1)


def _evidence(identifier: DeviceIdentifier, case: dict[str, str]) -> list[DeviceEvidence]:
    signal, value, maker = case["signal"], case["value"], case["manufacturer"]
    if signal == "mac":
        return identifier.mac_evidence(value)
    if signal == "snmp_oid":
        return identifier.snmp_evidence(value, "")
    if signal == "sysdescr":
        return identifier.snmp_evidence("", value)
    if signal == "model":
        return identifier.model_evidence(value, maker)
    if signal == "banner":
        return identifier.banner_evidence(value)
    if signal == "cpe":
        return identifier.cpe_evidence(value)
    return identifier.name_evidence(value, Signal.MANUFACTURER, AS_OF)


@pytest.mark.parametrize("case", CASES, ids=[f"{c['signal']}:{c['value'][:40]}" for c in CASES])
def test_signal(identifier: DeviceIdentifier, case: dict[str, str]) -> None:
    found = [e for e in _evidence(identifier, case) if e.signal is not Signal.NOTE]
    if not case["status"]:
        assert found == [], case["why"]
        return
    worst = min(found, key=lambda e: SEVERITY[e.status])
    assert (worst.status.value, worst.entity_id or "") == (case["status"], case["entity"]), (
        f"{case['why']}: {worst.matched}"
    )
    assert worst.source, "every piece of evidence names its source"


def test_randomised_mac_gives_a_note_and_no_match(identifier: DeviceIdentifier) -> None:
    found = identifier.mac_evidence("DA:A1:19:12:34:56")
    assert [e.signal for e in found] == [Signal.NOTE]
    assert "randomised MAC ignored" in found[0].matched


def test_broadcast_and_garbage_macs_are_notes(identifier: DeviceIdentifier) -> None:
    assert [e.signal for e in identifier.mac_evidence("FF:FF:FF:FF:FF:FF")] == [Signal.NOTE]
    assert [e.signal for e in identifier.mac_evidence("not-a-mac")] == [Signal.NOTE]


def test_oem_brand_is_possible_never_covered(identifier: DeviceIdentifier) -> None:
    found = identifier.name_evidence("Amcrest", Signal.MANUFACTURER, AS_OF)
    assert [(e.signal, e.status.value) for e in found] == [(Signal.OEM, "possible")]
    assert "possible OEM of Dahua" in found[0].matched
    assert "covered-entities.md §2" in found[0].source


def test_same_value_gives_the_same_answer_from_the_cache(identifier: DeviceIdentifier) -> None:
    first = identifier.model_evidence("DS-2CD2142FWD-I")
    first.clear()  # callers may change the list they get
    assert identifier.model_evidence("DS-2CD2142FWD-I") == identifier.model_evidence(
        "DS-2CD2142FWD-I"
    )
    assert len(identifier.model_evidence("DS-2CD2142FWD-I")) == 1


def test_mac_registry_hit_names_registrant_and_prefix(identifier: DeviceIdentifier) -> None:
    (hit,) = identifier.mac_evidence("00:E0:FC:01:02:03")
    assert "00E0FC" in hit.matched and "MA-L" in hit.matched
    assert hit.confidence == "high"


@pytest.mark.parametrize(
    ("mac", "registrant"),
    [("3A:72:C2:12:34:56", "Huawei"), ("2A:0B:B8:01:02:03", "xFusion")],
)
def test_registered_block_with_the_local_bit_is_evidence_with_a_note(
    identifier: DeviceIdentifier, mac: str, registrant: str
) -> None:
    """The Wireshark manuf list has these blocks; they are assignments, not randomised MACs."""
    note, hit = identifier.mac_evidence(mac)
    assert note.signal is Signal.NOTE
    assert f"locally administered bit set, but {mac[:8]} is registered to {registrant}" in (
        note.matched
    )
    assert (hit.signal, hit.entity_id) == (Signal.MAC_OUI, "huawei")


def test_unregistered_local_block_is_still_randomised(identifier: DeviceIdentifier) -> None:
    """Flipping the local bit on a covered block does not make it the covered maker's."""
    found = identifier.mac_evidence("02:E0:FC:01:02:03")
    assert [e.signal for e in found] == [Signal.NOTE]
    assert "randomised MAC ignored" in found[0].matched
