"""The screen-a-file use case, run end to end with the real matcher and the shipped facts."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from section889.errors import RowError
from section889.matching import MatchStatus, ScreenResult
from section889.readers import Adjudication, AdjudicationKind
from section889.reports.vendor_run import ScreeningSummary
from section889.reports.vendor_table import write_screening
from section889.services.adjudications import STALE, apply_adjudication
from section889.services.runtime import Runtime
from section889.services.vendor_screening import (
    PROGRESS_EVERY,
    VendorScreeningRequest,
    open_vendor_screening,
)

ScreenFile = Callable[..., ScreeningSummary]
"""The `screen_file` fixture (tests/services/conftest.py)."""
EXAMPLE = Path(__file__).parents[2] / "examples" / "vendors.csv"
REF = "prama-india#7b594a6e13bd"
FORMER = MatchStatus.FORMER_AFFILIATE.value


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_example_list_output_rows_follow_the_input(screen_file: ScreenFile, tmp_path: Path) -> None:
    out = tmp_path / "screened.csv"
    summary = screen_file(VendorScreeningRequest(EXAMPLE), out)
    rows = read_csv(out)
    with EXAMPLE.open(newline="", encoding="utf-8") as handle:
        names = [r["vendor_name"] for r in csv.DictReader(handle)]
    assert [int(r["row"]) for r in rows] == list(range(1, len(names) + 1))
    assert [r["input_name"] for r in rows] == [n.strip() for n in names]
    assert list(rows[0]) == [
        "row", "input_name", "status", "entity_id", "matched_name", "relationship", "score",
        "explanation", "fact_ref",
    ]  # fmt: skip
    by_name = {r["input_name"]: r for r in rows}
    assert by_name["HUAWEI TECHNOLOGIES CO., LTD"]["status"] == "covered"
    assert by_name["HUAWEI TECHNOLOGIES CO., LTD"]["entity_id"] == "huawei"
    assert by_name["Honor Device Co., Ltd."]["status"] == "former_affiliate"
    assert by_name["New H3C Technologies Co., Ltd"]["status"] == "clear"
    assert by_name["ZTEC Instruments, Inc."]["status"] == "clear"
    assert by_name["SARAS AMERICA INC."]["status"] == "clear"
    blank = rows[12]
    assert (blank["row"], blank["status"]) == ("13", "invalid")
    assert "empty name" in blank["explanation"]
    assert summary.rows == len(names)
    assert sum(summary.counts.values()) == len(names)
    assert summary.counts["invalid"] == 1 and summary.invalid_rows[0][0] == 13
    assert summary.counts["covered"] == sum(r["status"] == "covered" for r in rows)


def test_run_record_proves_what_was_screened(runtime: Runtime, tmp_path: Path) -> None:
    out = tmp_path / "screened.json"
    request = VendorScreeningRequest(EXAMPLE, as_of=dt.date(2025, 6, 30), threshold=0.85)
    with open_vendor_screening(runtime, request) as run:
        written = write_screening(run, out, command="section889 x")
    summary = run.summary
    record = json.loads((tmp_path / "screened.json.run.json").read_text(encoding="utf-8"))
    assert written.record == tmp_path / "screened.json.run.json"
    assert record["input"]["path"] == str(EXAMPLE.resolve())
    assert record["input"]["sha256"] == hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()
    assert record["output"]["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["rows"] == summary.rows == len(json.loads(out.read_text(encoding="utf-8")))
    assert record["counts"] == summary.counts
    kb = runtime.kb.version
    assert record["knowledge_base"]["version"] == kb.label
    assert record["knowledge_base"]["facts_as_of"] == kb.facts_as_of.isoformat()
    assert (record["threshold"], record["as_of"]) == (0.85, "2025-06-30")
    assert record["command"] == "section889 x"
    assert record["section889_version"]
    started = dt.datetime.fromisoformat(record["started_at"].replace("Z", "+00:00"))
    finished = dt.datetime.fromisoformat(record["finished_at"].replace("Z", "+00:00"))
    assert started <= finished and started.tzinfo == dt.UTC


def test_fatal_error_part_way_leaves_no_output_no_temp_and_the_old_output(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    source = tmp_path / "broken.csv"
    tail = "\n".join(f"VENDOR {i} LLC" for i in range(20_000))
    source.write_text(f'name\nZTE USA INC\nMYTH SOFTWARE\n"ACME LLC\n{tail}\n')
    out = tmp_path / "screened.xlsx"
    out.write_bytes(b"yesterday's output")
    with pytest.raises(RowError, match="row 3"):
        screen_file(VendorScreeningRequest(source), out)
    assert out.read_bytes() == b"yesterday's output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "screened.xlsx"]


def test_invalid_rows_keep_their_place_even_at_the_end(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    source = tmp_path / "v.jsonl"
    source.write_text(
        '{"vendor": 1}\n{"vendor": "ZTE USA INC"}\n{"vendor": ""}\n'
        '{"vendor": "Acme Plumbing LLC"}\n{"vendor": null}\n{"vendor": []}\n'
    )
    out = tmp_path / "out.csv"
    screen_file(VendorScreeningRequest(source), out)
    assert [(r["row"], r["status"]) for r in read_csv(out)] == [
        ("1", "invalid"),
        ("2", "covered"),
        ("3", "invalid"),
        ("4", "clear"),
        ("5", "invalid"),
        ("6", "invalid"),
    ]


def test_id_column_reaches_the_matcher_and_the_output(
    screen_file: ScreenFile, tmp_path: Path
) -> None:
    source = tmp_path / "v.csv"
    source.write_text("supplier,Stock Code\nAcme Holdings,002415.SZ\nAcme Plumbing LLC,\n")
    out = tmp_path / "out.csv"
    screen_file(VendorScreeningRequest(source, id_column="Stock Code"), out)
    rows = read_csv(out)
    assert list(rows[0])[-2:] == ["Stock Code", "fact_ref"]
    assert (rows[0]["status"], rows[0]["entity_id"], rows[0]["Stock Code"]) == (
        "covered",
        "hikvision",
        "002415.SZ",
    )
    assert "002415.SZ" in rows[0]["explanation"]
    assert rows[1]["status"] == "clear"


def test_progress_is_reported_on_long_lists(screen_file: ScreenFile, tmp_path: Path) -> None:
    source = tmp_path / "long.csv"
    count = 2 * PROGRESS_EVERY + 7
    source.write_text("name\n" + "".join(f"VENDOR {i} LLC\n" for i in range(count)))
    reports: list[tuple[int, float | None]] = []
    summary = screen_file(
        VendorScreeningRequest(source),
        on_progress=lambda n, share: reports.append((n, share)),
    )
    assert [n for n, _ in reports] == [PROGRESS_EVERY, 2 * PROGRESS_EVERY]
    assert all(share is not None and 0 < share <= 1 for _, share in reports)
    assert summary.rows == count and summary.counts["clear"] == count


def test_most_serious_hits_come_first(screen_file: ScreenFile, tmp_path: Path) -> None:
    source = tmp_path / "v.csv"
    source.write_text(
        "name\nHonor Device Co., Ltd.\nHikvison USA\nAcme Plumbing LLC\nZTE USA INC\n"
    )
    summary = screen_file(VendorScreeningRequest(source, top=2))
    assert [(h.row, h.status) for h in summary.top_hits] == [(4, "covered"), (2, "possible")]


# ---------------------------------------------------------------- decisions


def result(status: MatchStatus, fact_ref: str | None = REF) -> ScreenResult:
    return ScreenResult("Prama India Private Limited", status, "hikvision", fact_ref=fact_ref)


def decision(kind: AdjudicationKind, fact_ref: str | None = REF) -> Adjudication:
    return Adjudication(
        row=1,
        decision=kind,
        decided_by="j.doe",
        decided_on=dt.date(2025, 3, 1),
        reason="unrelated distributor",
        input_name="Prama India Private Limited",
        fact_ref=fact_ref,
    )


@pytest.mark.parametrize(
    ("raw", "kind", "fact_ref", "shown", "marker"),
    [
        (MatchStatus.POSSIBLE, AdjudicationKind.NOT_A_MATCH, REF, "clear", "not_a_match"),
        (MatchStatus.COVERED, AdjudicationKind.NOT_A_MATCH, None, "clear", "not_a_match"),
        (MatchStatus.POSSIBLE, AdjudicationKind.CONFIRMED, REF, "covered", "confirmed"),
        (MatchStatus.FORMER_AFFILIATE, AdjudicationKind.CONFIRMED, None, FORMER, "confirmed"),
        (MatchStatus.POSSIBLE, AdjudicationKind.NOT_A_MATCH, "prama-india#0000", "possible", STALE),
        (MatchStatus.COVERED, AdjudicationKind.CONFIRMED, "prama-india#0000", "covered", STALE),
    ],
)  # fmt: skip
def test_decision_changes_the_status_unless_its_fact_changed(
    raw: MatchStatus, kind: AdjudicationKind, fact_ref: str | None, shown: str, marker: str
) -> None:
    status, cells = apply_adjudication(result(raw), decision(kind, fact_ref), "2025-11-01+abc")
    assert (status, cells[0], cells[1], cells[2]) == (shown, marker, "j.doe", "2025-03-01")
    if marker == STALE:
        assert "prama-india#0000" in (cells[3] or "") and "review again" in (cells[3] or "")
    else:
        assert cells[3] == "unrelated distributor"


def test_confirmed_hit_that_is_gone_is_stale() -> None:
    status, cells = apply_adjudication(
        result(MatchStatus.CLEAR, fact_ref=None), decision(AdjudicationKind.CONFIRMED, None), "kb"
    )
    assert (status, cells[0]) == ("clear", STALE)


def test_not_a_match_on_a_row_without_a_hit_is_simply_clear() -> None:
    status, cells = apply_adjudication(
        result(MatchStatus.CLEAR, fact_ref=None), decision(AdjudicationKind.NOT_A_MATCH), "kb"
    )
    assert (status, cells[0]) == ("clear", "not_a_match")


def test_decision_without_fact_ref_goes_stale_when_the_kb_label_changed() -> None:
    recorded = Adjudication(
        1,
        AdjudicationKind.NOT_A_MATCH,
        "a",
        dt.date(2025, 1, 1),
        "r",
        "X",
        kb_version="2025-01-01+old",
    )
    assert (
        apply_adjudication(result(MatchStatus.POSSIBLE), recorded, "2025-11-01+new")[1][0] == STALE
    )
    assert (
        apply_adjudication(result(MatchStatus.POSSIBLE), recorded, "2025-01-01+old")[0] == "clear"
    )


def test_no_decision_shows_the_raw_status() -> None:
    assert apply_adjudication(result(MatchStatus.POSSIBLE), None, "kb") == (
        "possible",
        [None, None, None, None],
    )
