"""Evidence in plain words: one sentence per piece, no internal file names, the value verbatim."""

from __future__ import annotations

import datetime as dt

import pytest

from section889.devices.explain import evidence_text, judgements, said_once, sentence
from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import DeviceRecord
from section889.services.runtime import Runtime

AS_OF = dt.date(2025, 6, 1)
INTERNAL = ("patterns.csv", "oui.csv", "pen.csv", "knowledge base", "[source", "\\b", "[^", "→")


@pytest.fixture
def identifier(shipped_runtime: Runtime) -> DeviceIdentifier:
    return shipped_runtime.identifier


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        (
            DeviceRecord("cmdb.csv", 2, "csv", mac="44:19:B6:12:34:56"),
            "MAC 44:19:B6:12:34:56 is registered to Hangzhou Hikvision Digital Technology "
            "Co.,Ltd. (IEEE MA-L 44:19:B6), that is Hangzhou Hikvision Digital Technology Co., Ltd.",
        ),
        (
            DeviceRecord("cmdb.csv", 3, "csv", model="DS-2CD2143G2-I"),
            "model DS-2CD2143G2-I is a Hikvision IP camera (DS-2CD…)",
        ),
        (
            DeviceRecord("cmdb.csv", 4, "csv", mac="00:0F:E2:33:10:5C"),
            "MAC 00:0F:E2:33:10:5C is registered to Hangzhou H3C Technologies Co., Limited "
            "(IEEE MA-L 00:0F:E2), a look-alike, not a covered maker: H3C: ex Huawei-3Com JV, "
            "Huawei exited 2006",
        ),
        (
            DeviceRecord("cmdb.csv", 5, "csv", manufacturer="Hikvision"),
            "manufacturer Hikvision is the short name of Hangzhou Hikvision Digital Technology "
            "Co., Ltd., a covered entity itself",
        ),
        (
            DeviceRecord("walk", 1, "snmpwalk", sys_object_id="1.3.6.1.4.1.2011.2.23.96"),
            "SNMP sysObjectID 1.3.6.1.4.1.2011.2.23.96 is under enterprise number 2011, "
            "registered to HUAWEI Technology Co.,Ltd (IANA), part of Huawei Technologies Co., "
            "Ltd.: Huawei parent; OID prefix 1.3.6.1.4.1.2011 (HUAWEI-MIB tree)",
        ),
        (
            DeviceRecord("scan.xml", 1, "nmap", mac="02:11:22:33:44:55"),
            "MAC 02:11:22:33:44:55: randomised MAC ignored (locally administered: it names no maker)",
        ),
    ],
)
def test_each_signal_in_plain_words(
    identifier: DeviceIdentifier, record: DeviceRecord, expected: str
) -> None:
    (evidence, *_) = identifier.evidence(record, AS_OF)
    assert sentence(evidence) == expected
    assert evidence_text(evidence) == f"{expected} [{record.where}]"


def test_no_sentence_names_an_internal_file_or_pattern(identifier: DeviceIdentifier) -> None:
    records = [
        DeviceRecord("a.csv", 1, "csv", mac="00:1E:10:4A:22:01", model="S5720-28X-SI-AC",
                     manufacturer="Huawei", supplier="Huawei Technologies Co. Ltd"),
        DeviceRecord("a.csv", 2, "csv", manufacturer="Dahua", model="IPC-HFW2431S",
                     description="Amcrest IP8M-2496EB 8MP camera"),
        DeviceRecord("b.xml", 1, "nmap", banners=("App-webs/",),
                     cpes=("cpe:/h:h3c:s5130",), sys_descr="Huawei Versatile Routing Platform"),
        DeviceRecord("c.csv", 1, "purchases", supplier="Zhejiang Uniview Technologies Co., Ltd."),
    ]  # fmt: skip
    texts = [sentence(e) for r in records for e in identifier.evidence(r, AS_OF)]
    assert len(texts) >= 10
    for text in texts:
        assert not any(mark in text for mark in INTERNAL), text


def test_evidence_from_two_records_is_said_once_with_both(identifier: DeviceIdentifier) -> None:
    records = [
        DeviceRecord("cmdb.csv", 2, "csv", mac="04:03:12:7B:11:0A", hostname="cam"),
        DeviceRecord("scan.xml", 7, "nmap", mac="04:03:12:7B:11:0A"),
    ]
    (asset,) = merge_records(records)
    finding = identifier.identify(asset, AS_OF)
    once = said_once(finding.evidence)
    assert len(once) == 1
    assert once[0][1] == ("cmdb.csv:2", "scan.xml:7")


def test_judgements_leave_out_what_the_evidence_says(identifier: DeviceIdentifier) -> None:
    record = DeviceRecord("cmdb.csv", 2, "csv", mac="04:03:12:7B:11:0A", model="DS-2CD2143G2-I")
    (asset,) = merge_records([record])
    finding = identifier.identify(asset, AS_OF)
    texts = {sentence(e) for e in finding.evidence}
    why = judgements(finding)
    assert why and all(not any(t in reason for t in texts) for reason in why)
    assert any("purpose" in reason for reason in why)
    assert len(why) == len(set(why))
