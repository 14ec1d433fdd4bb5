"""The dated local SAM snapshot: one SQLite file per date in a folder the caller names.

`build_snapshot(directory, entities, exclusions)` reads the SAM public entity extract and the SAM
exclusions extract (either may be left out; `readers/sam_extracts.py`) into
`<directory>/snapshot-YYYY-MM-DD.sqlite`, written to a temp file and renamed into place, so a
reader sees the whole snapshot or the previous one. Each snapshot records its date and every
source file's name, sha256 and row count. `Snapshot` looks entities and exclusions up (safe to
share between threads); `latest_snapshot(directory)` opens the newest one. FAR 52.204-24(c) and
52.204-26(b) ask offerors to check SAM exclusions for covered telecommunications; this lets
screening and determinations do that offline.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from section889.errors import InputError
from section889.files import AtomicFile
from section889.sam.records import Exclusion, SnapshotEntity, SnapshotSource, sam_name_key

R = TypeVar("R")

SNAPSHOT_NAME = re.compile(r"^snapshot-(\d{4}-\d{2}-\d{2})\.sqlite$")

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
class Extract(Generic[R]):
    """One extract file to store: its name and sha256 (recorded as the source) and its records
    (read lazily while they are stored)."""

    file: str
    sha256: str
    records: Iterable[R]


def build_snapshot(
    directory: Path,
    *,
    as_of: dt.date,
    entities: Extract[SnapshotEntity] | None = None,
    exclusions: Extract[Exclusion] | None = None,
    built_at: dt.datetime | None = None,
) -> Path:
    """Store the extracts in `<directory>/snapshot-<as_of>.sqlite` atomically; return its path.

    A snapshot of the same date is replaced. An error while the records are read (an
    `InputError` naming the file, row and column) leaves the previous snapshot as it was.
    """
    if entities is None and exclusions is None:
        raise InputError("give the entity extract, the exclusions extract, or both")
    directory.mkdir(parents=True, exist_ok=True)
    moment = built_at or dt.datetime.now(dt.UTC)
    with AtomicFile(directory / f"snapshot-{as_of.isoformat()}.sqlite") as target:
        connection = sqlite3.connect(target.temp)
        try:
            connection.executescript(_SCHEMA)
            connection.execute("INSERT INTO meta VALUES ('date', ?)", (as_of.isoformat(),))
            connection.execute(
                "INSERT INTO meta VALUES ('built_at', ?)",
                (moment.isoformat(timespec="seconds"),),
            )
            if entities is not None:
                rows = _insert_entities(connection, entities.records)
                _record_source(connection, "entities", entities.file, entities.sha256, rows)
            if exclusions is not None:
                rows = _insert_exclusions(connection, exclusions.records)
                _record_source(connection, "exclusions", exclusions.file, exclusions.sha256, rows)
            connection.commit()
        finally:
            connection.close()
    return target.target


def _record_source(
    connection: sqlite3.Connection, kind: str, file: str, sha256: str, rows: int
) -> None:
    connection.execute("INSERT INTO sources VALUES (?, ?, ?, ?)", (kind, file, sha256, rows))


def _insert_entities(connection: sqlite3.Connection, records: Iterable[SnapshotEntity]) -> int:
    count = 0
    for e in records:
        connection.execute(
            "INSERT OR REPLACE INTO entities VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                e.uei,
                e.cage,
                e.name,
                sam_name_key(e.name) if e.name else None,
                e.registration_status,
                e.expiration_date.isoformat() if e.expiration_date else None,
                e.purpose_of_registration,
                e.exclusion_flag,
                e.sam_extract_code,
            ),
        )
        count += 1
    return count


def _insert_exclusions(connection: sqlite3.Connection, records: Iterable[Exclusion]) -> int:
    count = 0
    for r in records:
        connection.execute(
            "INSERT INTO exclusions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                r.uei,
                r.cage,
                r.name,
                sam_name_key(r.name) if r.name else None,
                r.classification,
                r.exclusion_type,
                r.excluding_agency,
                r.ct_code,
                r.active_date,
                r.termination_date,
                r.record_status,
            ),
        )
        count += 1
    return count


class Snapshot:
    """One snapshot file, opened read-only; its look-ups are serialised, so threads may share it."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise InputError("SAM snapshot not found", path=self.path)
        self._lock = threading.Lock()
        try:
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
        self.built_at: str | None = meta.get("built_at")
        self.sources = [SnapshotSource(*row) for row in sources]
        # Snapshots built before the column existed have no sam_extract_code.
        self._extract_code = "sam_extract_code" if "sam_extract_code" in entity_columns else "NULL"

    @property
    def snapshot_id(self) -> str:
        """`YYYY-MM-DD:<16 hex over the source files' kinds and hashes>` (enters decision ids)."""
        digest = hashlib.sha256(
            "|".join(f"{s.kind}:{s.sha256}" for s in self.sources).encode()
        ).hexdigest()[:16]
        return f"{self.date.isoformat()}:{digest}"

    def has(self, kind: str) -> bool:
        """Whether the snapshot was built with an extract of this kind (entities, exclusions)."""
        return any(s.kind == kind for s in self.sources)

    def close(self) -> None:
        """Close the database."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Snapshot:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def entity(self, uei: str) -> SnapshotEntity | None:
        """The entity-extract row for `uei` (case ignored), or None."""
        with self._lock:
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
        if name and sam_name_key(name):
            clauses.append("name_key = ?")
            values.append(sam_name_key(name))
        if not clauses:
            return []
        with self._lock:
            rows = self._db.execute(
                "SELECT uei, cage, name, classification, exclusion_type, excluding_agency,"
                " ct_code, active_date, termination_date, record_status FROM exclusions WHERE "
                + " OR ".join(clauses)
                + " ORDER BY rowid",
                values,
            ).fetchall()
        return [Exclusion(*row) for row in rows]


def snapshots(directory: Path) -> list[tuple[dt.date, Path]]:
    """Every snapshot in `directory`, oldest first."""
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = SNAPSHOT_NAME.match(path.name)
        if match:
            found.append((dt.date.fromisoformat(match.group(1)), path))
    return sorted(found)


def latest_snapshot(directory: Path) -> Snapshot | None:
    """The newest snapshot in `directory`, or None when there is none."""
    found = snapshots(directory)
    return Snapshot(found[-1][1]) if found else None
