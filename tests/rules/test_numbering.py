"""`decide --numbering far|part40`: citations in FAR or FAR Part 40 numbering."""

from __future__ import annotations

import csv
import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from section889.cli.main import app
from section889.rules.determination import Citation, Determination
from section889.rules.inputs import parse_procurement
from section889.rules.numbering import NOT_YET_KNOWN, renumber
from section889.rules.reference import DATA_DIR, load_reference
from section889.services.determinations import Decider

RUNNER = CliRunner()

ROUTER: dict[str, Any] = {
    "action": {"type": "award", "date": "2019-10-01"},
    "agency": {"name": "General Services Administration"},
    "question": "part_a",
    "items": [
        {"producer": "Huawei", "kind": "telecom_equipment", "role": "substantial_or_essential"}
    ],
}


REF = load_reference()


@pytest.fixture
def determination(decider: Decider) -> Determination:
    return decider.decide(parse_procurement(ROUTER))


def _with_statute(determination: Determination) -> Determination:
    """Put a statute citation and a CFR citation on the first two reasons."""
    statute = Citation("889(a)", "FY2019 NDAA §889(a)", "https://example.invalid/889")
    cfr = Citation("2 CFR 200.216", "2 CFR 200.216", "https://www.ecfr.gov/x")
    first, second, *rest = determination.reasons
    reasons = [replace(first, citation=statute), replace(second, citation=cfr), *rest]
    return replace(determination, reasons=reasons)


def test_far_numbering_is_the_default_and_unchanged(determination: Determination) -> None:
    assert renumber(determination, "far", reference=REF) is determination
    assert renumber(determination, "far", reference=REF).to_json() == determination.to_json()


def test_part40_without_a_number_adds_the_note(determination: Determination) -> None:
    renumbered = renumber(determination, "part40", reference=REF)
    assert renumbered.decision_id == determination.decision_id
    assert renumbered.outcome == determination.outcome
    far_reasons = [
        (before, after)
        for before, after in zip(determination.reasons, renumbered.reasons, strict=True)
        if before.citation.section.startswith("4.21")
    ]
    assert far_reasons
    for before, after in far_reasons:
        assert after.citation.text == before.citation.text + NOT_YET_KNOWN
        assert after.citation.url == before.citation.url
        assert after.citation.section == before.citation.section


def test_statute_and_cfr_citations_are_unchanged(determination: Determination) -> None:
    determination = _with_statute(determination)
    renumbered = renumber(determination, "part40", reference=REF)
    assert renumbered.reasons[0].citation == determination.reasons[0].citation
    assert renumbered.reasons[1].citation == determination.reasons[1].citation


def test_part40_number_is_shown_when_the_table_has_one(
    tmp_path: Path, determination: Determination
) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    path = data / "far_numbering.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
        fieldnames = list(rows[0])
    for row in rows:
        if row["far"] == "4.2102":
            row["part40"] = "40.202"
            row["confidence"] = "low"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fieldnames)
        writer.writeheader()
        writer.writerows(rows)
    reference = load_reference(data_dir=data)

    renumbered = renumber(determination, "part40", reference=reference)
    pairs = list(zip(determination.reasons, renumbered.reasons, strict=True))
    known = [(b, a) for b, a in pairs if b.citation.section.startswith("4.2102(")]
    assert known
    for before, after in known:
        assert after.citation.text.startswith("FAR 40.202(")
        assert before.citation.text in after.citation.text
        assert NOT_YET_KNOWN not in after.citation.text
    others = [(b, a) for b, a in pairs if b.citation.section.startswith("4.2101")]
    for before, after in others:
        assert after.citation.text == before.citation.text + NOT_YET_KNOWN


def test_cli_accepts_part40_and_rejects_others(tmp_path: Path) -> None:
    file = tmp_path / "procurement.json"
    file.write_text(json.dumps(ROUTER), encoding="utf-8")
    default = RUNNER.invoke(app, ["decide", str(file)])
    far = RUNNER.invoke(app, ["decide", str(file), "--numbering", "far"])
    assert default.exit_code == 0, default.stdout
    assert far.stdout == default.stdout
    assert NOT_YET_KNOWN not in default.stdout

    part40 = RUNNER.invoke(app, ["decide", str(file), "--numbering", "part40"])
    assert part40.exit_code == 0, part40.stdout
    assert NOT_YET_KNOWN in part40.stdout

    as_json = RUNNER.invoke(app, ["decide", str(file), "--format", "json", "--numbering", "part40"])
    assert as_json.exit_code == 0, as_json.stdout
    data = json.loads(as_json.stdout)
    assert any(NOT_YET_KNOWN in r["citation"]["text"] for r in data["reasons"])
    assert (
        data["decision_id"]
        == json.loads(RUNNER.invoke(app, ["decide", str(file), "--format", "json"]).stdout)[
            "decision_id"
        ]
    )

    html = RUNNER.invoke(app, ["decide", str(file), "--format", "html", "--numbering", "part40"])
    assert html.exit_code == 0, html.stdout
    assert "FAR Part 40 number not yet known" in html.stdout

    bad = RUNNER.invoke(app, ["decide", str(file), "--numbering", "foo"])
    assert bad.exit_code == 2
