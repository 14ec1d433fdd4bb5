"""The reasonable-inquiry record beside an inventory output: JSON and a PDF an auditor can file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from section889.cli.main import app
from section889.services.runtime import Runtime

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
INPUTS = [EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv"]
runner = CliRunner()


def run(tmp_path: Path) -> Path:
    out = tmp_path / "assets.csv"
    result = runner.invoke(
        app,
        [
            "screen",
            "inventory",
            *map(str, INPUTS),
            "--out",
            str(out),
            "--as-of",
            "2025-06-01",
            "--inquirer",
            "J. Smith, ISSO",
        ],
    )
    assert result.exit_code == 0, result.output
    return out


def test_json_record_names_sources_kb_inquirer_and_findings(
    tmp_path: Path, runtime: Runtime
) -> None:
    run(tmp_path)
    record = json.loads((tmp_path / "assets.inquiry.json").read_text(encoding="utf-8"))
    assert record["inquirer"] == "J. Smith, ISSO"
    assert record["as_of"] == "2025-06-01"
    assert record["started_at"].endswith("Z")
    assert record["knowledge_base"]["version"] == runtime.kb_label
    assert record["section889_version"]
    assert record["definition"]["cite"] == "FAR 4.2101"
    assert record["definition"]["text"].startswith("Reasonable inquiry means an inquiry")
    sources = {Path(s["path"]).name: s for s in record["sources"]}
    assert set(sources) == {"cmdb.csv", "scan.xml", "purchases.csv"}
    cmdb = sources["cmdb.csv"]
    assert cmdb["sha256"] == hashlib.sha256(INPUTS[0].read_bytes()).hexdigest()
    assert cmdb["format"] == "csv" and cmdb["records"] == 6
    assert sources["scan.xml"]["format"] == "nmap"
    assert record["counts"]["covered"] >= 2
    found = {f["hostname"]: f for f in record["found"]}
    assert found["core-sw-01"]["entity_id"] == "huawei"
    assert found["cam-lobby-01"]["entity_id"] == "hikvision"
    assert "sw-annex-01" not in found


def test_pdf_names_the_knowledge_base_the_sources_and_the_definition(
    tmp_path: Path, runtime: Runtime
) -> None:
    run(tmp_path)
    pdf = tmp_path / "assets.inquiry.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    text = " ".join(text.split())
    assert runtime.kb_label in text
    assert "J. Smith, ISSO" in text and "2025-06-01" in text
    for name in ("cmdb.csv", "scan.xml", "purchases.csv"):
        assert name in text
    assert hashlib.sha256(INPUTS[0].read_bytes()).hexdigest()[:40] in text
    assert "FAR 4.2101" in text and "excludes the need to include an internal" in text
    assert "core-sw-01" in text
