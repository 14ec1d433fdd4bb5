"""The procurement input a determination is made on: pydantic models, strict (extra='forbid').

Field names follow the issue text; see docs/determinations.md. Country codes may be ISO 3166
alpha-2 or alpha-3 anywhere. `procurement_schema()` is the published JSON Schema
(docs/procurement.schema.json).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from section889.errors import InputError
from section889.sam.entity import sam_entity_from_json

ActionType = Literal["award", "extension", "renewal", "option", "order", "grant_obligation"]
Question = Literal["part_a", "part_b", "grant", "both"]
Kind = Literal["telecom_equipment", "video_surveillance_equipment", "service", "other"]
Purpose = Literal[
    "public_safety",
    "government_facility_security",
    "critical_infrastructure_surveillance",
    "other_national_security",
    "other",
    "unknown",
]
Role = Literal["substantial_or_essential", "critical_technology", "neither", "unknown"]
ThirdParty = Literal["backhaul", "roaming", "interconnection", "none", "unclear"]
UserRelation = Literal[
    "self", "parent", "subsidiary", "affiliate", "subcontractor", "employee_personal"
]
Grantor = Literal["agency_head", "dni", "secdef"]
Part = Literal["a", "b"]
AppliesTo = Literal["part_a", "part_b", "both"]


class StrictModel(BaseModel):
    """Unknown fields refused, values frozen: the base of every input and pack model."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(StrictModel):
    """The procurement action being decided."""

    type: ActionType
    date: dt.date
    psc: str | None = Field(
        default=None, description="Product Service Code, e.g. '8905' or 'D316'."
    )
    place_of_performance: str | None = Field(
        default=None, description="ISO 3166 alpha-2 or alpha-3 country code."
    )
    weapon_system_related: bool | None = None


class Agency(StrictModel):
    """The buying (or granting) agency. IC membership may also be judged from the FPDS codes."""

    name: str
    executive_agency: bool = True
    dod: bool = False
    intelligence_community: bool = False
    department_code: str | None = None
    agency_code: str | None = None
    office_code: str | None = None
    office_name: str | None = None


class Representations(StrictModel):
    """The offeror's FAR 52.204-26(c) and 52.204-24(d) answers, each optional."""

    c1_provides: Literal["does", "does_not"] | None = None
    c2_uses: Literal["does", "does_not"] | None = None
    d1_will_provide: Literal["will", "will_not"] | None = None
    d2_uses: Literal["does", "does_not"] | None = None


class Offeror(StrictModel):
    """The entity offering (Part B asks what this entity uses)."""

    name: str | None = None
    uei: str | None = None
    cage: str | None = None
    sam: dict[str, Any] | None = Field(
        default=None,
        description=(
            "A SAM Entity API v3 entityData record; its 52.204-26(c) answers stand in for "
            "missing representations (docs/determinations.md)."
        ),
    )
    representations: Representations = Representations()
    user_relation: UserRelation = Field(
        default="self", description="Who uses the items under Part B, relative to the offeror."
    )


class Item(StrictModel):
    """One piece of equipment or one service: delivered (Part A) or used by the offeror (Part B)."""

    producer: str
    producer_entity: str | None = Field(
        default=None,
        description=(
            "Knowledge-base entity id (huawei, zte, hytera, hikvision, dahua), "
            "'secdef_designated' (prong 4, recorded in SAM) or 'none'; skips name matching."
        ),
    )
    description: str = ""
    kind: Kind
    purpose: Purpose = "unknown"
    role: Role = "unknown"
    can_route_or_see_user_data: bool | None = None
    third_party_connection: ThirdParty = "none"
    applies_to: AppliesTo = Field(
        default="both",
        description="Extension: judge this item under Part A (deliverable), Part B (used), or both.",
    )


class WaiverScope(StrictModel):
    """What a waiver covers; an empty list means no limit on that axis."""

    psc: list[str] = []
    countries: list[str] = []
    regions: list[str] = []


class NsiFinding(StrictModel):
    """The recorded national-security-interest finding behind a waiver or exemption."""

    by: str
    authority: str | None = None
    date: dt.date | None = None
    text: str | None = None
    document: str | None = None


class Waiver(StrictModel):
    """A waiver as recorded; `secdef` exists only for the proposed (not enacted) exemption."""

    id: str
    grantor: Grantor
    grantee: str
    part: Part
    scope: WaiverScope = WaiverScope()
    start: dt.date
    end: dt.date | None = None
    national_security_interest_finding: bool = False
    finding: NsiFinding | None = None


class Procurement(StrictModel):
    """One procurement question: the input of `decide`."""

    action: Action
    agency: Agency
    question: Question = "both"
    offeror: Offeror = Offeror()
    items: list[Item] = []
    waivers: list[Waiver] = []
    policy: str | None = None


def procurement_schema() -> dict[str, Any]:
    """The published JSON Schema of the procurement input."""
    schema = Procurement.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://section889.example/procurement.schema.json"
    return schema


def loc_path(loc: tuple[int | str, ...]) -> str:
    """`('items', 0, 'kind')` → `items[0].kind`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(input)"


def describe_validation_error(exc: ValidationError) -> str:
    """Every problem pydantic found, by field path: `items[0].kind: Input should be …`."""
    return "; ".join(f"{loc_path(e['loc'])}: {e['msg']}" for e in exc.errors())


def parse_procurement(data: object, *, where: str | Path | None = None) -> Procurement:
    """Validate one input object; errors name the field path (`items[0].kind: …`)."""
    if not isinstance(data, dict):
        raise InputError("a procurement must be a mapping (YAML/JSON object)", path=where)
    try:
        proc = Procurement.model_validate(data)
    except ValidationError as exc:
        raise InputError(describe_validation_error(exc), path=where) from None
    if proc.offeror.sam is not None:  # refuse a malformed SAM record here, naming the file
        sam_entity_from_json(
            proc.offeror.sam,
            where="offeror.sam",
            as_of=proc.action.date,
            source=str(where) if where is not None else "",
        )
    return proc
