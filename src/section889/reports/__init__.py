"""Reports: write screening results as CSV, JSON or XLSX (atomically), run records and diffs."""

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

_WHERE = {
    "DIFF_COLUMNS": "section889.reports.screen_diff",
    "FORMULA_PREFIXES": "section889.files",
    "OUTPUT_TYPES": "section889.reports.tables",
    "TableWriter": "section889.reports.tables",
    "check_output_path": "section889.reports.tables",
    "neutralise": "section889.files",
    "open_table": "section889.reports.tables",
    "record_path_for": "section889.reports.run_record",
    "restore": "section889.files",
    "write_diff": "section889.reports.screen_diff",
    "write_run_record": "section889.reports.run_record",
}

__all__ = [
    "DIFF_COLUMNS",
    "FORMULA_PREFIXES",
    "OUTPUT_TYPES",
    "TableWriter",
    "check_output_path",
    "neutralise",
    "open_table",
    "record_path_for",
    "restore",
    "write_diff",
    "write_run_record",
]

if TYPE_CHECKING:
    from section889.files import FORMULA_PREFIXES, neutralise, restore
    from section889.reports.run_record import record_path_for, write_run_record
    from section889.reports.screen_diff import DIFF_COLUMNS, write_diff
    from section889.reports.tables import OUTPUT_TYPES, TableWriter, check_output_path, open_table

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
