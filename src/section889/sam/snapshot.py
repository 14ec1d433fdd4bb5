"""A dated local snapshot of the SAM public entity extract and the SAM exclusions extract.

`build_snapshot` reads the two CSV files (either may be left out) into one SQLite file
`<data_dir>/sam/snapshot-YYYY-MM-DD.sqlite`, written to a temp file and renamed into place, so
a reader sees the whole snapshot or the previous one. Each snapshot records its date and every
source file's name, sha256 and row count. `Snapshot` looks entities and exclusions up;
`latest_snapshot()` opens the newest one. FAR 52.204-24(c) and 52.204-26(b) ask offerors to
check SAM exclusions for covered telecommunications; this lets screening and determinations do
that offline.

Columns are found by header name (case, spaces and punctuation ignored), or, for the real
headerless SAM public entity extract, by position (`PUBLIC_V2_LAYOUT`); see docs/sam.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import re
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from section889.errors import InputError
from section889.files import AtomicFile
from section889.settings import Settings

SNAPSHOT_NAME = re.compile(r"^snapshot-(\d{4}-\d{2}-\d{2})\.sqlite$")

ENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "uei": ("UNIQUE ENTITY ID", "UEI", "UEI SAM", "UEISAM", "SAM UEI"),
    "cage": ("CAGE CODE", "CAGE", "CAGECODE"),
    "name": ("LEGAL BUSINESS NAME", "LEGALBUSINESSNAME", "ENTITY NAME", "NAME"),
    "registration_status": (
        "REGISTRATION STATUS", "REGISTRATIONSTATUS", "SAM EXTRACT CODE", "EXTRACT CODE",
    ),
    "expiration_date": (
        "REGISTRATION EXPIRATION DATE", "REGISTRATIONEXPIRATIONDATE", "EXPIRATION DATE",
    ),
    "purpose_of_registration": ("PURPOSE OF REGISTRATION", "PURPOSEOFREGISTRATIONCODE"),
    "exclusion_flag": ("EXCLUSION STATUS FLAG", "EXCLUSIONSTATUSFLAG"),
}  # fmt: skip
"""Entity-extract header names we read, per field (compared without case, spaces, punctuation)."""

PUBLIC_V2_LAYOUT_SOURCE = (
    "SAM Mapping Public V2 File Layout, as republished at "
    "https://www.scribd.com/document/722988416/SAM-Mapping-Public-V2-File-Layout-Modified "
    "(a third-party copy; confidence medium). Official data dictionary linked from "
    "https://catalog.data.gov/dataset/system-for-award-management-sam-public-extract-entity-registration"
)
"""Where the positional layout below comes from, and how far we trust it."""

PUBLIC_V2_LAYOUT: tuple[str, ...] = (
    "UNIQUE ENTITY IDENTIFIER (SAM)",
    "UNIQUE ENTITY IDENTIFIER (DUNS)",
    "ENTITY EFT INDICATOR",
    "CAGE CODE",
    "DODAAC",
    "SAM EXTRACT CODE",
    "PURPOSE OF REGISTRATION",
    "INITIAL REGISTRATION DATE",
    "REGISTRATION EXPIRATION DATE",
    "LAST UPDATE DATE",
    "ACTIVATION DATE",
    "LEGAL BUSINESS NAME",
    "DBA NAME",
)
"""First 13 columns (1-based position = index + 1) of the headerless SAM public V2 entity
extract, per `PUBLIC_V2_LAYOUT_SOURCE`. Registration status is not a column of this layout."""

_V2_POSITIONS = {
    "uei": 1, "cage": 4, "sam_extract_code": 6, "purpose_of_registration": 7,
    "expiration_date": 9, "name": 12,
}  # fmt: skip
"""1-based columns of `PUBLIC_V2_LAYOUT` we read, per field."""

_UEI = re.compile(r"^[0-9A-Za-z]{12}$")

EXCLUSION_COLUMNS: dict[str, tuple[str, ...]] = {
    "uei": ("UEISAM", "UNIQUE ENTITY ID", "UEI", "SAM UEI"),
    "cage": ("CAGECODE", "CAGE", "CAGE CODE"),
    "name": ("ENTITYNAME", "NAME", "ENTITY NAME", "EXCLUSION NAME"),
    "first_name": ("FIRSTNAME", "FIRST"),
    "middle_name": ("MIDDLENAME", "MIDDLE"),
    "last_name": ("LASTNAME", "LAST"),
    "classification": ("CLASSIFICATION", "CLASSIFICATIONTYPE"),
    "exclusion_type": ("EXCLUSION TYPE", "EXCLUSIONTYPE"),
    "excluding_agency": ("EXCLUDING AGENCY", "EXCLUDINGAGENCYNAME", "EXCLUDINGAGENCYCODE"),
    "ct_code": ("CT CODE", "CTCODE"),
    "active_date": ("ACTIVE DATE", "ACTIVATEDATE"),
    "termination_date": ("TERMINATION DATE", "TERMINATIONDATE"),
    "record_status": ("RECORD STATUS", "RECORDSTATUS"),
}  # fmt: skip
"""Exclusions-extract header names we read (the API's CSV download and the public extract)."""

_EXTRACT_CODES = {"A": "Active", "E": "Expired"}
_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%m-%d-%Y")
_NULLS = {"", "null", "none", "n/a"}

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sources (kind TEXT NOT NULL, file TEXT NOT NULL, sha256 TEXT NOT NULL,
                      rows INTEGER NOT NULL);
CREATE TABLE entities (uei TEXT PRIMARY KEY, cage TEXT, name TEXT, name_key TEXT,
                       registration_status TEXT, expiration_date TEXT,
                       purpose_of_registration TEXT, exclusion_flag TEXT,
                       sam_extract_code TEXT);
CREATE TABLE exclusions (uei TEXT, cage TEXT, name TEXT, name_key TEXT, classification TEXT,
                         exclusion_type TEXT, excluding_agency TEXT, ct_code TEXT,
                         active_date TEXT, termination_date TEXT, record_status TEXT);
CREATE INDEX entities_cage ON entities (cage);
CREATE INDEX exclusions_uei ON exclusions (uei);
CREATE INDEX exclusions_cage ON exclusions (cage);
CREATE INDEX exclusions_name ON exclusions (name_key);
"""


@dataclass(frozen=True)
class SnapshotSource:
    """One file a snapshot was built from."""

    kind: str  # "entities" or "exclusions"
    file: str
    sha256: str
    rows: int


@dataclass(frozen=True)
class SnapshotEntity:
    """One row of the entity extract as kept in a snapshot."""

    uei: str
    cage: str | None
    name: str | None
    registration_status: str | None
    expiration_date: dt.date | None
    purpose_of_registration: str | None
    exclusion_flag: str | None
    sam_extract_code: str | None = None  # raw, as in the extract (codes not interpreted)

    def registration_active(self, as_of: dt.date) -> bool:
        """Registration active on `as_of`: status "Active" (case ignored) and not expired.

        When the status is unknown (None — always so for a headerless public V2 extract, which
        has no status column), this depends only on the expiration date: active when it is
        on or after `as_of`; no expiration date either gives False.
        """
        if self.registration_status is None:
            return self.expiration_date is not None and self.expiration_date >= as_of
        if self.registration_status.lower() != "active":
            return False
        return self.expiration_date is None or self.expiration_date >= as_of


@dataclass(frozen=True)
class Exclusion:
    """One exclusion record as kept in a snapshot."""

    uei: str | None
    cage: str | None
    name: str | None
    classification: str | None
    exclusion_type: str | None
    excluding_agency: str | None
    ct_code: str | None
    active_date: str | None
    termination_date: str | None
    record_status: str | None

    def in_force(self, day: dt.date) -> bool:
        """True unless the active date is after `day` or the termination date before it.

        Dates are kept as written in the extract (YYYY-MM-DD, MM/DD/YYYY …); one that cannot be
        read, such as "Indefinite", sets no bound.
        """
        start, end = _read_day(self.active_date), _read_day(self.termination_date)
        return (start is None or start <= day) and (end is None or end >= day)


def _read_day(value: str | None) -> dt.date | None:
    for form in _DATE_FORMATS if value else ():
        try:
            return dt.datetime.strptime(value or "", form).date()
        except ValueError:
            continue
    return None


def name_key(name: str) -> str:
    """A name compared without case, punctuation or repeated spaces.

    >>> name_key("USA Remediation Services, Inc.")
    'USA REMEDIATION SERVICES INC'
    """
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", name.upper()).split())


def snapshot_dir() -> Path:
    """Where snapshots live: `Settings().data_dir / "sam"`."""
    return Settings().data_dir / "sam"


def build_snapshot(
    entities: Path | None = None,
    exclusions: Path | None = None,
    *,
    as_of: dt.date | None = None,
    directory: Path | None = None,
) -> Path:
    """Read the extracts into `<directory>/snapshot-<as_of>.sqlite` atomically; return its path.

    A snapshot of the same date is replaced. Raises `InputError` (naming the file, row and
    column) for an unreadable file or a row without a UEI in the entity extract.
    """
    if entities is None and exclusions is None:
        raise InputError("give the entity extract, the exclusions extract, or both")
    day = as_of or dt.date.today()
    folder = directory or snapshot_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = AtomicFile(folder / f"snapshot-{day.isoformat()}.sqlite")
    try:
        connection = sqlite3.connect(target.temp)
        try:
            connection.executescript(_SCHEMA)
            connection.execute("INSERT INTO meta VALUES ('date', ?)", (day.isoformat(),))
            connection.execute(
                "INSERT INTO meta VALUES ('built_at', ?)",
                (dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),),
            )
            if entities is not None:
                rows = _load_entities(connection, Path(entities))
                _source(connection, "entities", Path(entities), rows)
            if exclusions is not None:
                rows = _load_exclusions(connection, Path(exclusions))
                _source(connection, "exclusions", Path(exclusions), rows)
            connection.commit()
        finally:
            connection.close()
        target.commit()
    except BaseException:
        target.discard()
        raise
    return target.target


def _source(connection: sqlite3.Connection, kind: str, path: Path, rows: int) -> None:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    connection.execute(
        "INSERT INTO sources VALUES (?, ?, ?, ?)", (kind, path.name, digest.hexdigest(), rows)
    )


def _key(header: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", header.upper())


def _columns(header: Sequence[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    keys = [_key(h) for h in header]
    found: dict[str, int] = {}
    for field_name, names in wanted.items():
        for name in names:
            if _key(name) in keys:
                found[field_name] = keys.index(_key(name))
                break
    return found


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) of a CSV or pipe-delimited file; BOF/EOF marker lines skipped."""
    if not path.is_file():
        raise InputError("file not found", path=path)
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as handle:
            first = handle.readline()
            number = 1
            if first.upper().startswith("BOF "):
                first = handle.readline()
                number = 2
            if not first.strip():
                raise InputError("file is empty; expected a header row", path=path)
            delimiter = "|" if first.count("|") > first.count(",") else ","
            yield number, next(csv.reader([first], delimiter=delimiter))
            for offset, cells in enumerate(csv.reader(handle, delimiter=delimiter), start=1):
                if len(cells) == 1 and cells[0].upper().startswith("EOF "):
                    continue
                if not any(cell.strip() for cell in cells):
                    continue
                yield number + offset, cells
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=path) from None
    except csv.Error as exc:
        raise InputError(f"not readable as CSV ({exc})", path=path) from None


