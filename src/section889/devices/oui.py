"""Who a MAC address belongs to: the longest IEEE assignment that contains it.

Two sources, both read once: the knowledge base's `ouis` table (covered entities, divested units,
look-alikes, with statuses) and the IEEE registry the `netaddr` package ships (MA-L and IAB
registrant names for every other block). A 36-bit MA-S/IAB prefix beats a 28-bit MA-M prefix, which
beats the 24-bit MA-L block around it: `B0:B3:53:6…` is Hikrobot (MA-M) although `B0B353` is an
IEEE Registration Authority block shared by many small registrants.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

from section889.knowledge.models import KnowledgeBase, OuiAssignment, OuiRegistry
from section889.matching.background import registry_organisations

_IAB_RANGE = re.compile(r"^\s*([0-9A-F]{6})-[0-9A-F]{6}\s+\(base 16\)\s+(.+?)\s*$")
_IAB_BLOCK = re.compile(r"^\s*([0-9A-F]{2})-([0-9A-F]{2})-([0-9A-F]{2})\s+\(hex\)")
_REGISTRY_SOURCE = "IEEE registry via netaddr (eui/oui.txt, eui/iab.txt)"
_LENGTHS = (9, 7, 6)
"""Prefix lengths in hex digits, longest first: MA-S/IAB, MA-M, MA-L."""


@dataclass(frozen=True, slots=True)
class OuiHit:
    """The assignment a MAC falls in: its prefix, registry, registrant and (if known) KB facts."""

    prefix: str
    registry: OuiRegistry
    organization: str
    assignment: OuiAssignment | None
    """The knowledge-base row when the block is a covered, divested or look-alike one."""

    @property
    def label(self) -> str:
        """`Hangzhou Hikvision … (MA-L 4419B6)`."""
        return f"{self.organization} ({self.registry.value} {self.prefix})"


class OuiTable:
    """Longest-prefix lookup of MAC addresses; built once, each lookup is three dict probes."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self._kb = {prefix.upper(): row for prefix, row in kb.ouis.items()}
        self._names: dict[str, tuple[OuiRegistry, str]] = {
            prefix: (OuiRegistry.MA_L, org) for prefix, org in registry_organisations()
        }
        self._names.update(_iab_organisations())

    def lookup(self, digits: str) -> OuiHit | None:
        """The longest assignment containing the 12 hex digits `digits`, or None if unassigned."""
        digits = digits.upper()
        for length in _LENGTHS:
            row = self._kb.get(digits[:length])
            if row is not None:
                return OuiHit(row.prefix, row.registry, row.organization, row)
        for length in _LENGTHS:
            named = self._names.get(digits[:length])
            if named is not None:
                return OuiHit(digits[:length], named[0], named[1], None)
        return None

    def prefixes(self) -> frozenset[str]:
        """Every prefix `lookup` knows (hex, 6, 7 or 9 digits): the knowledge base's and the registry's."""
        return frozenset(self._kb) | frozenset(self._names)

    @property
    def source(self) -> str:
        """Where registrant names outside the knowledge base come from."""
        return _REGISTRY_SOURCE


def _iab_organisations() -> dict[str, tuple[OuiRegistry, str]]:
    """36-bit IAB prefixes (`0050C2` + three digits) and their registrants, from netaddr."""
    path = resources.files("netaddr.eui") / "iab.txt"
    text = path.read_bytes().decode("utf-8", errors="replace")
    found: dict[str, tuple[OuiRegistry, str]] = {}
    block = ""
    for line in text.splitlines():
        head = _IAB_BLOCK.match(line)
        if head:
            block = "".join(head.groups())
            continue
        rng = _IAB_RANGE.match(line)
        if rng and block:
            found[block + rng.group(1)[:3]] = (OuiRegistry.IAB, rng.group(2))
    return found
