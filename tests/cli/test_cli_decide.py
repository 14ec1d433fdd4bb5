"""`section889 decide` and `section889 rules`: parse → service → render."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from section889.cli.main import app

RUNNER = CliRunner()
RunCli = Callable[..., subprocess.CompletedProcess[str]]

ROUTER: dict[str, Any] = {
    "action": {"type": "award", "date": "2019-10-01"},
    "agency": {"name": "General Services Administration"},
    "question": "part_a",
    "items": [
        {"producer": "Huawei", "kind": "telecom_equipment", "role": "substantial_or_essential"}
    ],
}


def test_cli_decide_text_and_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ROUTER), encoding="utf-8")
    text = RUNNER.invoke(app, ["decide", str(path)])
    assert text.exit_code == 0, text.stdout
    assert "PROHIBITED" in text.stdout and "4.2102" in text.stdout
    args = ["decide", str(path), "--format", "json", "--as-of", "2024-01-01"]
    data = json.loads(RUNNER.invoke(app, args).stdout)
    assert data["outcome"] == "prohibited" and data["as_of"] == "2024-01-01"


def test_cli_decide_yaml_and_policy(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(
        "action: {type: award, date: 2021-06-01}\nagency: {name: Department of State}\n"
        "question: part_b\nitems: [{producer: Huawei, kind: telecom_equipment, "
        "role: substantial_or_essential}]\nwaivers: [{id: D, grantor: dni, "
        "grantee: Department of State, part: b, start: 2021-01-01}]\n",
        encoding="utf-8",
    )
    law = RUNNER.invoke(app, ["decide", str(path), "--format", "json"])
    args = ["decide", str(path), "--format", "json", "--policy", "strict"]
    strict = RUNNER.invoke(app, args)
    assert json.loads(law.stdout)["outcome"] == "permitted_by_waiver"
    assert json.loads(strict.stdout)["outcome"] == "prohibited"


def test_cli_decide_jsonl_bulk(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    later = {**ROUTER, "action": {"type": "award", "date": "2019-07-01"}}
    path.write_text(json.dumps(ROUTER) + "\n\n" + json.dumps(later) + "\n", encoding="utf-8")
    for fmt in ("json", "jsonl"):
        out = RUNNER.invoke(app, ["decide", str(path), "--format", fmt])
        lines = out.stdout.strip().splitlines()
        outcomes = [json.loads(line)["outcome"] for line in lines]
        assert outcomes == ["prohibited", "not_yet_effective"]


def test_cli_jsonl_format_of_one_input_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ROUTER), encoding="utf-8")
    out = RUNNER.invoke(app, ["decide", str(path), "--format", "jsonl"])
    assert out.exit_code == 0, out.stdout
    (line,) = out.stdout.splitlines()
    assert json.loads(line)["outcome"] == "prohibited"


def test_cli_invalid_input_exit_2_no_traceback(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "action: {type: award}\nagency: {name: GSA}\nitems: [{producer: x, kind: gadget}]\n",
        encoding="utf-8",
    )
    done = run_cli("decide", path)
    assert done.returncode == 2
    assert "items[0].kind" in done.stderr and "action.date" in done.stderr
    assert "Traceback" not in done.stderr


def test_cli_bad_jsonl_line_is_exit_2_before_any_output(tmp_path: Path, run_cli: RunCli) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps(ROUTER) + "\n{not json\n", encoding="utf-8")
    done = run_cli("decide", path, "--format", "jsonl")
    assert done.returncode == 2
    assert "many.jsonl: line 2: not valid JSON" in done.stderr
    assert done.stdout == ""


def test_cli_rules_commands() -> None:
    packs = RUNNER.invoke(app, ["rules", "packs"])
    assert packs.exit_code == 0
    for pack in ("current-law", "strict", "dni-waiver-2020-dod", "dod-exemption-proposal-2024"):
        assert pack in packs.stdout
    assert "NOT ENACTED" in packs.stdout
    show = RUNNER.invoke(app, ["rules", "show", "current-law"])
    assert (
        "waiver.agency_head" in show.stdout
        and "https://www.acquisition.gov/far/4.2104" in show.stdout
    )
    assert "part_b from 2020-08-13" in show.stdout and "2021-08-13 (A)" in show.stdout
    run = RUNNER.invoke(app, ["rules", "test"])
    assert run.exit_code == 0, run.stdout
    assert "cases passed" in run.stdout


def test_cli_rules_test_reports_a_failing_case(tmp_path: Path) -> None:
    cases = tmp_path / "mine.yaml"
    cases.write_text(
        "cases:\n  - id: M1\n    title: wrong on purpose\n    input:\n"
        "      action: {type: award, date: 2019-10-01}\n"
        "      agency: {name: General Services Administration}\n"
        "      question: part_a\n"
        "      items: [{producer: Huawei, kind: telecom_equipment, "
        "role: substantial_or_essential}]\n"
        "    expect: {outcome: not_covered}\n",
        encoding="utf-8",
    )
    run = RUNNER.invoke(app, ["rules", "test", str(cases)])
    assert run.exit_code == 1
    assert "FAIL mine.yaml#M1 wrong on purpose: outcome prohibited != expected not_covered" in (
        run.stdout
    )
    assert "0/1 cases passed" in run.stdout
