"""Judge a party's tie to its covered entity on a given date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from section889.knowledge.models import Party, PartyStatus, Relationship


class Tie(StrEnum):
    """State of a party's tie to its covered entity on one date."""

    CURRENT = "current"
    FORMER = "former"
    NOT_YET = "not_yet"
    UNCERTAIN = "uncertain"


@dataclass(frozen=True, slots=True)
class TieOnDate:
    """The tie and a sentence saying why, with the dates that decided it."""

    tie: Tie
    reason: str


def tie_on(party: Party, as_of: dt.date) -> TieOnDate:
    """Decide whether `party` belonged to its covered entity on `as_of`.

    A date known only to the month or year decides nothing inside that month or year:
    the result is `uncertain`, never a guess.
    """
    if party.relationship == Relationship.SELF:
        return TieOnDate(Tie.CURRENT, f"{party.name} is a covered entity itself")
    if party.since is not None and as_of < party.since.earliest:
        return TieOnDate(
            Tie.NOT_YET,
            f"tie to {party.entity_id} began {party.since.phrase} — after {as_of.isoformat()}",
        )
    if (
        party.since is not None
        and as_of <= party.since.latest
        and party.since.earliest != party.since.latest
    ):
        return TieOnDate(
            Tie.UNCERTAIN,
            f"tie to {party.entity_id} began in {party.since}; the exact day is not known",
        )
    if party.status == PartyStatus.REVIEW:
        # An unverified tie stays unverified after a recorded sale too (HMN Tech is sold but still
        # listed as a Huawei affiliate): review, never decide.
        why = party.note or "the tie is not verified"
        return TieOnDate(Tie.UNCERTAIN, f"tie to {party.entity_id} needs review: {why}")
    if party.until is not None:
        if as_of > party.until.latest:
            return TieOnDate(
                Tie.FORMER,
                f"divested from {party.entity_id} {party.until.phrase} — before {as_of.isoformat()}",
            )
        if as_of >= party.until.earliest:
            if party.until.earliest == party.until.latest:
                return TieOnDate(
                    Tie.FORMER,
                    f"divested from {party.entity_id} on {party.until} — "
                    f"on or before {as_of.isoformat()}",
                )
            return TieOnDate(
                Tie.UNCERTAIN,
                f"divested from {party.entity_id} in {party.until}; the exact day is not known, "
                f"so {as_of.isoformat()} may fall before or after it",
            )
    since = f" since {party.since}" if party.since else ""
    until = f" until {party.until}" if party.until else ""
    return TieOnDate(Tie.CURRENT, f"{party.relationship.value} of {party.entity_id}{since}{until}")
