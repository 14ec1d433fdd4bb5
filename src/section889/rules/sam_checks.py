"""What the local SAM snapshot shows about the offeror: exclusions in force and registration.

Notices, reasons and actions only: none of it changes the Section 889 outcome. The snapshot was
looked up before evaluation (`facts.gather` through the context's `SamLookup`); here the facts
are judged on the action date.
"""

from __future__ import annotations

from section889.rules.trace import Trace
from section889.sam.records import SamSnapshotFacts, active_exclusions, describe_exclusions


def exclusion_found(t: Trace, finding: str) -> None:
    """An exclusion is recorded for the offeror: check it (52.204-24(c); FAR subpart 9.4)."""
    t.add(
        "sam.exclusions",
        f"{finding}; the Section 889 outcome does not depend on it",
        citation=t.far_cite("52.204-24(c)", "FAR 52.204-24(c); 52.204-26(b)"),
    )
    t.act(
        "check_sam_exclusion",
        f"{finding}: look up the offeror's exclusion record in SAM, check whether it concerns "
        "covered telecommunications (52.204-24(c)) and whether the offeror may receive the "
        "award, and document it",
        "FAR 52.204-24(c); 52.204-26(b); FAR subpart 9.4",
    )
    t.cross_ref(
        "sam_exclusion",
        "SAM exclusions (FAR 52.204-24(c); FAR subpart 9.4)",
        f"{finding}; an exclusion is a separate bar from Section 889",
        t.ref.far_url("52.204-24(c)"),
    )


def snapshot_checks(t: Trace, snap: SamSnapshotFacts) -> None:
    """The snapshot's registration row (when it has an entity extract) and its exclusions."""
    uei, cage = snap.uei, snap.cage
    day, on = snap.date.isoformat(), t.facts.date
    if uei and snap.has_entities:
        _registration(t, snap)
    who = " / ".join(x for x in (f"UEI {uei}" if uei else "", f"CAGE {cage}" if cage else "") if x)
    active = active_exclusions(snap.exclusions, on)
    if active:
        exclusion_found(
            t,
            f"the local SAM snapshot of {day} lists {len(active)} exclusion record(s) for "
            f"{who}: {describe_exclusions(active)}",
        )
        return
    ended = len(snap.exclusions) - len(active)
    extra = f" ({ended} ended before {on})" if ended else ""
    t.add(
        "sam.exclusions",
        f"the local SAM snapshot of {day} lists no exclusion in force on {on} for "
        f"{who}{extra}; it shows SAM as of {day} only",
        citation=t.far_cite("52.204-24(c)", "FAR 52.204-24(c); 52.204-26(b)"),
    )


def _registration(t: Trace, snap: SamSnapshotFacts) -> None:
    """Rule `sam.snapshot_registration`: status, expiry and whether active on the action date."""
    uei, entity, day, on = snap.uei, snap.entity, snap.date.isoformat(), t.facts.date
    if entity is None:
        t.note(
            f"UEI {uei} not found in the SAM snapshot of {day}: its registration could not be "
            "checked there; confirm it in SAM"
        )
        return
    status = entity.registration_status or "not given in this extract"
    expiry = entity.expiration_date.isoformat() if entity.expiration_date else "not given"
    active = entity.registration_active(on)
    shown = f"UEI {uei}" + (f" ({entity.name})" if entity.name else "")
    only = (
        "; no offeror.sam record was given, so this is the only registration information"
        if t.sam is None
        else ""
    )
    t.add(
        "sam.snapshot_registration",
        f"the local SAM snapshot of {day} shows {shown}: registration status {status}, "
        f"expires {expiry}; {'active' if active else 'not active'} on {on}{only}; "
        "the Section 889 outcome does not depend on it",
        citation=t.far_cite(
            "52.204-24",
            "FAR 52.204-24 (introductory text: representations made in SAM); FAR 52.204-26",
        ),
    )
    if not active:
        t.note(
            f"SAM snapshot of {day}: registration of {uei} is not active on {on} "
            f"(status {status}, expires {expiry}); confirm the offeror's registration"
        )
    if t.facts.snapshot_name_differs:
        t.note(
            f"offeror.name {t.facts.offeror_name!r} differs from the legal business name of "
            f"{uei} in the SAM snapshot of {day} ({entity.name!r}); the UEI may be another "
            "entity's"
        )
