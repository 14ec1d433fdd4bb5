"""Typed facts of the knowledge base: covered entities, the parties tied to them, names, ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Confidence(StrEnum):
    """How far a fact can be trusted: H primary/registry, M reputable secondary, L single/inferred."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Scope(StrEnum):
    """What §889(f)(3) covers for an entity."""

    TELECOM_ALL = "telecom_all"
    """Huawei, ZTE: all telecommunications equipment."""
    VIDEO_SURVEILLANCE_SECURITY_USE = "video_surveillance_security_use"
    """Hytera, Hikvision, Dahua: video-surveillance and telecom equipment for public-safety or security purposes."""


class Relationship(StrEnum):
    """How a party relates to the covered entity it belongs to."""

    SELF = "self"
    SUBSIDIARY = "subsidiary"
    AFFILIATE = "affiliate"
    BRAND = "brand"


class PartyStatus(StrEnum):
    """What the shipped facts say about a party's tie, before dates are applied."""

    COVERED = "covered"
    REVIEW = "review"
    """The tie itself is uncertain (UNVERIFIED or ⚠ in the reference): matches become `possible`."""


class NameKind(StrEnum):
    """Where a name of a party comes from."""

    LEGAL = "legal"
    FORMER = "former"
    SHORT = "short"
    BRAND = "brand"
    CHINESE_SIMPLIFIED = "chinese_simplified"
    CHINESE_TRADITIONAL = "chinese_traditional"
    PINYIN = "pinyin"
    REGISTRY = "registry"
    ENTITY_LIST = "entity_list"
    TRADE_NAME = "trade_name"


class IdScheme(StrEnum):
    """Identifier schemes the matcher understands; an identifier hit outranks any name."""

    UEI = "uei"
    CAGE = "cage"
    LEI = "lei"
    TICKER = "ticker"
    ISIN = "isin"
    DUNS = "duns"


@dataclass(frozen=True, slots=True)
class Provenance:
    """Where a fact came from: the data file and line, its cited source and confidence."""

    source: str
    confidence: Confidence
    file: str
    line: int
    layer: str = "shipped"
    """`shipped` for the package's facts, `pack:<name>` for an update pack, `import:<label>` for a user import."""


@dataclass(frozen=True, slots=True)
class FuzzyDate:
    """A date known to a day, a month or a year; `earliest`/`latest` bound what it could be.

    >>> d = FuzzyDate.parse("2021-11")
    >>> (d.earliest.isoformat(), d.latest.isoformat(), str(d))
    ('2021-11-01', '2021-11-30', '2021-11')
    """

    earliest: dt.date
    latest: dt.date
    text: str

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise ValueError otherwise."""
        parts = text.strip().split("-")
        if len(parts) == 3:
            day = dt.date.fromisoformat(text.strip())
            return cls(day, day, text.strip())
        if len(parts) == 2 and len(parts[0]) == 4 and len(parts[1]) == 2:
            year, month = int(parts[0]), int(parts[1])
            first = dt.date(year, month, 1)
            nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
            return cls(first, nxt - dt.timedelta(days=1), text.strip())
        if len(parts) == 1 and len(parts[0]) == 4 and parts[0].isdigit():
            year = int(parts[0])
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), text.strip())
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Entity:
    """One of the five companies §889(f)(3) names."""

    id: str
    name: str
    scope: Scope
    country: str
    provenance: Provenance
    note: str = ""


@dataclass(frozen=True, slots=True)
class Name:
    """A name under which a party (or a look-alike) is known."""

    text: str
    kind: NameKind
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Identifier:
    """A registry identifier (UEI, CAGE, LEI, ticker …) of a party."""

    scheme: IdScheme
    value: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class Party:
    """A covered entity itself, or a subsidiary, affiliate or brand of one, with its dates."""

    id: str
    entity_id: str
    name: str
    relationship: Relationship
    country: str
    status: PartyStatus
    provenance: Provenance
    since: FuzzyDate | None = None
    until: FuzzyDate | None = None
    note: str = ""
    names: tuple[Name, ...] = ()
    identifiers: tuple[Identifier, ...] = ()


@dataclass(frozen=True, slots=True)
class LookAlike:
    """A company whose name resembles a covered one but which is not covered."""

    id: str
    name: str
    resembles: str
    reason: str
    provenance: Provenance
    names: tuple[Name, ...] = ()


@dataclass(frozen=True, slots=True)
class KBVersion:
    """Which facts an output rests on: the date they were last reviewed and a hash of their content."""

    facts_as_of: dt.date
    content_hash: str
    layers: tuple[str, ...] = ("shipped",)

    @property
    def label(self) -> str:
        """Short form named by every output, e.g. `2025-11-01+3f2a9c1b0d4e`."""
        return f"{self.facts_as_of.isoformat()}+{self.content_hash}"

    def describe(self) -> str:
        """Sentence form for reports: `facts as of 2025-11-01 (kb 2025-11-01+3f2a…)`."""
        extra = [layer for layer in self.layers if layer != "shipped"]
        more = f"; layers: {', '.join(extra)}" if extra else ""
        return f"facts as of {self.facts_as_of.isoformat()} (kb {self.label}{more})"


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """All facts, loaded and validated; pure data with lookups."""

    version: KBVersion
    entities: dict[str, Entity]
    parties: dict[str, Party]
    lookalikes: dict[str, LookAlike]
    source_files: dict[str, str] = field(default_factory=dict)
    """file name → sha256 of the data files the facts came from."""

    def entity(self, entity_id: str) -> Entity:
        """The covered entity with this id (KeyError if unknown)."""
        return self.entities[entity_id]

    def parties_of(self, entity_id: str) -> list[Party]:
        """Every party of one entity, the entity itself first."""
        found = [p for p in self.parties.values() if p.entity_id == entity_id]
        return sorted(found, key=lambda p: (p.relationship != Relationship.SELF, p.name.casefold()))
