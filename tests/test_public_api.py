"""The public Python API is listed once, in section889.__all__, and works as documented."""

from __future__ import annotations

import datetime as dt

import section889


def test_all_names_exist_and_nothing_else_public_is_promised() -> None:
    for name in section889.__all__:
        assert hasattr(section889, name), name
    assert "screen_name" in section889.__all__
    assert "screen_names" in section889.__all__


def test_screen_name_defaults_to_today_and_names_the_covered_entity() -> None:
    result = section889.screen_name("Hangzhou Hikvision Digital Technology Co., Ltd.")
    assert result.status is section889.MatchStatus.COVERED
    assert result.entity_id == "hikvision"


def test_screen_name_as_of_decides_affiliation() -> None:
    before = section889.screen_name("Honor Device Co., Ltd.", as_of=dt.date(2020, 6, 1))
    after = section889.screen_name("Honor Device Co., Ltd.", as_of=dt.date(2021, 6, 1))
    assert before.status is section889.MatchStatus.COVERED
    assert after.status is section889.MatchStatus.FORMER_AFFILIATE


def test_screen_names_keeps_order() -> None:
    names = ["ZTE Corporation", "Acme Plumbing LLC", "Sepura plc"]
    results = list(section889.screen_names(names, as_of=dt.date(2026, 1, 1)))
    assert [r.input_name for r in results] == names
    assert [r.status.value for r in results] == ["covered", "clear", "former_affiliate"]
