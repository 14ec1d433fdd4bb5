"""The decide engine, the procurement schema and the `decide` / `rules` commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from section889.cli.main import app
from section889.errors import InputError
from section889.rules.engine import decide
from section889.rules.inputs import parse_procurement, procurement_schema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = ROOT / "docs" / "procurement.schema.json"
RUNNER = CliRunner()

ROUTER = {
    "action": {"type": "award", "date": "2019-10-01"},
    "agency": {"name": "General Services Administration"},
    "question": "part_a",
    "items": [
        {"producer": "Huawei", "kind": "telecom_equipment", "role": "substantial_or_essential"}
    ],
}


def test_schema_file_is_current() -> None:
    generated = json.dumps(procurement_schema(), indent=2, ensure_ascii=False) + "\n"
    assert SCHEMA.read_text(encoding="utf-8") == generated


def test_invalid_input_names_field_path() -> None:
    bad = {**ROUTER, "items": [{"producer": "x", "kind": "gadget"}]}
    with pytest.raises(InputError, match=r"items\[0\]\.kind"):
        parse_procurement(bad)
    with pytest.raises(InputError, match=r"action\.date"):
        parse_procurement({**ROUTER, "action": {"type": "award"}})
    with pytest.raises(InputError, match="surprise"):
        parse_procurement({**ROUTER, "surprise": 1})


def test_decision_id_is_deterministic_and_depends_on_pack() -> None:
    proc = parse_procurement(ROUTER)
    first = decide(proc, as_of=None)
    again = decide(proc, as_of=None)
    strict = decide(proc, policy="strict", as_of=None)
    assert first.decision_id == again.decision_id
    assert len(first.decision_id) == 64
    assert strict.decision_id != first.decision_id
    assert json.loads(first.to_json())["outcome"] == "prohibited"


def test_unknown_pack_is_input_error() -> None:
    with pytest.raises(InputError, match="unknown pack"):
        decide(parse_procurement(ROUTER), policy="nope")


def test_cli_decide_text_and_json(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    path.write_text(json.dumps(ROUTER), encoding="utf-8")
    text = RUNNER.invoke(app, ["decide", str(path)])
    assert text.exit_code == 0, text.output
    assert "PROHIBITED" in text.output and "4.2102" in text.output
    out = RUNNER.invoke(app, ["decide", str(path), "--format", "json", "--as-of", "2024-01-01"])
    data = json.loads(out.output)
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
    law = json.loads(RUNNER.invoke(app, ["decide", str(path), "--format", "json"]).output)
    strict = RUNNER.invoke(app, ["decide", str(path), "--format", "json", "--policy", "strict"])
    assert law["outcome"] == "permitted_by_waiver"
    assert json.loads(strict.output)["outcome"] == "prohibited"


def test_cli_decide_jsonl_bulk(tmp_path: Path) -> None:
    path = tmp_path / "many.jsonl"
    later = {**ROUTER, "action": {"type": "award", "date": "2019-07-01"}}
    path.write_text(json.dumps(ROUTER) + "\n" + json.dumps(later) + "\n", encoding="utf-8")
    out = RUNNER.invoke(app, ["decide", str(path), "--format", "json"])
    lines = out.output.strip().splitlines()
    assert [json.loads(line)["outcome"] for line in lines] == ["prohibited", "not_yet_effective"]


def test_cli_invalid_input_exit_2_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(
        "action: {type: award}\nagency: {name: GSA}\nitems: [{producer: x, kind: gadget}]\n",
        encoding="utf-8",
    )
    proc = subprocess.run(
        [sys.executable, "-m", "section889", "decide", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "items[0].kind" in proc.stderr and "action.date" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_cli_rules_commands() -> None:
    packs = RUNNER.invoke(app, ["rules", "packs"])
    assert packs.exit_code == 0
    for pack in ("current-law", "strict", "dni-waiver-2020-dod", "dod-exemption-proposal-2024"):
        assert pack in packs.output
    assert "NOT ENACTED" in packs.output
    show = RUNNER.invoke(app, ["rules", "show", "current-law"])
    assert (
        "waiver.agency_head" in show.output
        and "https://www.acquisition.gov/far/4.2104" in show.output
    )
    run = RUNNER.invoke(app, ["rules", "test"])
    assert run.exit_code == 0, run.output
    assert "cases passed" in run.output


def test_speed() -> None:
    import time

    proc = parse_procurement(ROUTER)
    decide(proc)
    start = time.perf_counter()
    for _ in range(2000):
        decide(proc)
    assert 2000 / (time.perf_counter() - start) > 5000
