"""FollowTheMoney (FtM) entities in and out: export the KB for OpenSanctions users, read theirs.

Pure: functions take and return plain dicts and dataclasses; reading and writing files is the
caller's job. Ids are deterministic (`s889-<party id>`), so two exports of the same facts are equal.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pycountry
from rigour.ids import LEI, UEI

from section889.errors import InputError
from section889.knowledge.models import (
    IdScheme,
    KnowledgeBase,
    LookAlike,
    NameKind,
    Party,
    Relationship,
)

FtmEntity = dict[str, Any]
"""One FtM entity as JSON: `{"id": …, "schema": …, "properties": {prop: [values]}}`."""

ID_PREFIX = "s889-"

ID_PROPERTIES: dict[IdScheme, str] = {
    IdScheme.UEI: "uniqueEntityId",
    IdScheme.CAGE: "cageCode",
    IdScheme.LEI: "leiCode",
    IdScheme.TICKER: "ticker",
    IdScheme.ISIN: "isinCode",
    IdScheme.DUNS: "dunsCode",
}
"""Our identifier schemes and the FtM property that holds each."""

COMPANY_ONLY = frozenset({"ticker", "isinCode"})
"""Properties FtM defines on Company but not on Organization."""

ALIAS_KINDS = frozenset(NameKind) - {NameKind.LEGAL, NameKind.FORMER}

IMPORTED_SCHEMATA = frozenset({"Company", "Organization", "LegalEntity"})
"""FtM schemata `kb import` turns into parties; every other known schema is skipped."""

FTM_SCHEMATA = frozenset({
    "Address", "Airplane", "Analyzable", "Article", "Asset", "Associate", "Audio", "BankAccount",
    "Call", "CallForTenders", "Company", "Contract", "ContractAward", "Control", "CourtCase",
    "CourtCaseParty", "CryptoWallet", "Debt", "Directorship", "Document", "Documentation",
    "EconomicActivity", "Email", "Employment", "Event", "Family", "Folder", "HyperText",
    "Identification", "Image", "Interest", "Interval", "LegalEntity", "License", "Membership",
    "Mention", "Message", "Note", "Occupancy", "Organization", "Ownership", "Package", "Page",
    "Pages", "Passport", "Payment", "Person", "PlainText", "Position", "Project",
    "ProjectParticipant", "PublicBody", "RealEstate", "Representation", "Risk", "Sanction",
    "Security", "Similar", "Succession", "Table", "TaxRoll", "Territory", "Thing", "Trip",
    "UnknownLink", "UserAccount", "Value", "Vehicle", "Vessel", "Video", "Workbook",
})  # fmt: skip
"""Every schema of the FtM model (a test keeps this in step with the `followthemoney` library)."""

_URL = re.compile(r"https?://[^\s;,]+(?:,[^\s;,]+)*")


# ---------------------------------------------------------------- export


def party_ftm_id(party_id: str) -> str:
    """The FtM id of a party (the covered entity itself is its own `self` party)."""
    return f"{ID_PREFIX}{party_id}"


def export_kb(kb: KnowledgeBase) -> Iterator[FtmEntity]:
    """Every party, its link to its covered entity, and every look-alike, as FtM entities.

    Ordered by covered entity, then party, so the output is stable between runs.
    """
    for entity_id in sorted(kb.entities):
        owner = _self_party(kb, entity_id)
        for party in kb.parties_of(entity_id):
            yield party_entity(kb, party)
            if party.relationship != Relationship.SELF and owner is not None:
                yield link_entity(party, owner)
    for look in sorted(kb.lookalikes.values(), key=lambda x: x.id):
        yield lookalike_entity(kb, look)


def party_entity(kb: KnowledgeBase, party: Party) -> FtmEntity:
    """A party as an FtM Company (an Organization for a brand, which is no legal person)."""
    ids: dict[str, list[str]] = {}
    unusable: list[str] = []
    for ident in party.identifiers:
        prop = ID_PROPERTIES[ident.scheme]
        if _valid_identifier(ident.scheme, ident.value):
            ids.setdefault(prop, []).append(ident.value)
        else:
            unusable.append(f"{ident.scheme.value} {ident.value}")
    has_listing = bool(COMPANY_ONLY & ids.keys())
    schema = (
        "Organization"
        if party.relationship == Relationship.BRAND and not has_listing
        else "Company"
    )
    entity = kb.entities[party.entity_id]
    tie = (
        "a covered entity"
        if party.relationship == Relationship.SELF
        else f"{party.relationship.value} of {entity.name} ({entity.id})"
    )
    dates = "".join(
        [
            f"; from {party.since}" if party.since else "",
            f"; until {party.until}" if party.until else "",
        ]
    )
    notes = [f"Section 889 (FY2019 NDAA): {tie}; status {party.status.value}{dates}."]
    if party.note:
        notes.append(_sentence(party.note))
    if unusable:
        notes.append(f"Identifiers not in a valid FtM format: {', '.join(unusable)}.")
    notes.append(f"Source: {party.provenance.source} (confidence {party.provenance.confidence}).")
    props: dict[str, list[str]] = {
        "name": [party.name],
        "alias": _unique(n.text for n in party.names if n.kind in ALIAS_KINDS),
        "previousName": _unique(n.text for n in party.names if n.kind == NameKind.FORMER),
        "country": _countries(party.country),
        "sourceUrl": _urls([party.provenance.source, *(n.provenance.source for n in party.names)]),
        "notes": [" ".join(notes)],
        **ids,
    }
    return _entity(party_ftm_id(party.id), schema, props)


def link_entity(party: Party, owner: Party) -> FtmEntity:
    """An Ownership (subsidiary) or UnknownLink (affiliate, brand) from the covered entity.

    `startDate`/`endDate` carry the tie's dates, so a divestment survives the export.
    """
    props: dict[str, list[str]] = {
        "startDate": [party.since.text] if party.since else [],
        "endDate": [party.until.text] if party.until else [],
        "role": [party.relationship.value],
        "status": [party.status.value],
        "sourceUrl": _urls([party.provenance.source]),
        "description": [party.note] if party.note else [],
    }
    if party.relationship == Relationship.SUBSIDIARY:
        props |= {"owner": [party_ftm_id(owner.id)], "asset": [party_ftm_id(party.id)]}
        return _entity(f"{ID_PREFIX}own-{party.id}", "Ownership", props)
    props |= {"subject": [party_ftm_id(owner.id)], "object": [party_ftm_id(party.id)]}
    return _entity(f"{ID_PREFIX}link-{party.id}", "UnknownLink", props)


def lookalike_entity(kb: KnowledgeBase, look: LookAlike) -> FtmEntity:
    """A company whose name resembles a covered entity's, marked as NOT covered in its notes."""
    resembles = kb.entities[look.resembles].name
    note = (
        f"NOT covered by Section 889 (FY2019 NDAA): the name resembles {resembles} "
        f"({look.resembles}) but {look.reason}. Source: {look.provenance.source} "
        f"(confidence {look.provenance.confidence})."
    )
    props = {
        "name": [look.name],
        "alias": _unique(n.text for n in look.names if n.text != look.name),
        "sourceUrl": _urls([look.provenance.source]),
        "notes": [note],
    }
    return _entity(f"{ID_PREFIX}lookalike-{look.id}", "Company", props)


