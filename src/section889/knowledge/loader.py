"""Read and validate knowledge-base data files (CSV + pack.yaml) into a KnowledgeBase.

Every row must carry a source and a confidence; ids must resolve; dates must parse; no name may
point at two different covered entities (or at a covered entity and a look-alike). Each failure is
a DataError naming the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import yaml

from section889.errors import DataError
from section889.knowledge.device_tables import load_ouis, load_pens
from section889.knowledge.models import (
    Entity,
    Identifier,
    IdScheme,
    KBVersion,
    KnowledgeBase,
    LookAlike,
    Name,
    NameKind,
    Party,
    PartyStatus,
    Relationship,
    Scope,
)
from section889.knowledge.rows import (
    Row,
    date_cell,
    enum_cell,
    provenance,
    read_rows,
    required,
)

DATA_FILES = ("entities.csv", "parties.csv", "names.csv", "identifiers.csv", "lookalikes.csv")
"""Files that hold entity facts; `pack.yaml` names the date the facts were last reviewed."""
DEVICE_FILES = ("oui.csv", "pen.csv")
"""Device-identifier tables that belong to the same versioned pack (optional in a layer)."""

COLUMNS: dict[str, tuple[str, ...]] = {
    "entities.csv": ("id", "name", "scope", "country", "source", "confidence", "note"),
    "parties.csv": (
        "id",
        "entity_id",
        "name",
        "relationship",
        "country",
        "from",
        "to",
        "status",
        "source",
        "confidence",
        "note",
    ),
    "names.csv": ("party_id", "name", "kind", "source", "confidence"),
    "identifiers.csv": ("party_id", "scheme", "value", "source", "confidence"),
    "lookalikes.csv": ("id", "name", "resembles", "reason", "source", "confidence"),
}
"""Required columns per entity file; the device tables' columns live in `device_tables`."""


def default_data_dir() -> Path:
    """The facts shipped inside the package."""
    return Path(str(resources.files("section889.knowledge") / "data"))


def name_key(text: str) -> str:
    """Case- and punctuation-blind key used to detect one name claimed by two entities."""
    return " ".join(re.findall(r"\w+", text.casefold()))


def _rows(path: Path) -> Iterator[Row]:
    return read_rows(path, COLUMNS[path.name])


def _load_pack_date(directory: Path) -> dt.date:
    path = directory / "pack.yaml"
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise DataError("file is missing", path=path) from None
    except yaml.YAMLError as exc:
        raise DataError(f"not valid YAML: {exc}", path=path) from None
    value = meta.get("facts_as_of") if isinstance(meta, dict) else None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise DataError(
            "facts_as_of must be a date YYYY-MM-DD", path=path, field="facts_as_of"
        ) from None


def content_hash(directory: Path) -> tuple[str, dict[str, str]]:
    """sha256 over the pack's files in a fixed order; returns (short hash, per-file hashes)."""
    total = hashlib.sha256()
    per_file: dict[str, str] = {}
    for name in ("pack.yaml", *DATA_FILES, *DEVICE_FILES):
        path = directory / name
        if not path.exists():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        per_file[name] = digest
        total.update(f"{name}\0{digest}\n".encode())
    return total.hexdigest()[:12], per_file


