"""Storage: what section889 keeps between runs (installed knowledge-base packs and import layers,
the dated local SAM snapshot; later the SQL store of the workflow and its audit trail). Services
call it; the core never does."""
