"""What changed between two knowledge bases: the report `kb update` shows before it installs.

Pure: two KnowledgeBase values in, a KBDiff out.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from section889.knowledge.document import party_row
from section889.knowledge.models import KBVersion, KnowledgeBase, LookAlike, OuiAssignment, Party


class Action(StrEnum):
    """What happened to one fact."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


class Kind(StrEnum):
    """Which kind of fact changed, in the order a diff is shown."""

    ENTITY = "entity"
    PARTY = "party"
    NAME = "name"
    IDENTIFIER = "identifier"
    LOOKALIKE = "look-alike"
    OUI = "oui"


@dataclass(frozen=True, slots=True)
class Change:
    """One fact added, removed or changed, with a line a person can read."""

    kind: Kind
    action: Action
    key: str
    detail: str

    def __str__(self) -> str:
        sign = {Action.ADDED: "+", Action.REMOVED: "-", Action.CHANGED: "~"}[self.action]
        return f"{sign} {self.kind.value} {self.key}: {self.detail}"


@dataclass(frozen=True, slots=True)
class KBDiff:
    """Every change from `old` to `new`, grouped by kind."""

    old: KBVersion
    new: KBVersion
    changes: tuple[Change, ...]

    @property
    def is_empty(self) -> bool:
        """True when the two knowledge bases hold the same facts."""
        return not self.changes

    def count(self, kind: Kind, action: Action) -> int:
        """How many facts of one kind were added, removed or changed."""
        return sum(1 for c in self.changes if c.kind == kind and c.action == action)

    def summary(self) -> str:
        """One line: `party +2 -0 ~1; name +3 -1 ~0` (kinds without changes are left out)."""
        parts = []
        for kind in Kind:
            counts = [self.count(kind, a) for a in Action]
            if any(counts):
                parts.append(f"{kind.value} +{counts[0]} -{counts[1]} ~{counts[2]}")
        return "; ".join(parts) or "no changes"

    def lines(self) -> list[str]:
        """Every change, one line each, in a stable order."""
        return [str(c) for c in self.changes]


def diff_kb(old: KnowledgeBase, new: KnowledgeBase) -> KBDiff:
    """Compare two knowledge bases fact by fact, their OUI tables included."""
    changes: list[Change] = []
    changes += _keyed(
        Kind.ENTITY,
        {e.id: f"{e.name} [{e.scope.value}]" for e in old.entities.values()},
        {e.id: f"{e.name} [{e.scope.value}]" for e in new.entities.values()},
    )
    changes += _parties(old.parties, new.parties)
    changes += _sets(Kind.NAME, _names(old), _names(new))
    changes += _sets(Kind.IDENTIFIER, _identifiers(old), _identifiers(new))
    changes += _keyed(
        Kind.LOOKALIKE,
        {k: _lookalike(v) for k, v in old.lookalikes.items()},
        {k: _lookalike(v) for k, v in new.lookalikes.items()},
    )
    changes += _ouis(old.ouis, new.ouis)
    return KBDiff(old.version, new.version, tuple(changes))


def _keyed(kind: Kind, old: Mapping[str, str], new: Mapping[str, str]) -> list[Change]:
    out = [Change(kind, Action.ADDED, k, new[k]) for k in sorted(new.keys() - old.keys())]
    out += [Change(kind, Action.REMOVED, k, old[k]) for k in sorted(old.keys() - new.keys())]
    out += [
        Change(kind, Action.CHANGED, k, f"{old[k]} → {new[k]}")
        for k in sorted(old.keys() & new.keys())
        if old[k] != new[k]
    ]
    return out


def _sets(kind: Kind, old: set[tuple[str, str]], new: set[tuple[str, str]]) -> list[Change]:
    out = [Change(kind, Action.ADDED, key, text) for key, text in sorted(new - old)]
    return out + [Change(kind, Action.REMOVED, key, text) for key, text in sorted(old - new)]


PARTY_FIELDS = ("entity_id", "name", "relationship", "country", "from", "to", "status")
"""The party facts a change report compares; notes and sources are left out on purpose."""


_PARTY_FACTS = ("entity_id", "name", "relationship", "country", "from", "to", "status")
"""The party fields a diff compares (names and identifiers are compared on their own)."""


def _party_facts(party: Party) -> dict[str, str]:
    row = party_row(party)
    return {key: str(row[key]) for key in _PARTY_FACTS}


def _parties(old: Mapping[str, Party], new: Mapping[str, Party]) -> list[Change]:
    def brief(p: Party) -> str:
        dates = f" {p.since or '…'}–{p.until or ''}" if p.since or p.until else ""
        return f"{p.name} ({p.relationship.value} of {p.entity_id}, {p.status.value}{dates})"

    out = [
        Change(Kind.PARTY, Action.ADDED, k, brief(new[k])) for k in sorted(new.keys() - old.keys())
    ]
    out += [
        Change(Kind.PARTY, Action.REMOVED, k, brief(old[k]))
        for k in sorted(old.keys() - new.keys())
    ]
    for key in sorted(old.keys() & new.keys()):
        before, after = _party_facts(old[key]), _party_facts(new[key])
        moved = [
            f"{f} {before[f] or '(none)'} → {after[f] or '(none)'}"
            for f in PARTY_FIELDS
            if before[f] != after[f]
        ]
        if moved:
            out.append(Change(Kind.PARTY, Action.CHANGED, key, "; ".join(moved)))
    return out


def _names(kb: KnowledgeBase) -> set[tuple[str, str]]:
    return {(p.id, f"{n.text} [{n.kind.value}]") for p in kb.parties.values() for n in p.names}


def _identifiers(kb: KnowledgeBase) -> set[tuple[str, str]]:
    return {
        (p.id, f"{i.scheme.value} {i.value}") for p in kb.parties.values() for i in p.identifiers
    }


def _lookalike(look: LookAlike) -> str:
    names = " / ".join(n.text for n in look.names) or look.name
    return f"{names} (resembles {look.resembles}, not covered)"


def _ouis(old: Mapping[str, OuiAssignment], new: Mapping[str, OuiAssignment]) -> list[Change]:
    def brief(oui: OuiAssignment) -> str:
        entity = f"{oui.entity_id}, " if oui.entity_id else ""
        return f"{oui.organization} [{oui.registry.value}] ({entity}{oui.status.value})"

    out = [
        Change(Kind.OUI, Action.ADDED, k, brief(new[k])) for k in sorted(new.keys() - old.keys())
    ]
    out += [
        Change(Kind.OUI, Action.REMOVED, k, brief(old[k])) for k in sorted(old.keys() - new.keys())
    ]
    for key in sorted(old.keys() & new.keys()):
        a, b = old[key], new[key]
        if (a.entity_id, a.status) != (b.entity_id, b.status):
            out.append(
                Change(Kind.OUI, Action.CHANGED, key, f"reclassified {brief(a)} → {brief(b)}")
            )
    return out
