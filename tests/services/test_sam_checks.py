"""The SAM use cases: checking entity records and building a snapshot, from files or uploads."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers.source import Source
from section889.services.runtime import RuntimeHolder
from section889.services.sam_checks import build_sam_snapshot, check_sam_entities

FIXTURES = Path(__file__).parents[1] / "fixtures" / "sam"


def test_a_built_snapshot_is_seen_after_reload(holder: RuntimeHolder) -> None:
    before = holder.current
    assert before.sam_snapshot is None
    built = build_sam_snapshot(
        before.sam_dir,
        exclusions=FIXTURES / "exclusions_sample_csv_response.csv",
        as_of=dt.date(2024, 6, 1),
    )
    assert built.path == before.sam_dir / "snapshot-2024-06-01.sqlite"
    assert [(s.kind, s.rows) for s in built.sources] == [("exclusions", 1)]
    assert before.sam_snapshot is None  # the old runtime keeps what it had
    after = holder.reload().sam_snapshot
    assert after is not None and after.date == built.date


def test_snapshot_needs_an_extract(holder: RuntimeHolder) -> None:
    with pytest.raises(InputError, match="give --entities, --exclusions or both"):
        build_sam_snapshot(holder.current.sam_dir)


def test_check_counts_statuses_of_an_upload() -> None:
    data = (FIXTURES / "entities_api_response.json").read_bytes()
    result = check_sam_entities(Source.from_bytes(data, name="e.json"), as_of=dt.date(2021, 7, 1))
    assert sum(result.counts.values()) == len(result.entities) == 10
    assert result.selectable == 1 and result.counts["compliant"] >= 1
    with pytest.raises(InputError, match=r"x\.json: no entity records found"):
        check_sam_entities(Source.from_bytes(b"[]", name="x.json"))
