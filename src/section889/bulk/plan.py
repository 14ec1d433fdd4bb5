"""What a bulk run computes, named once and apart from the engine that runs it.

A bulk row carries the `DeviceRecord` fields in `ROW_FIELDS` (text, as the inventory reader
cleans it; the MAC as 12 hex digits). Each signal of `devices.signals.SIGNALS` whose value fields
some input holds becomes a job: its distinct values (`key`) go once to the core through a kernel
(`bulk.kernels.signal_answers`), and its answer joins back to every row on the same columns.
A row's evidence is the answers of its signals in table order, each counted under the signal's
`When` condition. Two signals that give the same kind of evidence (`SignalSpec.gives`, or both
OEM brands) can find the same piece in equal values, which a record lists once; a row where that
can happen is decided by the core itself (`echo_pairs`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from section889.devices.signals import MAC, SIGNALS, SignalSpec, When

ROW_FIELDS = (
    "hostname",
    "ip",
    "serial",
    "site",
    "manufacturer",
    "model",
    "description",
    "supplier",
    "part_number",
    "purpose",
    "acquired",
    "produced",
    "sys_object_id",
    "sys_descr",
    "banners",
    "cpes",
    "device_type",
    "os",
    "mac_vendor",
)
"""Text fields of a bulk row besides the MAC, as `DeviceRecord` names them."""
DATE_FIELDS = frozenset({"acquired", "produced"})
TUPLE_FIELDS = frozenset({"banners", "cpes"})
SHOWN = ("hostname", "ip", "mac", "manufacturer", "model", "site")
"""Fields the per-asset table shows (for a merged asset: its first record that has one)."""


@dataclass(frozen=True, slots=True)
class SignalJob:
    """One signal's bulk job: its spec, its answer table, and the row columns it joins on."""

    spec: SignalSpec
    table: str
    alias: str

    @property
    def key(self) -> tuple[str, ...]:
        """Row fields whose distinct combinations are asked about (the MAC: its IEEE block)."""
        return self.spec.fields

    @property
    def by_block(self) -> bool:
        """The answer for a MAC depends only on its IEEE block; one MAC per block is asked."""
        return self.spec is MAC


def signal_jobs(present: frozenset[str]) -> list[SignalJob]:
    """The jobs for the signals whose value fields are among the `present` row fields."""
    jobs = []
    for index, spec in enumerate(SIGNALS):
        if any(f in present for f in spec.fields[: spec.present]):
            jobs.append(SignalJob(spec, f"v_{spec.name}", f"v{index}"))
    return jobs


def echo_pairs(jobs: list[SignalJob]) -> list[tuple[SignalJob, SignalJob]]:
    """Pairs of jobs whose equal values can give the same evidence (`SignalSpec.gives`, or OEM
    brands for both), other than a part number repeating the model (`When.NOT_THE_MODEL` drops
    that one)."""
    plain = [j for j in jobs if not j.by_block and not j.spec.many and j.spec.present == 1]
    pairs = []
    for a, b in combinations(plain, 2):
        if a.spec.gives is not b.spec.gives and not (a.spec.oem and b.spec.oem):
            continue
        fields = {a.spec.fields[0], b.spec.fields[0]}
        if When.NOT_THE_MODEL in (a.spec.when, b.spec.when) and "model" in fields:
            continue
        pairs.append((a, b))
    return pairs
