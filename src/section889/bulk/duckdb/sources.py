"""Read the input CSVs with DuckDB into `rows`: one row per record, cleaned as the reader cleans it.

Per file, once: the header, encoding and delimiter as the tabular inventory reader finds them
(`readers.csv_source.CsvSource`), and the header bound to fields by the reader's own
`map_columns` (aliases, case and separators, `--map`). Then one DuckDB pass reads the file into
`rows_<index>`, in file order, keeping as they are the cells the reader would keep as they are:
text without odd whitespace (trimmed), MACs in the common spellings (as 12 hex digits), canonical
IPv4 text. Every other cell is marked (`MARK`) and then replaced, once per distinct value, by
what the reader makes of it (`kernels.cell_values`), with the reader's warning for the row. Dates
are checked the same way; a purchase line without a model takes its part number when that looks
like one (as the reader does). Rows with no value left are not records.

`rows` is a view over the files' tables with a uid of `file index << 32 | data row`: ordering by
uid is input order, and a filter on a uid range reads only the row groups that hold it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb

from section889.bulk.duckdb.session import first, insertion_order, load, quote, through
from section889.bulk.inputs import BulkFile, BulkInputError, FileFacts, kind_headers
from section889.bulk.kernels import cell_values, model_from_parts
from section889.bulk.plan import DATE_FIELDS, ROW_FIELDS
from section889.errors import InputError
from section889.readers.csv_source import CsvSource
from section889.readers.inventory.headers import fallback_columns, map_columns
from section889.readers.inventory.results import InventoryWarning, WarningLog
from section889.readers.sniff import read_sample

MARK = "\x01"
"""Prefixes, while reading, a cell SQL does not settle. A settled cell never holds it: a control
character makes a row's cells go to the reader's cleaning."""
ODD = (
    "[\\x00-\\x1f\\x7f\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200a}"
    "\\x{2028}\\x{2029}\\x{202f}\\x{205f}\\x{3000}]|  "
)
"""RE2: what `cell_text` would change beyond trimming spaces (control characters, Unicode spaces,
runs of spaces)."""
_HEX2 = "[0-9A-Fa-f]{2}"
MAC_SHAPES = "|".join(
    (":".join([_HEX2] * 6), "-".join([_HEX2] * 6), r"\.".join([_HEX2 * 2] * 3), _HEX2 * 6)
)
"""RE2: the MAC spellings SQL rewrites as 12 hex digits (either case)."""
_PLACEHOLDERS = ("000000000000", "FFFFFFFFFFFF")
_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
IPV4 = _OCTET + r"(\." + _OCTET + "){3}"
"""RE2: IPv4 in dotted-quad canonical form (each part 0–255, no leading zeros): the reader's
`clean_ip` keeps such text as it is."""
UTF8 = frozenset({"utf-8", "utf-8-sig"})
FILE_PATH = "file_path"
"""SQL macro made by `read_files`: `file_path(uid)` is the name of the row's file."""
_HASH_CHUNK = 1 << 22


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file read: its index (the high half of each row's uid), name, kind, record rows."""

    index: int
    name: str
    format: str
    rows: int
    """Data rows read (records and rows with no value): uids 1 … rows of the file."""


def mac_text(digits: str) -> str:
    """SQL: the canonical `AA:BB:CC:DD:EE:FF` spelling of a column of 12 hex digits (or NULL)."""
    pairs = ", ".join(f"substr({digits}, {i}, 2)" for i in range(1, 12, 2))
    return f"CASE WHEN {digits} IS NOT NULL THEN concat_ws(':', {pairs}) END"


def read_files(
    con: duckdb.DuckDBPyConnection,
    files: Sequence[BulkFile],
    mapping: Mapping[str, str] | None = None,
    *,
    exact: bool = False,
) -> tuple[list[InputFile], list[FileFacts], frozenset[str]]:
    """Create `rows` (uid, mac_digits, `ROW_FIELDS`), `files` and the `file_path` macro; return
    the files, their facts, and the fields some file has a column for (`mac` for the MAC).

    `exact`: refuse (BulkInputError) a file whose row numbers would not be the reader's (blank lines
    between rows); otherwise such a file gets a warning saying so.
    """
    read: list[InputFile] = []
    facts: list[FileFacts] = []
    tables: list[tuple[str, frozenset[str], bool]] = []
    with ThreadPoolExecutor(1) as hashing:
        for index, file in enumerate(files):
            one, fact, present, has_empty = _read_file(con, index, file, mapping, hashing, exact)
            read.append(one)
            facts.append(fact)
            tables.append((f"rows_{index}", present, has_empty))
    selects = []
    for index, (table, present, has_empty) in enumerate(tables):
        cells = ", ".join(
            name if name in present else f"NULL::VARCHAR AS {name}" for name in ROW_FIELDS
        )
        mac = "mac_digits" if "mac" in present else "NULL::VARCHAR AS mac_digits"
        empty = f" WHERE rowid NOT IN (SELECT r FROM empty_{index})" if has_empty else ""
        selects.append(
            f"SELECT ({index}::BIGINT << 32) | (rowid + 1) AS uid, {mac}, {cells} "
            f"FROM {table}{empty}"
        )
    if not selects:
        columns = ", ".join(f"NULL::VARCHAR AS {name}" for name in ROW_FIELDS)
        selects = [f"SELECT NULL::BIGINT AS uid, NULL::VARCHAR AS mac_digits, {columns} LIMIT 0"]
    con.execute("CREATE OR REPLACE VIEW rows AS " + " UNION ALL ".join(selects))
    load(
        con,
        "files",
        {
            "idx": [str(f.index) for f in read],
            "path": [f.name for f in read],
            "format": [f.format for f in read],
        },
    )
    listed = ", ".join(quote(f.name) for f in read) or "NULL"
    con.execute(f"CREATE OR REPLACE MACRO {FILE_PATH}(u) AS [{listed}][(u >> 32) + 1]")
    return read, facts, frozenset().union(*(present for _, present, _ in tables))


def _read_file(
    con: duckdb.DuckDBPyConnection,
    index: int,
    file: BulkFile,
    mapping: Mapping[str, str] | None,
    hashing: ThreadPoolExecutor,
    exact: bool,
) -> tuple[InputFile, FileFacts, frozenset[str], bool]:
    name = file.name
    log = WarningLog(Path(name))
    with file.source.local_path() as path:
        digest = hashing.submit(_hash_and_blank_line, path)
        header, delimiter = _header(path, name)
        aliases = kind_headers(file.kind, header)
        columns = map_columns(header, aliases, dict(mapping or {}), log)
        fallbacks = fallback_columns(header, aliases, columns)
        if not columns:
            log.add(None, "", "no column header is one this reader knows; nothing was read")
        table = f"rows_{index}"
        _load_table(con, table, path, name, header, delimiter, columns, fallbacks)
        present = frozenset(columns) | ({"model"} if file.kind == "purchases" else set())
        try:
            sha256, blank = digest.result()
        except OSError as exc:
            raise InputError(f"cannot be read ({exc.strerror})", path=name) from None
    if blank is not None:
        why = (
            f"has a blank line (line {blank}) between rows; the bulk engine does not count blank "
            "lines, so its row numbers from there on are lower than the file's"
        )
        if exact:
            raise BulkInputError(why, path=name)
        log.add(None, "", why)
    cells = [(f, "mac_digits" if f == "mac" else f) for f in columns]
    warned = _settle(con, name, table, cells)
    if file.kind == "purchases":
        _fill_models(con, table, "part_number" in columns)
    rows, empty = _count(con, index, table)
    warnings = (*log.items, *warned)
    fmt = file.kind
    facts = FileFacts(name, fmt, rows - empty, sha256, tuple(warnings))
    return InputFile(index, name, fmt, rows), facts, present, empty > 0


def _header(path: Path, name: str) -> tuple[list[str], str]:
    """The header and delimiter the reader finds; BulkInputError unless a UTF-8 CSV."""
    sample = read_sample(path)
    if sample.startswith(b"PK\x03\x04"):
        raise BulkInputError("is an XLSX workbook; the bulk engine reads CSV only", path=name)
    if not sample.strip():
        raise InputError("is empty", path=name)
    table = CsvSource(path, sample)
    try:
        if table.encoding not in UTF8:
            raise BulkInputError(
                f"is {table.encoding} text; the bulk engine reads UTF-8 CSV only", path=name
            )
        return list(table.header), table.delimiter
    finally:
        table.close()


def _load_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    path: Path,
    name: str,
    header: list[str],
    delimiter: str,
    columns: Mapping[str, int],
    fallbacks: Mapping[str, tuple[int, ...]],
) -> None:
    """`rows_<index>`: the file's mapped cells in file order, settled where SQL can. A field with
    fallback columns (a second MAC column …) takes the first of its cells that is not blank, as
    the reader does."""
    spec = ", ".join(f"'c{j}': 'VARCHAR'" for j in range(max(len(header), 1)))
    scan = (
        f"read_csv({quote(str(path))}, header = true, delim = {quote(delimiter)}, quote = '\"', "
        f"escape = '\"', columns = {{{spec}}}, null_padding = true, auto_detect = false, "
        "encoding = 'utf-8')"
    )
    # Each cell is read, trimmed and (a MAC) upper-cased once, in the inner projections: an
    # expression repeated inside CASE branches would be computed once per use.
    cells = [(f, _first_filled([j, *fallbacks.get(f, ())])) for f, j in columns.items()]
    raw = [f"{c} AS r{i}" for i, (_, c) in enumerate(cells)]
    names = [f"r{i}" for i in range(len(cells))]
    odd = f"regexp_matches(concat_ws('|', {', '.join(names)}), '{ODD}')" if cells else "false"
    inner = [
        *names,
        f"{odd} AS odd",
        *(f"nullif(trim(r{i}), '') AS t{i}" for i in range(len(cells))),
    ]
    middle = ["*"]
    parts = []
    for i, (field_name, _) in enumerate(cells):
        c, trimmed = f"r{i}", f"t{i}"
        if field_name == "mac":
            middle.append(
                f"replace(replace(replace(upper({trimmed}), ':', ''), '-', ''), '.', '') AS d{i}"
            )
            kept = ", ".join(quote(p) for p in _PLACEHOLDERS)
            parts.append(
                f"CASE WHEN {c} IS NULL THEN NULL "
                f"WHEN NOT odd AND regexp_full_match({trimmed}, '{MAC_SHAPES}') "
                f"AND d{i} NOT IN ({kept}) THEN d{i} "
                f"ELSE '{MARK}' || {c} END AS mac_digits"
            )
        elif field_name == "ip":
            parts.append(
                f"CASE WHEN {c} IS NULL THEN NULL "
                f"WHEN NOT odd AND regexp_full_match({trimmed}, '{IPV4}') THEN {trimmed} "
                f"ELSE '{MARK}' || {c} END AS ip"
            )
        else:
            parts.append(f"CASE WHEN odd THEN '{MARK}' || {c} ELSE {trimmed} END AS {field_name}")
    selected = ", ".join(parts) or "NULL::VARCHAR AS nothing"
    source = (
        f"(SELECT {', '.join(middle)} FROM (SELECT {', '.join(inner)} FROM "
        f"(SELECT {', '.join(raw) or '1 AS r'} FROM {scan})))"
    )
    try:
        with insertion_order(con):
            con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT {selected} FROM {source}")
    except duckdb.Error as exc:
        reason = str(exc).strip().splitlines()[0]
        raise BulkInputError(
            f"cannot be read by the bulk engine's CSV reader ({reason})", path=name
        ) from None


