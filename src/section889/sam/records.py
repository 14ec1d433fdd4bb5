"""What a local SAM snapshot holds, as values: entity rows, exclusion records, and their status.

Pure: `readers/sam_extracts.py` reads the extracts into these, `store/sam_snapshot.py` keeps
them in SQLite, `services/sam_lookup.py` looks them up. Dates are read by one `parse_sam_date`
(also used for SAM Entity API JSON, `sam/entity.py`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

SAM_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%m/%d/%Y", "%m-%d-%Y")
"""How SAM extracts and API records write dates (ISO first; the public extract writes MM/DD/YYYY)."""

SHOWN = 5
"""Exclusion records a determination names; more are counted."""


def parse_sam_date(value: str | None) -> dt.date | None:
    """A SAM date in any of `SAM_DATE_FORMATS`; None when empty or unreadable ("Indefinite").

    >>> parse_sam_date("01/01/2020"), parse_sam_date("20220303"), parse_sam_date("Indefinite")
    (datetime.date(2020, 1, 1), datetime.date(2022, 3, 3), None)
    """
    for form in SAM_DATE_FORMATS if value else ():
        try:
            return dt.datetime.strptime(value or "", form).date()
        except ValueError:
            continue
    return None


def sam_name_key(name: str) -> str:
    """A name as a snapshot indexes it: upper case, punctuation and repeated spaces dropped.

    >>> sam_name_key("USA Remediation Services, Inc.")
    'USA REMEDIATION SERVICES INC'
    """
    return " ".join(re.sub(r"[^0-9A-Z]+", " ", name.upper()).split())


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
    """One exclusion record as kept in a snapshot (dates as the extract writes them)."""

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

        A date that cannot be read, such as "Indefinite", sets no bound.
        """
        start, end = parse_sam_date(self.active_date), parse_sam_date(self.termination_date)
        return (start is None or start <= day) and (end is None or end >= day)

    def describe(self, *, brief: bool = False) -> str:
        """The record in a few words: who, type, agency, CT code and dates (`brief`: type,
        agency and CT code only)."""
        ct = f"CT code {self.ct_code}" if self.ct_code else ""
        if brief:
            short = (self.exclusion_type or "", self.excluding_agency or "", ct)
            return ", ".join(p for p in short if p) or "record without type or agency"
        parts = (
            self.name or self.uei or self.cage or "",
            self.exclusion_type or "",
            self.excluding_agency or "",
            ct,
            f"active {self.active_date}" if self.active_date else "",
            f"ends {self.termination_date}" if self.termination_date else "",
        )
        return ", ".join(p for p in parts if p)


def active_exclusions(records: Iterable[Exclusion], day: dt.date) -> list[Exclusion]:
    """The records in force on `day`, in their order."""
    return [r for r in records if r.in_force(day)]


def describe_exclusions(
    records: Sequence[Exclusion], shown: int = SHOWN, *, brief: bool = False
) -> str:
    """The first `shown` records described, joined with "; ", and "(+N more)" for the rest."""
    text = "; ".join(r.describe(brief=brief) for r in records[:shown])
    more = f" (+{len(records) - shown} more)" if len(records) > shown else ""
    return text + more


@dataclass(frozen=True, slots=True)
class SamSnapshotFacts:
    """What a local SAM snapshot shows for one offeror's UEI and CAGE (the engine's SAM input)."""

    snapshot_id: str
    """`YYYY-MM-DD:<16 hex of the source files' hashes>`; enters the decision id."""
    date: dt.date
    uei: str
    cage: str
    exclusions: tuple[Exclusion, ...]
    """Every record listed for the UEI or the CAGE, in force or not."""
    has_entities: bool
    """Whether the snapshot holds an entity extract (else `entity` says nothing)."""
    entity: SnapshotEntity | None
    """The UEI's entity row, when the snapshot holds an entity extract and lists it."""
