"""One runtime per face: built once, handed down, swapped whole when the knowledge base changes."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from section889.matching import MatchStatus
from section889.readers.source import Source
from section889.rules.determination import Outcome
from section889.rules.inputs import parse_procurement
from section889.services.determinations import decide_procurement
from section889.services.knowledge import import_layer, remove_layer
from section889.services.runtime import Runtime, RuntimeHolder
from section889.services.screening import screen_name
from section889.settings import Settings

NAME = "Pinghu Lianxin Optoelectronics Co., Ltd."  # a made-up unit, unknown to the shipped facts


def _layer(name: str) -> bytes:
    entity = {"id": "hx", "schema": "Company", "properties": {"name": [name]}}
    return (json.dumps(entity) + "\n").encode()


def test_importing_a_layer_in_process_is_seen_by_the_next_screening(
    holder: RuntimeHolder,
) -> None:
    before = holder.current
    assert screen_name(before, NAME).status is MatchStatus.CLEAR
    old_label = before.kb_label

    report = import_layer(
        holder, Source.from_bytes(_layer(NAME), name="dahua.ftm.json"), entity_id="dahua"
    )
    assert report.imported == 1
    after = holder.current
    assert after is not before  # swapped whole: kb, matcher and everything built on them
    assert after.kb_label != old_label and "import:dahua" in after.kb.version.layers
    found = screen_name(after, NAME)
    assert found.status is MatchStatus.POSSIBLE and found.entity_id == "dahua"
    # the old runtime keeps its own facts for work that started on it
    assert screen_name(before, NAME).status is MatchStatus.CLEAR

    remove_layer(holder, "dahua")
    assert holder.current.kb_label == old_label
    assert screen_name(holder.current, NAME).status is MatchStatus.CLEAR


def test_two_runtimes_never_share_facts(tmp_path: Path) -> None:
    one = RuntimeHolder.build(Settings(data_dir=tmp_path / "one"))
    two = Runtime.build(Settings(data_dir=tmp_path / "two"))
    import_layer(one, Source.from_bytes(_layer(NAME), name="x.json"), entity_id="dahua")
    assert screen_name(one.current, NAME).status is MatchStatus.POSSIBLE
    assert screen_name(two, NAME).status is MatchStatus.CLEAR
    one.close()
    two.close()


def test_members_are_built_on_first_use_and_kept(runtime: Runtime) -> None:
    assert not runtime.built("kb")
    assert runtime.matcher is runtime.matcher
    assert runtime.built("kb") and not runtime.built("identifier")
    assert runtime.matcher_at(0.95) is not runtime.matcher
    assert runtime.policy("current-law") is runtime.policy("current-law")
    assert runtime.sam_snapshot is None  # none built in this test's data directory


def test_after_an_import_decisions_judge_the_new_party_and_carry_the_new_label(
    holder: RuntimeHolder,
) -> None:
    proc = parse_procurement(
        {
            "agency": {"name": "Department of State"},
            "action": {"type": "award", "date": "2025-06-01"},
            "question": "part_a",
            "items": [
                {"producer": NAME, "kind": "telecom_equipment", "role": "substantial_or_essential"}
            ],
        },
        where="test",
    )
    before = decide_procurement(holder.current, proc, as_of=dt.date(2026, 7, 1))
    assert before.outcome == Outcome.NOT_COVERED and before.kb_version == holder.current.kb_label

    import_layer(holder, Source.from_bytes(_layer(NAME), name="dahua.ftm.json"), entity_id="dahua")
    after = decide_procurement(holder.current, proc, as_of=dt.date(2026, 7, 1))
    assert after.kb_version == holder.current.kb_label != before.kb_version
    assert after.decision_id != before.decision_id
    # an imported party is at most `possible`: the producer needs a reasonable inquiry
    assert after.outcome == Outcome.REVIEW and after.basis == "relation_unknown"
