"""Normalisation: what a compliance officer would call 'the same name' comes out the same."""

from __future__ import annotations

import doctest

import pytest

import section889.matching.normalise as normalise_module
from section889.matching.normalise import normalise

SAME = [
    ("HUAWEI TECHNOLOGIES CO.,LTD", "Huawei Technologies Co., Ltd."),
    ("HUAWEI TECHS CO LTD", "Huawei Technologies Company Limited"),
    ("Technologies Huawei", "HUAWEI TECHNOLOGIES"),
    ("ZHEJIANG DAHUA TECHNOLOGYCO.,LTD", "Zhejiang Dahua Technology Co., Ltd."),
    ("ACME COMMS SVCS INTL GRP", "Acme Communications Services International Group"),
    ("ACME SRVCES MFG CORP", "Acme Services Manufacturing Corporation"),
    ("Teltronic S.A.U.", "TELTRONIC SAU"),
    ("Hytera Communications Co .,ltd", "Hytera Communications Co., Ltd."),
    ("Société Générale SA", "SOCIETE GENERALE"),
    ("杭州海康威视数字技术股份有限公司", "杭州海康威视数字技术有限公司"),
    ("Acme GmbH", "ACME"),
    ("Prama Hikvision India Private Limited", "PRAMA HIKVISION INDIA PVT LTD"),
]


@pytest.mark.parametrize(("left", "right"), SAME)
def test_variants_normalise_to_the_same_key(left: str, right: str) -> None:
    assert normalise(left).key == normalise(right).key


def test_different_companies_stay_different() -> None:
    assert normalise("ZTE Corporation").key != normalise("ZTEC Instruments").key
    assert normalise("Huawei Technologies").key != normalise("H3C Technologies").key


def test_only_legal_forms_leaves_nothing() -> None:
    assert normalise("Co., Ltd.").empty
    assert normalise("   ").empty


def test_doctests() -> None:
    assert doctest.testmod(normalise_module).failed == 0
