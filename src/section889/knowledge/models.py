"""Typed facts of the knowledge base: covered entities, the parties tied to them, names, ids."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Confidence(StrEnum):
    """How far a fact can be trusted: H primary/registry, M reputable secondary, L one/inferred."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class Scope(StrEnum):
    """What §889(f)(3) covers for an entity."""

    TELECOM_ALL = "telecom_all"
    """Huawei, ZTE: all telecommunications equipment."""
    VIDEO_SURVEILLANCE_SECURITY_USE = "video_surveillance_security_use"
    """Hytera, Hikvision, Dahua: video-surveillance and telecom equipment for security purposes."""

    @property
    def describe(self) -> str:
        """The statutory scope in words, for explanations (§889(f)(3)(A)–(B))."""
        if self is Scope.TELECOM_ALL:
            return "telecommunications equipment, and services that use it (§889(f)(3)(A))"
        return (
            "video-surveillance and telecommunications equipment used for public safety, "
            "security of government facilities, physical security of critical infrastructure "
            "or other national-security purposes, and services that use it (§889(f)(3)(B))"
        )


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
    """`shipped` (package facts), `pack:<name>` (update pack) or `import:<label>` (user import)."""


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

    @property
    def phrase(self) -> str:
        """`on 2022-11-23` for a day, `in 2024-01` for a month or a year."""
        return f"{'on' if self.earliest == self.latest else 'in'} {self.text}"


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


class AssignmentStatus(StrEnum):
    """What a device-identifier assignment (OUI, PEN) says about the equipment that carries it."""

    COVERED = "covered"
    POSSIBLE_AFFILIATE = "possible_affiliate"
    """The registrant's tie to the covered entity is unverified: review, never decide."""
    EX_AFFILIATE = "ex_affiliate"
    """The registrant was divested; the party's dates decide what its equipment is."""
    NOT_COVERED_LOOKALIKE = "not_covered_lookalike"
    """The registrant only resembles a covered entity (H3C, Uniview …)."""


class OuiRegistry(StrEnum):
    """IEEE registries; each assigns prefixes of one length (in hex digits)."""

    MA_L = "MA-L"
    MA_M = "MA-M"
    MA_S = "MA-S"
    IAB = "IAB"

    @property
    def digits(self) -> int:
        """Hex digits of a prefix in this registry: 6 (24 bits), 7 (28 bits) or 9 (36 bits)."""
        return {"MA-L": 6, "MA-M": 7}.get(self.value, 9)


@dataclass(frozen=True, slots=True)
class OuiAssignment:
    """One IEEE MAC-address block assigned to a covered entity, a divested unit or a look-alike."""

    prefix: str
    """Upper-case hex without separators: 6, 7 or 9 digits (match the longest first)."""
    registry: OuiRegistry
    organization: str
    """The registrant exactly as the registry spells it."""
    entity_id: str | None
    """The covered entity it belongs to (or, for a look-alike, resembles); None if no entity."""
    status: AssignmentStatus
    note: str
    provenance: Provenance
    listed_in: tuple[str, ...] = ()
    """Registry snapshots that list it, e.g. `netaddr_1_3_0`."""


@dataclass(frozen=True, slots=True)
class PenAssignment:
    """One IANA Private Enterprise Number (SNMP subtree `1.3.6.1.4.1.<n>`) and its registrant."""

    number: int
    organization: str
    entity_id: str | None
    status: AssignmentStatus
    note: str
    provenance: Provenance


@dataclass(frozen=True, slots=True)
class KBVersion:
    """Which facts an output rests on: the date they were last reviewed and a hash of the files."""

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
    ouis: dict[str, OuiAssignment] = field(default_factory=dict)
    """prefix → IEEE assignment (`oui.csv`)."""
    pens: dict[int, PenAssignment] = field(default_factory=dict)
    """enterprise number → IANA assignment (`pen.csv`)."""

    def entity(self, entity_id: str) -> Entity:
        """The covered entity with this id (KeyError if unknown)."""
        return self.entities[entity_id]

    def parties_of(self, entity_id: str) -> list[Party]:
        """Every party of one entity, the entity itself first."""
        found = [p for p in self.parties.values() if p.entity_id == entity_id]
        return sorted(found, key=lambda p: (p.relationship != Relationship.SELF, p.name.casefold()))
