"""The signals a device record carries: which fields each reads, the core method that reads them,
and when it counts. The one table both engines follow.

`DeviceIdentifier.evidence(record)` walks `SIGNALS` in order. The bulk engine makes, from the
same table, one distinct-value query per signal, its join back to the rows and its row condition
(`bulk/plan.py`). A record's evidence is the concatenation, in table order, of each signal's
answer for the record's values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum
from operator import attrgetter
from typing import Any, Protocol

from section889.devices.models import DeviceEvidence, DeviceRecord, Signal


class Evidence(Protocol):
    """What a signal asks of the identifier (`devices.identify.DeviceIdentifier` is one)."""

    def mac_evidence(self, mac: str) -> list[DeviceEvidence]: ...
    def name_evidence(self, name: str, signal: Signal, as_of: dt.date) -> list[DeviceEvidence]: ...
    def snmp_evidence(self, sys_object_id: str, sys_descr: str = "") -> list[DeviceEvidence]: ...
    def model_evidence(self, model: str, manufacturer: str = "") -> list[DeviceEvidence]: ...
    def text_evidence(
        self, text: str, signal: Signal = ..., manufacturer: str = ""
    ) -> list[DeviceEvidence]: ...
    def banner_evidence(self, text: str) -> list[DeviceEvidence]: ...
    def cpe_evidence(self, cpe: str) -> list[DeviceEvidence]: ...


Values = tuple[str, ...]
Ask = Callable[[Evidence, Values, dt.date], list[DeviceEvidence]]


class When(Enum):
    """When a signal's answer counts, besides its value being present."""

    ALWAYS = "always"
    MAC_SAID_NOTHING = "mac_said_nothing"
    """Only when the MAC gave no evidence but notes (a scanner's vendor name for a MAC whose
    block the registry does not name, or a randomised one)."""
    NOT_THE_MODEL = "not_the_model"
    """Only when the value differs from the record's model (a part number that repeats the model
    would repeat its evidence)."""


@dataclass(frozen=True, slots=True)
class SignalSpec:
    """One signal: its name, the record fields its core method reads, and when it counts.

    `fields[:present]` are the value fields: the signal is asked when one of them is not empty.
    The other fields qualify the value (the manufacturer vets a short model code). With `many`,
    the one value field is a tuple (banners, CPEs) and each element is asked about in turn.
    """

    name: str
    fields: tuple[str, ...]
    ask: Ask
    gives: Signal
    """The signal of the evidence it finds (beside OEM brands and notes): two specs that give
    the same one can find the same evidence in equal values, which a record lists once."""
    oem: bool = False
    """Its method also looks for OEM brands in the value (names and free text): two such specs
    can find the same brand in equal values."""
    when: When = When.ALWAYS
    present: int = 1
    many: bool = False
    _get: Callable[[DeviceRecord], Any] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # One C-level getter for the fields: `asks` runs for every signal of every record.
        object.__setattr__(self, "_get", attrgetter(*self.fields))

    def asks(self, record: DeviceRecord) -> list[Values]:
        """The values of `record` this signal asks about (none when its value fields are empty)."""
        got = self._get(record)
        if self.many:
            return [(item,) for item in got]
        values: Values = got if len(self.fields) > 1 else (got,)
        if values[0] or (self.present > 1 and any(values[1 : self.present])):
            return [values]
        return []


def _name(signal: Signal) -> Ask:
    return lambda i, v, d: i.name_evidence(v[0], signal, d)


MAC = SignalSpec("mac", ("mac",), lambda i, v, d: i.mac_evidence(v[0]), Signal.MAC_OUI)
"""The MAC signal (`When.MAC_SAID_NOTHING` refers to its answer)."""

SIGNALS: tuple[SignalSpec, ...] = (
    MAC,
    SignalSpec(
        "mac_vendor",
        ("mac_vendor",),
        _name(Signal.MAC_OUI),
        Signal.MAC_OUI,
        oem=True,
        when=When.MAC_SAID_NOTHING,
    ),
    SignalSpec(
        "snmp",
        ("sys_object_id", "sys_descr"),
        lambda i, v, d: i.snmp_evidence(v[0], v[1]),
        Signal.SNMP_ENTERPRISE,
        present=2,
    ),
    SignalSpec(
        "model",
        ("model", "manufacturer"),
        lambda i, v, d: i.model_evidence(v[0], v[1]),
        Signal.MODEL,
    ),
    SignalSpec(
        "part_number",
        ("part_number", "manufacturer"),
        lambda i, v, d: i.model_evidence(v[0], v[1]),
        Signal.MODEL,
        when=When.NOT_THE_MODEL,
    ),
    SignalSpec(
        "description",
        ("description", "manufacturer"),
        lambda i, v, d: i.text_evidence(v[0], Signal.MODEL, v[1]),
        Signal.MODEL,
        oem=True,
    ),
    SignalSpec(
        "os",
        ("os", "manufacturer"),
        lambda i, v, d: i.text_evidence(v[0], Signal.MODEL, v[1]),
        Signal.MODEL,
        oem=True,
    ),
    SignalSpec(
        "banner", ("banners",), lambda i, v, d: i.banner_evidence(v[0]), Signal.BANNER, many=True
    ),
    SignalSpec("cpe", ("cpes",), lambda i, v, d: i.cpe_evidence(v[0]), Signal.CPE, many=True),
    SignalSpec("manufacturer", ("manufacturer",), _name(Signal.MANUFACTURER), Signal.MANUFACTURER),
    SignalSpec("supplier", ("supplier",), _name(Signal.SUPPLIER), Signal.SUPPLIER),
)
"""Every signal, in the order a record's evidence lists them."""

SIGNAL_FIELDS: frozenset[str] = frozenset(f for spec in SIGNALS for f in spec.fields)
"""The record fields some signal reads."""
