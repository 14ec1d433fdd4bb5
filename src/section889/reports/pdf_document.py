"""What every section889 PDF shares: Latin text in Helvetica, CJK names in an embedded Noto font,
A4 record pages numbered in the footer, headings and wrapped lines.

Latin text keeps the PDF core font Helvetica (as before: `pdf_text` spells arrows and dashes and
folds accents it cannot show). A character Helvetica lacks but the shipped subset of Noto Sans CJK
SC has (Chinese, Japanese, Korean; see `fonts/SOURCES.md`) is printed in that font, so
华为技术有限公司 reads as itself instead of `?`. fpdf2 embeds only the glyphs a document uses; the
font is loaded the first time a document needs it. No font is fetched at run time.
"""

from __future__ import annotations

import re
import unicodedata
from importlib import resources
from typing import cast

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

CJK_FAMILY = "notosanscjk"
CJK_FONT = "NotoSansCJKsc-Regular-subset.woff"
"""The shipped font file (in `section889/reports/fonts/`), with its licence beside it."""

_PDF_ASCII = {
    "→": "->", "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"',
    "Ł": "L", "ł": "l", "Đ": "D", "đ": "d", "ı": "i", "Œ": "OE", "œ": "oe",
}  # fmt: skip


def _latin(char: str) -> str | None:
    """`char` as Helvetica (Latin-1) can show it, or None when it cannot."""
    plain = _PDF_ASCII.get(char)
    if plain is not None:
        return plain
    if char.isascii() or ord(char) < 0x100:
        return char
    folded = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if folded and all(ord(c) < 0x100 for c in folded):
        return folded
    return None


def pdf_text(text: str) -> str:
    """Text the PDF core fonts (Latin-1) can show: arrows and dashes spelled, the rest folded.

    >>> pdf_text("Łódź → Zürich — ok")
    'Lódz -> Zürich - ok'
    """
    return "".join(_latin(c) or "?" for c in text)


def text_runs(text: str, cjk: frozenset[int] | set[int]) -> list[tuple[bool, str]]:
    """`text` cut into (in the CJK font?, text) runs; what neither font has becomes `?`.

    >>> text_runs("Huawei 华为 → ok", {ord("华"), ord("为")})
    [(False, 'Huawei '), (True, '华为'), (False, ' -> ok')]
    """
    runs: list[tuple[bool, str]] = []
    for char in text:
        latin = _latin(char)
        in_cjk = latin is None and ord(char) in cjk
        piece = char if in_cjk else (latin or "?")
        if runs and runs[-1][0] == in_cjk:
            runs[-1] = (in_cjk, runs[-1][1] + piece)
        else:
            runs.append((in_cjk, piece))
    return runs


def needs_cjk(text: str) -> bool:
    """Whether some character of `text` is beyond what Helvetica can show (even folded)."""
    return any(_latin(c) is None for c in text)


class UnicodePdf(FPDF):
    """An fpdf2 document whose text methods print CJK characters in the embedded Noto font."""

    def __init__(self, format: str = "A4") -> None:
        super().__init__(format=format)
        self._cjk: frozenset[int] | None = None

    def cjk_characters(self) -> frozenset[int]:
        """Code points the embedded CJK font has (the font is added to the document on first use)."""
        if self._cjk is None:
            font = resources.files("section889.reports") / "fonts" / CJK_FONT
            with resources.as_file(font) as path:
                self.add_font(CJK_FAMILY, fname=str(path))
            self._cjk = frozenset(self.fonts[CJK_FAMILY].cmap)  # type: ignore[union-attr]
        return self._cjk

    def text_line(self, text: str, height: float = 5, link: str = "") -> None:
        """Wrapped text from the current position; the next line starts at the left margin.

        Latin-only text is wrapped here, at spaces (a word wider than the line is cut), one
        `cell` a line: fpdf2's `multi_cell` measures the line again for each character, which made
        a record of thousands of lines take seconds. Text with CJK characters is written run by
        run, each in its font, wrapped at the same margins.
        """
        if not needs_cjk(text):
            start = self.get_x()
            if self.w - self.r_margin - start < 10:  # no room left on this line: start a new one
                self.ln(height)
                start = self.get_x()
            width = self.w - self.r_margin - start
            for line in self.wrap(pdf_text(text), width):
                self.set_x(start)
                self.cell(width, height, line, new_x=XPos.LMARGIN, new_y=YPos.NEXT, link=link)
            return
        cjk = self.cjk_characters()
        family, style, size = self.font_family, self.font_style, self.font_size_pt
        margin = self.l_margin
        self.set_left_margin(self.get_x())  # wrapped lines keep the indent, as in a multi_cell
        try:
            for in_cjk, run in text_runs(text, cjk):
                if in_cjk:
                    self.set_font(CJK_FAMILY, "", size)
                else:
                    self.set_font(family, style, size)
                self.write(height, run, link=link, wrapmode=WrapMode.CHAR)
        finally:
            self.set_font(family, style, size)
            self.set_left_margin(margin)
        self.ln(height)

    def wrap(self, text: str, width: float) -> list[str]:
        """`text` (in the current core font) as lines no wider than `width`: broken at spaces and
        newlines, a word wider than a line cut where it must be; an empty text is one line."""
        # a core font's widths per character, in 1/1000 of the size (what fpdf2 sums itself)
        widths = cast("dict[str, int]", self.current_font.cw)  # type: ignore[union-attr]
        scale = self.font_size_pt * 0.001 / self.k

        def measure(piece: str) -> float:
            return sum(widths.get(c, 500) for c in piece) * scale

        def fitting(word: str) -> int:
            """How many leading characters of `word` fit in `width` (at least one)."""
            run = 0.0
            for count, char in enumerate(word):
                run += widths.get(char, 500) * scale
                if run > width:
                    return max(count, 1)
            return len(word)

        lines: list[str] = []
        for paragraph in text.split("\n"):
            line, used = "", 0.0
            for token in _TOKENS.findall(paragraph):
                size = measure(token)
                if used + size <= width:
                    line, used = line + token, used + size
                    continue
                if line.strip():
                    lines.append(line.rstrip())
                line, used = ("", 0.0) if token.isspace() else (token, size)
                while line and used > width:
                    cut = fitting(line)
                    lines.append(line[:cut])
                    line = line[cut:]
                    used = measure(line)
            lines.append(line.rstrip())
        return lines


_TOKENS = re.compile(r"\s+|\S+")


class RecordPdf(UnicodePdf):
    """An A4 record whose footer reads `<footer_text()> - page N/M`."""

    def __init__(self, title: str, creator: str) -> None:
        super().__init__(format="A4")
        self.set_title(title)
        self.set_creator(creator)
        self.set_auto_page_break(auto=True, margin=15)
        self.alias_nb_pages()

    def footer_text(self) -> str:
        """What the footer says before the page number."""
        return ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.cell(0, 6, pdf_text(f"{self.footer_text()} - page {self.page_no()}/{{nb}}"), align="C")

    def _heading(self, text: str) -> None:
        self.ln(3)
        self.set_font("helvetica", "B", 12)
        self._line(text, height=7)
        self.set_font("helvetica", size=9)

    def _line(self, text: str, height: float = 5, link: str = "") -> None:
        self.text_line(text, height, link)
