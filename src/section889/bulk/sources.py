"""Read the three inventory source kinds with DuckDB into one `rows` table, one row per input row.

Every file is read with `read_csv(all_varchar = true)`; its columns are matched by name (case and
spaces ignored) to the `DeviceRecord` fields its kind carries, and a missing column is empty. SQL
here only moves and trims text. MAC addresses are the one value put into canonical form in SQL,
and only for the common spellings (`aa:bb:…`, `aa-bb-…`, `aabb.ccdd.eeff`, bare hex), as a plain
rewrite of characters; every other spelling is sent, once per distinct value, to the reader's own
`clean_mac`, so the bulk path keeps exactly the MACs the single-record reader keeps.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb

from section889.readers.inventory.values import clean_mac

TEXT_FIELDS = (
    "hostname",
    "ip",
    "serial",
    "site",
    "manufacturer",
    "model",
    "description",
    "supplier",
    "part_number",
    "purpose",
    "acquired",
    "banner",
    "mac_vendor",
)
"""Text columns of `rows` besides the MAC (empty cells are NULL)."""


@dataclass(frozen=True, slots=True)
class SourceKind:
    """One kind of input file: its `DeviceRecord.format` and which columns feed which fields."""

    format: str
    columns: dict[str, str]
    """Input column (lower case) → field of `rows`."""


CMDB = SourceKind(
    "csv",
    {
        "hostname": "hostname",
        "ip": "ip",
        "mac": "mac",
        "manufacturer": "manufacturer",
        "model": "model",
        "serial": "serial",
        "site": "site",
        "purpose": "purpose",
        "acquired": "acquired",
    },
)
NMAP = SourceKind(
    "nmap",
    {
        "hostname": "hostname",
        "ip": "ip",
        "mac": "mac",
        "mac_vendor": "mac_vendor",
        "banner": "banner",
        "site": "site",
    },
)
PURCHASES = SourceKind(
    "purchases",
    {
        "supplier": "supplier",
        "description": "description",
        "part_number": "part_number",
        "date": "acquired",
        "site": "site",
        "serial": "serial",
    },
)

_HEX2 = "[0-9A-F][0-9A-F]"
_HEX4 = _HEX2 * 2
_FAST_SHAPES = (
    ":".join([_HEX2] * 6),
    "-".join([_HEX2] * 6),
    ".".join([_HEX4] * 3),
    _HEX2 * 6,
)
"""Spellings rewritten in SQL (upper-cased first); anything else goes through `clean_mac`."""
_PLACEHOLDERS = ("000000000000", "FFFFFFFFFFFF")


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file read: its index (the high half of each row's uid), path, kind and rows."""

    index: int
    path: str
    format: str
    rows: int = 0


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _file_select(con: duckdb.DuckDBPyConnection, path: Path, kind: SourceKind) -> str:
    """A SELECT giving the input columns of one file, in file order."""
    scan = f"read_csv({_quote(str(path))}, all_varchar = true, header = true)"
    present = {
        " ".join(str(name).strip().lower().split()).replace(" ", "_"): str(name)
        for name, *_ in con.execute(f"DESCRIBE SELECT * FROM {scan}").fetchall()
    }
    wanted = {field: column for column, field in kind.columns.items() if column in present}
    cells = [
        f"nullif(trim({_ident(present[wanted[field]])}), '') AS {field}"
        if field in wanted
        else f"NULL::VARCHAR AS {field}"
        for field in ("mac", *TEXT_FIELDS)
    ]
    return f"SELECT {', '.join(cells)} FROM {scan}"


def mac_text(digits: str) -> str:
    """SQL: the canonical `AA:BB:CC:DD:EE:FF` spelling of a column of 12 hex digits (or NULL)."""
    pairs = ", ".join(f"substr({digits}, {i}, 2)" for i in range(1, 12, 2))
    return f"CASE WHEN {digits} IS NOT NULL THEN concat_ws(':', {pairs}) END"


FILE_PATH = "file_path"
"""SQL macro made by `load_rows`: `file_path(uid)` is the path of the row's file (a constant list
looked up by index, so no query joins the `files` table row by row)."""


