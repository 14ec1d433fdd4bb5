"""Read a knowledge pack's device-identifier tables: IEEE OUIs (`oui.csv`), IANA PENs (`pen.csv`).

A layer may leave these files out (an import of names has no OUIs); when present every row is
checked like any other fact: a source, a confidence, a known entity, and a well-formed prefix.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from section889.errors import DataError
from section889.knowledge.models import (
    AssignmentStatus,
    Entity,
    OuiAssignment,
    OuiRegistry,
    PenAssignment,
)
from section889.knowledge.rows import Row, enum_cell, provenance, read_rows, required

OUI_COLUMNS = (
    "prefix", "registry", "organization", "entity", "status", "note", "source", "confidence",
)  # fmt: skip
"""Required columns of `oui.csv`; optional `in_<snapshot>` columns (0/1) name its snapshots."""
PEN_COLUMNS = ("pen", "organization", "entity", "status", "note", "source", "confidence")
"""Required columns of `pen.csv`."""

_HEX = re.compile(r"[0-9A-F]+")
_NEEDS_ENTITY = (
    AssignmentStatus.COVERED,
    AssignmentStatus.POSSIBLE_AFFILIATE,
    AssignmentStatus.EX_AFFILIATE,
)


def load_ouis(path: Path, entities: Mapping[str, Entity], layer: str) -> dict[str, OuiAssignment]:
    """Every IEEE assignment in `path` by prefix; an absent file gives an empty table."""
    if not path.exists():
        return {}
    table: dict[str, OuiAssignment] = {}
    for row in read_rows(path, OUI_COLUMNS):
        registry = enum_cell(OuiRegistry, row, "registry", path)
        prefix = _prefix(row, registry, path)
        if prefix in table:
            seen = table[prefix].provenance.line
            raise DataError(
                f"duplicate prefix {prefix} (first on line {seen})",
                path=path,
                line=row[0],
                field="prefix",
            )
        status = enum_cell(AssignmentStatus, row, "status", path)
        table[prefix] = OuiAssignment(
            prefix=prefix,
            registry=registry,
            organization=required(row, "organization", path),
            entity_id=_entity(row, status, entities, path),
            status=status,
            note=row[1].get("note", ""),
            provenance=provenance(row, path, layer),
            listed_in=_listed_in(row, path),
        )
    return table


def load_pens(path: Path, entities: Mapping[str, Entity], layer: str) -> dict[int, PenAssignment]:
    """Every IANA enterprise number in `path`; an absent file gives an empty table."""
    if not path.exists():
        return {}
    table: dict[int, PenAssignment] = {}
    for row in read_rows(path, PEN_COLUMNS):
        text = required(row, "pen", path)
        if not text.isdigit() or int(text) == 0:
            raise DataError(
                f"{text!r} is not a positive enterprise number", path=path, line=row[0], field="pen"
            )
        number = int(text)
        if number in table:
            raise DataError(
                f"duplicate enterprise number {number}", path=path, line=row[0], field="pen"
            )
        status = enum_cell(AssignmentStatus, row, "status", path)
        table[number] = PenAssignment(
            number=number,
            organization=required(row, "organization", path),
            entity_id=_entity(row, status, entities, path),
            status=status,
            note=row[1].get("note", ""),
            provenance=provenance(row, path, layer),
        )
    return table


def _prefix(row: Row, registry: OuiRegistry, path: Path) -> str:
    """The prefix as upper-case hex, its length fixed by the registry (`00-1E-10` is accepted)."""
    raw = required(row, "prefix", path)
    prefix = re.sub(r"[-:.\s]", "", raw).upper()
    if not _HEX.fullmatch(prefix) or len(prefix) not in (6, 7, 9):
        raise DataError(
            f"{raw!r} is not a MAC prefix of 6, 7 or 9 hex digits",
            path=path,
            line=row[0],
            field="prefix",
        )
    if len(prefix) != registry.digits:
        raise DataError(
            f"{registry.value} prefixes have {registry.digits} hex digits; "
            f"{raw!r} has {len(prefix)}",
            path=path,
            line=row[0],
            field="prefix",
        )
    return prefix


def _entity(
    row: Row, status: AssignmentStatus, entities: Mapping[str, Entity], path: Path
) -> str | None:
    """The `entity` cell as a known entity id (case-blind: `Huawei` → `huawei`), or None."""
    value = row[1].get("entity", "")
    if not value:
        if status in _NEEDS_ENTITY:
            raise DataError(
                f"a {status.value!r} assignment must name its entity",
                path=path,
                line=row[0],
                field="entity",
            )
        return None
    eid = value.casefold()
    if eid not in entities:
        raise DataError(
            f"unknown entity {value!r}; known: {', '.join(sorted(entities))}",
            path=path,
            line=row[0],
            field="entity",
        )
    return eid


def _listed_in(row: Row, path: Path) -> tuple[str, ...]:
    """Snapshot names from the `in_<snapshot>` flag columns that hold 1."""
    found = []
    for column, value in row[1].items():
        if not column.startswith("in_"):
            continue
        if value not in ("0", "1", ""):
            raise DataError(f"{value!r} is not 0 or 1", path=path, line=row[0], field=column)
        if value == "1":
            found.append(column.removeprefix("in_"))
    return tuple(found)
