"""Decide procurements: the use case behind `section889 decide` (and, later, the REST API).

The service builds the engine's `DecisionContext` from a Runtime (the pack, the reference data,
a producer resolver over the knowledge base and its matcher, the KB label, a look-up in the
local SAM snapshot) and calls the pure `rules.engine.decide`. A `Decider` shares its resolver
and SAM look-up across a batch, so each distinct producer name is matched once per batch; nothing
is kept between batches or in module globals.

    decide_procurement(runtime, procurement)      one determination
    decide_many(runtime, procurements)            many, lazily
    decide_source(runtime, source)                read a YAML/JSON/JSONL file or upload, decide each
    run_scenario_cases(runtime, paths)            the scenario cases (`section889 rules test`)
    policy_packs(runtime)                         every shipped policy pack (`section889 rules packs`)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from section889.readers.procurements import read_procurements
from section889.readers.source import SourceLike
from section889.rules.cases import CaseResult, load_cases, run_case, shipped_case_files
from section889.rules.context import DecisionContext
from section889.rules.determination import Determination
from section889.rules.engine import decide
from section889.rules.inputs import Procurement, Waiver
from section889.rules.numbering import Numbering, renumber
from section889.rules.pack_files import pack_ids
from section889.rules.policy import DEFAULT_PACK, Pack
from section889.rules.producers import MatcherProducers, Resolved, entity_prongs
from section889.services.runtime import Runtime
from section889.services.sam_lookup import SamLookup


class RuntimeProducers:
    """Producer names resolved with the runtime's matcher, which is built on the first name (a
    batch that names no producer, or gives `producer_entity`, never builds it)."""

    def __init__(self, runtime: Runtime) -> None:
        self._runtime = runtime
        self._prongs = entity_prongs(runtime.kb)
        self._names: MatcherProducers | None = None

    @property
    def prongs(self) -> dict[str, int]:
        """Entity id → prong."""
        return self._prongs

    def resolve_name(self, name: str, day: dt.date) -> Resolved:
        """The producer `name` on `day` (`MatcherProducers.resolve_name`)."""
        if self._names is None:
            self._names = MatcherProducers(self._runtime.matcher, self._prongs)
        return self._names.resolve_name(name, day)


@dataclass(frozen=True, slots=True)
class Decided:
    """One procurement read from an input and its determination."""

    procurement: Procurement
    determination: Determination


class Decider:
    """Determinations over one runtime; one per batch (or request), sharing its look-ups."""

    def __init__(self, runtime: Runtime, *, exemptions: Sequence[Waiver] = ()) -> None:
        self.runtime = runtime
        self.exemptions = tuple(exemptions)
        self._producers: RuntimeProducers | None = None
        self._sam: SamLookup | None = None
        self._sam_checked = False
        self._contexts: dict[tuple[str, dt.date], DecisionContext] = {}

    def context(self, pack_id: str, as_of: dt.date) -> DecisionContext:
        """The decision context for a pack and an as-of date (built once per decider)."""
        key = (pack_id, as_of)
        found = self._contexts.get(key)
        if found is None:
            runtime = self.runtime
            if self._producers is None:
                self._producers = RuntimeProducers(runtime)
            if not self._sam_checked:
                snapshot = runtime.sam_snapshot
                self._sam = SamLookup(snapshot) if snapshot is not None else None
                self._sam_checked = True
            found = self._contexts[key] = DecisionContext(
                pack=runtime.policy(pack_id),
                reference=runtime.reference,
                producers=self._producers,
                kb_label=runtime.kb_label,
                as_of=as_of,
                sam=self._sam,
                exemptions=self.exemptions,
            )
        return found

    def decide(
        self,
        procurement: Procurement,
        *,
        policy: str | None = None,
        as_of: dt.date | None = None,
        numbering: Numbering = "far",
    ) -> Determination:
        """Decide one procurement under `policy` (default: the input's, else current-law)."""
        pack_id = policy or procurement.policy or DEFAULT_PACK
        context = self.context(pack_id, as_of or dt.date.today())
        result = decide(procurement, context)
        return renumber(result, numbering, reference=context.reference)

    def decide_many(
        self,
        procurements: Iterable[Procurement],
        *,
        policy: str | None = None,
        as_of: dt.date | None = None,
        numbering: Numbering = "far",
    ) -> Iterator[Determination]:
        """Decide each procurement in turn (lazily)."""
        day = as_of or dt.date.today()
        for procurement in procurements:
            yield self.decide(procurement, policy=policy, as_of=day, numbering=numbering)


def decide_procurement(
    runtime: Runtime,
    procurement: Procurement,
    *,
    policy: str | None = None,
    as_of: dt.date | None = None,
    numbering: Numbering = "far",
) -> Determination:
    """Decide one procurement with the runtime's knowledge base, packs and SAM snapshot."""
    return Decider(runtime).decide(procurement, policy=policy, as_of=as_of, numbering=numbering)


def decide_many(
    runtime: Runtime,
    procurements: Iterable[Procurement],
    *,
    policy: str | None = None,
    as_of: dt.date | None = None,
    numbering: Numbering = "far",
) -> Iterator[Determination]:
    """Decide many procurements, sharing producer and SAM look-ups across them."""
    return Decider(runtime).decide_many(
        procurements, policy=policy, as_of=as_of, numbering=numbering
    )


def decide_source(
    runtime: Runtime,
    source: SourceLike,
    *,
    policy: str | None = None,
    as_of: dt.date | None = None,
    numbering: Numbering = "far",
) -> Iterator[Decided]:
    """Read a YAML/JSON file (one procurement) or JSON lines (many) and decide each, lazily.

    Every record is read and checked before the first is decided, so an unreadable input or
    record (an InputError naming the file, line and field) comes before any result.
    """
    procurements = list(read_procurements(source))
    decider = Decider(runtime)
    day = as_of or dt.date.today()
    for procurement in procurements:
        yield Decided(
            procurement,
            decider.decide(procurement, policy=policy, as_of=day, numbering=numbering),
        )


def run_scenario_cases(runtime: Runtime, paths: Sequence[Path] = ()) -> list[CaseResult]:
    """Run scenario case files (default: the shipped ones) and return every case's result."""
    decider = Decider(runtime)
    return [
        run_case(case, decider)
        for path in (paths or shipped_case_files())
        for case in load_cases(path)
    ]


def policy_packs(runtime: Runtime) -> list[Pack]:
    """Every shipped policy pack, by id."""
    return [runtime.policy(pack_id) for pack_id in pack_ids()]
