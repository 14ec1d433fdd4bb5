"""The DuckDB session of a bulk run, and the moves between DuckDB and the core's kernels.

`session(beside, memory_limit)` opens the work database in a temp folder (beside the output, so
spill files land on the same disk), with the memory limit and the spill directory, and removes the
folder at the end. `through(con, sql, kernel, table)` is the engine's half of the kernel seam:
the rows of `sql` go to `kernel` in Arrow batches (`to_arrow_reader`), over worker processes if
asked, and the answers become `table`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from section889.bulk.kernels import Kernel
from section889.workers import SERIAL, Workers

BATCH_ROWS = 250_000
"""Distinct values converted to Python and asked about at a time."""
IN_MEMORY_BELOW = 256 << 20
"""Input bytes below which the work database is kept in memory (about 2.5 million rows)."""
PYTHON_PHASE_LIMIT = "256MB"
"""DuckDB's memory limit while the core works in Python (see `low_memory`)."""
ROW_JOIN_SETTING = "SET disabled_optimizers = 'build_side_probe_side'"
"""Joins of the wide `rows` to small answer tables, written with `rows` first, build their hash
tables on the small side as written. Left to itself the optimizer may build on `rows` and run out
of memory."""


@contextlib.contextmanager
def session(
    beside: Path | None, memory_limit: str, *, in_memory: bool = False
) -> Iterator[duckdb.DuckDBPyConnection]:
    """A connection to a fresh work database in a temp folder (beside `beside`, else the system's
    temp folder), which is removed, spill files and all, when the block ends. `in_memory`: the
    database lives in memory (spilling to the folder): quicker for small inputs, whose tables fit
    (`IN_MEMORY_BELOW`); a file keeps larger ones compressed."""
    if beside is not None:
        folder = beside.with_name(f".{beside.name}.{os.getpid()}.spill")
        folder.mkdir(parents=True, exist_ok=True)
    else:
        folder = Path(tempfile.mkdtemp(prefix="section889-bulk-"))
    try:
        con = duckdb.connect(":memory:" if in_memory else str(folder / "work.duckdb"))
        try:
            con.execute(f"SET memory_limit = {quote(memory_limit)}")
            con.execute(f"SET temp_directory = {quote(str(folder))}")
            con.execute("SET enable_progress_bar = false")
            con.execute("SET preserve_insertion_order = false")
            yield con
        finally:
            con.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def low_memory(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Hold DuckDB to `PYTHON_PHASE_LIMIT` for the block: a low limit makes it give back what it
    has cached, so its memory and Python's do not add up."""
    limit = first(con, "SELECT current_setting('memory_limit')")
    con.execute(f"SET memory_limit = '{PYTHON_PHASE_LIMIT}'")
    try:
        yield
    finally:
        if limit is not None:
            con.execute(f"SET memory_limit = {quote(str(limit[0]))}")


@contextlib.contextmanager
def row_joins(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Run the block's joins of `rows` to answer tables as written (`ROW_JOIN_SETTING`)."""
    con.execute(ROW_JOIN_SETTING)
    try:
        yield
    finally:
        con.execute("RESET disabled_optimizers")


@contextlib.contextmanager
def insertion_order(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """Keep rows in the order they are read for the block (a table's row ids are then its input
    order)."""
    before = first(con, "SELECT current_setting('preserve_insertion_order')")
    con.execute("SET preserve_insertion_order = true")
    try:
        yield
    finally:
        restore = "true" if before is None else str(before[0]).lower()
        con.execute(f"SET preserve_insertion_order = {restore}")


def load(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table | dict[str, list[Any]]) -> None:
    """Create `table` from an Arrow table, or from Python lists of strings."""
    if isinstance(data, dict):
        data = pa.table({name: pa.array(values, pa.string()) for name, values in data.items()})
    con.register("_py_load", data)
    try:
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM _py_load")
    finally:
        con.unregister("_py_load")


def through(
    con: duckdb.DuckDBPyConnection,
    sql: str,
    kernel: Kernel,
    table: str,
    workers: Workers = SERIAL,
) -> int:
    """Create `table` from `kernel` applied to the rows of `sql`, batch by batch (in `workers`);
    return how many rows went through. An empty `sql` still makes `table`, with its columns."""
    feed = con.cursor()  # the batches stream on a cursor of their own while `con` stores them
    try:
        reader = feed.sql(sql).to_arrow_reader(BATCH_ROWS)
        created, rows = False, 0
        batches = ([batch] for batch in reader)
        for (answer,) in workers.map_slices(kernel, batches):
            rows += answer.num_rows
            con.register("_py_batch", pa.Table.from_batches([answer]))
            try:
                verb = "INSERT INTO" if created else "CREATE OR REPLACE TABLE"
                con.execute(f"{verb} {table} {'' if created else 'AS '}SELECT * FROM _py_batch")
            finally:
                con.unregister("_py_batch")
            created = True
        if not created:
            empty = pa.RecordBatch.from_pylist([], schema=reader.schema)
            load(con, table, pa.Table.from_batches([kernel(empty)]))
    finally:
        feed.close()
    return rows


def first(con: duckdb.DuckDBPyConnection, sql: str) -> tuple[Any, ...] | None:
    """The first row of `sql` (the result is fetched to its end, so the connection is free)."""
    rows = con.execute(sql).fetchall()
    return tuple(rows[0]) if rows else None


def quote(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("'", "''") + "'"


def ident(text: str) -> str:
    """A SQL identifier."""
    return '"' + text.replace('"', '""') + '"'
