"""The facts shipped with section889: the five entities, the dated divestments, names and ids."""

from __future__ import annotations

import datetime as dt

import pytest

from section889.knowledge import (
    IdScheme,
    KnowledgeBase,
    NameKind,
    PartyStatus,
    Relationship,
    Scope,
    Tie,
    load_directory,
    tie_on,
)
from section889.knowledge.loader import name_key


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_directory()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def names_of(kb: KnowledgeBase, entity_id: str) -> set[str]:
    return {n.text for p in kb.parties_of(entity_id) for n in p.names}


def test_facts_are_dated_and_labelled(kb: KnowledgeBase) -> None:
    assert kb.version.facts_as_of == dt.date(2025, 11, 18)
    assert kb.version.label.startswith("2025-11-18+")


@pytest.mark.parametrize(
    ("entity_id", "scope", "legal_name"),
    [
        ("huawei", Scope.TELECOM_ALL, "Huawei Technologies Co., Ltd."),
        ("zte", Scope.TELECOM_ALL, "ZTE Corporation"),
        (
            "hytera",
            Scope.VIDEO_SURVEILLANCE_SECURITY_USE,
            "Hytera Communications Corporation Limited",
        ),
        (
            "hikvision",
            Scope.VIDEO_SURVEILLANCE_SECURITY_USE,
            "Hangzhou Hikvision Digital Technology Co., Ltd.",
        ),
        ("dahua", Scope.VIDEO_SURVEILLANCE_SECURITY_USE, "Zhejiang Dahua Technology Co., Ltd."),
    ],
)
def test_the_five_entities_and_their_scope(
    kb: KnowledgeBase, entity_id: str, scope: Scope, legal_name: str
) -> None:
    entity = kb.entity(entity_id)
    assert (entity.scope, entity.name, entity.country) == (scope, legal_name, "CN")
    own = kb.parties[entity_id]
    assert own.relationship is Relationship.SELF and own.entity_id == entity_id


def test_exactly_five_entities(kb: KnowledgeBase) -> None:
    assert sorted(kb.entities) == ["dahua", "hikvision", "huawei", "hytera", "zte"]


# party, recorded `to`, a day it still belonged, a day it no longer did, a day inside the
# month the sources give (None when the day is known)
DIVESTMENTS = [
    ("honor", "2020-11-17", "2020-11-16", "2020-11-17", None),
    ("xfusion", "2021-11", "2021-10-31", "2021-12-01", "2021-11-15"),
    ("sepura", "2022-07", "2022-06-30", "2022-08-01", "2022-07-15"),
    ("lorex", "2022-11-23", "2022-11-22", "2022-11-24", None),
    ("dahua-usa", "2024-01", "2023-12-31", "2024-02-01", "2024-01-03"),
    ("teltronic", "2025-07-22", "2025-07-21", "2025-07-23", None),
]


@pytest.mark.parametrize(("party_id", "to", "before", "after", "inside"), DIVESTMENTS)
def test_divestments_are_judged_by_date(
    kb: KnowledgeBase, party_id: str, to: str, before: str, after: str, inside: str | None
) -> None:
    party = kb.parties[party_id]
    assert str(party.until) == to
    assert tie_on(party, day(before)).tie is Tie.CURRENT
    former = tie_on(party, day(after))
    assert former.tie is Tie.FORMER
    assert to in former.reason
    if inside is not None:
        assert tie_on(party, day(inside)).tie is Tie.UNCERTAIN


@pytest.mark.parametrize("party_id", ["lorex", "lorex-corporation", "lorex-uk"])
def test_every_lorex_company_left_dahua_on_the_same_day(kb: KnowledgeBase, party_id: str) -> None:
    party = kb.parties[party_id]
    assert (str(party.since), str(party.until)) == ("2018-02-06", "2022-11-23")
    assert "not verified" in party.note


# party, recorded `from`, a day before the tie began, a day inside the month/year if imprecise
ACQUISITIONS = [
    ("sepura", "2017-05-24", "2017-05-23", None),  # scheme effective (Sepura RNS)
    ("lorex", "2018-02-06", "2018-02-05", None),
    ("norsat", "2017-07-20", "2017-07-19", None),  # plan of arrangement completed (SEC 6-K)
    ("hytera-america", "2007-06", "2007-05-31", "2007-06-15"),
    ("hytera-mobilfunk", "2012-03", "2012-02-29", "2012-03-15"),
    ("teltronic", "2017-05-24", "2017-05-23", None),  # came with Sepura
    ("caliopa", "2013", "2012-12-31", "2013-06-30"),
]


