"""SAM Entity API v3 records → 52.204-26 status, registration, exclusion and selectable."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from section889.errors import InputError
from section889.readers.sam_entities import read_sam_entities
from section889.readers.source import Source
from section889.sam import SamEntity, SamStatus, sam_entity_from_json

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"
RESPONSE = FIXTURES / "entities_api_response.json"
AS_OF = dt.date(2021, 7, 1)


def by_uei(entities: list[SamEntity]) -> dict[str, SamEntity]:
    return {e.uei: e for e in entities}


def records() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(RESPONSE.read_text(encoding="utf-8"))["entityData"]
    return data


def test_every_status_from_the_api_response() -> None:
    entities = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))
    assert {uei: e.status.value for uei, e in entities.items()} == {
        "ZQGGHJH74DW7": "compliant",
        "JH9ZARNKWKC7": "compliant",
        "PRVD00000001": "provides",
        "USES00000002": "uses",
        "BOTH00000003": "provides_and_uses",
        "OLDF00000004": "outdated_far",
        "NREP00000005": "no_reps",
        "UNSP00000006": "unspecified",
        "EXPD00000007": "compliant",
        "G6XJYD71J617": "compliant",
    }
    assert [uei for uei, e in entities.items() if e.selectable] == ["ZQGGHJH74DW7"]


def test_compliant_entity_fields_and_plain_reasons() -> None:
    ibm = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))["ZQGGHJH74DW7"]
    assert ibm.name == "INTERNATIONAL BUSINESS MACHINES CORPORATION"
    assert (ibm.cage, ibm.purpose_of_registration) == ("855J5", "Z2")
    assert ibm.expiration_date == dt.date(2021, 8, 10)
    assert (ibm.c1_provides, ibm.c2_uses) == ("does_not", "does_not")
    assert (ibm.registration_active, ibm.excluded, ibm.selectable) == (True, False, True)
    assert ibm.far_provision_date == "OCT 2020"
    assert ibm.source == "entities_api_response.json"
    assert (
        "represented in SAM that it does not use covered telecommunications equipment or "
        "services (52.204-26(c)(2))"
    ) in ibm.reasons
    assert not any("verified" in r.lower() for r in ibm.reasons)


def test_missing_exclusion_flag_counts_as_excluded() -> None:
    union = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))["JH9ZARNKWKC7"]
    assert union.exclusion_flag is None
    assert (union.excluded, union.selectable) == (True, False)
    assert any("no exclusion flag" in r for r in union.reasons)


def test_exclusion_flag_y_is_excluded() -> None:
    remediation = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))["G6XJYD71J617"]
    assert (remediation.exclusion_flag, remediation.excluded) == ("Y", True)
    assert not remediation.selectable


def test_expiry_is_judged_on_the_as_of_date() -> None:
    ibm = records()[0]
    assert sam_entity_from_json(ibm, as_of=dt.date(2021, 8, 10)).registration_active
    later = sam_entity_from_json(ibm, as_of=dt.date(2021, 8, 11))
    assert (later.registration_active, later.selectable) == (False, False)
    assert any("expired on 2021-08-10" in r for r in later.reasons)


def test_inactive_registration_status_is_not_active() -> None:
    record = copy.deepcopy(records()[0])
    record["entityRegistration"]["registrationStatus"] = "Inactive"
    entity = sam_entity_from_json(record, as_of=AS_OF)
    assert (entity.registration_active, entity.selectable) == (False, False)


def test_outdated_far_keeps_the_c1_answer_and_says_c2_is_missing() -> None:
    old = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))["OLDF00000004"]
    assert (old.c1_provides, old.c2_uses, old.far_provision_date) == ("does_not", None, "DEC 2019")
    assert "SAM shows no answer to 52.204-26(c)(2)" in old.reasons


def test_outdated_far_wins_over_provides_like_the_gsa_tool() -> None:
    record = copy.deepcopy(records()[5])  # c.1 only
    record["repsAndCerts"]["certifications"]["fARResponses"][1]["listOfAnswers"][0][
        "answerText"
    ] = "Yes"
    entity = sam_entity_from_json(record, as_of=AS_OF)
    assert entity.status is SamStatus.OUTDATED_FAR
    assert entity.c1_provides == "does"


def test_answer_that_is_neither_yes_nor_no_is_reported() -> None:
    record = copy.deepcopy(records()[0])
    record["repsAndCerts"]["certifications"]["fARResponses"][1]["listOfAnswers"][1][
        "answerText"
    ] = "N/A"
    entity = sam_entity_from_json(record, as_of=AS_OF)
    assert entity.status is SamStatus.UNSPECIFIED
    assert "SAM shows the answer 'N/A' to 52.204-26(c)(2), which is neither Yes nor No" in (
        entity.reasons
    )


def test_other_provisions_only_means_no_reps() -> None:
    record = copy.deepcopy(records()[0])
    del record["repsAndCerts"]["certifications"]["fARResponses"][1]
    assert sam_entity_from_json(record, as_of=AS_OF).status is SamStatus.NO_REPS


def test_accepts_a_list_a_single_record_and_json_lines(tmp_path: Path) -> None:
    data = records()
    as_list = tmp_path / "list.json"
    as_list.write_text(json.dumps(data[:3]), encoding="utf-8")
    single = tmp_path / "one.json"
    single.write_text(json.dumps(data[2]), encoding="utf-8")
    lines = tmp_path / "many.jsonl"
    lines.write_text("\n".join(json.dumps(r) for r in data[:4]) + "\n", encoding="utf-8")
    assert [e.uei for e in read_sam_entities(as_list, as_of=AS_OF)] == [
        "ZQGGHJH74DW7", "JH9ZARNKWKC7", "PRVD00000001",
    ]  # fmt: skip
    assert [e.status.value for e in read_sam_entities(single, as_of=AS_OF)] == ["provides"]
    assert [e.status.value for e in read_sam_entities(lines, as_of=AS_OF)] == [
        "compliant", "compliant", "provides", "uses",
    ]  # fmt: skip


def test_missing_uei_names_the_field_path(tmp_path: Path) -> None:
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    del data["entityData"][2]["entityRegistration"]["ueiSAM"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_sam_entities(bad)
    assert "bad.json" in str(caught.value)
    assert "entityData[2].entityRegistration.ueiSAM: missing (required)" in str(caught.value)


def test_wrong_type_names_the_field_path(tmp_path: Path) -> None:
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    data["entityData"][1]["repsAndCerts"]["certifications"]["fARResponses"] = {"x": 1}
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(InputError, match=r"entityData\[1\]\.repsAndCerts\.certifications"
                       r"\.fARResponses: expected a list, found an object"):  # fmt: skip
        read_sam_entities(bad)


def test_bad_date_names_the_field_path() -> None:
    record = copy.deepcopy(records()[0])
    record["entityRegistration"]["registrationExpirationDate"] = "soon"
    with pytest.raises(InputError, match=r"entityData\[4\]\.entityRegistration"
                       r"\.registrationExpirationDate: not a date"):  # fmt: skip
        sam_entity_from_json(record, "entityData[4]")


def test_the_official_doc_fragment_is_refused_as_invalid_json() -> None:
    with pytest.raises(InputError, match="not valid JSON") as caught:
        read_sam_entities(FIXTURES / "entity_api_v3_doc_example_fragment.txt")
    assert "entity_api_v3_doc_example_fragment.txt" in str(caught.value)


def test_non_object_entry_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"entityData": [{"entityRegistration": {"ueiSAM": "A"}}, 7]}', "utf-8")
    with pytest.raises(InputError, match=r"entityData\[1\]: expected an entity object"):
        read_sam_entities(bad)
    with pytest.raises(InputError, match="file not found"):
        read_sam_entities(tmp_path / "nope.json")


def test_as_row_has_yes_no_cells() -> None:
    row = by_uei(read_sam_entities(RESPONSE, as_of=AS_OF))["USES00000002"].as_row()
    assert (row["status"], row["selectable"], row["c2_uses"]) == ("uses", "no", "does")


def test_an_upload_reads_like_the_file() -> None:
    upload = Source.from_bytes(RESPONSE.read_bytes(), name="entities.json")
    from_file = read_sam_entities(RESPONSE, as_of=AS_OF)
    from_upload = read_sam_entities(upload, as_of=AS_OF)
    assert [e.as_json() | {"source": ""} for e in from_upload] == [
        e.as_json() | {"source": ""} for e in from_file
    ]
    assert {e.source for e in from_upload} == {"entities.json"}
