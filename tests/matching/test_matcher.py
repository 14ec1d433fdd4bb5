"""The name matcher against the shipped knowledge base, driven by cases.csv (add a row to add a case)."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from section889.knowledge import default_data_dir, load_directory
from section889.matching import Matcher, MatchStatus

CASES = list(csv.DictReader((Path(__file__).parent / "cases.csv").open(encoding="utf-8")))


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_directory())


@pytest.mark.parametrize("case", CASES, ids=[f"{c['name']}@{c['as_of']}" for c in CASES])
def test_case(matcher: Matcher, case: dict[str, str]) -> None:
    result = matcher.screen(case["name"], as_of=dt.date.fromisoformat(case["as_of"]))
    assert (result.status.value, result.entity_id or "") == (case["status"], case["entity"]), (
        f"{case['why']}: {result.explanation}"
    )


def test_explanation_names_alias_words_dates_and_source(matcher: Matcher) -> None:
    result = matcher.screen("Sepura Ltd", as_of=dt.date(2026, 1, 1))
    assert result.status is MatchStatus.FORMER_AFFILIATE
    assert "Sepura" in result.explanation
    assert "2022-07" in result.explanation
    assert any(e.kind == "alias" and e.source for e in result.evidence)
    assert result.relationship == "subsidiary"


def test_covered_result_carries_relationship_and_full_score(matcher: Matcher) -> None:
    result = matcher.screen("Huawei Technologies Co., Ltd.")
    assert result.status is MatchStatus.COVERED
    assert result.relationship == "self"
    assert result.score == pytest.approx(1.0)
    assert result.matched_name


def test_lookalike_explains_itself(matcher: Matcher) -> None:
    result = matcher.screen("New H3C Technologies Co., Ltd")
    assert result.status is MatchStatus.CLEAR
    assert "look-alike" in result.explanation


@pytest.mark.parametrize(
    ("name", "listing"),
    [("Chinasoft International Ltd", "HKEX 0354"), ("iSoftStone Information Technology", "301236")],
)
def test_huawei_partners_once_called_subsidiaries_are_clear_and_say_why(
    matcher: Matcher, name: str, listing: str
) -> None:
    """A Wikipedia infobox line called them Huawei subsidiaries; filings show listed companies."""
    result = matcher.screen(name)
    assert (result.status, result.entity_id) == (MatchStatus.CLEAR, None)
    assert "not a covered company" in result.explanation
    assert listing in result.explanation and "Wikipedia infobox" in result.explanation
    assert [e.kind for e in result.evidence] == ["lookalike"]
    assert result.evidence[0].source


def test_as_of_inside_a_month_precision_divestment_is_possible(matcher: Matcher) -> None:
    # xFusion's sale is known only to the month (2021-11): a date inside it decides nothing.
    inside = matcher.screen("xFusion Digital Technologies Co., Ltd.", as_of=dt.date(2021, 11, 15))
    after = matcher.screen("xFusion Digital Technologies Co., Ltd.", as_of=dt.date(2022, 1, 1))
    before = matcher.screen("xFusion Digital Technologies Co., Ltd.", as_of=dt.date(2021, 6, 1))
    assert inside.status is MatchStatus.POSSIBLE
    assert after.status is MatchStatus.FORMER_AFFILIATE
    assert before.status is MatchStatus.COVERED


def test_threshold_raises_the_bar(matcher: Matcher) -> None:
    strict = Matcher(matcher.kb, threshold=0.95)
    assert matcher.screen("Huawei Fashion Boutique").status is MatchStatus.POSSIBLE
    assert strict.screen("Huawei Fashion Boutique").status is MatchStatus.CLEAR
    assert strict.screen("Huawei Technologies Co Ltd").status is MatchStatus.COVERED


def test_screen_many_keeps_order_and_reuses_results(matcher: Matcher) -> None:
    names = ["Acme Plumbing LLC", "ZTE Corporation", "Acme Plumbing LLC", "ZTE Corporation"]
    results = list(matcher.screen_many(names, as_of=dt.date(2026, 1, 1)))
    assert [r.input_name for r in results] == names
    assert [r.status for r in results] == [MatchStatus.CLEAR, MatchStatus.COVERED] * 2


def test_empty_or_legal_form_only_names_are_clear(matcher: Matcher) -> None:
    assert matcher.screen("").status is MatchStatus.CLEAR
    assert matcher.screen("Co., Ltd.").status is MatchStatus.CLEAR


def _pack_with_uei(tmp_path: Path) -> Path:
    data = tmp_path / "kb"
    shutil.copytree(default_data_dir(), data)
    with (data / "identifiers.csv").open("a", encoding="utf-8") as handle:
        handle.write("zte,uei,ZTEUSA123456,test fixture: not a real UEI,high\n")
    return data


def test_identifier_hit_outranks_the_name(tmp_path: Path) -> None:
    matcher = Matcher(load_directory(_pack_with_uei(tmp_path)))
    result = matcher.screen("Some Reseller LLC", identifiers={"uei": "zteusa123456"})
    assert result.status is MatchStatus.COVERED
    assert result.entity_id == "zte"
    assert "UEI" in result.explanation
    plain = matcher.screen("Some Reseller LLC", identifiers={"uei": "ABCDEF123456"})
    assert plain.status is MatchStatus.CLEAR


def test_ticker_identifies_the_listed_company(matcher: Matcher) -> None:
    tickers = [
        i
        for p in matcher.kb.parties.values()
        for i in p.identifiers
        if i.scheme.value == "ticker" and p.entity_id == "hikvision"
    ]
    assert tickers, "the shipped knowledge base lists Hikvision's ticker"
    result = matcher.screen("unknown", identifiers={"ticker": tickers[0].value})
    assert (result.status, result.entity_id) == (MatchStatus.COVERED, "hikvision")


def test_ranking_prefers_the_more_specific_party(matcher: Matcher) -> None:
    result = matcher.screen("Hikvision USA Inc")
    assert result.entity_id == "hikvision"
    assert result.relationship == "subsidiary"
