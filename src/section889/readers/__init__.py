"""Readers: one module per input format, streaming, row numbers kept.

`open_vendor_list` reads supplier lists (CSV, XLSX, JSON lines); `load_adjudications` reads earlier
adjudications; `read_screen_output` reads back what `screen vendors` wrote, for `screen diff`.
"""

from section889.readers.adjudications import (
    Adjudication,
    AdjudicationBook,
    AdjudicationKind,
    load_adjudications,
)
from section889.readers.screen_output import OutputRow, read_screen_output
from section889.readers.vendor_list import MAX_NAME_CHARS, VendorList, VendorRow, open_vendor_list

__all__ = [
    "MAX_NAME_CHARS",
    "Adjudication",
    "AdjudicationBook",
    "AdjudicationKind",
    "OutputRow",
    "VendorList",
    "VendorRow",
    "load_adjudications",
    "open_vendor_list",
    "read_screen_output",
]