def _self_party(kb: KnowledgeBase, entity_id: str) -> Party | None:
    parties = kb.parties_of(entity_id)
    return parties[0] if parties and parties[0].relationship == Relationship.SELF else None


def _entity(ftm_id: str, schema: str, props: dict[str, list[str]]) -> FtmEntity:
    return {
        "id": ftm_id,
        "schema": schema,
        "properties": {k: v for k, v in props.items() if v},
        "datasets": ["section889"],
    }


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _urls(sources: Iterable[str]) -> list[str]:
    return _unique(m.group(0).rstrip(".)") for s in sources for m in _URL.finditer(s))


def _countries(text: str) -> list[str]:
    """ISO 3166 alpha-2 codes in `text` (e.g. `CN`, `CA/US/UK`); `multi` and the like give none."""
    found = []
    for code in re.split(r"[\s/;,]+", text.strip().upper()):
        code = "GB" if code == "UK" else code
        if len(code) == 2 and pycountry.countries.get(alpha_2=code) is not None:
            found.append(code.lower())
    return _unique(found)


def _valid_identifier(scheme: IdScheme, value: str) -> bool:
    """FtM drops LEIs and UEIs that fail their check digits; keep those in the notes instead."""
    if scheme == IdScheme.LEI:
        return bool(LEI.is_valid(value))
    if scheme == IdScheme.UEI:
        return bool(UEI.is_valid(value))
    return True


