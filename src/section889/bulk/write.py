"""Write the per-asset table: assets in the input order of their first record, in parts.

Each part covers a range of one file's rows: the single-row assets found there, and the merged
assets whose first record is there. A part is small enough to sort in memory; the parts are
written one after another into a temp file beside `out`, which then replaces `out`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import duckdb

from section889.bulk.assets import SMALLEST_KEY, asset_id_sql
from section889.bulk.distinct import EVIDENCE_JOIN
from section889.bulk.evidence import JOINS, MASK, ROW_JOIN_SETTING, RowText
from section889.bulk.sources import InputFile, mac_text
from section889.devices.models import DeviceStatus
from section889.files import FORMULA_PREFIXES
from section889.reports.inventory_table import INVENTORY_COLUMNS

SHOWN = ("hostname", "ip", "mac", "manufacturer", "model", "site")
"""Columns shown as the input had them (for a merged asset: its first record that has one)."""
_ROW = "(r.uid & 4294967295)"


def ranges(files: list[InputFile], rows_per_part: int) -> Iterator[tuple[int, int]]:
    """Inclusive uid ranges of at most `rows_per_part` rows of one file each, in input order."""
    for f in files:
        for start in range(0, f.rows, rows_per_part):
            stop = min(start + rows_per_part, f.rows)
            yield (f.index << 32) | (start + 1), (f.index << 32) | stop


def _safe(expression: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (`files.neutralise`)."""
    prefixes = ", ".join("'" + p.replace("'", "''") + "'" for p in FORMULA_PREFIXES)
    return (
        f"CASE WHEN left({expression}, 1) IN ({prefixes}) THEN '''' || {expression} "
        f"ELSE {expression} END"
    )


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _part_sql(lo: int, hi: int) -> str:
    within = f"BETWEEN {lo} AND {hi}"
    shown = [f"r.{c}" if c != "mac" else f"{mac_text('r.mac_digits')} AS mac" for c in SHOWN]
    singles = f"""SELECT r.uid AS label,
               {asset_id_sql(SMALLEST_KEY, "file_path(r.uid)", _ROW)} AS asset_id, {", ".join(shown)},
               {MASK} AS mask, {RowText("file_path(r.uid)", _ROW).sql()} AS text
        FROM (SELECT * FROM rows WHERE uid {within}) r
        ANTI JOIN (SELECT uid FROM merged WHERE uid {within}) m USING (uid)
        LEFT JOIN (SELECT * FROM row_keys WHERE uid {within}) k USING (uid)
        {JOINS}"""
    columns = ", ".join(f"coalesce({_safe('g.' + c)}, '') AS {c}" for c in SHOWN)
    firsts = ", ".join(f"arg_min({c}, uid) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in SHOWN)
    # Most merged assets have two rows: their first shown values and text come from the label
    # row (x) and the last row (y); assets of more rows are aggregated in `b`.
    merged_shown = ", ".join(
        f"CASE WHEN g.n = 2 THEN coalesce(g.x_{c}, y.{c}) ELSE b.{c} END AS {c}" for c in SHOWN
    )
    x_shown = ", ".join(f"x.{c} AS x_{c}" for c in SHOWN)
    return f"""WITH m AS (
            SELECT * FROM merged_assets WHERE label {within}
        ), b AS (
            SELECT label, {firsts}, string_agg(text, '{EVIDENCE_JOIN}' ORDER BY uid) AS text
            FROM merged_rows WHERE label IN (SELECT label FROM m WHERE n > 2) GROUP BY label
        ), g AS (
            {singles}
            UNION ALL
            SELECT g.label, {asset_id_sql("g.kmin", "''", "''")} AS asset_id, {merged_shown},
                   g.mask,
                   CASE WHEN g.n = 2 THEN nullif(concat_ws('{EVIDENCE_JOIN}', g.t1, y.text), '')
                        ELSE b.text END AS text
            FROM merged_rows y JOIN (
                SELECT m.*, {x_shown}, x.text AS t1 FROM merged_rows x JOIN m ON x.uid = m.label
            ) g ON y.uid = g.last
            LEFT JOIN b ON b.label = g.label
        )
        SELECT g.asset_id, {columns},
               coalesce(d.status, '{DeviceStatus.CLEAR.value}') AS status,
               coalesce(d.entity_id, '') AS entity_id,
               coalesce(d.category, c.category) AS category,
               coalesce(d.confidence, c.confidence) AS confidence,
               coalesce({_safe("coalesce(d.evidence, g.text)")}, '') AS evidence
        FROM g LEFT JOIN (SELECT * FROM decided WHERE label {within}) d USING (label)
        LEFT JOIN clear_kind c ON d.label IS NULL AND c.mask = g.mask
        ORDER BY g.label"""


def _append(source: Path, target: BinaryIO) -> None:
    """Append the file `source` to the open file `target` (in the kernel where it can)."""
    with source.open("rb") as handle:
        size, copied = os.fstat(handle.fileno()).st_size, 0
        try:
            while copied < size:
                step = os.copy_file_range(handle.fileno(), target.fileno(), size - copied)
                if step == 0:
                    break
                copied += step
        except (AttributeError, OSError):
            pass
        if copied < size:
            handle.seek(copied)
            shutil.copyfileobj(handle, target, 1 << 20)
            target.flush()


def write_assets(
    con: duckdb.DuckDBPyConnection, files: list[InputFile], out: Path, rows_per_part: int
) -> None:
    """Write every asset to `out` as CSV (header `INVENTORY_COLUMNS`), atomically: each part
    into a part file, appended in turn to a temp file beside `out`, which then replaces `out`."""
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    con.execute(ROW_JOIN_SETTING)
    try:
        with tmp.open("wb") as target:
            target.write((",".join(INVENTORY_COLUMNS) + "\n").encode("utf-8"))
            target.flush()
            for lo, hi in ranges(files, rows_per_part):
                con.execute(f"COPY ({_part_sql(lo, hi)}) TO '{_quoted(part)}' (HEADER false)")
                _append(part, target)
        tmp.replace(out)
    finally:
        tmp.unlink(missing_ok=True)
        part.unlink(missing_ok=True)
        con.execute("RESET disabled_optimizers")
