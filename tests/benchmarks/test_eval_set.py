"""Integrity of the labelled vendor-matching evaluation set in benchmarks/data_eval/."""

from __future__ import annotations

import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[2] / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))

from eval_rules import (  # noqa: E402
    CATEGORIES,
    ENTITIES,
    EVAL_DIR,
    EVAL_FILES,
    EXCLUDED_FILE,
    SPLITS,
    STATUSES,
    EvalRow,
    classify_registrant,
    read_eval,
)
from section889.knowledge import default_data_dir, load_directory  # noqa: E402
from section889.knowledge.loader import name_key  # noqa: E402


@pytest.fixture(scope="module")
def rows() -> list[EvalRow]:
    return read_eval()


@pytest.fixture(scope="module")
def negatives(rows: list[EvalRow]) -> list[EvalRow]:
    return [r for r in rows if not r.positive]


def test_every_eval_file_parses_with_the_documented_columns(rows: list[EvalRow]) -> None:
    for name in EVAL_FILES:
        assert read_eval([EVAL_DIR / name]), f"{name} has no rows"
    assert len(rows) > 10_000


def test_labels_categories_and_splits_come_from_the_allowed_sets(rows: list[EvalRow]) -> None:
    for row in rows:
        assert row.name.strip() == row.name and row.name, row
        assert row.expected_status in STATUSES, row
        assert row.category in CATEGORIES, row
        assert row.split in SPLITS, row
        assert row.source, row
        if row.positive:
            assert row.expected_entity in ENTITIES, row
        else:
            assert row.expected_entity == "", row


def test_no_spelling_is_labelled_twice_for_the_same_date(rows: list[EvalRow]) -> None:
    repeated = [key for key, n in Counter(r.key for r in rows).items() if n > 1]
    assert repeated == []


def test_set_covers_every_status_entity_and_the_divestment_dates(rows: list[EvalRow]) -> None:
    statuses = Counter(r.expected_status for r in rows)
    assert all(statuses[s] > 0 for s in STATUSES)
    assert {r.expected_entity for r in rows if r.positive} == set(ENTITIES)
    early = [r for r in rows if r.category == "pre_divestment"]
    assert early and all(r.expected_status == "covered" for r in early)
    assert sum(1 for r in rows if r.positive and r.split == "heldout") >= 100


@pytest.mark.parametrize(
    ("name", "status"),
    [
        ("Honor Device Co., Ltd.", "former_affiliate"),
        ("Sepura Plc", "former_affiliate"),
        ("Teltronic S.A.U.", "former_affiliate"),
        ("HUAWEI TECHS CO LTD", "covered"),
        ("華為技術有限公司", "covered"),
        ("Prama India Private Limited", "possible"),
        ("New H3C Technologies Co., Ltd", "clear"),
    ],
)
def test_known_names_carry_the_expected_label(rows: list[EvalRow], name: str, status: str) -> None:
    found = {r.expected_status for r in rows if name_key(r.name) == name_key(name)}
    assert status in found


def test_negatives_contain_no_covered_former_or_review_registrant(negatives: list[EvalRow]) -> None:
    with (EVAL_DIR / EXCLUDED_FILE).open(newline="", encoding="utf-8") as handle:
        excluded = {name_key(r["organization"]) for r in csv.DictReader(handle)}
    assert len(excluded) > 20
    assert [r.name for r in negatives if name_key(r.name) in excluded] == []
    assert [r.name for r in negatives if classify_registrant(r.name)] == []


def test_negatives_contain_none_of_the_shipped_oui_registrants(negatives: list[EvalRow]) -> None:
    oui_file = default_data_dir() / "oui.csv"
    assert oui_file.exists(), "the knowledge base ships oui.csv"
    with oui_file.open(newline="", encoding="utf-8") as handle:
        registrants = {
            name_key(r["organization"])
            for r in csv.DictReader(handle)
            if r.get("status", "covered") in {"covered", "ex_affiliate", "possible_affiliate"}
        }
    assert len(registrants) > 20
    assert [r.name for r in negatives if name_key(r.name) in registrants] == []


def test_heldout_names_are_absent_from_the_shipped_knowledge_base(rows: list[EvalRow]) -> None:
    assert (default_data_dir() / "names.csv").exists(), "the knowledge base ships names.csv"
    kb = load_directory()
    kb_keys = {name_key(n.text) for p in kb.parties.values() for n in p.names}
    kb_keys |= {name_key(n.text) for look in kb.lookalikes.values() for n in look.names}
    leaked = sorted({r.name for r in rows if r.split == "heldout" and name_key(r.name) in kb_keys})
    assert leaked == [], (
        f"{len(leaked)} held-out spellings are now knowledge-base names; "
        "rerun `.venv/bin/python benchmarks/build_eval_set.py` to move them to the `seen` split"
    )
