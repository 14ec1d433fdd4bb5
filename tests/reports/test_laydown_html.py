"""The HTML laydown: one self-contained file, untrusted strings escaped, every table present."""

from __future__ import annotations

import re
from html.parser import HTMLParser
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
    # One inline script (filter and sort), nothing loaded from anywhere.
    assert re.findall(r"<script\b[^>]*>", html, re.IGNORECASE) == [
        '<script id="laydown-table-script">'
    ]
    assert not re.search(r"<(link|img|iframe)\b", html, re.IGNORECASE)
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


class AssetTable(HTMLParser):
    """The laydown's asset table: header cells and, per row, the evidence list items."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[dict[str, str | None]] = []
        self.rows: list[list[str]] = []
        self.labels: dict[str, str] = {}
        self._in_table = self._in_li = self._in_label = False
        self._cell = 0
        self._label_for: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "table" and found.get("id") == "asset-table":
            self._in_table = True
        elif self._in_table and tag == "th":
            self.headers.append(found)
        elif self._in_table and tag == "tr" and "asset" in (found.get("class") or ""):
            self.rows.append([])
            self._cell = 0
        elif self._in_table and tag == "td":
            self._cell += 1
        elif self._in_table and tag == "li" and self._cell == 9:
            self._in_li = True
            self.rows[-1].append("")
        elif tag == "label":
            self._label_for = found.get("for")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_table = False
        elif tag == "li":
            self._in_li = False
        elif tag == "label":
            self._label_for = None

    def handle_data(self, data: str) -> None:
        if self._in_li:
            self.rows[-1][-1] += data
        if self._label_for:
            self.labels[self._label_for] = self.labels.get(self._label_for, "") + data


def test_asset_table_has_a_labelled_filter_and_sortable_headers(tmp_path: Path) -> None:
    html = laydown(
        tmp_path, EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv"
    )
    table = AssetTable()
    table.feed(html)
    assert table.labels["asset-filter"] == "Filter assets"
    assert 'id="asset-filter" type="search"' in html
    assert len(table.headers) == 11
    assert all(h["aria-sort"] == "none" and h["scope"] == "col" for h in table.headers)
    assert html.count('<th scope="col" aria-sort="none"><button type="button"') == 11
    assert len(table.rows) == 4  # three covered, one possible


def test_each_assets_evidence_is_said_once_in_plain_words(tmp_path: Path) -> None:
    html = laydown(
        tmp_path, EXAMPLES / "cmdb.csv", EXAMPLES / "scan.xml", EXAMPLES / "purchases.csv"
    )
    table = AssetTable()
    table.feed(html)
    evidence = [" ".join(item.split()) for row in table.rows for item in row]
    assert evidence
    for row in table.rows:
        assert len(row) == len(set(row)), row  # the MAC read from the CMDB and the scan: once
    for internal in ("patterns.csv", "oui.csv", "knowledge base ", "\\b", "[^", "→", "mac_oui"):
        assert not any(internal in item for item in evidence), internal
    assert (
        "MAC 00:1E:10:4A:22:01 is registered to HUAWEI TECHNOLOGIES CO.,LTD (IEEE MA-L 00:1E:10), "
        "that is Huawei Technologies Co., Ltd." in evidence
    )
    assert "model S5720-28X-SI-AC is a Huawei campus switch (S5720…/S6720…)" in evidence
