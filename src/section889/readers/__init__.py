"""Readers: one module per input format, streaming, row numbers kept.

`open_vendor_list` reads supplier lists (CSV, XLSX, JSON lines); `load_adjudications` reads earlier
adjudications; `read_screen_output` reads back what `screen vendors` wrote, for `screen diff`.
"""

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

_WHERE = {
    "Adjudication": "section889.readers.adjudications",
    "AdjudicationBook": "section889.readers.adjudications",
    "AdjudicationKind": "section889.readers.adjudications",
    "MAX_NAME_CHARS": "section889.readers.vendor_list",
    "OutputRow": "section889.readers.screen_output",
    "VendorList": "section889.readers.vendor_list",
    "VendorRow": "section889.readers.vendor_list",
    "load_adjudications": "section889.readers.adjudications",
    "open_vendor_list": "section889.readers.vendor_list",
    "read_screen_output": "section889.readers.screen_output",
}

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

if TYPE_CHECKING:
    from section889.readers.adjudications import (
        Adjudication,
        AdjudicationBook,
        AdjudicationKind,
        load_adjudications,
    )
    from section889.readers.screen_output import OutputRow, read_screen_output
    from section889.readers.vendor_list import (
        MAX_NAME_CHARS,
        VendorList,
        VendorRow,
        open_vendor_list,
    )

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
