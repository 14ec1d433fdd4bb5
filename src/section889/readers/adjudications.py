"""Earlier adjudications of screening hits (`--decisions FILE`, CSV or YAML), validated row by row.

A decision names a vendor by `input_name` or by identifier (`id`), says `not_a_match` or
`confirmed`, who decided and when, why, and (copied from an earlier output) the `fact_ref` of the
hit it judged, so a later run can tell when the fact behind the hit has changed.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

import yaml

from section889.errors import InputError, RowError
from section889.files import restore
from section889.readers.sniff import detect_delimiter, detect_encoding, read_sample

REQUIRED = ("decision", "decided_by", "decided_on", "reason")
"""Fields every decision must fill; it must also name `input_name` or `id`."""


class AdjudicationKind(StrEnum):
    """What a person decided about a hit."""

    NOT_A_MATCH = "not_a_match"
    """The vendor is not the matched party: the row is shown as `clear`."""
    CONFIRMED = "confirmed"
    """The vendor is the matched party: a `possible` is shown as `covered`."""


@dataclass(frozen=True, slots=True)
class Adjudication:
    """One adjudication, with the row of the decisions file it came from."""

    row: int
    decision: AdjudicationKind
    decided_by: str
    decided_on: dt.date
    reason: str
    input_name: str | None = None
    identifier: str | None = None
    fact_ref: str | None = None
    """The result's `fact_ref` when the decision was taken; a different one now makes it stale."""
    kb_version: str | None = None
    """Knowledge-base label at decision time; judges staleness when `fact_ref` is absent."""


def name_key(name: str) -> str:
    """How decisions find a row by name: case- and spacing-blind, formula apostrophe undone."""
    return " ".join(restore(name.strip()).casefold().split())


@dataclass
class AdjudicationBook:
    """Decisions looked up by identifier first, then by name; remembers which ones were used."""

    path: Path
    sha256: str
    by_id: dict[str, Adjudication] = field(default_factory=dict)
    by_name: dict[str, Adjudication] = field(default_factory=dict)
    used: set[int] = field(default_factory=set)

    def __len__(self) -> int:
        return len({d.row for d in (*self.by_id.values(), *self.by_name.values())})

    def find(self, name: str, identifiers: Iterable[str] = ()) -> Adjudication | None:
        """The decision for a row with this name and these identifier values, if any."""
        for value in identifiers:
            found = self.by_id.get(value.upper())
            if found is not None:
                self.used.add(found.row)
                return found
        found = self.by_name.get(name_key(name))
        if found is not None:
            self.used.add(found.row)
        return found

    def add(self, decision: Adjudication) -> None:
        """File a decision; for one vendor the latest `decided_on` wins (then the later row)."""
        if decision.identifier:
            _keep_latest(self.by_id, decision.identifier.upper(), decision)
        if decision.input_name:
            _keep_latest(self.by_name, name_key(decision.input_name), decision)


def load_adjudications(path: Path | str, *, today: dt.date | None = None) -> AdjudicationBook:
    """Read and validate a decisions file; each problem is a RowError naming file, row and field."""
    path = Path(path)
    sample = read_sample(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        entries = _yaml_entries(path, sample)
    elif path.suffix.lower() in (".csv", ".tsv", ".txt"):
        entries = _csv_entries(path, sample)
    else:
        raise InputError("decisions must be a .csv or .yaml file", path=path)
    book = AdjudicationBook(path=path, sha256=hashlib.sha256(path.read_bytes()).hexdigest())
    today = today or dt.date.today()
    for row, entry in entries:
        decision = _decision(path, row, entry, today)
        if decision is not None:
            book.add(decision)
    return book


def _keep_latest(index: dict[str, Adjudication], key: str, decision: Adjudication) -> None:
    old = index.get(key)
    if old is None or decision.decided_on >= old.decided_on:
        index[key] = decision


def _csv_entries(path: Path, sample: bytes) -> Iterator[tuple[int, dict[str, str]]]:
    encoding = detect_encoding(path, sample)
    text = path.read_bytes().decode(encoding, errors="replace")
    reader = csv.DictReader(io.StringIO(text), delimiter=detect_delimiter(text[:65536]))
    reader.fieldnames = [_field(h) for h in reader.fieldnames or []]
    for number, row in enumerate(reader, start=1):
        yield number, {k: v for k, v in row.items() if k is not None}


def _yaml_entries(path: Path, sample: bytes) -> Iterator[tuple[int, Mapping[str, object]]]:
    try:
        data = yaml.safe_load(path.read_text(encoding=detect_encoding(path, sample)))
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path=path) from None
    if isinstance(data, dict) and "decisions" in data:
        data = data["decisions"]
    if data is None:
        return
    if not isinstance(data, list):
        raise InputError(
            "must be a list of decisions (or a mapping with a `decisions:` list)", path=path
        )
    for number, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            raise RowError("each decision must be a mapping of fields", path=path, row=number)
        yield number, {_field(str(k)): v for k, v in entry.items()}


def _field(header: str) -> str:
    return re.sub(r"[\s\-]+", "_", header.strip().lstrip("\ufeff")).casefold()


def _text(entry: Mapping[str, object], name: str) -> str:
    value = entry.get(name)
    return "" if value is None else str(value).strip()


def _decision(
    path: Path, row: int, entry: Mapping[str, object], today: dt.date
) -> Adjudication | None:
    kind = _text(entry, "decision")
    if not kind and not _text(entry, "decided_by"):
        return None  # an output row copied in without a decision yet
    missing = [name for name in REQUIRED if not _text(entry, name)]
    if missing:
        raise RowError("must not be empty", path=path, row=row, field=missing[0])
    name = _text(entry, "input_name") or None
    ident = _text(entry, "id") or _text(entry, "identifier") or None
    if name is None and ident is None:
        raise RowError(
            "name the vendor with input_name or id", path=path, row=row, field="input_name"
        )
    try:
        decision = AdjudicationKind(kind)
    except ValueError:
        allowed = ", ".join(k.value for k in AdjudicationKind)
        raise RowError(
            f"{kind!r} is not one of: {allowed}", path=path, row=row, field="decision"
        ) from None
    decided_on = _date(path, row, entry.get("decided_on"))
    if decided_on > today:
        raise RowError(f"{decided_on} is in the future", path=path, row=row, field="decided_on")
    return Adjudication(
        row=row,
        decision=decision,
        decided_by=_text(entry, "decided_by"),
        decided_on=decided_on,
        reason=_text(entry, "reason"),
        input_name=name,
        identifier=ident,
        fact_ref=_text(entry, "fact_ref") or None,
        kb_version=_text(entry, "kb_version") or None,
    )


def _date(path: Path, row: int, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowError(
            f"{value!r} is not a date YYYY-MM-DD", path=path, row=row, field="decided_on"
        ) from None
