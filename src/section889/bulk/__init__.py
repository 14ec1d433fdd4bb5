"""Vectorised inventory screening on DuckDB: the devices core once per distinct value.

`sources` reads the CMDB, nmap-derived and purchase CSVs into one table, `keys` and `assets` group
rows into assets exactly as `devices.merge.merge_records` does, `distinct` asks the devices core
about each signal's distinct values, and `screen` decides and writes. See docs/bulk.md.
"""

from section889.bulk.screen import BulkSummary, screen_inventory_bulk

__all__ = ["BulkSummary", "screen_inventory_bulk"]
