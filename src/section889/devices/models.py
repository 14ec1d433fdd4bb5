"""Equipment records, the evidence found on them, and the finding per asset (pure values)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Purpose(StrEnum):
    """What the equipment is used for; decides Hytera/Hikvision/Dahua coverage (§889(f)(3)(B))."""

    PUBLIC_SAFETY = "public_safety"
    GOVERNMENT_FACILITY_SECURITY = "government_facility_security"
    CRITICAL_INFRASTRUCTURE_SURVEILLANCE = "critical_infrastructure_surveillance"
    OTHER_NATIONAL_SECURITY = "other_national_security"
    OTHER = "other"
    UNKNOWN = "unknown"

    @property
    def is_security_purpose(self) -> bool:
        """One of the four purposes §889(f)(3)(B) lists."""
        return self in _SECURITY


_SECURITY = frozenset(
    {
        Purpose.PUBLIC_SAFETY,
        Purpose.GOVERNMENT_FACILITY_SECURITY,
        Purpose.CRITICAL_INFRASTRUCTURE_SURVEILLANCE,
        Purpose.OTHER_NATIONAL_SECURITY,
    }
)


class Category(StrEnum):
    """What kind of equipment an asset is."""

    TELECOM = "telecom"
    VIDEO_SURVEILLANCE = "video_surveillance"
    RADIO = "radio"
    OTHER = "other"


class DeviceStatus(StrEnum):
    """Outcome for one asset."""

    COVERED = "covered"
    POSSIBLE = "possible"
    FORMER_AFFILIATE = "former_affiliate"
    CLEAR = "clear"


class Signal(StrEnum):
    """Kinds of evidence about a device."""

    MAC_OUI = "mac_oui"
    SNMP_ENTERPRISE = "snmp_enterprise"
    SYSDESCR = "sysdescr"
    MODEL = "model"
    BANNER = "banner"
    CPE = "cpe"
    MANUFACTURER = "manufacturer"
    SUPPLIER = "supplier"
    OEM = "oem"
    NOTE = "note"
    """Not a match: something the finding must say (a randomised MAC, a bad value)."""


@dataclass(frozen=True, slots=True)
class DeviceRecord:
    """One row, host or component about a device, from one input file, with where it came from.

    Every field is optional: a purchase line has a supplier and a description, an nmap host a MAC
    and banners, an SNMP walk a sysObjectID and sysDescr. Readers fill what their format carries.
    """

    source: str
    """The input file (or folder) path."""
    row: int
    """1-based data row, host or line number within `source`."""
    format: str
    """`csv`, `xlsx`, `nmap`, `cyclonedx`, `snmpwalk`, `dhcpd`, `neigh`, `purchases` …"""
    hostname: str = ""
    ip: str = ""
    mac: str = ""
    serial: str = ""
    site: str = ""
    manufacturer: str = ""
    model: str = ""
    description: str = ""
    supplier: str = ""
    part_number: str = ""
    purpose: str = ""
    acquired: dt.date | None = None
    produced: dt.date | None = None
    sys_object_id: str = ""
    sys_descr: str = ""
    banners: tuple[str, ...] = ()
    cpes: tuple[str, ...] = ()
    purls: tuple[str, ...] = ()
    device_type: str = ""
    os: str = ""
    mac_vendor: str = ""
    """The vendor name a scanner reported for the MAC (nmap's), kept as evidence."""

    @property
    def where(self) -> str:
        """`file:row` for messages and evidence."""
        return f"{self.source}:{self.row}"


@dataclass(frozen=True, slots=True)
class DeviceEvidence:
    """One signal found on a record, what it matched, and the source of that fact."""

    signal: Signal
    value: str
    matched: str
    """What the value matched, in words (`Huawei Technologies Co.,Ltd (MA-L 00E0FC)`)."""
    entity_id: str | None
    party_id: str | None
    status: DeviceStatus
    """What this evidence alone says."""
    source: str
    """Where the fact behind the match comes from (registry, pattern file, knowledge-base row)."""
    record: str = ""
    """The input record (`file:row`) the value was read from."""
    confidence: str = ""
    """`high`, `medium` or `low`: how far this fact alone can be trusted (empty for notes)."""

    def read_from(self, record: str) -> DeviceEvidence:
        """This evidence as read from `record` (`dataclasses.replace`, without its overhead)."""
        return DeviceEvidence(
            self.signal, self.value, self.matched, self.entity_id, self.party_id, self.status,
            self.source, record, self.confidence,
        )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Asset:
    """One device, possibly described by several records (same MAC, serial, or IP at one site)."""

    asset_id: str
    records: tuple[DeviceRecord, ...]

    def first(self, attribute: str) -> str:
        """The first non-empty value of a text field across the asset's records."""
        for record in self.records:
            value = getattr(record, attribute)
            if value:
                return str(value)
        return ""


@dataclass(frozen=True, slots=True)
class Finding:
    """The result for one asset: status, entity, category, confidence, every piece of evidence."""

    asset: Asset
    status: DeviceStatus
    entity_id: str | None
    category: Category
    confidence: str
    """`high`, `medium` or `low`."""
    evidence: tuple[DeviceEvidence, ...] = field(default=())
    reasons: tuple[str, ...] = field(default=())
    """Sentences a person reads: why this status (dates, purpose, OEM, look-alike)."""
