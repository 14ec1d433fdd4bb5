"""Questions asked of a knowledge base by its readers (the `kb` commands, the REST API): pure.

find_entity(kb, text)        a covered entity by id or by one of its own names
tie_bucket(party, on)        current | former | review, as `kb list` counts them
entity_counts(kb, on)        per entity: current, former and in-review parties on a date
search_names(kb, text, on)   every party or look-alike name containing `text`
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from section889.errors import NotFoundError
from section889.knowledge.dates import Tie, tie_on
from section889.knowledge.loader import name_key
from section889.knowledge.models import Entity, KnowledgeBase, Party, PartyStatus, Relationship


class TieBucket(StrEnum):
    """How a party's tie on a date is counted."""

    CURRENT = "current"
    FORMER = "former"
    REVIEW = "review"


def find_entity(kb: KnowledgeBase, text: str) -> Entity:
    """The covered entity with id `text`, or whose own (self) party carries the name `text`."""
    if text in kb.entities:
        return kb.entities[text]
    key = name_key(text)
    for party in kb.parties.values():
        if party.relationship == Relationship.SELF and any(
            name_key(n.text) == key for n in party.names
        ):
            return kb.entities[party.entity_id]
    raise NotFoundError(f"unknown entity {text!r}; known: {', '.join(sorted(kb.entities))}")


def tie_bucket(party: Party, on: dt.date) -> TieBucket | None:
    """`current`, `former` or `review` on `on`; None when the party was not yet tied."""
    tie = tie_on(party, on).tie
    if tie == Tie.FORMER:
        return TieBucket.FORMER
    if tie == Tie.UNCERTAIN or party.status == PartyStatus.REVIEW:
        return TieBucket.REVIEW
    return TieBucket.CURRENT if tie == Tie.CURRENT else None


@dataclass(frozen=True, slots=True)
class EntityCount:
    """One covered entity and how many of its parties are current, former or in review."""

    entity: Entity
    current: int
    former: int
    review: int


def entity_counts(kb: KnowledgeBase, on: dt.date) -> list[EntityCount]:
    """Per covered entity (by id), its parties other than itself, counted by tie on `on`."""
    found = []
    for entity in sorted(kb.entities.values(), key=lambda e: e.id):
        buckets = [
            tie_bucket(p, on)
            for p in kb.parties_of(entity.id)
            if p.relationship != Relationship.SELF
        ]
        found.append(
            EntityCount(
                entity,
                buckets.count(TieBucket.CURRENT),
                buckets.count(TieBucket.FORMER),
                buckets.count(TieBucket.REVIEW),
            )
        )
    return found


@dataclass(frozen=True, slots=True)
class NameHit:
    """A knowledge-base name that contains the searched text."""

    text: str
    owner: str
    """`<entity> / <party>` for a party, `look-alike <id>` for a look-alike."""
    kind: str
    """The name's kind (legal, alias, brand …) or `look-alike`."""
    covered_by: str | None
    """The entity it belongs to; for a look-alike, the one it resembles (NOT covered)."""
    tie: str | None
    """The party's tie on the date; None for a look-alike."""


def search_names(kb: KnowledgeBase, text: str, on: dt.date) -> list[NameHit]:
    """Every party name, then every look-alike name, containing `text` (case- and
    punctuation-blind), parties in entity order."""
    needle, key = text.casefold(), name_key(text)

    def contains(name: str) -> bool:
        return needle in name.casefold() or bool(key and key in name_key(name))

    hits = [
        NameHit(
            n.text, f"{p.entity_id} / {p.id}", n.kind.value, p.entity_id, tie_on(p, on).tie.value
        )
        for eid in sorted(kb.entities)
        for p in kb.parties_of(eid)
        for n in p.names
        if contains(n.text)
    ]
    hits += [
        NameHit(n.text, f"look-alike {x.id}", "look-alike", x.resembles, None)
        for x in sorted(kb.lookalikes.values(), key=lambda x: x.id)
        for n in x.names
        if contains(n.text)
    ]
    return hits
