"""FollowTheMoney export (validated by the `followthemoney` library) and import parsing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from followthemoney import model

from section889.errors import InputError
from section889.knowledge import IdScheme, KnowledgeBase, load_directory
from section889.knowledge.ftm import FTM_SCHEMATA, export_kb, organization, read_lines

FIXTURE = Path(__file__).parents[1] / "fixtures" / "kb_minimal"


@pytest.fixture(scope="module")
def shipped() -> KnowledgeBase:
    return load_directory()


@pytest.fixture(scope="module")
def minimal() -> KnowledgeBase:
    return load_directory(FIXTURE)


def _strictly_valid(data: dict[str, Any]) -> None:
    """Every property exists on the schema and survives FtM's own cleaning unchanged."""
    schema = model.get(data["schema"])
    assert schema is not None, data["schema"]
    unknown = set(data["properties"]) - set(schema.properties)
    assert not unknown, f"{data['id']}: {schema.name} has no properties {unknown}"
    proxy = model.get_proxy(data, cleaned=False)
    assert proxy.id == data["id"]
    for prop, values in data["properties"].items():
        assert sorted(proxy.get(prop)) == sorted(values), f"{data['id']}.{prop} was altered"


@pytest.mark.parametrize("which", ["shipped", "minimal"])
def test_every_exported_line_is_valid_ftm(which: str, request: pytest.FixtureRequest) -> None:
    kb: KnowledgeBase = request.getfixturevalue(which)
    lines = [json.dumps(e, ensure_ascii=False) for e in export_kb(kb)]
    assert lines
    for line in lines:
        _strictly_valid(json.loads(line))


def test_divestment_dates_survive_in_ownership_end_date(shipped: KnowledgeBase) -> None:
    by_id = {e["id"]: e for e in export_kb(shipped)}
    honor = by_id["s889-own-honor"]
    assert honor["schema"] == "Ownership"
    assert honor["properties"]["owner"] == ["s889-huawei"]
    assert honor["properties"]["asset"] == ["s889-honor"]
    assert honor["properties"]["endDate"] == [shipped.parties["honor"].until.text]  # type: ignore[union-attr]
    assert honor["properties"]["endDate"] == ["2020-11-17"]


def test_month_precision_dates_stay_month_precision(minimal: KnowledgeBase) -> None:
    by_id = {e["id"]: e for e in export_kb(minimal)}
    assert by_id["s889-own-xfusion"]["properties"]["endDate"] == ["2021-11"]
    sepura = by_id["s889-own-sepura"]["properties"]
    assert (sepura["startDate"], sepura["endDate"]) == (["2017-05-25"], ["2022-07"])


def test_affiliates_and_brands_are_unknown_links(minimal: KnowledgeBase) -> None:
    by_id = {e["id"]: e for e in export_kb(minimal)}
    assert by_id["s889-link-nubia"]["schema"] == "UnknownLink"
    assert by_id["s889-link-nubia"]["properties"]["role"] == ["affiliate"]
    assert by_id["s889-imou"]["schema"] == "Organization"  # a brand is no legal person
    assert by_id["s889-link-imou"]["properties"]["subject"] == ["s889-dahua"]


def test_links_point_at_exported_entities_and_ids_are_stable(shipped: KnowledgeBase) -> None:
    first = list(export_kb(shipped))
    assert first == list(export_kb(shipped))
    ids = [e["id"] for e in first]
    assert len(ids) == len(set(ids))
    for entity in first:
        props = entity["properties"]
        for ref in ("owner", "asset", "subject", "object"):
            for target in props.get(ref, []):
                assert target in ids
    assert {f"s889-{pid}" for pid in shipped.parties} <= set(ids)


def test_party_identifiers_and_names_map_to_ftm_properties(minimal: KnowledgeBase) -> None:
    zte = next(e for e in export_kb(minimal) if e["id"] == "s889-zte")["properties"]
    assert zte["ticker"] == ["000063"]
    assert zte["isinCode"] == ["CNE000000TK5"]
    assert "ZTE" in zte["alias"] and "中兴通讯股份有限公司" in zte["alias"]
    assert zte["previousName"] == ["Zhongxing Telecommunication Equipment Corporation"]
    assert zte["country"] == ["cn"]


