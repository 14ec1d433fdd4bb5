"""What every section889 PDF record shares: Latin-1-safe text, A4 pages numbered in the footer,
headings and wrapped lines (fpdf2 core fonts)."""

from __future__ import annotations

import unicodedata

from fpdf import FPDF
from fpdf.enums import WrapMode, XPos, YPos

_PDF_ASCII = {"→": "->", "—": "-", "–": "-", "…": "...", "‘": "'", "’": "'"}


def pdf_text(text: str) -> str:
    """Text the PDF core fonts (Latin-1) can show: arrows and dashes spelled, the rest folded."""
    for char, plain in _PDF_ASCII.items():
        text = text.replace(char, plain)
    folded = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in folded if not unicodedata.combining(c))
    return kept.encode("latin-1", "replace").decode("latin-1")


class RecordPdf(FPDF):
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
        self.multi_cell(
            0, height, pdf_text(text), new_x=XPos.LMARGIN, new_y=YPos.NEXT,
            wrapmode=WrapMode.CHAR, link=link,
        )  # fmt: skip
