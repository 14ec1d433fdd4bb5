"""SAM Entity Management API v3 records → what each entity represented about Section 889.

The rules (see docs/sam.md) follow our reading of the GSA/NASA "889 tool"
(`samtools/compliance/compliance_rules.py`): an entity is `compliant` only when it answered
"No" to both FAR 52.204-26(c)(1) and (c)(2); it is `selectable` only when it is also
registered (active) and shows no exclusion. Everything here describes what SAM *shows* the
entity represented; nothing here verifies it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import NoReturn

from section889.errors import InputError
from section889.sam.records import parse_sam_date

PROVISION = "FAR 52.204-26"
SECTION_C1 = "52.204-26.c.1"
SECTION_C2 = "52.204-26.c.2"
DOES = "does"
DOES_NOT = "does_not"

_ANSWERS = {"yes": DOES, "no": DOES_NOT}


class SamStatus(StrEnum):
    """What an entity's 52.204-26 answers in SAM amount to (first matching rule wins)."""

    COMPLIANT = "compliant"
    """Represented "does not" to both (c)(1) and (c)(2)."""
    NO_REPS = "no_reps"
    """SAM shows no answer to either (c)(1) or (c)(2)."""
    OUTDATED_FAR = "outdated_far"
    """An answer to (c)(1) but none to (c)(2): the DEC 2019 provision, before OCT 2020 added (c)(2)."""
    PROVIDES_AND_USES = "provides_and_uses"
    """Represented "does" to both (c)(1) and (c)(2)."""
    PROVIDES = "provides"
    """Represented "does" to (c)(1) (provides covered telecommunications to the Government)."""
    USES = "uses"
    """Represented "does" to (c)(2) (uses covered telecommunications)."""
    UNSPECIFIED = "unspecified"
    """Anything else, e.g. (c)(2) "does not" with no usable (c)(1) answer."""


STATUS_WORDS: dict[SamStatus, str] = {
    SamStatus.COMPLIANT: "represented that it does not provide and does not use covered telecom",
    SamStatus.NO_REPS: "no 52.204-26 representations in SAM",
    SamStatus.OUTDATED_FAR: "outdated representation: no 52.204-26(c)(2) answer (pre-OCT 2020)",
    SamStatus.PROVIDES_AND_USES: "represented that it provides and uses covered telecom",
    SamStatus.PROVIDES: "represented that it provides covered telecom",
    SamStatus.USES: "represented that it uses covered telecom",
    SamStatus.UNSPECIFIED: "52.204-26 answers in SAM are incomplete or unclear",
}
"""One line per status for people; it says what SAM shows, never "verified"."""

ROW_FIELDS = (
    "uei", "cage", "name", "status", "selectable", "registration_status",
    "registration_active", "expiration_date", "purpose_of_registration", "exclusion_flag",
    "excluded", "c1_provides", "c2_uses", "far_provision_date", "reasons", "source",
)  # fmt: skip
"""CSV columns of `SamEntity.as_row()`, in order."""


@dataclass(frozen=True)
class SamEntity:
    """One SAM entity: its registration, exclusion flag and Section 889 representations."""

    uei: str
    cage: str | None
    name: str
    registration_status: str | None
    registration_active: bool
    expiration_date: dt.date | None
    purpose_of_registration: str | None
    exclusion_flag: str | None
    excluded: bool
    c1_provides: str | None
    c2_uses: str | None
    status: SamStatus
    selectable: bool
    reasons: tuple[str, ...] = ()
    source: str = ""
    far_provision_date: str | None = None
    as_of: dt.date | None = None

    def as_row(self) -> dict[str, str]:
        """The entity as CSV cells (columns `ROW_FIELDS`); lists joined with "; "."""
        return {
            "uei": self.uei,
            "cage": self.cage or "",
            "name": self.name,
            "status": self.status.value,
            "selectable": _yes_no(self.selectable),
            "registration_status": self.registration_status or "",
            "registration_active": _yes_no(self.registration_active),
            "expiration_date": self.expiration_date.isoformat() if self.expiration_date else "",
            "purpose_of_registration": self.purpose_of_registration or "",
            "exclusion_flag": self.exclusion_flag or "",
            "excluded": _yes_no(self.excluded),
            "c1_provides": self.c1_provides or "",
            "c2_uses": self.c2_uses or "",
            "far_provision_date": self.far_provision_date or "",
            "reasons": "; ".join(self.reasons),
            "source": self.source,
        }

    def as_json(self) -> dict[str, object]:
        """The entity as a JSON-ready dict (`uei`, `name`, `status`, … `reasons`)."""
        return {
            "uei": self.uei,
            "cage": self.cage,
            "name": self.name,
            "status": self.status.value,
            "registration_active": self.registration_active,
            "excluded": self.excluded,
            "selectable": self.selectable,
            "registration_status": self.registration_status,
            "expiration_date": self.expiration_date.isoformat() if self.expiration_date else None,
            "purpose_of_registration": self.purpose_of_registration,
            "exclusion_flag": self.exclusion_flag,
            "c1_provides": self.c1_provides,
            "c2_uses": self.c2_uses,
            "far_provision_date": self.far_provision_date,
            "reasons": list(self.reasons),
            "source": self.source,
        }


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