def load_rows(
    con: duckdb.DuckDBPyConnection,
    cmdb: Sequence[Path],
    nmap: Sequence[Path],
    purchases: Sequence[Path],
) -> list[InputFile]:
    """Create `rows` (uid, mac_digits, text fields) and `files`; return the files with row counts.

    Each file is read in one pass into its own table `rows_<index>`, in file order (so its row id
    is its data row, less one); `rows` is a view over them all. `uid >> 32` is the file's index
    and `uid & 0xFFFFFFFF` its 1-based data row, so ordering by uid is input order: files in the
    order given (CMDB, nmap, purchases), rows in file order; a filter on a uid range reads only
    the row groups that hold it. `mac_digits` is the canonical MAC's 12 hex digits, or NULL when
    the row has no usable MAC: MACs in a common spelling are rewritten on the way in; any other
    spelling is kept marked (`ODD_MAC`) and then replaced by what `clean_mac` makes of it.
    """
    files: list[InputFile] = []
    for kind, paths in ((CMDB, cmdb), (NMAP, nmap), (PURCHASES, purchases)):
        for path in paths:
            files.append(InputFile(len(files), str(path), kind.format))
            _read_file(con, files[-1].index, path, kind)
    if not files:
        con.execute(f"CREATE OR REPLACE TABLE rows_0 (mac_digits VARCHAR, {_TEXT_COLUMNS})")
    tables = [f"rows_{f.index}" for f in files] or ["rows_0"]
    con.execute(
        "CREATE OR REPLACE VIEW rows AS "
        + " UNION ALL ".join(
            f"SELECT ({i}::BIGINT << 32) | (rowid + 1) AS uid, mac_digits, {', '.join(TEXT_FIELDS)} "
            f"FROM {table}"
            for i, table in enumerate(tables)
        )
    )
    _clean_odd_macs(con, tables)
    counts = dict(con.execute("SELECT uid >> 32, count(*) FROM rows GROUP BY ALL").fetchall())
    files = [InputFile(f.index, f.path, f.format, int(counts.get(f.index, 0))) for f in files]
    con.execute("CREATE OR REPLACE TABLE files (idx BIGINT, path VARCHAR, format VARCHAR)")
    con.executemany(
        "INSERT INTO files VALUES (?, ?, ?)", [(f.index, f.path, f.format) for f in files]
    )
    listed = ", ".join(_quote(f.path) for f in files) or "NULL"
    con.execute(f"CREATE OR REPLACE MACRO {FILE_PATH}(u) AS [{listed}][(u >> 32) + 1]")
    return files


ODD_MAC = "?"
"""Marks, in `rows.mac_digits` while reading, a MAC spelled in a way SQL does not rewrite."""


def _read_file(con: duckdb.DuckDBPyConnection, index: int, path: Path, kind: SourceKind) -> None:
    """`rows_<index>`: the file's rows in file order, MACs rewritten where SQL can."""
    shapes = " OR ".join(f"upper(mac) GLOB {_quote(shape)}" for shape in _FAST_SHAPES)
    digits = "replace(replace(replace(upper(mac), ':', ''), '-', ''), '.', '')"
    placeholders = ", ".join(_quote(p) for p in _PLACEHOLDERS)
    before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()
    con.execute("SET preserve_insertion_order = true")
    try:
        con.execute(
            f"""CREATE OR REPLACE TABLE rows_{index} AS
            SELECT CASE WHEN mac IS NULL THEN NULL
                        WHEN ({shapes}) AND {digits} NOT IN ({placeholders}) THEN {digits}
                        ELSE '{ODD_MAC}' || mac END AS mac_digits,
                   {", ".join(TEXT_FIELDS)}
            FROM ({_file_select(con, path, kind)})"""
        )
    finally:
        restore = "true" if before is None else str(before[0]).lower()
        con.execute(f"SET preserve_insertion_order = {restore}")


_TEXT_COLUMNS = ", ".join(f"{name} VARCHAR" for name in TEXT_FIELDS)


def _clean_odd_macs(con: duckdb.DuckDBPyConnection, tables: list[str]) -> None:
    """Replace each marked MAC by the digits `clean_mac` keeps, or NULL (once per distinct)."""
    odd = [
        str(raw)
        for (raw,) in con.execute(
            f"SELECT DISTINCT mac_digits FROM rows WHERE starts_with(mac_digits, '{ODD_MAC}')"
        ).fetchall()
    ]
    if not odd:
        return
    cleaned: list[str | None] = []
    for raw in odd:
        try:
            cleaned.append(clean_mac(raw[len(ODD_MAC) :]).replace(":", ""))
        except ValueError:
            cleaned.append(None)
    con.execute(
        "CREATE OR REPLACE TABLE mac_odd AS SELECT unnest($1::VARCHAR[]) AS raw, "
        "unnest($2::VARCHAR[]) AS d",
        [odd, cleaned],
    )
    for table in tables:
        con.execute(
            f"UPDATE {table} SET mac_digits = o.d FROM mac_odd o WHERE {table}.mac_digits = o.raw"
        )
    con.execute("DROP TABLE mac_odd")
