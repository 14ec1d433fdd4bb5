"""IEEE OUI and IANA PEN assignments load as typed, validated tables."""

from __future__ import annotations

from collections import Counter

import pytest

from section889.knowledge import AssignmentStatus, KnowledgeBase, OuiRegistry, load_directory


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_directory()


# prefix, registry, entity (or None), status, the registrant exactly as the registry spells it
OUIS = [
    ("08EDED", "MA-L", "dahua", "covered", "Zhejiang Dahua Technology Co., Ltd."),
    ("B0B3536", "MA-M", "hikvision", "covered", "Hangzhou Hikrobot Technology Co., Ltd."),
    ("AC64DD5", "MA-M", "zte", "covered", "SHANGHAI ZTE TECHNOLOGIES CO.,LTD"),
    ("70B3D50AE", "MA-S", "hytera", "covered", "Norsat International Inc."),
    ("0022A1", "MA-L", "huawei", "covered", "Huawei Symantec Technologies Co.,Ltd."),
    ("347379", "MA-L", "huawei", "ex_affiliate", "xFusion Digital Technologies Co., Limited"),
    ("E428A4", "MA-L", "hikvision", "possible_affiliate", "Prama India Private Limited"),
    (
        "C0619AE",
        "MA-M",
        "hikvision",
        "possible_affiliate",
        "Zhejiang Haikang Science And Technology Co.,Ltd",
    ),
    ("402C761", "MA-M", None, "not_covered_lookalike", "Shanghai Dahua Scale Factory"),
]


@pytest.mark.parametrize(("prefix", "registry", "entity_id", "status", "organization"), OUIS)
def test_assignments_keep_registry_entity_and_status(
    kb: KnowledgeBase,
    prefix: str,
    registry: str,
    entity_id: str | None,
    status: str,
    organization: str,
) -> None:
    oui = kb.ouis[prefix]
    assert (oui.registry, oui.entity_id, oui.status, oui.organization) == (
        OuiRegistry(registry),
        entity_id,
        AssignmentStatus(status),
        organization,
    )
    assert len(prefix) == oui.registry.digits
    assert oui.provenance.file == "oui.csv" and oui.provenance.source


def test_snapshot_flags_say_where_an_assignment_is_listed(kb: KnowledgeBase) -> None:
    assert kb.ouis["08EDED"].listed_in == (
        "netaddr_1_3_0",
        "debian_ieee_data_20220827",
        "wireshark_manuf_4_0_17",
    )
    assert kb.ouis["1C4D89"].listed_in == ("wireshark_manuf_4_0_17",)


# Hangzhou Microimage Software (A44C62, ECDFC9) and Prama Hikvision India (24B105, BC2978): the
# reference table says covered, the tie audit (data/SOURCES.md) found no ownership source.
AUDITED_POSSIBLE = {"A44C62", "ECDFC9", "24B105", "BC2978"}


def test_counts_match_the_reference_table(kb: KnowledgeBase) -> None:
    """covered-entities.md §3a counts every status in the union of the three snapshots; the four
    blocks the tie audit moved from covered to possible_affiliate are the only difference."""
    by_status = Counter(o.status for o in kb.ouis.values())
    assert by_status == {
        AssignmentStatus.COVERED: 2243 - len(AUDITED_POSSIBLE),
        AssignmentStatus.EX_AFFILIATE: 46,
        AssignmentStatus.POSSIBLE_AFFILIATE: 2 + len(AUDITED_POSSIBLE),
        AssignmentStatus.NOT_COVERED_LOOKALIKE: 146,
    }
    assert all(kb.ouis[p].status is AssignmentStatus.POSSIBLE_AFFILIATE for p in AUDITED_POSSIBLE)
    covered = Counter(o.entity_id for o in kb.ouis.values() if o.status is AssignmentStatus.COVERED)
    assert covered == {"huawei": 1690, "zte": 433, "hikvision": 80, "dahua": 33, "hytera": 3}


@pytest.mark.parametrize(
    ("pen", "entity_id", "status"),
    [
        (2011, "huawei", AssignmentStatus.COVERED),
        (3902, "zte", AssignmentStatus.COVERED),
        (39165, "hikvision", AssignmentStatus.COVERED),
        (37496, "dahua", AssignmentStatus.COVERED),
        (53115, "hytera", AssignmentStatus.COVERED),
        (46904, "hytera", AssignmentStatus.EX_AFFILIATE),
        (58132, "huawei", AssignmentStatus.EX_AFFILIATE),
        (25506, "huawei", AssignmentStatus.NOT_COVERED_LOOKALIKE),
        (39747, None, AssignmentStatus.NOT_COVERED_LOOKALIKE),
    ],
)
def test_enterprise_numbers(
    kb: KnowledgeBase, pen: int, entity_id: str | None, status: AssignmentStatus
) -> None:
    assignment = kb.pens[pen]
    assert (assignment.entity_id, assignment.status) == (entity_id, status)
    assert assignment.provenance.source.startswith("IANA")


def test_every_pen_of_the_reference_is_loaded(kb: KnowledgeBase) -> None:
    assert len(kb.pens) == 23