# ---------------------------------------------------------------------------- status rules


def sam_status(
    c1: str | None,
    c2: str | None,
    *,
    c1_present: bool | None = None,
    c2_present: bool | None = None,
) -> SamStatus:
    """The status from the (c)(1) and (c)(2) answers ('does', 'does_not' or None); first rule wins.

    `c1_present` / `c2_present` say whether SAM has an entry for the paragraph at all (an entry
    whose text is neither Yes nor No gives answer None but is present); by default an entry is
    present when its answer is not None.

    >>> sam_status("does_not", "does_not"), sam_status(None, None), sam_status("does", None)
    (<SamStatus.COMPLIANT: 'compliant'>, <SamStatus.NO_REPS: 'no_reps'>, <SamStatus.OUTDATED_FAR: 'outdated_far'>)
    """
    has_c1 = c1 is not None if c1_present is None else c1_present
    has_c2 = c2 is not None if c2_present is None else c2_present
    if c1 == DOES_NOT and c2 == DOES_NOT:
        return SamStatus.COMPLIANT
    if not has_c1 and not has_c2:
        return SamStatus.NO_REPS
    if not has_c2:
        return SamStatus.OUTDATED_FAR
    if c1 == DOES and c2 == DOES:
        return SamStatus.PROVIDES_AND_USES
    if c1 == DOES:
        return SamStatus.PROVIDES
    if c2 == DOES:
        return SamStatus.USES
    return SamStatus.UNSPECIFIED


# ---------------------------------------------------------------------------- one record


class _Record:
    """Typed access to one JSON object, naming the field path in every error."""

    def __init__(self, value: object, where: str, source: str) -> None:
        self.where = where
        self.source = source
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, found {json_kind(value)}")
        self.value: dict[str, object] = value

    def fail(self, path: str, message: str) -> NoReturn:
        raise InputError(f"{path}: {message}", path=self.source or None)

    def child(self, key: str, *, required: bool = False) -> _Record | None:
        path = f"{self.where}.{key}"
        value = self.value.get(key)
        if value is None:
            if required:
                self.fail(path, "missing (required)")
            return None
        return _Record(value, path, self.source)

    def text(self, key: str, *, required: bool = False) -> str | None:
        path = f"{self.where}.{key}"
        value = self.value.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(path, "missing (required)")
            return None
        if not isinstance(value, str):
            self.fail(path, f"expected text, found {json_kind(value)}")
        return value.strip()

    def records(self, key: str) -> list[_Record] | None:
        path = f"{self.where}.{key}"
        value = self.value.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            self.fail(path, f"expected a list, found {json_kind(value)}")
        return [_Record(item, f"{path}[{i}]", self.source) for i, item in enumerate(value)]

    def date(self, key: str) -> dt.date | None:
        text = self.text(key)
        if text is None:
            return None
        found = parse_sam_date(text)
        if found is not None:
            return found
        self.fail(f"{self.where}.{key}", f"not a date: {text!r} (expected YYYY-MM-DD)")


def json_kind(value: object) -> str:
    """How a JSON value's type reads in a message: "an object", "a list", "text", …"""
    if value is None:
        return "null"
    return {
        dict: "an object", list: "a list", str: "text", bool: "true/false",
        int: "a number", float: "a number",
    }.get(type(value), type(value).__name__)  # fmt: skip


