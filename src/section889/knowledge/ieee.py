"""A fresh IEEE registry download (oui.csv, mam.csv, oui36.csv) merged into the pack's `oui.csv`.

IEEE publishes `Registry,Assignment,Organization Name,Organization Address`; we keep the rows
whose registrant a classifier ties to a covered entity (or calls a look-alike) and merge them with
the current table. The classifier is passed in, so this module stays free of the matcher.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from section889.errors import InputError
from section889.knowledge.device_tables import OUI_COLUMNS
from section889.knowledge.models import AssignmentStatus, OuiRegistry

IEEE_HEADER = ("Registry", "Assignment", "Organization Name", "Organization Address")
"""The header IEEE's registry CSV downloads start with."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """One row of an IEEE registry download."""

    registry: OuiRegistry
    prefix: str
    organization: str
    line: int


@dataclass(frozen=True, slots=True)
class Classification:
    """What a registrant is to the knowledge base: its device status, entity and why."""

    status: AssignmentStatus
    entity_id: str | None
    reason: str


Classifier = Callable[[str], Classification | None]
"""Registrant name → classification, or None when it has nothing to do with a covered entity."""


def is_ieee_registry(path: Path) -> bool:
    """True when the file starts with IEEE's registry CSV header."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            first = next(csv.reader([handle.readline()]), [])
    except (OSError, UnicodeDecodeError):
        return False
    return tuple(cell.strip() for cell in first) == IEEE_HEADER


def read_registry(path: Path) -> list[Assignment]:
    """Every assignment in an IEEE CSV; InputError names the line of a malformed row."""
    text = path.read_text(encoding="utf-8-sig", errors="replace")
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader, None)
    rows: list[Assignment] = []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) < 3:
            raise InputError(f"line {line}: expected {', '.join(IEEE_HEADER)}", path=path)
        try:
            registry = OuiRegistry(cells[0].strip())
        except ValueError:
            raise InputError(f"line {line}: unknown registry {cells[0]!r}", path=path) from None
        prefix = re.sub(r"[-:.\s]", "", cells[1]).upper()
        if not re.fullmatch(r"[0-9A-F]+", prefix) or len(prefix) != registry.digits:
            raise InputError(
                f"line {line}: {cells[1]!r} is not a {registry.value} assignment", path=path
            )
        rows.append(Assignment(registry, prefix, " ".join(cells[2].split()), line))
    if not rows:
        raise InputError("the IEEE registry file holds no assignments", path=path)
    return rows


def read_oui_rows(path: Path) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The current oui.csv as (header, rows by normalised prefix); an absent file is empty."""
    if not path.is_file():
        return list(OUI_COLUMNS), {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        header = list(reader.fieldnames or OUI_COLUMNS)
        rows = {_key(row.get("prefix", "")): dict(row) for row in reader}
    return header, rows


def merge_registry(
    current: dict[str, dict[str, str]],
    assignments: Iterable[Assignment],
    classify: Classifier,
    *,
    source: str,
) -> dict[str, dict[str, str]]:
    """The OUI table after a registry refresh.

    Every registrant in the download is classified. Where the verdict (entity and status) equals
    the current row, the row is kept as it is, so a curated note survives; a different verdict
    adds or reclassifies the prefix. A prefix is dropped only when its registrant changed and no
    longer resembles any covered entity: the classifier not recognising a curated row is no
    evidence against it. Prefixes the download does not list are kept, so a partial download
    cannot delete curated rows.
    """
    merged = dict(current)
    verdicts: dict[str, Classification | None] = {}
    for item in assignments:
        if item.organization not in verdicts:
            verdicts[item.organization] = classify(item.organization)
        verdict = verdicts[item.organization]
        old = current.get(item.prefix)
        if verdict is None:
            if old is None or not _same_name(old.get("organization", ""), item.organization):
                merged.pop(item.prefix, None)
            continue
        entity = verdict.entity_id or ""
        if old is not None and _agrees(old, verdict):
            continue
        merged[item.prefix] = {
            "prefix": item.prefix,
            "registry": item.registry.value,
            "organization": item.organization,
            "entity": entity,
            "status": verdict.status.value,
            "note": verdict.reason,
            "source": source,
            "confidence": "medium"
            if verdict.status != AssignmentStatus.POSSIBLE_AFFILIATE
            else "low",
        }
    return dict(sorted(merged.items()))


def write_oui_rows(path: Path, header: list[str], rows: dict[str, dict[str, str]]) -> None:
    """Write an OUI table with the header it was read with (flag columns of new rows are 0)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        for row in rows.values():
            flags = {c: row.get(c) or "0" for c in header if c.startswith("in_")}
            writer.writerow({**{c: row.get(c, "") for c in header}, **flags})


def registry_source(path: Path, today: dt.date) -> str:
    """The source cell of rows classified from one download."""
    return f"IEEE registry download {path.name} classified by section889 on {today.isoformat()}"


def _key(prefix: str) -> str:
    return re.sub(r"[-:.\s]", "", prefix).upper()


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def _agrees(row: dict[str, str], verdict: Classification) -> bool:
    """Same status and entity; for a look-alike the status alone (its entity is only a hint)."""
    if row.get("status") != verdict.status.value:
        return False
    if verdict.status == AssignmentStatus.NOT_COVERED_LOOKALIKE:
        return True
    return row.get("entity", "").casefold() == (verdict.entity_id or "")
