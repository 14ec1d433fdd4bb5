"""Vectorised inventory screening: the devices core once per distinct value, on DuckDB.

`plan` names what a run computes (from `devices.signals.SIGNALS`), `kernels` are the core's calls
over Arrow batches, and `duckdb/` runs them: it reads the CMDB, nmap-derived and purchase CSVs
into one table, groups rows into assets exactly as `devices.merge.merge_records` does, asks the
core about each signal's distinct values, decides and writes. See docs/bulk.md.
"""

from section889.bulk.duckdb.run import PHASES, screen_inventory_bulk
from section889.bulk.inputs import BulkFile, BulkInputError, BulkResult, BulkSummary

__all__ = [
    "PHASES",
    "BulkFile",
    "BulkInputError",
    "BulkResult",
    "BulkSummary",
    "screen_inventory_bulk",
]