def sam_entity_from_json(
    record: Mapping[str, object],
    where: str = "entityData[0]",
    *,
    as_of: dt.date | None = None,
    source: str = "",
) -> SamEntity:
    """One SAM Entity API v3 `entityData` record as a `SamEntity`.

    `where` names the record in error messages (e.g. `entityData[2]`); `as_of` (default today)
    decides whether the registration has expired; `source` is the file name kept on the result.
    Raises `InputError` naming the field path when a required field is missing or has the wrong
    type: `entityRegistration` and `entityRegistration.ueiSAM` are required.
    """
    today = as_of or dt.date.today()
    entity = _Record(dict(record) if isinstance(record, Mapping) else record, where, source)
    reg = entity.child("entityRegistration", required=True)
    assert reg is not None
    uei = reg.text("ueiSAM", required=True)
    assert uei is not None
    name = reg.text("legalBusinessName") or ""
    cage = reg.text("cageCode")
    registration_status = reg.text("registrationStatus")
    expiration = reg.date("registrationExpirationDate")
    purpose = reg.text("purposeOfRegistrationCode")
    exclusion_flag = reg.text("exclusionStatusFlag")

    reasons: list[str] = []
    c1, c2, c1_raw, c2_raw, has_provision = _answers(entity)
    status = sam_status(c1, c2, c1_present=c1_raw is not None, c2_present=c2_raw is not None)
    reasons.extend(_answer_reasons(c1, c2, c1_raw, c2_raw, has_provision=has_provision))

    is_active_status = (registration_status or "").lower() == "active"
    expired = expiration is not None and expiration < today
    registration_active = is_active_status and not expired
    if registration_status is None:
        reasons.append("SAM shows no registration status, so the registration is not active")
    elif not is_active_status:
        reasons.append(f"SAM shows registration status {registration_status!r} (not active)")
    elif expired:
        assert expiration is not None
        reasons.append(
            f"SAM shows the registration expired on {expiration.isoformat()}"
            f" (as of {today.isoformat()})"
        )
    else:
        until = f", expiring {expiration.isoformat()}" if expiration else ""
        reasons.append(f"SAM shows an active registration{until}")

    excluded = exclusion_flag != "N"
    if exclusion_flag is None:
        reasons.append("SAM shows no exclusion flag; counted as excluded until checked")
    elif excluded:
        reasons.append(f"SAM shows exclusion flag {exclusion_flag!r}: counted as excluded")
    else:
        reasons.append("SAM shows no active exclusion (exclusion flag 'N')")

    far_date = None
    if c1_raw is not None and c2_raw is not None:
        far_date = "OCT 2020"
    elif c1_raw is not None:
        far_date = "DEC 2019"

    return SamEntity(
        uei=uei,
        cage=cage,
        name=name,
        registration_status=registration_status,
        registration_active=registration_active,
        expiration_date=expiration,
        purpose_of_registration=purpose,
        exclusion_flag=exclusion_flag,
        excluded=excluded,
        c1_provides=c1,
        c2_uses=c2,
        status=status,
        selectable=status is SamStatus.COMPLIANT and registration_active and not excluded,
        reasons=tuple(reasons),
        source=source,
        far_provision_date=far_date,
        as_of=today,
    )


def _answers(
    entity: _Record,
) -> tuple[str | None, str | None, str | None, str | None, bool]:
    """(c1, c2, c1 raw text, c2 raw text, has a FAR 52.204-26 provision) from repsAndCerts."""
    reps = entity.child("repsAndCerts")
    certs = reps.child("certifications") if reps else None
    responses = certs.records("fARResponses") if certs else None
    provision = None
    for response in responses or []:
        if response.text("provisionId") == PROVISION:
            provision = response
            break
    if provision is None:
        return None, None, None, None, False
    raw: dict[str, str | None] = {}
    for answer in provision.records("listOfAnswers") or []:
        section = answer.text("section")
        if section in (SECTION_C1, SECTION_C2) and section not in raw:
            raw[section] = answer.text("answerText") or ""
    c1_raw, c2_raw = raw.get(SECTION_C1), raw.get(SECTION_C2)
    c1 = _ANSWERS.get((c1_raw or "").lower())
    c2 = _ANSWERS.get((c2_raw or "").lower())
    return c1, c2, c1_raw, c2_raw, True


_C1_TEXT = "provide covered telecommunications equipment or services to the Government"
_C2_TEXT = "use covered telecommunications equipment or services"


def _answer_reasons(
    c1: str | None,
    c2: str | None,
    c1_raw: str | None,
    c2_raw: str | None,
    *,
    has_provision: bool,
) -> Iterator[str]:
    if not has_provision:
        yield "SAM shows no FAR 52.204-26 representations for this entity"
        return
    for answer, raw, text, cite in (
        (c1, c1_raw, _C1_TEXT, "52.204-26(c)(1)"),
        (c2, c2_raw, _C2_TEXT, "52.204-26(c)(2)"),
    ):
        if answer == DOES:
            yield f"represented in SAM that it does {text} ({cite})"
        elif answer == DOES_NOT:
            yield f"represented in SAM that it does not {text} ({cite})"
        elif raw:
            yield f"SAM shows the answer {raw!r} to {cite}, which is neither Yes nor No"
        else:
            yield f"SAM shows no answer to {cite}"
    if c1_raw is not None and c2_raw is None:
        yield (
            "the representation predates FAR 52.204-26 (OCT 2020), which added (c)(2);"
            " the entity has not represented whether it uses covered telecommunications"
        )