def test_lookalikes_are_companies_marked_not_covered_and_never_linked(
    minimal: KnowledgeBase,
) -> None:
    entities = list(export_kb(minimal))
    h3c = next(e for e in entities if e["id"] == "s889-lookalike-h3c")
    assert h3c["schema"] == "Company"
    assert "NOT covered" in h3c["properties"]["notes"][0]
    assert h3c["properties"]["alias"] == ["H3C Technologies Co."]
    linked = {t for e in entities for k in ("asset", "object") for t in e["properties"].get(k, [])}
    assert "s889-lookalike-h3c" not in linked


def test_schema_list_matches_the_followthemoney_model() -> None:
    assert set(model.schemata) == FTM_SCHEMATA


def test_export_reads_back_as_organizations(minimal: KnowledgeBase) -> None:
    exported = list(export_kb(minimal))
    parsed = list(read_lines([json.dumps(e) for e in exported], path="export.json"))
    orgs = {data["id"]: organization(data, line=n, path="export.json") for n, data in parsed}
    zte = orgs["s889-zte"]
    assert zte is not None and zte.name == "ZTE Corporation"
    assert (IdScheme.TICKER, "000063") in zte.identifiers
    assert zte.previous_names == ("Zhongxing Telecommunication Equipment Corporation",)
    assert zte.source.startswith("section889")
    links = {e["id"] for e in exported if e["schema"] in ("Ownership", "UnknownLink")}
    assert {i for i, org in orgs.items() if org is None} == links


def test_import_keeps_names_aliases_and_ids_of_an_opensanctions_entity() -> None:
    line = json.dumps({
        "id": "NK-abc", "schema": "LegalEntity", "datasets": ["us_trade_csl"],
        "properties": {
            "name": ["Huawei Technologies Japan K.K."], "alias": ["Huawei Japan"],
            "leiCode": ["353800ABCDEFGHIJKL12"], "country": ["jp"],
            "sourceUrl": ["https://www.trade.gov/consolidated-screening-list"],
        },
    })  # fmt: skip
    [(number, data)] = list(read_lines(["", line], path="/tmp/csl.json"))
    org = organization(data, line=number, path="/tmp/csl.json")
    assert org is not None
    assert number == 2
    assert org.aliases == ("Huawei Japan",)
    assert org.identifiers == ((IdScheme.LEI, "353800ABCDEFGHIJKL12"),)
    assert org.countries == ("JP",)
    assert org.source == "us_trade_csl https://www.trade.gov/consolidated-screening-list"


def test_imported_entity_without_dataset_is_sourced_to_the_file() -> None:
    data = {"id": "x", "schema": "Company", "properties": {"name": ["ZTE Deutschland GmbH"]}}
    org = organization(data, line=1, path="/home/me/downloads/zte.ftm.json")
    assert org is not None and org.source == "zte.ftm.json"


def test_people_and_sanctions_are_not_organizations() -> None:
    person = {"id": "p", "schema": "Person", "properties": {"name": ["Ren Zhengfei"]}}
    assert organization(person, line=1, path="f") is None


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("{not json", "line 2: not JSON"),
        ('{"id": "x", "properties": {}}', "line 2: entity has no schema"),
        ('{"id": "x", "schema": "Spaceship"}', "line 2: unknown FollowTheMoney schema 'Spaceship'"),
        ('{"id": "x", "schema": "Company", "properties": {"name": "ZTE"}}', "line 2: 'properties'"),
        ("[1, 2]", "line 2: not a JSON object"),
    ],
)
def test_bad_lines_name_the_file_and_line(line: str, message: str) -> None:
    good = '{"id": "a", "schema": "Company", "properties": {"name": ["ZTE Corporation"]}}'
    with pytest.raises(InputError) as err:
        list(read_lines([good, line], path="csl.json"))
    assert str(err.value).startswith("csl.json: ")
    assert message in str(err.value)


def test_organization_without_a_name_is_refused() -> None:
    with pytest.raises(InputError, match="line 7: Company entity has no name"):
        organization({"id": "x", "schema": "Company", "properties": {}}, line=7, path="f.json")
