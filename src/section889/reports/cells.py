"""Make cell text safe for spreadsheets, and undo it when reading our own outputs back."""

from __future__ import annotations

from collections.abc import Sequence

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these may run as a formula in Excel, LibreOffice or Sheets."""


def neutralise(cells: Sequence[object]) -> list[object]:
    """Prefix an apostrophe to text cells a spreadsheet would take for a formula (CSV injection).

    >>> neutralise(["=HYPERLINK(\\"http://x\\")", "-1", "Acme", 0.5, None])
    ['\\'=HYPERLINK("http://x")', "'-1", 'Acme', 0.5, None]
    """
    return [
        "'" + cell if cell.__class__ is str and cell.startswith(FORMULA_PREFIXES) else cell
        for cell in cells
    ]


def restore(text: str) -> str:
    """Undo `neutralise` on one cell read back from a CSV or XLSX output.

    >>> restore("'=SUM(A1)"), restore("'t Hooft BV")
    ('=SUM(A1)', "'t Hooft BV")
    """
    if text[:1] == "'" and text[1:2] and text[1:].startswith(FORMULA_PREFIXES):
        return text[1:]
    return text
