"""`decide --format html|pdf`: the contracting officer's determination memo (reports/determination_memo.py)."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result
from pypdf import PdfReader
from typer.testing import CliRunner

from section889.cli.main import app
from section889.reports import determination_memo

RUNNER = CliRunner()
Cli = Callable[[list[str]], Result]
RunCli = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli() -> Cli:
    """`section889 ARGS` in-process (the root callback builds its runtime)."""
    return lambda args: RUNNER.invoke(app, args)


S09: dict[str, Any] = {
    # worked-scenarios.yaml S09: DLA food award; vendor uses Huawei phones and Hikvision cameras
    "action": {
        "type": "award",
        "date": "2020-11-15",
        "psc": "8905",
        "weapon_system_related": False,
    },
    "agency": {"name": "Defense Logistics Agency", "dod": True},
    "question": "part_b",
    "items": [
        {
            "producer": "Huawei",
            "kind": "telecom_equipment",
            "role": "substantial_or_essential",
            "description": "phones",
        },
        {
            "producer": "Hikvision",
            "kind": "video_surveillance_equipment",
            "purpose": "government_facility_security",
            "role": "substantial_or_essential",
        },
    ],
}
S12: dict[str, Any] = {
    # worked-scenarios.yaml S12: SAM shows (c)(1) does not and (c)(2) does
    "action": {"type": "award", "date": "2023-03-01"},
    "agency": {"name": "General Services Administration"},
    "offeror": {
        "name": "User Co",
        "representations": {"c1_provides": "does_not", "c2_uses": "does"},
    },
}
X01: dict[str, Any] = {
    # dod-exemption-proposal-2024.yaml X01, decided under the NOT ENACTED pack
    "agency": {"name": "Department of the Army", "dod": True},
    "action": {"type": "award", "date": "2025-03-01", "psc": "6505", "place_of_performance": "KEN"},
    "question": "part_b",
    "items": [
        {"producer": "Huawei", "kind": "telecom_equipment", "role": "substantial_or_essential"}
    ],
    "waivers": [
        {
            "id": "SECDEF-1",
            "grantor": "secdef",
            "grantee": "Department of Defense",
            "part": "b",
            "start": "2025-01-01",
            "national_security_interest_finding": True,
            "finding": {"by": "Secretary of Defense", "date": "2025-01-01", "text": "nsi"},
        }
    ],
}


def _write(tmp_path: Path, data: dict[str, Any], name: str = "proc.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def _json(cli: Cli, path: Path, *extra: str) -> dict[str, Any]:
    result = cli(["decide", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.stdout
    out: dict[str, Any] = json.loads(result.stdout)
    return out


def test_html_memo(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, S09)
    expected = _json(cli, path, "--as-of", "2026-07-01")
    result = cli(["decide", str(path), "--format", "html", "--as-of", "2026-07-01"])
    assert result.exit_code == 0, result.stdout
    html = result.stdout
    assert html.startswith("<!DOCTYPE html>")
    assert "Section 889 determination" in html
    assert f"Outcome: {expected['outcome'].upper()}" in html
    assert expected["decision_id"] in html
    for reason in expected["reasons"]:
        assert reason["rule_id"] in html
        assert f'<a href="{reason["citation"]["url"]}"' in html
    for action in expected["required_actions"]:
        assert action["id"] in html
    assert "Defense Logistics Agency" in html and "phones" in html
    assert expected["kb_version"] in html and expected["policy"]["version"] in html
    assert "NOT ENACTED" not in html
    assert "<script" not in html and "http-equiv" not in html and "<link" not in html
    assert list(tmp_path.iterdir()) == [path]


def test_html_escapes_producer_and_writes_out(tmp_path: Path, cli: Cli) -> None:
    evil = "<script>alert(1)</script>"
    data = {**S09, "offeror": {"name": evil}}
    data["items"] = [{**S09["items"][0], "producer": evil}]
    path = _write(tmp_path, data)
    out = tmp_path / "memo.html"
    result = cli(["decide", str(path), "--format", "html", "--out", str(out)])
    assert result.exit_code == 0, result.stdout
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.html", "proc.yaml"]


def test_html_not_enacted_banner_and_sam_sentence(tmp_path: Path, cli: Cli) -> None:
    x01 = _write(tmp_path, X01, "x01.yaml")
    policy = ["--policy", "dod-exemption-proposal-2024"]
    html = cli(["decide", str(x01), "--format", "html", *policy]).stdout
    assert 'id="not-enacted"' in html
    law = cli(["decide", str(x01), "--format", "html"]).stdout
    assert 'id="not-enacted"' not in law
    assert "not verified compliance" not in law
    s12 = _write(tmp_path, S12, "s12.yaml")
    html = cli(["decide", str(s12), "--format", "html"]).stdout
    assert "SAM data shows what the entity represented, not verified compliance" in html


def test_pdf_memo(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, S09)
    expected = _json(cli, path, "--as-of", "2026-07-01")
    out = tmp_path / "memo.pdf"
    args = ["decide", str(path), "--format", "pdf", "--out", str(out), "--as-of", "2026-07-01"]
    result = cli(args)
    assert result.exit_code == 0, result.stdout
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "Section 889 determination" in text
    assert f"Outcome: {expected['outcome'].upper()}" in text
    assert expected["decision_id"] in text
    assert expected["required_actions"]
    for action in expected["required_actions"]:
        assert action["id"] in text
    for rule_id in {r["rule_id"] for r in expected["reasons"]}:
        assert rule_id in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.pdf", "proc.yaml"]


def test_pdf_not_enacted_and_unicode_names(tmp_path: Path, cli: Cli) -> None:
    data = {**X01, "offeror": {"name": "Łódź → Ünïcode — 华为技术有限公司"}}
    path = _write(tmp_path, data)
    out = tmp_path / "memo.pdf"
    args = ["decide", str(path), "--format", "pdf", "--out", str(out)]
    result = cli([*args, "--policy", "dod-exemption-proposal-2024"])
    assert result.exit_code == 0, result.stdout
    text = "\n".join(page.extract_text() for page in PdfReader(out).pages)
    assert "NOT ENACTED" in text
    # Accents Helvetica has stay, Ł is folded, the Chinese name is printed in the embedded font.
    assert "Lódz -> Ünïcode - 华为技术有限公司" in text


def test_pdf_needs_out(tmp_path: Path, run_cli: RunCli) -> None:
    path = _write(tmp_path, S09)
    done = run_cli("decide", path, "--format", "pdf")
    assert done.returncode == 2
    assert "--format pdf needs --out FILE" in done.stderr
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_memo_refuses_jsonl(tmp_path: Path, fmt: str, run_cli: RunCli) -> None:
    path = tmp_path / "many.jsonl"
    path.write_text(json.dumps(S09) + "\n" + json.dumps(S12) + "\n", encoding="utf-8")
    out = tmp_path / f"memo.{fmt}"
    done = run_cli("decide", path, "--format", fmt, "--out", out)
    assert done.returncode == 2
    assert "a .jsonl file holds many" in done.stderr
    assert list(tmp_path.iterdir()) == [path]


def test_out_only_with_memo_formats(tmp_path: Path, run_cli: RunCli) -> None:
    path = _write(tmp_path, S09)
    out = tmp_path / "x.txt"
    done = run_cli("decide", path, "--out", out)
    assert done.returncode == 2
    assert "--out is only for --format html or pdf" in done.stderr
    assert list(tmp_path.iterdir()) == [path]


def test_failed_pdf_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    path = _write(tmp_path, S09)
    out = tmp_path / "memo.pdf"
    out.write_bytes(b"previous memo")

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(determination_memo._MemoPdf, "output", boom)
    result = cli(["decide", str(path), "--format", "pdf", "--out", str(out)])
    assert result.exit_code != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memo.pdf", "proc.yaml"]
    assert out.read_bytes() == b"previous memo"


def test_text_and_json_unchanged(tmp_path: Path, cli: Cli) -> None:
    path = _write(tmp_path, S09)
    text = cli(["decide", str(path)])
    assert text.exit_code == 0 and text.stdout.startswith("Outcome: REVIEW")
    assert _json(cli, path)["outcome"] == "review"
