"""Reports: write screening results as CSV, JSON or XLSX (atomically), run records and diffs."""

from section889.files import FORMULA_PREFIXES, neutralise, restore
from section889.reports.run_record import record_path_for, write_run_record
from section889.reports.screen_diff import DIFF_COLUMNS, write_diff
from section889.reports.tables import OUTPUT_TYPES, TableWriter, check_output_path, open_table

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