_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
"""What Python's `str.split()` splits on: a cell of nothing else is blank to the reader."""


def _first_filled(indexes: list[int]) -> str:
    """SQL: the first of the columns `indexes` whose cell is not blank (else the last one)."""
    expression = f"c{indexes[-1]}"
    for j in reversed(indexes[:-1]):
        blank = f"(c{j} IS NULL OR trim(c{j}, {quote(_WHITESPACE)}) = '')"
        expression = f"CASE WHEN {blank} THEN {expression} ELSE c{j} END"
    return expression


def _settle(
    con: duckdb.DuckDBPyConnection, name: str, table: str, cells: list[tuple[str, str]]
) -> list[InventoryWarning]:
    """Replace marked cells and dates by what the reader keeps; its warnings, in its order."""
    if not cells:
        return []
    counts = first(
        con,
        "SELECT "
        + ", ".join(
            f"count(*) FILTER (WHERE starts_with({c}, '{MARK}'))"
            + (f" + count(*) FILTER (WHERE {c} IS NOT NULL)" if f in DATE_FIELDS else "")
            for f, c in cells
        )
        + f" FROM {table}",
    )
    found: list[tuple[int, int, str, str]] = []
    for order, ((field_name, column), count) in enumerate(zip(cells, counts or (), strict=True)):
        if not count:
            continue
        wanted = (
            f"{column} IS NOT NULL"
            if field_name in DATE_FIELDS
            else f"starts_with({column}, '{MARK}')"
        )
        values = f"""SELECT CASE WHEN starts_with(s, '{MARK}') THEN s[2:] ELSE s END AS raw, s AS stored
            FROM (SELECT DISTINCT {column} AS s FROM {table} WHERE {wanted})"""
        through(con, values, cell_values(field_name), "settled")
        if field_name == "mac":
            con.execute("UPDATE settled SET value = replace(value, ':', '')")
        for row, message in con.execute(
            f"""SELECT t.rowid + 1, s.message FROM {table} t JOIN settled s ON t.{column} = s.stored
            WHERE s.message <> ''"""
        ).fetchall():
            found.append((int(row), order, field_name, str(message)))
        con.execute(
            f"""UPDATE {table} SET {column} = s.value FROM settled s
            WHERE {table}.{column} = s.stored AND s.value IS DISTINCT FROM s.stored"""
        )
        con.execute("DROP TABLE settled")
    found.sort()
    return [InventoryWarning(name, row, f, message) for row, _, f, message in found]


