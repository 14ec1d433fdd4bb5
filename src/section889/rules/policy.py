"""Policy packs: versioned, effective-dated YAML rule sets shipped in `rules/data/packs/`.

A pack names every rule the engine may apply (id, title, citation, dates) and says which
waivers it honours. A pack may `extends:` another and override or add rules by id.
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError

from section889.errors import InputError
from section889.rules.inputs import loc_path

PACKS_DIR = "data/packs"
DEFAULT_PACK = "current-law"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Citation(_Strict):
    """Where a rule comes from."""

    section: str
    text: str
    url: str


class Rule(_Strict):
    """One rule of a pack."""

    id: str
    title: str
    citation: Citation
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    confidence: Literal["verified", "secondary", "unverified", "disputed", "assumption"] = (
        "verified"
    )


class Honours(_Strict):
    """Which waivers the pack honours."""

    agency_head_waivers: bool = True
    dni_waivers: bool = True
    historical_dod_dni_waiver: Literal["review", "apply", "ignore"] = "review"
    secdef_exemption: bool = False


class PackWaiver(_Strict):
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


class Exemption(_Strict):
    """Terms of a proposed exemption granted as a `secdef` waiver entry."""

    id: str
    grantor: Literal["secdef"] = "secdef"
    dod_only: bool = True
    excludes_ic: bool = True
    requires_finding: bool = True
    default_psc: list[str] = []
    default_regions: list[str] = []
    status: str = ""


class PackFile(_Strict):
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
    rules: list[Rule] = []
    remove_rules: list[str] = []
    waivers: list[PackWaiver] = []
    exemption: Exemption | None = None


class Pack(_Strict):
    """A resolved pack: its own fields plus every rule it inherits."""

    id: str
    version: str
    title: str
    enacted: bool
    status: str
    effective_from: dt.date | None
    effective_to: dt.date | None
    honours: Honours
    rules: dict[str, Rule]
    waivers: list[PackWaiver]
    exemption: Exemption | None
    assumption_pscs: dict[str, frozenset[str]]
    """waiver id → product codes read from its `psc_file` (user-editable assumption)."""

    def rule(self, rule_id: str) -> Rule:
        """The rule with this id (KeyError names a pack bug)."""
        return self.rules[rule_id]


def _pack_dir() -> Path:
    return Path(str(resources.files("section889.rules").joinpath(PACKS_DIR)))


def _read_file(path: Path) -> PackFile:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        return PackFile.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(f"{loc_path(e['loc'])}: {e['msg']}" for e in exc.errors())
        raise InputError(problems, path=path) from None
    except yaml.YAMLError as exc:
        raise InputError(f"cannot parse pack: {exc}", path=path) from None


def _read_pscs(path: Path) -> frozenset[str]:
    codes: set[str] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        code = line.split("#", 1)[0].split(",", 1)[0].strip().upper()
        if code and code != "PSC":
            codes.add(code)
    return frozenset(codes)


@cache
def pack_files() -> dict[str, Path]:
    """Pack id → file, for every shipped pack."""
    found: dict[str, Path] = {}
    for path in sorted(_pack_dir().glob("*.yaml")):
        found[_read_file(path).id] = path
    return found


def pack_ids() -> list[str]:
    """Ids of the shipped packs."""
    return sorted(pack_files())


@cache
def load_pack(pack_id: str = DEFAULT_PACK) -> Pack:
    """Load and resolve one pack by id (InputError if unknown)."""
    files = pack_files()
    if pack_id not in files:
        raise InputError(f"policy: unknown pack {pack_id!r}; known: {', '.join(sorted(files))}")
    raw = _read_file(files[pack_id])
    if raw.extends:
        base = load_pack(raw.extends)
        rules = {k: v for k, v in base.rules.items() if k not in raw.remove_rules}
        honours = raw.honours or base.honours
        waivers = [*base.waivers, *raw.waivers]
        exemption = raw.exemption or base.exemption
    else:
        rules, honours, waivers, exemption = {}, raw.honours or Honours(), list(raw.waivers), None
        exemption = raw.exemption
    for rule in raw.rules:
        rules[rule.id] = rule
    pscs: dict[str, frozenset[str]] = {}
    for waiver in waivers:
        if waiver.psc_file:
            path = files[pack_id].parent / waiver.psc_file
            if not path.is_file():
                raise InputError(f"waivers[{waiver.id}].psc_file not found", path=path)
            pscs[waiver.id] = _read_pscs(path)
    return Pack(
        id=raw.id,
        version=raw.version,
        title=raw.title,
        enacted=raw.enacted,
        status=raw.status,
        effective_from=raw.effective_from,
        effective_to=raw.effective_to,
        honours=honours,
        rules=rules,
        waivers=waivers,
        exemption=exemption,
        assumption_pscs=pscs,
    )
