"""Who produced an item: a producer resolved against the knowledge base on the action date.

The engine asks a `ProducerResolver` (part of the `DecisionContext`). `MatcherProducers` is the
one implementation: the name matcher over a knowledge base, with a memo of the names it has
resolved that lives as long as the resolver does (the service builds one per batch), never in a
module global. A Spark worker or a test can pass any object with the same two members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from section889.errors import InputError
from section889.knowledge.models import KnowledgeBase, Scope
from section889.matching.result import MatchStatus
from section889.rules.inputs import Item

if TYPE_CHECKING:
    from section889.matching.matcher import Matcher

MEMO_LIMIT = 100_000
"""Resolved (name, day) pairs a `MatcherProducers` keeps before it starts again."""
SECDEF_DESIGNATED = "secdef_designated"
"""`producer_entity` for an entity the Secretary of Defense designated (prong 4, in SAM)."""


class ProducerStatus(StrEnum):
    """What the knowledge base says of a producer on the action date."""

    COVERED = "covered"
    """A named entity, its subsidiary or affiliate, or a SecDef designee."""
    NONE = "none"
    """Not a covered entity or affiliate."""
    UNKNOWN = "unknown"
    """Possibly one (a near match): a reasonable inquiry must settle it."""
    FORMER = "former"
    """Was affiliated with one, but not on the action date."""


@dataclass(frozen=True, slots=True)
class Resolved:
    """A producer resolved against the knowledge base on a date."""

    status: ProducerStatus
    entity: str | None = None
    prong: int | None = None
    detail: str = ""


class ProducerResolver(Protocol):
    """Resolves producer names; `prongs` maps each covered entity id to its prong (1 or 2)."""

    @property
    def prongs(self) -> Mapping[str, int]: ...

    def resolve_name(self, name: str, day: dt.date) -> Resolved: ...


def entity_prongs(kb: KnowledgeBase) -> dict[str, int]:
    """Entity id → §889(f)(3) prong: 1 for Huawei and ZTE (all telecom), 2 for the others."""
    return {e.id: 1 if e.scope == Scope.TELECOM_ALL else 2 for e in kb.entities.values()}


class MatcherProducers:
    """Producer names resolved with a `Matcher`; each (name, day) is matched once per resolver."""

    def __init__(self, matcher: Matcher, prongs: Mapping[str, int]) -> None:
        self.matcher = matcher
        self._prongs = dict(prongs)
        self._memo: dict[tuple[str, dt.date], Resolved] = {}

    @classmethod
    def over(cls, kb: KnowledgeBase, matcher: Matcher) -> MatcherProducers:
        """A resolver over `kb` with its matcher."""
        return cls(matcher, entity_prongs(kb))

    @property
    def prongs(self) -> Mapping[str, int]:
        """Entity id → prong."""
        return self._prongs

    def resolve_name(self, name: str, day: dt.date) -> Resolved:
        """The producer `name` on `day`: covered, possibly covered, formerly affiliated, or none."""
        key = (name, day)
        found = self._memo.get(key)
        if found is None:
            found = self._resolve(name, day)
            if len(self._memo) >= MEMO_LIMIT:
                self._memo.clear()
            self._memo[key] = found
        return found

    def _resolve(self, name: str, day: dt.date) -> Resolved:
        verdict = self.matcher.name_verdict(name, day)
        shown = verdict.matched_name or verdict.entity_id
        if verdict.status is MatchStatus.COVERED and verdict.entity_id:
            rel = verdict.relationship or "self"
            return Resolved(
                ProducerStatus.COVERED,
                verdict.entity_id,
                self._prongs.get(verdict.entity_id, 1),
                f"{name!r} matches {shown} ({rel} of {verdict.entity_id}) on {day.isoformat()}",
            )
        if verdict.status is MatchStatus.POSSIBLE:
            return Resolved(
                ProducerStatus.UNKNOWN,
                verdict.entity_id,
                None,
                f"{name!r} possibly matches {shown}; not confirmed",
            )
        if verdict.status is MatchStatus.FORMER_AFFILIATE:
            return Resolved(
                ProducerStatus.FORMER,
                verdict.entity_id,
                None,
                f"{name!r} was affiliated with {verdict.entity_id} but not on {day.isoformat()}",
            )
        return Resolved(
            ProducerStatus.NONE, None, None, f"{name!r} is not a covered entity or affiliate"
        )


def resolve_item(item: Item, day: dt.date, producers: ProducerResolver) -> Resolved:
    """An item's producer: the `producer_entity` given, else its name resolved on `day`."""
    given = item.producer_entity
    if given is None:
        return producers.resolve_name(item.producer, day)
    key = given.strip().lower()
    if key == "none":
        return Resolved(
            ProducerStatus.NONE, None, None, f"producer {item.producer!r} given as not covered"
        )
    if key == SECDEF_DESIGNATED:
        return Resolved(
            ProducerStatus.COVERED,
            key,
            4,
            f"{item.producer!r} designated by SecDef (prong 4, recorded in SAM)",
        )
    prongs = producers.prongs
    if key not in prongs:
        raise InputError(
            f"items.producer_entity: unknown entity {given!r}; "
            f"use one of {', '.join(sorted(prongs))}, {SECDEF_DESIGNATED} or none"
        )
    return Resolved(ProducerStatus.COVERED, key, prongs[key], f"producer given as entity {key!r}")
