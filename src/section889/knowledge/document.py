"""The knowledge base as plain rows and one JSON document (`kb export --format json`, `kb diff`).

Pure: a KnowledgeBase in, dicts of strings out. Every row carries the fact's source, confidence,
file, line and layer, so a reader can trace any fact back to where it came from.
"""

from __future__ import annotations

from typing import Any

from section889.knowledge.models import KnowledgeBase, Party, Provenance

Row = dict[str, str]


def provenance_row(prov: Provenance) -> Row:
    """Where one fact came from."""
    return {
        "source": prov.source,
        "confidence": prov.confidence.value,
        "file": prov.file,
        "line": str(prov.line),
        "layer": prov.layer,
    }


def entity_rows(kb: KnowledgeBase) -> list[Row]:
    """One row per covered entity, ordered by id."""
    return [
        {"id": e.id, "name": e.name, "scope": e.scope.value, "country": e.country,
         "note": e.note, **provenance_row(e.provenance)}
        for e in sorted(kb.entities.values(), key=lambda e: e.id)
    ]  # fmt: skip


def party_row(party: Party) -> Row:
    """A party's own facts (names and identifiers are rows of their own)."""
    return {
        "id": party.id,
        "entity_id": party.entity_id,
        "name": party.name,
        "relationship": party.relationship.value,
        "country": party.country,
        "from": party.since.text if party.since else "",
        "to": party.until.text if party.until else "",
        "status": party.status.value,
        "note": party.note,
        **provenance_row(party.provenance),
    }


def party_rows(kb: KnowledgeBase) -> list[Row]:
    """One row per party, ordered by entity, then the entity itself, then name."""
    return [party_row(p) for eid in sorted(kb.entities) for p in kb.parties_of(eid)]


def name_rows(kb: KnowledgeBase) -> list[Row]:
    """Every name of every party (the legal name included), ordered like the parties."""
    return [
        {"party_id": p.id, "name": n.text, "kind": n.kind.value, **provenance_row(n.provenance)}
        for eid in sorted(kb.entities)
        for p in kb.parties_of(eid)
        for n in p.names
    ]


def identifier_rows(kb: KnowledgeBase) -> list[Row]:
    """Every identifier of every party, ordered like the parties."""
    return [
        {"party_id": p.id, "scheme": i.scheme.value, "value": i.value,
         **provenance_row(i.provenance)}
        for eid in sorted(kb.entities)
        for p in kb.parties_of(eid)
        for i in p.identifiers
    ]  # fmt: skip


def lookalike_rows(kb: KnowledgeBase) -> list[Row]:
    """One row per look-alike name (a look-alike may have several), ordered by id."""
    return [
        {"id": look.id, "name": name.text, "resembles": look.resembles, "reason": look.reason,
         **provenance_row(name.provenance)}
        for look in sorted(kb.lookalikes.values(), key=lambda x: x.id)
        for name in look.names
    ]  # fmt: skip


def oui_rows(kb: KnowledgeBase) -> list[Row]:
    """One row per IEEE assignment, ordered by prefix."""
    return [
        {"prefix": o.prefix, "registry": o.registry.value, "organization": o.organization,
         "entity_id": o.entity_id or "", "status": o.status.value, "note": o.note,
         **provenance_row(o.provenance)}
        for o in sorted(kb.ouis.values(), key=lambda o: o.prefix)
    ]  # fmt: skip


def pen_rows(kb: KnowledgeBase) -> list[Row]:
    """One row per IANA Private Enterprise Number, ordered by number."""
    return [
        {"number": str(p.number), "organization": p.organization, "entity_id": p.entity_id or "",
         "status": p.status.value, "note": p.note, **provenance_row(p.provenance)}
        for p in sorted(kb.pens.values(), key=lambda p: p.number)
    ]  # fmt: skip


def as_document(kb: KnowledgeBase) -> dict[str, Any]:
    """The whole knowledge base as one JSON-ready document, led by its version."""
    version = kb.version
    return {
        "version": {
            "label": version.label,
            "facts_as_of": version.facts_as_of.isoformat(),
            "content_hash": version.content_hash,
            "layers": list(version.layers),
        },
        "entities": entity_rows(kb),
        "parties": party_rows(kb),
        "names": name_rows(kb),
        "identifiers": identifier_rows(kb),
        "lookalikes": lookalike_rows(kb),
        "ouis": oui_rows(kb),
        "pens": pen_rows(kb),
        "sources": source_rows(kb),
        "source_files": dict(sorted(kb.source_files.items())),
    }


def source_rows(kb: KnowledgeBase) -> list[dict[str, Any]]:
    """Each cited source once, with how many facts rest on it (most-cited first)."""
    counts: dict[str, int] = {}
    tables = (
        entity_rows,
        party_rows,
        name_rows,
        identifier_rows,
        lookalike_rows,
        oui_rows,
        pen_rows,
    )
    for rows in (table(kb) for table in tables):
        for row in rows:
            counts[row["source"]] = counts.get(row["source"], 0) + 1
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"source": source, "facts": n} for source, n in ordered]
