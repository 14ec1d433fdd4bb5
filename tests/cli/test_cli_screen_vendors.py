"""`section889 screen vendors`, run through the real CLI (Typer's CliRunner) on real files."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from section889.cli.main import app

EXAMPLE = Path(__file__).parents[2] / "examples" / "vendors.csv"
runner = CliRunner()
WIDE = {"COLUMNS": "200"}


def screen(*args: str | Path) -> tuple[int, str]:
    result = runner.invoke(app, ["screen", "vendors", *map(str, args)], env=WIDE)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.output


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_list(tmp_path: Path, *names: str, header: str = "vendor_name") -> Path:
    path = tmp_path / "list.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([header])
        writer.writerows([n] for n in names)
    return path


@pytest.mark.parametrize("words", [["screen"], ["screen", "vendors"], ["screen", "diff"]])
def test_every_command_has_help_with_an_example(words: list[str]) -> None:
    result = runner.invoke(app, [*words, "--help"], env=WIDE)
    assert result.exit_code == 0
    assert "Example" in result.output and "section889 screen" in result.output


def test_example_list_prints_the_hits_and_a_summary(tmp_path: Path) -> None:
    code, output = screen(EXAMPLE)
    assert code == 0
    assert "HUAWEI TECHNOLOGIES CO., LTD" in output and "covered" in output
    assert "Honor Device Co., Ltd." in output and "former_affiliate" in output
    assert "New H3C Technologies" not in output  # a look-alike is clear, so not listed
    assert "Screened 64 row(s)" in output
    assert "covered 17 · former affiliates 6 · possible 1 · clear 39 · invalid 1" in output
    assert "row 13: empty name in column 'vendor_name'" in output
    assert "facts as of " in output


def test_csv_output_and_run_record(tmp_path: Path) -> None:
    out = tmp_path / "screened.csv"
    code, output = screen(EXAMPLE, "--out", out)
    assert code == 0
    rows = read_csv(out)
    assert len(rows) == 64 and rows[0]["row"] == "1"
    assert rows[0]["input_name"] == "SARAS AMERICA INC." and rows[0]["status"] == "clear"
    record = json.loads(out.with_name("screened.csv.run.json").read_text())
    assert record["counts"]["covered"] == 17 and record["rows"] == 64
    assert record["command"] == f"section889 screen vendors {EXAMPLE} --out {out}"
    assert f"wrote {out}" in output
    assert "HUAWEI" not in output  # with --out the hits go to the file, the terminal gets a summary


def test_json_and_xlsx_outputs_hold_the_same_rows(tmp_path: Path) -> None:
    assert screen(EXAMPLE, "--out", tmp_path / "s.json")[0] == 0
    assert screen(EXAMPLE, "--out", tmp_path / "s.xlsx")[0] == 0
    as_json = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    sheet = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True).active
    assert sheet is not None
    grid = list(sheet.iter_rows(values_only=True))
    assert list(grid[0]) == list(as_json[0])
    assert [(r["row"], r["input_name"], r["status"]) for r in as_json] == [
        (r[0], r[1] or "", r[2]) for r in grid[1:]
    ]
    assert (tmp_path / "s.xlsx.run.json").exists() and (tmp_path / "s.json.run.json").exists()


def test_formula_names_are_defused_in_csv_and_xlsx(tmp_path: Path) -> None:
    source = write_list(tmp_path, "=cmd|' /C calc'!A0", "@SUM(1+1)*cmd", "ZTE USA INC")
    screen(source, "--out", tmp_path / "o.csv")
    screen(source, "--out", tmp_path / "o.xlsx")
    assert [r["input_name"] for r in read_csv(tmp_path / "o.csv")][:2] == [
        "'=cmd|' /C calc'!A0",
        "'@SUM(1+1)*cmd",
    ]
    sheet = openpyxl.load_workbook(tmp_path / "o.xlsx").active
    assert sheet is not None
    assert sheet["B2"].value == "'=cmd|' /C calc'!A0" and sheet["B2"].data_type == "s"


@pytest.mark.parametrize(
    ("names", "fail_on", "code"),
    [
        (["ZTE USA INC", "Acme Plumbing LLC"], "covered", 1),
        (["Hikvison USA", "Acme Plumbing LLC"], "covered", 0),
        (["Hikvison USA", "Acme Plumbing LLC"], "possible", 1),
        (["Honor Device Co., Ltd.", "Acme Plumbing LLC"], "possible", 0),
        (["Acme Plumbing LLC"], "possible", 0),
    ],
)
def test_fail_on(tmp_path: Path, names: list[str], fail_on: str, code: int) -> None:
    assert screen(write_list(tmp_path, *names), "--fail-on", fail_on)[0] == code


def test_as_of_decides_whether_a_divested_unit_was_covered(tmp_path: Path) -> None:
    source = write_list(tmp_path, "Honor Device Co., Ltd.")
    screen(source, "--out", tmp_path / "then.csv", "--as-of", "2019-06-01")
    screen(source, "--out", tmp_path / "now.csv")
    assert read_csv(tmp_path / "then.csv")[0]["status"] == "covered"
    assert read_csv(tmp_path / "now.csv")[0]["status"] == "former_affiliate"
    record = json.loads((tmp_path / "then.csv.run.json").read_text())
    assert record["as_of"] == "2019-06-01"


def test_threshold_drops_weak_matches(tmp_path: Path) -> None:
    source = write_list(tmp_path, "Huawey Technologies")
    screen(source, "--out", tmp_path / "default.csv")
    screen(source, "--out", tmp_path / "strict.csv", "--threshold", "0.95")
    assert read_csv(tmp_path / "default.csv")[0]["status"] == "possible"
    assert read_csv(tmp_path / "strict.csv")[0]["status"] == "clear"


def test_id_column_is_copied_to_the_output_before_fact_ref(tmp_path: Path) -> None:
    source = tmp_path / "v.csv"
    source.write_text("Supplier,Ticker Symbol,city\nAcme Holdings,002415.SZ,Hangzhou\n")
    screen(source, "--id-column", "Ticker Symbol", "--out", tmp_path / "o.csv")
    row = read_csv(tmp_path / "o.csv")[0]
    assert list(row)[-2:] == ["Ticker Symbol", "fact_ref"]
    assert (row["status"], row["entity_id"], row["Ticker Symbol"]) == (
        "covered",
        "hikvision",
        "002415.SZ",
    )


def test_decisions_are_applied_and_flagged_when_the_fact_changed(tmp_path: Path) -> None:
    source = write_list(
        tmp_path, "Prama India Private Limited", "Hikvison USA", "Huawey Technologies"
    )
    screen(source, "--out", tmp_path / "first.csv")
    first = {r["input_name"]: r for r in read_csv(tmp_path / "first.csv")}
    assert {r["status"] for r in first.values()} == {"possible"}
    decisions = tmp_path / "decisions.csv"
    decisions.write_text(
        "input_name,decision,decided_by,decided_on,reason,fact_ref\n"
        f"Prama India Private Limited,not_a_match,j.doe,2025-03-01,distributor,"
        f"{first['Prama India Private Limited']['fact_ref']}\n"
        "Hikvison USA,not_a_match,j.doe,2025-03-01,typo of a reseller,hikvision-usa#000000\n"
        f"huawey technologies,confirmed,a.lee,2025-04-02,same firm,"
        f"{first['Huawey Technologies']['fact_ref']}\n"
    )
    code, output = screen(
        source, "--out", tmp_path / "second.csv", "--decisions", decisions, "--fail-on", "possible"
    )
    rows = {r["input_name"]: r for r in read_csv(tmp_path / "second.csv")}
    assert list(next(iter(rows.values())))[-5:] == [
        "decision", "decided_by", "decided_on", "decision_note", "fact_ref",
    ]  # fmt: skip
    prama = rows["Prama India Private Limited"]
    assert (prama["status"], prama["decision"], prama["decision_note"]) == (
        "clear",
        "not_a_match",
        "distributor",
    )
    stale = rows["Hikvison USA"]
    assert (stale["status"], stale["decision"]) == ("possible", "decision_stale")
    assert "hikvision-usa#000000" in stale["decision_note"]
    confirmed = rows["Huawey Technologies"]
    assert (confirmed["status"], confirmed["decision"], confirmed["decided_by"]) == (
        "covered",
        "confirmed",
        "a.lee",
    )
    assert code == 1  # a covered (confirmed) and a possible (stale) row remain
    assert "2 applied, 1 stale" in output
    record = json.loads((tmp_path / "second.csv.run.json").read_text())
    assert record["decisions"]["stale"] == 1 and record["decisions"]["applied"] == 2


def test_bad_decisions_file_stops_before_screening(tmp_path: Path) -> None:
    decisions = tmp_path / "d.csv"
    decisions.write_text(
        "input_name,decision,decided_by,decided_on,reason\nX,nope,a,2025-01-01,r\n"
    )
    result = runner.invoke(
        app,
        [
            "screen",
            "vendors",
            str(EXAMPLE),
            "--decisions",
            str(decisions),
            "-o",
            str(tmp_path / "o.csv"),
        ],
    )
    assert "row 1, field 'decision'" in str(result.exception)
    assert not (tmp_path / "o.csv").exists()


def test_no_progress_bar_when_stderr_is_not_a_terminal(tmp_path: Path) -> None:
    source = write_list(tmp_path, *(f"VENDOR {i} LLC" for i in range(12_000)))
    result = runner.invoke(app, ["screen", "vendors", str(source)], env=WIDE)
    assert result.exit_code == 0
    assert "screening" not in result.stderr and "━" not in result.stderr
    assert "clear 12,000" in result.output


def test_progress_bar_on_a_terminal_for_long_lists_only(tmp_path: Path) -> None:
    terminal = {**WIDE, "FORCE_COLOR": "1", "TTY_COMPATIBLE": "1"}
    long_list = write_list(tmp_path, *(f"VENDOR {i} LLC" for i in range(12_000)))
    result = runner.invoke(app, ["screen", "vendors", str(long_list)], env=terminal)
    assert result.exit_code == 0 and "screening" in result.stderr
    short_list = tmp_path / "short.csv"
    short_list.write_text("vendor\nZTE USA INC\n")
    result = runner.invoke(app, ["screen", "vendors", str(short_list)], env=terminal)
    assert result.exit_code == 0 and "screening" not in result.stderr


def test_warns_when_the_facts_are_older_than_the_configured_age(tmp_path: Path) -> None:
    names = write_list(tmp_path, "Acme Plumbing LLC")
    old = runner.invoke(
        app, ["screen", "vendors", str(names)], env={**WIDE, "SECTION889_KB_MAX_AGE_DAYS": "1"}
    )
    fresh = runner.invoke(
        app, ["screen", "vendors", str(names)], env={**WIDE, "SECTION889_KB_MAX_AGE_DAYS": "100000"}
    )
    assert old.exit_code == fresh.exit_code == 0
    assert "days old" in old.output and "kb update" in old.output
    assert "days old" not in fresh.output


def test_xlsx_output_says_what_it_rests_on(tmp_path: Path) -> None:
    assert screen(EXAMPLE, "--out", tmp_path / "s.xlsx", "--as-of", "2024-06-01")[0] == 0
    book = openpyxl.load_workbook(tmp_path / "s.xlsx", read_only=True)
    assert book.sheetnames == ["screened", "about"]
    about = dict(book["about"].iter_rows(values_only=True))
    assert str(about["knowledge base"]).startswith("facts as of ")
    assert about["as of"] == "2024-06-01"
    assert len(str(about["input sha256"])) == 64
