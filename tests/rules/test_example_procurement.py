"""The procurement `make demo` decides: law and hypothesis give different answers, and say so."""

from __future__ import annotations

from pathlib import Path

import yaml

from section889.rules.inputs import parse_procurement
from section889.services.determinations import Decider

EXAMPLE = Path(__file__).parents[2] / "examples" / "procurement.yaml"


def test_current_law_prohibits_and_the_exemption_pack_permits_only_as_a_what_if(
    decider: Decider,
) -> None:
    procurement = parse_procurement(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))
    law = decider.decide(procurement)
    what_if = decider.decide(procurement, policy="dod-exemption-proposal-2024")
    assert (law.outcome, law.basis) == ("prohibited", "part_b_prohibition")
    assert (what_if.outcome, what_if.basis) == ("permitted_by_waiver", "exemption_pack")
    assert any("NOT ENACTED" in notice for notice in what_if.notices)
    assert not any("NOT ENACTED" in notice for notice in law.notices)
    assert law.decision_id != what_if.decision_id
