"""Every tie in parties.csv says what kind of source shows it; only ownership or control evidence
makes a subsidiary or affiliate `covered` (data/SOURCES.md, "How ties are audited")."""

from __future__ import annotations

import csv
import datetime as dt
import re

import pytest

from section889.knowledge import PartyStatus, Tie, default_data_dir, load_directory, tie_on

OWNERSHIP = {"entity_list", "filing", "court", "regulator", "company_statement", "company_registry"}
"""Sources that show ownership or control: a BIS Entity List rule, an annual report or exchange
filing, a court record, a regulator's statement, the parent's or counterparty's own statement of
the deal, a company-registry shareholder record."""
NOT_OWNERSHIP = {"secondary", "none"}
"""Press, encyclopedias, product manuals or IEEE/IANA registrant names; or no source at all."""
FR_CITATION = re.compile(r"\b\d{2} FR \d{4,5}\b")


def party_rows() -> list[dict[str, str]]:
    with (default_data_dir() / "parties.csv").open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


ROWS = party_rows()


def test_every_party_names_the_kind_of_evidence_for_its_tie() -> None:
    allowed = OWNERSHIP | NOT_OWNERSHIP | {"self"}
    bad = [(r["id"], r.get("tie_evidence")) for r in ROWS if r.get("tie_evidence") not in allowed]
    assert bad == []
    assert {r["id"] for r in ROWS if r["tie_evidence"] == "self"} == {
        r["id"] for r in ROWS if r["relationship"] == "self"
    }


@pytest.mark.parametrize(
    "row",
    [r for r in ROWS if r["relationship"] in {"subsidiary", "affiliate"}],
    ids=lambda r: r["id"],
)
def test_a_covered_subsidiary_or_affiliate_rests_on_ownership_evidence(row: dict[str, str]) -> None:
    """Without a source that shows ownership or control, a tie is `review` (at most possible)."""
    if row["status"] == PartyStatus.COVERED:
        assert row["tie_evidence"] in OWNERSHIP, f"{row['id']}: covered on {row['tie_evidence']}"
    else:
        assert row["note"], f"{row['id']}: a review tie needs the reason users see"


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["tie_evidence"] in NOT_OWNERSHIP], ids=lambda r: r["id"]
)
def test_secondary_evidence_never_makes_a_company_covered(row: dict[str, str]) -> None:
    assert row["relationship"] == "brand" or row["status"] == PartyStatus.REVIEW


@pytest.mark.parametrize(
    "row", [r for r in ROWS if r["tie_evidence"] == "entity_list"], ids=lambda r: r["id"]
)
def test_entity_list_ties_cite_a_federal_register_rule(row: dict[str, str]) -> None:
    assert FR_CITATION.search(row["source"]), row["source"]


@pytest.mark.parametrize(
    "party_id",
    [r["id"] for r in ROWS if r["tie_evidence"] in NOT_OWNERSHIP and r["relationship"] != "brand"],
)
def test_unverified_companies_are_uncertain_with_their_reason(party_id: str) -> None:
    """A company tie no ownership source shows comes out uncertain (possible), saying why."""
    party = load_directory().parties[party_id]
    judged = tie_on(party, dt.date(2025, 11, 18))
    assert judged.tie is Tie.UNCERTAIN
    assert party.note in judged.reason
