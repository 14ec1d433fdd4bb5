"""An inverted index over every name in the knowledge base: words, Chinese bigrams, identifiers.

Candidates for a name come from its distinctive words (and their one-typo neighbours), never from
a scan of every alias. A word is *generic* when many unrelated registrants use it (or it names a
country); only the other words — *anchors* such as `huawei`, `hikvision`, `zte` — find candidates.
An anchor is *weak* when unrelated companies use it too (`dahua`, `honor`, `zhongxing`) or a known
look-alike carries it: a weak anchor alone never makes a name covered.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from section889.knowledge.models import KnowledgeBase, Name, Party
from section889.matching.background import document_frequencies, registry_organisations
from section889.matching.normalise import normalise
from section889.matching.vocabulary import vocabulary

GENERIC_DF = 12
"""A word in at least this many unrelated registrants' names is generic."""
FUZZY_MIN_LEN = 6
"""Shortest anchor for which a one-letter typo is still looked for (`huawai`, never `zte`)."""


@dataclass(frozen=True, slots=True)
class IndexedName:
    """One name of a party or look-alike, prepared for scoring."""

    text: str
    kind: str
    entity_id: str
    party_id: str | None
    lookalike_id: str | None
    tokens: frozenset[str]
    anchors: tuple[str, ...]
    generic: tuple[str, ...]
    cjk: str
    cjk_weak: bool
    source: str
    confidence: str
    layer: str
    fact_ref: str


def fact_ref(party: Party | None, name: Name, target_id: str) -> str:
    """Stable reference to the facts behind a hit: changes when the name or the party's tie changes."""
    parts = [target_id, name.text, name.kind.value, name.provenance.source]
    if party is not None:
        parts += [
            party.entity_id,
            party.relationship.value,
            party.status.value,
            str(party.since or ""),
            str(party.until or ""),
        ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:12]
    return f"{target_id}#{digest}"


class NameIndex:
    """Everything the scorer needs, built once from a KnowledgeBase."""

    def __init__(self, kb: KnowledgeBase) -> None:
        vocab = vocabulary()
        self.cjk_weak_aliases = frozenset(_cjk_weak_aliases())
        known_orgs = {o.casefold() for o in _kb_registrants(kb)}
        background = (
            normalise(org).tokens
            for org in {org for _, org in registry_organisations()}
            if org.casefold() not in known_orgs
        )
        df, total = document_frequencies(background)
        self.df = df
        self.total = total
        self.geo = vocab.geo_tokens
        self.generic = frozenset(t for t, n in df.items() if n >= GENERIC_DF) | self.geo

        self.names: list[IndexedName] = []
        for party in kb.parties.values():
            for name in party.names:
                self._add(name, party.entity_id, party, None)
        for look in kb.lookalikes.values():
            for name in look.names:
                self._add(name, look.resembles, None, look.id)

        lookalike_tokens = {t for n in self.names if n.lookalike_id for t in n.tokens}
        party_anchors = {t for n in self.names if n.party_id for t in n.anchors}
        self.weak = frozenset(
            t
            for t in party_anchors
            if df.get(t, 0) > 0 or t in lookalike_tokens or t in vocab.weak_anchors
        )

        self.by_token: dict[str, list[int]] = defaultdict(list)
        self.by_bigram: dict[str, list[int]] = defaultdict(list)
        for i, entry in enumerate(self.names):
            for tok in entry.anchors:
                self.by_token[tok].append(i)
            for gram in _bigrams(entry.cjk):
                self.by_bigram[gram].append(i)
        self.trigrams: dict[str, set[str]] = defaultdict(set)
        for tok in party_anchors - self.weak:
            if len(tok) >= FUZZY_MIN_LEN:
                for gram in _trigrams(tok):
                    self.trigrams[gram].add(tok)

        self.identifiers: dict[tuple[str, str], list[str]] = defaultdict(list)
        for party in kb.parties.values():
            for ident in party.identifiers:
                self.identifiers[(ident.scheme.value, canonical_identifier(ident.value))].append(
                    party.id
                )
        self._schemes = frozenset(scheme for scheme, _ in self.identifiers)

    @property
    def identifier_schemes(self) -> frozenset[str]:
        """Schemes for which at least one identifier is recorded (others are skipped at once)."""
        return self._schemes

    def weight(self, token: str) -> float:
        """Evidence carried by a word: high for words unrelated companies never use."""
        return 1.0 + math.log((self.total + 1) / (self.df.get(token, 0) + 1))

    def is_generic(self, token: str) -> bool:
        """True for words that do not tell companies apart (or that name a place)."""
        return token in self.generic or token.isdigit()

    def _add(
        self, name: Name, entity_id: str, party: Party | None, lookalike_id: str | None
    ) -> None:
        norm = normalise(name.text)
        if norm.empty:
            return
        generic = self.generic
        anchors = tuple(
            t for t in dict.fromkeys(norm.tokens) if t not in generic and not t.isdigit()
        )
        common = tuple(t for t in dict.fromkeys(norm.tokens) if t in generic or t.isdigit())
        target = party.id if party else str(lookalike_id)
        self.names.append(
            IndexedName(
                text=name.text,
                kind=name.kind.value if lookalike_id is None else "lookalike",
                entity_id=entity_id,
                party_id=party.id if party else None,
                lookalike_id=lookalike_id,
                tokens=frozenset(norm.tokens),
                anchors=anchors,
                generic=common,
                cjk=norm.cjk,
                cjk_weak=norm.cjk in self.cjk_weak_aliases,
                source=name.provenance.source,
                confidence=name.provenance.confidence.value,
                layer=name.provenance.layer,
                fact_ref=fact_ref(party, name, target),
            )
        )


def canonical_identifier(value: str) -> str:
    """Upper case, only letters, digits, dots and colons: `0763.hk` → `0763.HK`, `ab-12` → `AB12`."""
    return _NOT_ID.sub("", value.upper())


_NOT_ID = re.compile(r"[^0-9A-Z.:]")


def _bigrams(text: str) -> Iterable[str]:
    return (
        {text[i : i + 2] for i in range(len(text) - 1)}
        if len(text) > 1
        else ({text} if text else set())
    )


def _trigrams(token: str) -> set[str]:
    padded = f"^{token}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


def _cjk_weak_aliases() -> list[str]:
    from section889.matching.vocabulary import _rows

    return [r["term"] for r in _rows("cjk_terms.csv") if r["kind"] == "weak_alias"]


def _kb_registrants(kb: KnowledgeBase) -> list[str]:
    """Registry organisation names the knowledge base ties to a covered entity (any status)."""
    tied = {"covered", "ex_affiliate", "possible_affiliate"}
    return [o.organization for o in kb.ouis.values() if o.status.value in tied]
