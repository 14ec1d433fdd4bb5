"""The DuckDB engine of `bulk`: session, sources, keys, assets, signals, findings, write, run."""