def _fill_models(con: duckdb.DuckDBPyConnection, table: str, has_part: bool) -> None:
    """A purchase line without a model takes its part number when that looks like a model."""
    if "model" not in _columns(con, table):
        con.execute(f"ALTER TABLE {table} ADD COLUMN model VARCHAR")
    if not has_part:
        return
    through(
        con,
        f"SELECT DISTINCT part_number FROM {table} WHERE model IS NULL AND part_number IS NOT NULL",
        model_from_parts(),
        "part_models",
    )
    con.execute(
        f"""UPDATE {table} SET model = p.model FROM part_models p
        WHERE {table}.model IS NULL AND {table}.part_number = p.part_number
        AND p.model IS NOT NULL;
        DROP TABLE part_models"""
    )


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {str(r[0]) for r in con.execute(f"DESCRIBE {table}").fetchall()}


def _count(con: duckdb.DuckDBPyConnection, index: int, table: str) -> tuple[int, int]:
    """(data rows, rows with no value); the latter's row ids go to `empty_<index>`."""
    none = " AND ".join(f"{c} IS NULL" for c in sorted(_columns(con, table))) or "true"
    found = first(con, f"SELECT count(*), count(*) FILTER (WHERE {none}) FROM {table}")
    rows, empty = (int(found[0]), int(found[1])) if found else (0, 0)
    if empty:
        con.execute(
            f"CREATE OR REPLACE TABLE empty_{index} AS SELECT rowid AS r FROM {table} WHERE {none}"
        )
    return rows, empty


def _hash_and_blank_line(path: Path) -> tuple[str, int | None]:
    """The file's sha256, and the line number of its first blank line between rows (None if
    there is none; blank lines at the end of the file do not count)."""
    digest = hashlib.sha256()
    blank: int | None = None
    pending: int | None = None
    """A blank line seen with nothing but line ends after it so far."""
    newlines, tail = 0, b""
    with path.open("rb") as handle:
        while chunk := handle.read(_HASH_CHUNK):
            digest.update(chunk)
            if blank is not None:
                continue
            if pending is not None and chunk.strip(b"\r\n"):
                blank = pending
                continue
            text = tail + chunk
            before = newlines - tail.count(b"\n")
            ats = [a for a in (text.find(b"\n\n"), text.find(b"\n\r\n")) if a >= 0]
            if ats and pending is None:
                at = min(ats)
                line = before + text.count(b"\n", 0, at) + 2
                if text[at:].strip(b"\r\n"):
                    blank = line
                else:
                    pending = line
            newlines += chunk.count(b"\n")
            tail = chunk[-2:]
    return digest.hexdigest(), blank
