"""Everything a determination depends on besides the procurement itself, passed in explicitly.

`decide(procurement, context)` reads no settings, files or clocks: the service that builds the
`DecisionContext` chose the pack, loaded the reference data, wired the producer resolver over its
knowledge base and the SAM lookup over its snapshot, and fixed the as-of date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Protocol

from section889.rules.inputs import Waiver
from section889.rules.policy import Pack
from section889.rules.producers import ProducerResolver
from section889.rules.reference import Reference
from section889.sam.records import SamSnapshotFacts


class SamLookup(Protocol):
    """What a local SAM snapshot shows for an offeror (`services/sam_lookup.py` implements it)."""

    def snapshot_facts(self, uei: str, cage: str) -> SamSnapshotFacts | None:
        """The records for this UEI and CAGE (either may be ""), or None when there is no
        snapshot to consult."""
        ...


@dataclass(frozen=True, slots=True)
class DecisionContext:
    """The explicit inputs of `decide` other than the procurement (one per pack and as-of date;
    shared by every procurement of a batch)."""

    pack: Pack
    reference: Reference
    producers: ProducerResolver
    kb_label: str
    """The knowledge base's version label; it enters the decision id."""
    as_of: dt.date
    """The date the determination is made on (`as_of` of the result; enters the decision id)."""
    sam: SamLookup | None = None
    """The local SAM snapshot, when one is to be consulted."""
    exemptions: tuple[Waiver, ...] = ()
    """Waivers and exemptions granted outside the procurement input (the coming exemption
    workflow fills this); judged after the input's own `waivers`, and entering the decision id
    when there are any."""
