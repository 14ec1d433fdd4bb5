"""Every PDF prints Chinese, Japanese and Korean names as written (embedded Noto Sans CJK subset)."""

from __future__ import annotations

import csv
from pathlib import Path

from pypdf import PdfReader
from typer.testing import CliRunner

from section889.cli.main import app
from section889.reports.pdf_document import CJK_FONT, RecordPdf, pdf_text, text_runs

FONTS = Path(__file__).parents[2] / "src" / "section889" / "reports" / "fonts"
NAMES = ("华为技术有限公司", "華為技術有限公司", "株式会社日立製作所", "삼성전자 주식회사")
runner = CliRunner()


def text_of(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def fonts_of(path: Path) -> set[str]:
    found = set()
    for page in PdfReader(path).pages:
        for font in page["/Resources"]["/Font"].values():
            found.add(str(font.get_object()["/BaseFont"]))
    return found


def test_a_record_prints_cjk_names_and_keeps_helvetica_for_latin(tmp_path: Path) -> None:
    pdf = RecordPdf("names", "test")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    for name in NAMES:
        pdf.text_line(f"Supplier: {name} (Zoë → ok)")
    out = tmp_path / "names.pdf"
    pdf.output(str(out))
    text = text_of(out)
    for name in NAMES:
        assert f"Supplier: {name} (Zoë -> ok)" in text
    fonts = fonts_of(out)
    assert "/Helvetica" in fonts
    assert any(f.endswith("+NotoSansCJKSC") for f in fonts), fonts


def test_latin_only_records_embed_no_font(tmp_path: Path) -> None:
    pdf = RecordPdf("latin", "test")
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.text_line("Hytera Mobilfunk GmbH — Bad Münstereifel")
    out = tmp_path / "latin.pdf"
    pdf.output(str(out))
    assert fonts_of(out) == {"/Helvetica"}
    assert "Bad Münstereifel" in PdfReader(out).pages[0].extract_text()
    assert out.stat().st_size < 5_000


def test_runs_split_by_font_and_unknown_characters_become_question_marks() -> None:
    assert text_runs("华为 ✓ Ltd", {ord("华"), ord("为")}) == [
        (True, "华为"),
        (False, " ? Ltd"),
    ]
    assert pdf_text("Łódź — 华为") == "Lódz - ??"


def test_inventory_inquiry_record_pdf_prints_a_chinese_manufacturer(tmp_path: Path) -> None:
    inventory = tmp_path / "cmdb.csv"
    with inventory.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Hostname", "MAC Address", "Manufacturer", "Model", "Site"])
        writer.writerow(
            ["核心交换机-01", "00:1E:10:4A:22:01", "华为技术有限公司", "S5720-28X-SI-AC", "東京"]
        )
    out = tmp_path / "assets.csv"
    result = runner.invoke(
        app, ["screen", "inventory", str(inventory), "--out", str(out), "--as-of", "2025-06-01"]
    )
    assert result.exit_code == 0, result.output
    text = text_of(tmp_path / "assets.inquiry.pdf")
    assert "华为技术有限公司" in text
    assert "核心交换机-01" in text
    assert "?" * 4 not in text


def test_the_font_ships_with_its_licence_and_stays_small() -> None:
    font = FONTS / CJK_FONT
    assert font.stat().st_size < 3 * 2**20
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence
    assert "scripts/subset_cjk_font.py" in (FONTS / "SOURCES.md").read_text(encoding="utf-8")


def test_long_lines_wrap_inside_the_margins_and_lose_no_word(tmp_path: Path) -> None:
    """Latin lines are wrapped at spaces (a path longer than a line is cut), every line fits
    between the margins, and the words read back in order."""
    pdf = RecordPdf("wrap", "tests")
    pdf.add_page()
    pdf.set_font("helvetica", size=9)
    words = [f"asset-{n:04d}" for n in range(300)]
    path = "/" + "/".join(f"folder{n}" for n in range(40)) + "/inventory.csv"
    width = pdf.w - pdf.l_margin - pdf.r_margin
    lines = pdf.wrap(" ".join(words) + " " + path, width)
    assert len(lines) > 10
    assert all(pdf.get_string_width(line) <= width + 1e-6 for line in lines)
    assert " ".join(lines[:-1]).split()[:300] == words
    assert "".join(lines).endswith(path[-40:])
    assert pdf.wrap("", width) == [""] and pdf.wrap("a\nb", width) == ["a", "b"]
    for text in (" ".join(words), path):
        pdf.text_line(text)
    out = tmp_path / "wrap.pdf"
    pdf.output(str(out))
    read = text_of(out).split()
    assert read[:300] == words
