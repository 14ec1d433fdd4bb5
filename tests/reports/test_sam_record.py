"""What entities represented in SAM, written out: the one-page PDF record, CSV and JSON."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from section889.errors import InputError
from section889.readers.sam_entities import read_sam_entities
from section889.reports.sam_record import NOT_VERIFICATION, write_record_pdf, write_sam_check
from section889.sam import ROW_FIELDS

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"


def text_of(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(path).pages]


def test_one_page_per_entity_with_the_represented_answers(tmp_path: Path) -> None:
    entities = read_sam_entities(FIXTURES / "entities_api_response.json", as_of=dt.date(2021, 7, 1))
    out = tmp_path / "reps.pdf"
    write_record_pdf(out, entities[:3], produced=dt.date(2021, 7, 2)).commit()
    pages = text_of(out)
    assert len(pages) == 3
    ibm = pages[0]
    assert "INTERNATIONAL BUSINESS MACHINES CORPORATION" in ibm
    assert "ZQGGHJH74DW7" in ibm and "855J5" in ibm
    assert " ".join(NOT_VERIFICATION.split()) in ibm
    assert "represents that it DOES NOT provide covered telecommunications" in ibm
    assert "represents that it DOES NOT use covered telecommunications" in ibm
    assert "compliant" in ibm and "2021-08-10" in ibm
    assert "entities_api_response.json" in ibm and "2021-07-02" in ibm
    assert "represents that it DOES provide" in pages[2]


def test_names_outside_latin1_are_printed_as_written(tmp_path: Path) -> None:
    entity = read_sam_entities(FIXTURES / "entities_api_response.json")[0]
    odd = type(entity)(**{**entity.__dict__, "name": "Zoë — 华为技术有限公司 Ltd"})
    out = tmp_path / "odd.pdf"
    write_record_pdf(out, [odd]).commit()
    assert "Zoë - 华为技术有限公司 Ltd" in text_of(out)[0]


def test_csv_and_json_tables_say_the_same_per_entity(tmp_path: Path) -> None:
    entities = read_sam_entities(FIXTURES / "entities_api_response.json", as_of=dt.date(2021, 7, 1))
    as_csv = write_sam_check(tmp_path / "reps.csv", entities)
    as_json = write_sam_check(tmp_path / "reps.json", entities)
    with as_csv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == list(ROW_FIELDS)
    objects = json.loads(as_json.read_text(encoding="utf-8"))
    assert [r["uei"] for r in rows] == [o["uei"] for o in objects] == [e.uei for e in entities]
    assert [r["status"] for r in rows] == [o["status"] for o in objects]
    assert objects[0]["reasons"] == list(entities[0].reasons)  # JSON keeps lists and booleans
    assert isinstance(objects[0]["selectable"], bool)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reps.csv", "reps.json"]


def test_other_output_types_are_refused_before_writing(tmp_path: Path) -> None:
    entities = read_sam_entities(FIXTURES / "entities_api_response.json")
    with pytest.raises(InputError, match=r"--out must end in \.csv, \.json or \.pdf"):
        write_sam_check(tmp_path / "reps.txt", entities)
    assert list(tmp_path.iterdir()) == []
