"""Write the per-asset table: assets in the input order of their first record, in parts.

Each part covers a range of one file's rows: the single-row assets found there, and the merged
assets whose first record is there. A part is small enough to sort in memory; the parts are
written one after another into a temp file beside `out`, which the caller puts in place with the
run's other outputs. The CSV is byte for byte what `reports.tables.CsvTable` writes.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import duckdb

from section889.bulk.duckdb.assets import SMALLEST_KEY, asset_id_sql
from section889.bulk.duckdb.session import quote, row_joins
from section889.bulk.duckdb.signals import RowEvidence
from section889.bulk.duckdb.sources import FILE_PATH, InputFile, mac_text
from section889.bulk.kernels import EVIDENCE_JOIN
from section889.bulk.plan import SHOWN
from section889.devices.models import DeviceStatus
from section889.files import FORMULA_PREFIXES, AtomicFile

_ROW = "(r.uid & 4294967295)"


def ranges(files: list[InputFile], rows_per_part: int) -> Iterator[tuple[int, int]]:
    """Inclusive uid ranges of at most `rows_per_part` rows of one file each, in input order."""
    for f in files:
        for start in range(0, f.rows, rows_per_part):
            stop = min(start + rows_per_part, f.rows)
            yield (f.index << 32) | (start + 1), (f.index << 32) | stop


def _safe(expression: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (`files.neutralise`)."""
    # One `contains` per cell: an IN list here would become a hash join per column.
    prefixes = quote("".join(FORMULA_PREFIXES))
    return (
        f"CASE WHEN {expression} <> '' AND contains({prefixes}, left({expression}, 1)) "
        f"THEN '''' || {expression} ELSE {expression} END"
    )


def _merged_sql(lo: int, hi: int) -> str:
    """SQL: the merged assets whose label is in the uid range, with their id, shown fields, mask
    and evidence text. Most merged assets have two rows: their first shown values and text come
    from the label row (x) and the last row (y); assets of more rows are aggregated in `b`. The
    rows are read from `merged_rows` (in label order, so only the range's row groups)."""
    within = f"BETWEEN {lo} AND {hi}"
    rows = f"(SELECT * FROM merged_rows WHERE label {within})"
    firsts = ", ".join(f"arg_min({c}, uid) FILTER (WHERE {c} IS NOT NULL) AS {c}" for c in SHOWN)
    merged_shown = ", ".join(
        f"CASE WHEN g.n = 2 THEN coalesce(g.x_{c}, y.{c}) ELSE b.{c} END AS {c}" for c in SHOWN
    )
    x_shown = ", ".join(f"x.{c} AS x_{c}" for c in SHOWN)
    return f"""SELECT g.label, {asset_id_sql("g.kmin", "''", "''")} AS asset_id, {merged_shown},
               g.mask,
               CASE WHEN g.n = 2 THEN nullif(concat_ws('{EVIDENCE_JOIN}', g.t1, y.text), '')
                    ELSE b.text END AS text
        FROM {rows} y JOIN (
            SELECT m.*, {x_shown}, x.text AS t1
            FROM {rows} x JOIN (SELECT * FROM merged_assets WHERE label {within}) m
                 ON x.uid = m.label
        ) g ON y.uid = g.last
        LEFT JOIN (
            SELECT label, {firsts}, string_agg(text, '{EVIDENCE_JOIN}' ORDER BY uid) AS text
            FROM {rows} r
            WHERE label IN (SELECT label FROM merged_assets WHERE n > 2 AND label {within})
            GROUP BY label
        ) b ON b.label = g.label"""


