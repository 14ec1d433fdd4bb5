"""Policy packs: versioned, effective-dated YAML rule sets shipped in `rules/data/packs/`.

A pack names every rule the engine may apply (id, title, citation, dates), says which waivers it
honours, and carries the statutory dates the engine compares against (`Pack.statute`): the parts'
effective dates are its `dates.*` rules' `effective_from`, the DoD DNI waiver window is its
`waiver.dni_dod_2020` rule's dates, and the rest are its `statute:` block. A pack may `extends:`
another and override or add rules by id (and the `statute:` block as a whole).

The pack types live here; reading and resolving the YAML files is `rules.pack_files`, which the
Runtime calls once — the engine only ever sees a resolved `Pack`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from section889.errors import RuleError
from section889.rules.determination import Citation
from section889.rules.inputs import StrictModel

PACKS_DIR = "data/packs"
DEFAULT_PACK = "current-law"

PART_DATE_RULES = {"part_a": "dates.part_a", "part_b": "dates.part_b", "grant": "dates.grant"}
"""The rule whose `effective_from` is each part's effective date."""
DOD_DNI_WAIVER_RULE = "waiver.dni_dod_2020"
"""The rule whose `effective_from`/`effective_to` are the historical DoD DNI waiver's window."""


class Rule(StrictModel):
    """One rule of a pack."""

    id: str
    title: str
    citation: Citation
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    confidence: Literal["verified", "secondary", "unverified", "disputed", "assumption"] = (
        "verified"
    )


class Honours(StrictModel):
    """Which waivers the pack honours."""

    agency_head_waivers: bool = True
    dni_waivers: bool = True
    historical_dod_dni_waiver: Literal["review", "apply", "ignore"] = "review"
    secdef_exemption: bool = False


class PackWaiver(StrictModel):
    """A waiver the pack itself records (e.g. the historical DNI waiver for DoD)."""

    id: str
    grantor: Literal["agency_head", "dni", "secdef"]
    grantee: str
    part: Literal["a", "b"]
    start: dt.date
    end: dt.date
    psc_file: str | None = None
    excludes_weapon_systems: bool = True
    assumption: bool = False
    note: str = ""


class Exemption(StrictModel):
    """Terms of a proposed exemption granted as a `secdef` waiver entry."""

    id: str
    grantor: Literal["secdef"] = "secdef"
    dod_only: bool = True
    excludes_ic: bool = True
    requires_finding: bool = True
    default_psc: list[str] = Field(default_factory=list)
    default_regions: list[str] = Field(default_factory=list)
    status: str = ""


class StatuteBlock(StrictModel):
    """The `statute:` block of a pack file: statutory dates no rule of the pack carries."""

    agency_waiver_end: dict[Literal["a", "b"], dt.date]
    """The latest end of an agency-head waiver per part (§889(d)(1); FAR 4.2104(a))."""
    ndaa24_805_entity: dt.date
    """FY2024 NDAA §805: the 1260H entity prohibition is in force from this date."""
    ndaa24_805_goods: dt.date
    """FY2024 NDAA §805: the goods and services prohibition is in force from this date."""


class Statute(StrictModel):
    """Every statutory date the engine compares an action date against, read from the pack."""

    effective: dict[str, dt.date]
    """part_a / part_b / grant → the date the part applies from."""
    agency_waiver_end: dict[Literal["a", "b"], dt.date]
    dod_dni_waiver_start: dt.date
    dod_dni_waiver_end: dt.date
    ndaa24_805_entity: dt.date
    ndaa24_805_goods: dt.date


class PackFile(StrictModel):
    """The YAML layout of a pack file."""

    id: str
    version: str
    title: str
    enacted: bool = True
    status: str = ""
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    extends: str | None = None
    honours: Honours | None = None
    statute: StatuteBlock | None = None
    rules: list[Rule] = Field(default_factory=list)
    remove_rules: list[str] = Field(default_factory=list)
    waivers: list[PackWaiver] = Field(default_factory=list)
    exemption: Exemption | None = None


class Pack(StrictModel):
    """A resolved pack: its own fields plus every rule it inherits."""

    id: str
    version: str
    title: str
    enacted: bool
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    honours: Honours
    statute: Statute
    rules: dict[str, Rule]
    waivers: list[PackWaiver]
    exemption: Exemption | None
    assumption_pscs: dict[str, frozenset[str]]
    """waiver id → product codes read from its `psc_file` (user-editable assumption)."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id; a RuleError when the pack lacks a rule the engine applies."""
        try:
            return self.rules[rule_id]
        except KeyError:
            raise RuleError(f"policy pack {self.id} has no rule {rule_id!r}") from None

    def citation(self, rule_id: str) -> Citation:
        """The rule's citation as printed."""
        return self.rule(rule_id).citation
