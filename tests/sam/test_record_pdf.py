"""The one-page PDF record of an entity's Section 889 representations."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pypdf import PdfReader

from section889.sam import read_sam_entities
from section889.sam.record_pdf import NOT_VERIFICATION, write_record_pdf

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
