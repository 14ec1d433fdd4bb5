"""`section889 sam check` and `section889 sam snapshot` through the real CLI."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from section889.cli.main import app
from section889.settings import Settings

runner = CliRunner()
FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"
RESPONSE = FIXTURES / "entities_api_response.json"


def check(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "section889", "sam", "check", *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_check_json_lists_one_object_per_entity(tmp_path: Path) -> None:
    out = tmp_path / "reps.json"
    result = runner.invoke(
        app, ["sam", "check", str(RESPONSE), "--out", str(out), "--as-of", "2021-07-01"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data) == 10
    for key in ("uei", "name", "status", "registration_active", "excluded", "selectable"):
        assert all(key in item for item in data), key
    first = data[0]
    assert (first["uei"], first["status"], first["selectable"]) == (
        "ZQGGHJH74DW7",
        "compliant",
        True,
    )
    assert {item["status"] for item in data} == {
        "compliant", "provides", "uses", "provides_and_uses", "outdated_far", "no_reps",
        "unspecified",
    }  # fmt: skip
    assert "selectable 1" in result.output
    assert f"wrote {out}" in result.output


def test_check_as_of_later_makes_registrations_inactive(tmp_path: Path) -> None:
    out = tmp_path / "reps.json"
    result = runner.invoke(
        app, ["sam", "check", str(RESPONSE), "--out", str(out), "--as-of", "2021-09-01"]
    )
    assert result.exit_code == 0, result.output
    data = {d["uei"]: d for d in json.loads(out.read_text(encoding="utf-8"))}
    assert data["ZQGGHJH74DW7"]["registration_active"] is False
    assert data["ZQGGHJH74DW7"]["selectable"] is False
    assert data["JH9ZARNKWKC7"]["registration_active"] is True  # expires 2022-03-03


def test_check_csv_neutralises_formulas(tmp_path: Path) -> None:
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    data["entityData"][0]["entityRegistration"]["legalBusinessName"] = '=HYPERLINK("x")'
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "reps.csv"
    result = runner.invoke(
        app, ["sam", "check", str(source), "-o", str(out), "--as-of", "2021-07-01"]
    )
    assert result.exit_code == 0, result.output
    with out.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows[0]["name"] == '\'=HYPERLINK("x")'
    assert [r["status"] for r in rows][:3] == ["compliant", "compliant", "provides"]
    assert rows[0]["selectable"] == "yes"


def test_check_without_out_prints_a_table() -> None:
    result = runner.invoke(
        app, ["sam", "check", str(RESPONSE), "--as-of", "2021-07-01"], env={"COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert "ZQGGHJH74DW7" in result.output
    assert "provides_and_uses" in result.output
    assert "not verification of compliance" in result.output
    assert "verified compliant" not in result.output.lower()


def test_check_pdf_writes_one_page_per_entity(tmp_path: Path) -> None:
    out = tmp_path / "reps.pdf"
    result = runner.invoke(app, ["sam", "check", str(RESPONSE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    reader = PdfReader(out)
    assert len(reader.pages) == 10
    text = " ".join((reader.pages[9].extract_text() or "").split())
    assert "USA REMEDIATION SERVICES, INC" in text
    assert "it is not verification of compliance" in text


def test_missing_field_names_file_and_path_and_exits_2(tmp_path: Path) -> None:
    data = json.loads(RESPONSE.read_text(encoding="utf-8"))
    del data["entityData"][2]["entityRegistration"]["ueiSAM"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "reps.json"
    done = check(str(bad), "--out", str(out))
    assert done.returncode == 2
    assert "bad.json" in done.stderr
    assert "entityData[2].entityRegistration.ueiSAM" in done.stderr
    assert "Traceback" not in done.stderr
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temp file left


def test_malformed_json_exits_2_without_traceback() -> None:
    done = check(str(FIXTURES / "entity_api_v3_doc_example_fragment.txt"))
    assert done.returncode == 2
    assert "entity_api_v3_doc_example_fragment.txt: not valid JSON" in done.stderr
    assert "Traceback" not in done.stderr


def test_unknown_output_suffix_is_refused(tmp_path: Path) -> None:
    done = check(str(RESPONSE), "--out", str(tmp_path / "reps.xlsx"))
    assert done.returncode == 2
    assert "--out must end in .csv, .json or .pdf" in done.stderr
    assert not (tmp_path / "reps.xlsx").exists()


def test_snapshot_command_builds_a_dated_snapshot() -> None:
    result = runner.invoke(
        app,
        ["sam", "snapshot", "--entities", str(FIXTURES / "entity_extract_public.dat"),
         "--exclusions", str(FIXTURES / "exclusions_sample_csv_response.csv"),
         "--as-of", "2024-06-01"],
        env={"COLUMNS": "200"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (Settings().data_dir / "sam" / "snapshot-2024-06-01.sqlite").is_file()
    assert "SAM snapshot of 2024-06-01" in result.output
    assert "entities: entity_extract_public.dat — 3 row(s)" in result.output
    assert "exclusions: exclusions_sample_csv_response.csv — 1 row(s)" in result.output


def test_snapshot_needs_an_input() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "section889", "sam", "snapshot", "--as-of", "2024-06-01"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert "--entities" in done.stderr


def test_help_has_an_example() -> None:
    result = runner.invoke(app, ["sam", "check", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "section889 sam check entities.json --out reps.csv" in result.output


def test_every_sam_status_has_a_terminal_style() -> None:
    from section889.cli.sam import STATUS_STYLE
    from section889.sam import SamStatus

    assert set(STATUS_STYLE) == {s.value for s in SamStatus}