@pytest.mark.parametrize(("party_id", "since", "before", "inside"), ACQUISITIONS)
def test_acquisitions_are_not_ties_before_they_happened(
    kb: KnowledgeBase, party_id: str, since: str, before: str, inside: str | None
) -> None:
    party = kb.parties[party_id]
    assert str(party.since) == since
    assert tie_on(party, day(before)).tie is Tie.NOT_YET
    if inside is not None:
        assert tie_on(party, day(inside)).tie is Tie.UNCERTAIN


def test_hmn_tech_stays_under_review_after_its_2019_sale(kb: KnowledgeBase) -> None:
    """Sold in 2019, but still an Entity List 'affiliated entity': possible, never cleared."""
    hmn = kb.parties["hmn-tech"]
    assert (str(hmn.until), hmn.status) == ("2019", PartyStatus.REVIEW)
    later = tie_on(hmn, dt.date(2024, 6, 1))
    assert later.tie is Tie.UNCERTAIN
    assert "Entity List" in later.reason
    assert {"HMN Tech", "HMN Technologies", "华海智汇"} <= {n.text for n in hmn.names}


@pytest.mark.parametrize(
    "party_id",
    [
        "prama-india",
        "zhejiang-haikang",
        "huachuang-vision",
        "zonergy",
        "hmn-tech",
        "prama-hikvision-india",
        "microimage",
        "dahua-vision",
        "huaxiao",
        "hexatier",
        "ztesoft",
    ],
)
def test_unverified_ties_are_uncertain_with_a_reason(kb: KnowledgeBase, party_id: str) -> None:
    party = kb.parties[party_id]
    assert party.status is PartyStatus.REVIEW
    judged = tie_on(party, dt.date(2025, 11, 1))
    assert judged.tie is Tie.UNCERTAIN
    assert party.note and party.note in judged.reason


def test_huacheng_is_covered_until_its_announced_sale_is_confirmed(kb: KnowledgeBase) -> None:
    huacheng = kb.parties["huacheng"]
    assert tie_on(huacheng, dt.date(2025, 11, 1)).tie is Tie.CURRENT
    assert "not verified" in huacheng.note
    assert {"Imou", "Lechange", "乐橙"} <= {n.text for n in huacheng.names}


# §4.1 of the reference: exact registry and manual spellings, which must be names of that entity
REGISTRY_SPELLINGS = [
    ("huawei", "HUAWEI TECHNOLOGIES CO.,LTD"),
    ("huawei", "Huawei Technologies Co.,Ltd"),
    ("huawei", "Huawei Technologies Co., Ltd."),
    ("huawei", "HUAWEI Technology Co.,Ltd"),
    ("huawei", "Huawei Device Co., Ltd."),
    ("huawei", "Hisilicon Technologies Co., Ltd"),
    ("huawei", "Shenzhen Huawei Technologies"),
    ("huawei", "Huawei Technology"),
    ("zte", "zte corporation"),
    ("zte", "ZHONGXING TELECOM LTD."),
    ("zte", "Zhongxing Telecom Co.,ltd. (abbr. ZTE)"),
    ("zte", "SHANGHAI ZTE TECHNOLOGIES CO.,LTD"),
    ("zte", "Shanghai Zte Technologies Co.,Ltd"),
    ("zte", "Zhongxing Telecommunication Equipment Corporation"),
    ("zte", "Zhong Xing Tong Xun"),
    ("hikvision", "Hangzhou Hikvision Digital Technology Co.,Ltd."),
    ("hikvision", "Hikvision Digital Technology Co., Ltd."),
    ("hikvision", "Prama Hikvision India Private Limited"),
    ("hikvision", "Hangzhou Ezviz Software Co.,Ltd."),
    ("hikvision", "Haikang Weishi"),
    ("dahua", "ZHEJIANG DAHUA TECHNOLOGYCO.,LTD"),
    ("dahua", "Zhejiang Dahua Technologyco.,Ltd"),
    ("dahua", "ZHEJIANG DAHUA TECHNOLOGY CO.,LTD"),
    ("dahua", "ZHEJIANG DAHUA VISION TECHNOLOGY CO., LTD"),
    ("dahua", "Dahua Technology USA"),
    ("hytera", "Hytera Communications Co .,ltd"),
    ("hytera", "Hytera Communications Co.,Ltd."),
    ("hytera", "HYT"),
]