# ---------------------------------------------------------------- import


@dataclass(frozen=True, slots=True)
class FtmOrganization:
    """What `kb import` keeps of one FtM Company/Organization/LegalEntity."""

    id: str
    schema: str
    name: str
    aliases: tuple[str, ...]
    previous_names: tuple[str, ...]
    identifiers: tuple[tuple[IdScheme, str], ...]
    countries: tuple[str, ...]
    source: str
    """The FtM dataset(s) and source URL, or the imported file's name when it has neither."""
    line: int


def read_lines(lines: Iterable[str], *, path: str) -> Iterator[tuple[int, FtmEntity]]:
    """Parse FtM JSON lines; blank lines are skipped; bad lines raise InputError naming the line."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"line {number}: not JSON ({exc.msg})", path=path) from None
        if not isinstance(data, dict):
            raise InputError(f"line {number}: not a JSON object", path=path)
        schema = data.get("schema")
        if not schema or not isinstance(schema, str):
            raise InputError(f"line {number}: entity has no schema", path=path)
        if schema not in FTM_SCHEMATA:
            raise InputError(f"line {number}: unknown FollowTheMoney schema {schema!r}", path=path)
        props = data.get("properties", {})
        if not isinstance(props, dict) or not all(
            isinstance(v, list) and all(isinstance(x, str) for x in v) for v in props.values()
        ):
            raise InputError(
                f"line {number}: 'properties' must map each property to a list of strings",
                path=path,
            )
        yield number, data


def organization(data: FtmEntity, *, line: int, path: str) -> FtmOrganization | None:
    """The organization in one parsed FtM entity, or None when its schema is not an organization."""
    schema = str(data["schema"])
    if schema not in IMPORTED_SCHEMATA:
        return None
    props: dict[str, list[str]] = data.get("properties", {})
    names = _unique(props.get("name", []))
    if not names:
        raise InputError(f"line {line}: {schema} entity has no name", path=path)
    idents: list[tuple[IdScheme, str]] = []
    for scheme, prop in ID_PROPERTIES.items():
        idents.extend((scheme, v.strip().upper()) for v in _unique(props.get(prop, [])))
    datasets = data.get("datasets") or []
    where = [", ".join(str(d) for d in datasets)] if isinstance(datasets, list) else []
    where += props.get("sourceUrl", [])[:1]
    source = " ".join(w for w in where if w) or path.rsplit("/", 1)[-1]
    return FtmOrganization(
        id=str(data.get("id") or f"line-{line}"),
        schema=schema,
        name=names[0],
        aliases=tuple(_unique([*names[1:], *props.get("alias", [])])),
        previous_names=tuple(_unique(props.get("previousName", []))),
        identifiers=tuple(dict.fromkeys(idents)),
        countries=tuple(
            _unique(c.upper() for c in [*props.get("country", []), *props.get("jurisdiction", [])])
        ),
        source=source,
        line=line,
    )