def _part_sql(evidence: RowEvidence, lo: int, hi: int) -> str:
    within = f"BETWEEN {lo} AND {hi}"
    shown = [f"r.{c}" if c != "mac" else f"{mac_text('r.mac_digits')} AS mac" for c in SHOWN]
    path = f"{FILE_PATH}(r.uid)"
    singles = f"""SELECT r.uid AS label,
               {asset_id_sql(SMALLEST_KEY, path, _ROW)} AS asset_id, {", ".join(shown)},
               {evidence.mask} AS mask, {evidence.text(path, _ROW)} AS text
        FROM (SELECT * FROM rows WHERE uid {within}) r
        ANTI JOIN (SELECT uid FROM merged WHERE uid {within}) m USING (uid)
        LEFT JOIN (SELECT * FROM row_keys WHERE uid {within}) k USING (uid)
        {evidence.joins}"""
    columns = ", ".join(f"{_safe('g.' + c)} AS {c}" for c in SHOWN)
    # Empty cells are NULL, which COPY writes as nothing (an empty string it would quote).
    return f"""WITH g AS (
            {singles}
            UNION ALL
            SELECT label, asset_id, {", ".join(SHOWN)}, mask, text
            FROM ({_merged_sql(lo, hi)})
        )
        SELECT g.asset_id, {columns},
               coalesce(d.status, '{DeviceStatus.CLEAR.value}') AS status,
               nullif(d.entity_id, '') AS entity_id,
               coalesce(d.category, c.category) AS category,
               coalesce(d.confidence, c.confidence) AS confidence,
               nullif({_safe("coalesce(d.evidence, g.text)")}, '') AS evidence
        FROM g LEFT JOIN (SELECT * FROM decided WHERE label {within}) d USING (label)
        LEFT JOIN clear_kind c ON d.label IS NULL AND c.mask = g.mask
        ORDER BY g.label"""


COPY_OPTIONS = "HEADER false, NEW_LINE '\r\n', QUOTE '\"', ESCAPE '\"', COMMENT ''"
"""CSV as `reports.tables.CsvTable` writes it (the csv module's defaults): CRLF line ends, quotes
only where needed. (Without `COMMENT ''` DuckDB also quotes text holding `#`.)"""


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
    con: duckdb.DuckDBPyConnection,
    files: list[InputFile],
    evidence: RowEvidence,
    out: Path,
    header: Sequence[str],
    rows_per_part: int,
) -> AtomicFile:
    """Write every asset as CSV (the `header` row, then one row per asset in input order) to a
    temp file beside `out`, part by part; the caller commits it."""
    target = AtomicFile(out)
    part = out.with_name(f".{out.name}.{os.getpid()}.part")
    try:
        with target.temp.open("wb") as sink, row_joins(con):
            line = io.StringIO(newline="")
            csv.writer(line).writerow(header)
            sink.write(line.getvalue().encode("utf-8"))
            sink.flush()
            for lo, hi in ranges(files, rows_per_part):
                sql = _part_sql(evidence, lo, hi)
                con.execute(f"COPY ({sql}) TO {quote(str(part))} ({COPY_OPTIONS})")
                _append(part, sink)
    except BaseException:
        target.discard()
        raise
    finally:
        part.unlink(missing_ok=True)
    return target


def clear_tally(
    con: duckdb.DuckDBPyConnection, evidence: RowEvidence
) -> tuple[dict[str, int], dict[str, int]]:
    """Clear assets per site (the first site among the asset's records, '' for none) and per
    category."""
    with row_joins(con):
        con.execute(
            f"""CREATE OR REPLACE TABLE tally AS
            WITH g AS (
                SELECT r.uid AS label, r.site, {evidence.mask} AS mask
                FROM rows r ANTI JOIN merged m USING (uid)
                {evidence.joins}
                UNION ALL
                SELECT m.label, s.site, m.mask FROM merged_assets m LEFT JOIN (
                    SELECT label, arg_min(site, uid) AS site FROM merged_rows
                    WHERE site IS NOT NULL GROUP BY label
                ) s USING (label)
            )
            SELECT coalesce(g.site, '') AS site, coalesce(d.category, c.category) AS category,
                   count(*) AS n
            FROM g LEFT JOIN decided d USING (label)
            LEFT JOIN clear_kind c ON d.label IS NULL AND c.mask = g.mask
            WHERE coalesce(d.status, '{DeviceStatus.CLEAR.value}') = '{DeviceStatus.CLEAR.value}'
            GROUP BY ALL"""
        )
    by_site: dict[str, int] = {}
    by_category: dict[str, int] = {}
    for site, category, n in con.execute("SELECT * FROM tally").fetchall():
        by_site[str(site)] = by_site.get(str(site), 0) + int(n)
        by_category[str(category)] = by_category.get(str(category), 0) + int(n)
    con.execute("DROP TABLE tally")
    return by_site, by_category
