"""The HTML laydown: one self-contained file, untrusted strings escaped, every table present."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from section889.cli.main import app

EXAMPLES = Path(__file__).parents[2] / "examples" / "inventory"
runner = CliRunner()


def laydown(tmp_path: Path, *inputs: Path) -> str:
    out = tmp_path / "laydown.html"
    result = runner.invoke(
        app,
        ["screen", "inventory", *map(str, inputs), "--out", str(out), "--as-of", "2025-06-01"],
    )
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_laydown_is_self_contained_with_tables_and_svg_charts(tmp_path: Path) -> None:
    html = laydown(
        tmp_path, EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv"
    )
    assert not re.search(r"<(script|link|img|iframe)\b", html, re.IGNORECASE)
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.IGNORECASE)
    assert "@import" not in html and "url(" not in html
    assert "<svg" in html and "<rect" in html
    for table in ("by-site", "by-entity", "by-category", "by-model"):
        assert f'id="{table}"' in html
    assert "Hangzhou Hikvision Digital Technology Co., Ltd." in html  # by entity
    assert "Huawei S5720-28X-SI-AC" in html  # by model
    assert "Warehouse" in html and "Annex" in html  # by site
    # sources searched: every file with its format and sha256; knowledge base and as-of date
    for name in ("cmdb.csv", "scan.xml", "purchases.csv"):
        assert name in html
    assert re.search(r"<code>[0-9a-f]{64}</code>", html)
    assert "facts as of" in html and "2025-06-01" in html


def test_untrusted_strings_are_escaped(tmp_path: Path) -> None:
    source = tmp_path / "cmdb.csv"
    source.write_text(
        "Hostname,IP Address,MAC Address,Site,Manufacturer,Model\n"
        "<script>alert(1)</script>,10.0.0.5,00:1E:10:00:00:05,<b>HQ</b>,Huawei,S5720-28X-SI-AC\n",
        encoding="utf-8",
    )
    html = laydown(tmp_path, source)
    assert "<script>" not in html and "<b>HQ</b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;b&gt;HQ&lt;/b&gt;" in html