@pytest.mark.parametrize(("entity_id", "spelling"), REGISTRY_SPELLINGS)
def test_registry_spellings_are_names_of_their_entity(
    kb: KnowledgeBase, entity_id: str, spelling: str
) -> None:
    assert spelling in names_of(kb, entity_id)


@pytest.mark.parametrize(
    ("entity_id", "chinese"),
    [
        ("huawei", "华为技术有限公司"),
        ("huawei", "華為技術有限公司"),
        ("zte", "中兴通讯股份有限公司"),
        ("zte", "中興通訊股份有限公司"),
        ("hikvision", "杭州海康威视数字技术股份有限公司"),
        ("hikvision", "杭州海康威視數字技術股份有限公司"),
        ("dahua", "浙江大华技术股份有限公司"),
        ("hytera", "海能达通信股份有限公司"),
    ],
)
def test_chinese_names(kb: KnowledgeBase, entity_id: str, chinese: str) -> None:
    assert chinese in names_of(kb, entity_id)


@pytest.mark.parametrize(
    "spelling",
    ["xFusion Digital Technologies Co., Limited", "New H3C Intelligence Terminal Co., Ltd."],
)
def test_registry_spellings_held_out_for_evaluation_are_not_names(
    kb: KnowledgeBase, spelling: str
) -> None:
    """Some real registry spellings stay out of the names so the matcher is tested on them."""
    known = {name_key(n.text) for p in kb.parties.values() for n in p.names}
    known |= {name_key(n.text) for look in kb.lookalikes.values() for n in look.names}
    assert name_key(spelling) not in known


def test_entity_list_aliases_are_huawei_affiliates(kb: KnowledgeBase) -> None:
    terminal = kb.parties["huawei-terminal-shenzhen"]
    assert (terminal.entity_id, terminal.relationship) == ("huawei", Relationship.AFFILIATE)
    agisson = {n.text: n.kind for n in kb.parties["huawei-anjiexin"].names}
    assert agisson["Shenzhen Huawei Agisson Electric Co., Ltd."] is NameKind.ENTITY_LIST


@pytest.mark.parametrize(
    ("party_id", "scheme", "value"),
    [
        ("zte", IdScheme.TICKER, "000063.SZ"),
        ("zte", IdScheme.TICKER, "0763.HK"),
        ("zte", IdScheme.ISIN, "CNE000000TK5"),
        ("zte", IdScheme.ISIN, "CNE1000004Y2"),
        ("hikvision", IdScheme.TICKER, "002415.SZ"),
        ("dahua", IdScheme.TICKER, "002236.SZ"),
        ("hytera", IdScheme.TICKER, "002583.SZ"),
    ],
)
def test_listed_entities_carry_their_tickers_and_isins(
    kb: KnowledgeBase, party_id: str, scheme: IdScheme, value: str
) -> None:
    assert (scheme, value) in {(i.scheme, i.value) for i in kb.parties[party_id].identifiers}


def test_no_registry_identifier_is_invented(kb: KnowledgeBase) -> None:
    """The sources give no UEI, CAGE, LEI or DUNS for any party; none may appear."""
    schemes = {i.scheme for p in kb.parties.values() for i in p.identifiers}
    assert schemes == {IdScheme.TICKER, IdScheme.ISIN}


@pytest.mark.parametrize(
    ("lookalike_id", "resembles", "spelling"),
    [
        ("h3c", "huawei", "New H3C Technologies Co., Ltd"),
        ("h3c", "huawei", "Hangzhou H3C Technologies Co., Limited"),
        ("uniview", "hikvision", "Zhejiang Uniview Technologies"),
        ("ztec-instruments", "zte", "ZTEC Instruments, Inc."),
        ("wuxi-zhongxing", "zte", "Wuxi Zhongxing Optoelectronics Technology Co.,Ltd."),
        ("hangzhou-zhongxinghui", "zte", "杭州众兴慧智能科技有限公司"),
        ("shanghai-dahua-scale", "dahua", "上海大华衡器"),
        ("teltronic-ag", "hytera", "Teltronic AG"),
        ("teltronics-inc", "hytera", "Teltronics, Inc."),
        ("phi-theta-kappa", "huawei", "Phi Theta Kappa International Honor Society"),
        ("lorex-industries", "dahua", "Lorex Industries, Inc."),
    ],
)
def test_lookalikes_say_what_they_resemble(
    kb: KnowledgeBase, lookalike_id: str, resembles: str, spelling: str
) -> None:
    look = kb.lookalikes[lookalike_id]
    assert look.resembles == resembles
    assert look.reason
    assert spelling in {n.text for n in look.names}