def load_directory(directory: Path | None = None, *, layer: str = "shipped") -> KnowledgeBase:
    """Load and validate every fact in `directory` (default: the facts shipped in the package)."""
    directory = directory or default_data_dir()
    facts_as_of = _load_pack_date(directory)

    entities: dict[str, Entity] = {}
    path = directory / "entities.csv"
    for row in _rows(path):
        eid = required(row, "id", path)
        if eid in entities:
            raise DataError(f"duplicate entity id {eid!r}", path=path, line=row[0], field="id")
        entities[eid] = Entity(
            id=eid,
            name=required(row, "name", path),
            scope=enum_cell(Scope, row, "scope", path),
            country=required(row, "country", path),
            provenance=provenance(row, path, layer),
            note=row[1].get("note", ""),
        )

    party_rows: dict[str, tuple[Row, Party]] = {}
    path = directory / "parties.csv"
    for row in _rows(path):
        pid = required(row, "id", path)
        if pid in party_rows or (pid in entities and required(row, "relationship", path) != "self"):
            raise DataError(f"duplicate party id {pid!r}", path=path, line=row[0], field="id")
        eid = required(row, "entity_id", path)
        if eid not in entities:
            raise DataError(
                f"unknown entity id {eid!r}; known: {', '.join(sorted(entities))}",
                path=path,
                line=row[0],
                field="entity_id",
            )
        party = Party(
            id=pid,
            entity_id=eid,
            name=required(row, "name", path),
            relationship=enum_cell(Relationship, row, "relationship", path),
            country=required(row, "country", path),
            status=enum_cell(PartyStatus, row, "status", path),
            provenance=provenance(row, path, layer),
            since=date_cell(row, "from", path),
            until=date_cell(row, "to", path),
            note=row[1].get("note", ""),
        )
        if party.since and party.until and party.until.latest < party.since.earliest:
            raise DataError(
                f"'to' {party.until} is before 'from' {party.since}",
                path=path,
                line=row[0],
                field="to",
            )
        party_rows[pid] = (row, party)
    for eid in entities:
        if eid not in party_rows:
            raise DataError(f"entity {eid!r} has no row with relationship 'self'", path=path)

    names: dict[str, list[Name]] = {pid: [] for pid in party_rows}
    path = directory / "names.csv"
    for row in _rows(path):
        pid = required(row, "party_id", path)
        if pid not in names:
            raise DataError(f"unknown party id {pid!r}", path=path, line=row[0], field="party_id")
        names[pid].append(
            Name(
                required(row, "name", path),
                enum_cell(NameKind, row, "kind", path),
                provenance(row, path, layer),
            )
        )

    idents: dict[str, list[Identifier]] = {pid: [] for pid in party_rows}
    path = directory / "identifiers.csv"
    for row in _rows(path):
        pid = required(row, "party_id", path)
        if pid not in idents:
            raise DataError(f"unknown party id {pid!r}", path=path, line=row[0], field="party_id")
        idents[pid].append(
            Identifier(
                enum_cell(IdScheme, row, "scheme", path),
                required(row, "value", path).upper(),
                provenance(row, path, layer),
            )
        )

    lookalikes: dict[str, LookAlike] = {}
    path = directory / "lookalikes.csv"
    for row in _rows(path):
        lid = required(row, "id", path)
        resembles = required(row, "resembles", path)
        if resembles not in entities:
            raise DataError(
                f"unknown entity id {resembles!r}", path=path, line=row[0], field="resembles"
            )
        prov = provenance(row, path, layer)
        name = Name(required(row, "name", path), NameKind.REGISTRY, prov)
        if lid in lookalikes:
            old = lookalikes[lid]
            lookalikes[lid] = LookAlike(
                old.id, old.name, old.resembles, old.reason, old.provenance, (*old.names, name)
            )
        else:
            lookalikes[lid] = LookAlike(
                lid, name.text, resembles, required(row, "reason", path), prov, (name,)
            )

    parties = {
        pid: _with_names(party, names[pid], idents[pid]) for pid, (_, party) in party_rows.items()
    }
    _check_unique_names(parties, lookalikes)
    ouis = load_ouis(directory / "oui.csv", entities, layer)
    pens = load_pens(directory / "pen.csv", entities, layer)
    short, per_file = content_hash(directory)
    return KnowledgeBase(
        KBVersion(facts_as_of, short, (layer,)),
        entities,
        parties,
        lookalikes,
        per_file,
        ouis=ouis,
        pens=pens,
    )


def _with_names(party: Party, names: list[Name], idents: list[Identifier]) -> Party:
    own = Name(party.name, NameKind.LEGAL, party.provenance)
    return Party(
        party.id,
        party.entity_id,
        party.name,
        party.relationship,
        party.country,
        party.status,
        party.provenance,
        party.since,
        party.until,
        party.note,
        (own, *names),
        tuple(idents),
    )


def _check_unique_names(parties: dict[str, Party], lookalikes: dict[str, LookAlike]) -> None:
    """One name (case and punctuation aside) points at one covered entity and at no look-alike."""
    owner: dict[str, tuple[str, Name]] = {}
    for party in parties.values():
        for name in party.names:
            key = name_key(name.text)
            seen = owner.get(key)
            if seen and seen[0] != party.entity_id:
                raise DataError(
                    f"name {name.text!r} points to {party.entity_id!r} here and to {seen[0]!r} "
                    f"at {seen[1].provenance.file}:{seen[1].provenance.line}",
                    path=name.provenance.file,
                    line=name.provenance.line,
                    field="name",
                )
            owner.setdefault(key, (party.entity_id, name))
    for look in lookalikes.values():
        for name in look.names:
            seen = owner.get(name_key(name.text))
            if seen:
                raise DataError(
                    f"look-alike name {name.text!r} is also a name of covered entity {seen[0]!r} "
                    f"({seen[1].provenance.file}:{seen[1].provenance.line})",
                    path=name.provenance.file,
                    line=name.provenance.line,
                    field="name",
                )