def _cell(cells: list[str], index: int | None) -> str | None:
    if index is None or index >= len(cells):
        return None
    value = cells[index].strip()
    return None if value.lower() in _NULLS else value


def _date(value: str | None, path: Path, row: int, column: str) -> str | None:
    if value is None:
        return None
    for form in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(value, form).date().isoformat()
        except ValueError:
            continue
    raise InputError(f"row {row}, column {column!r}: not a date: {value!r}", path=path)


def _is_headerless(path: Path) -> bool:
    """True when the first non-BOF line starts with a 12-character alphanumeric UEI and has at
    least 12 pipe-separated fields (the positional SAM public V2 entity extract)."""
    if not path.is_file():
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as handle:
            first = handle.readline()
            if first.upper().startswith("BOF"):
                first = handle.readline()
    except UnicodeDecodeError:
        return False  # `_rows` reports it
    fields = first.rstrip("\r\n").split("|")
    return len(fields) >= 12 and bool(_UEI.match(fields[0].strip()))


def _positional_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) of a headerless pipe-delimited extract, split on every `|` (no
    quoting). A first line starting `BOF` and lines starting `EOF` are skipped, blank lines too;
    a trailing `!end` marker field is dropped."""
    try:
        with path.open(encoding="utf-8-sig", errors="strict", newline="") as handle:
            for number, line in enumerate(handle, start=1):
                text = line.rstrip("\r\n")
                upper = text.upper()
                if (number == 1 and upper.startswith("BOF")) or upper.startswith("EOF"):
                    continue
                if not text.strip():
                    continue
                fields = text.split("|")
                if fields[-1].strip().lower() == "!end":
                    fields.pop()
                yield number, fields
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=path) from None


def _load_positional_entities(connection: sqlite3.Connection, path: Path) -> int:
    """Read a headerless SAM public V2 entity extract by column position (`PUBLIC_V2_LAYOUT`).

    Registration status is not in this layout and is stored as None.
    """

    def where(number: int, column: int) -> str:
        return f"line {number}, column {column} ({PUBLIC_V2_LAYOUT[column - 1]})"

    count = 0
    for number, fields in _positional_rows(path):
        if len(fields) < 12:
            raise InputError(
                f"line {number}: {len(fields)} fields, expected at least 12 "
                "(SAM public V2 entity extract)",
                path=path,
            )
        get = {field_name: _cell(fields, pos - 1) for field_name, pos in _V2_POSITIONS.items()}
        uei = get["uei"]
        if uei is None:
            raise InputError(f"{where(number, 1)}: no UEI", path=path)
        expiry = get["expiration_date"]
        expiration_date = None
        if expiry is not None:
            try:
                expiration_date = dt.datetime.strptime(expiry, "%Y%m%d").date().isoformat()
            except ValueError:
                raise InputError(f"{where(number, 9)}: not a date {expiry!r}", path=path) from None
        name = get["name"]
        connection.execute(
            "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uei.upper(),
                (get["cage"] or "").upper() or None,
                name,
                name_key(name) if name else None,
                None,  # registration status: not a column of the public V2 layout
                expiration_date,
                get["purpose_of_registration"],
                None,  # exclusion status flag: not among the columns we read
                get["sam_extract_code"],
            ),
        )
        count += 1
    return count


def _load_entities(connection: sqlite3.Connection, path: Path) -> int:
    if _is_headerless(path):
        return _load_positional_entities(connection, path)
    rows = _rows(path)
    _, header = next(rows)
    columns = _columns(header, ENTITY_COLUMNS)
    if "uei" not in columns:
        raise InputError(
            "no UEI column (expected a header such as 'UNIQUE ENTITY ID' or 'ueiSAM'); "
            "headerless positional extracts are not supported",
            path=path,
        )
    count = 0
    for number, cells in rows:
        uei = _cell(cells, columns["uei"])
        if uei is None:
            raise InputError(f"row {number}, column {header[columns['uei']]!r}: no UEI", path=path)
        status = _cell(cells, columns.get("registration_status"))
        status = _EXTRACT_CODES.get(status, status) if status else None
        name = _cell(cells, columns.get("name"))
        expiry_header = header[columns["expiration_date"]] if "expiration_date" in columns else ""
        connection.execute(
            "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            (
                uei.upper(),
                (_cell(cells, columns.get("cage")) or "").upper() or None,
                name,
                name_key(name) if name else None,
                status,
                _date(_cell(cells, columns.get("expiration_date")), path, number, expiry_header),
                _cell(cells, columns.get("purpose_of_registration")),
                _cell(cells, columns.get("exclusion_flag")),
            ),
        )
        count += 1
    return count


def _load_exclusions(connection: sqlite3.Connection, path: Path) -> int:
    rows = _rows(path)
    _, header = next(rows)
    columns = _columns(header, EXCLUSION_COLUMNS)
    if not {"uei", "cage", "name"} & columns.keys():
        raise InputError(
            "no UEI, CAGE or name column (expected headers such as ueiSAM, cageCode, entityName)",
            path=path,
        )
    count = 0
    for _number, cells in rows:
        get = {field_name: _cell(cells, index) for field_name, index in columns.items()}
        name = get.get("name") or " ".join(
            part for part in (get.get("first_name"), get.get("middle_name"), get.get("last_name"))
            if part
        ) or None  # fmt: skip
        uei = get.get("uei")
        connection.execute(
            "INSERT INTO exclusions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                uei.upper() if uei else None,
                (get.get("cage") or "").upper() or None,
                name,
                name_key(name) if name else None,
                get.get("classification"),
                get.get("exclusion_type"),
                get.get("excluding_agency"),
                get.get("ct_code"),
                get.get("active_date"),
                get.get("termination_date"),
                get.get("record_status"),
            ),
        )
        count += 1
    return count


class Snapshot:
    """One snapshot file, opened read-only."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("SAM snapshot not found", path=self.path)
        try:
            # check_same_thread=False: callers that share one Snapshot serialise its use.
            self._db = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            sources = self._db.execute("SELECT kind, file, sha256, rows FROM sources").fetchall()
            entity_columns = {r[1] for r in self._db.execute("PRAGMA table_info(entities)")}
        except sqlite3.DatabaseError as exc:
            raise InputError(f"not a SAM snapshot ({exc})", path=self.path) from None
        if "date" not in meta:
            raise InputError("not a SAM snapshot (no date recorded)", path=self.path)
        self.date = dt.date.fromisoformat(meta["date"])
        self.built_at = meta.get("built_at")
        self.sources = [SnapshotSource(*row) for row in sources]
        # Snapshots built before the column existed have no sam_extract_code.
        self._extract_code = "sam_extract_code" if "sam_extract_code" in entity_columns else "NULL"

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entity(self, uei: str) -> SnapshotEntity | None:
        """The entity-extract row for `uei` (case ignored), or None."""
        row = self._db.execute(
            "SELECT uei, cage, name, registration_status, expiration_date,"
            " purpose_of_registration, exclusion_flag, "
            + self._extract_code
            + " FROM entities WHERE uei = ?",
            (uei.strip().upper(),),
        ).fetchone()
        if row is None:
            return None
        expiry = dt.date.fromisoformat(row[4]) if row[4] else None
        return SnapshotEntity(row[0], row[1], row[2], row[3], expiry, row[5], row[6], row[7])

    def exclusions(
        self, uei: str | None = None, cage: str | None = None, name: str | None = None
    ) -> list[Exclusion]:
        """Exclusion records matching any of the UEI, the CAGE code or the name (exact after
        ignoring case and punctuation); no arguments gives none."""
        clauses: list[str] = []
        values: list[str] = []
        if uei:
            clauses.append("uei = ?")
            values.append(uei.strip().upper())
        if cage:
            clauses.append("cage = ?")
            values.append(cage.strip().upper())
        if name and name_key(name):
            clauses.append("name_key = ?")
            values.append(name_key(name))
        if not clauses:
            return []
        rows = self._db.execute(
            "SELECT uei, cage, name, classification, exclusion_type, excluding_agency, ct_code,"
            " active_date, termination_date, record_status FROM exclusions WHERE "
            + " OR ".join(clauses)
            + " ORDER BY rowid",
            values,
        ).fetchall()
        return [Exclusion(*row) for row in rows]


def snapshots(directory: Path | None = None) -> list[tuple[dt.date, Path]]:
    """Every snapshot in `directory` (default the data dir's `sam/`), oldest first."""
    folder = directory or snapshot_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in folder.iterdir():
        match = SNAPSHOT_NAME.match(path.name)
        if match:
            found.append((dt.date.fromisoformat(match.group(1)), path))
    return sorted(found)


def latest_snapshot(directory: Path | None = None) -> Snapshot | None:
    """The newest snapshot, or None when there is none."""
    found = snapshots(directory)
    return Snapshot(found[-1][1]) if found else None
