"""`diff_kb`: the change report a maintainer reads before installing a pack."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from section889.knowledge import KnowledgeBase, load_directory
from section889.knowledge.diff import Action, Kind, diff_kb

FIXTURE = Path(__file__).parents[1] / "fixtures" / "kb_minimal"


@pytest.fixture
def edited(tmp_path: Path) -> Callable[[dict[str, tuple[str, str]]], KnowledgeBase]:
    """Load a copy of the minimal pack after replacing text in its files (`""` appends)."""

    def load(edits: dict[str, tuple[str, str]]) -> KnowledgeBase:
        copy = tmp_path / f"pack{len(list(tmp_path.iterdir()))}"
        shutil.copytree(FIXTURE, copy)
        for name, (old, new) in edits.items():
            path = copy / name
            text = path.read_text(encoding="utf-8")
            assert old in text, f"{old!r} not in {name}"
            path.write_text(text.replace(old, new) if old else text + new, encoding="utf-8")
        return load_directory(copy)

    return load


def test_same_facts_give_no_changes() -> None:
    kb = load_directory(FIXTURE)
    diff = diff_kb(kb, load_directory(FIXTURE))
    assert diff.is_empty
    assert diff.summary() == "no changes"


def test_a_changed_divestment_date_and_status_are_reported(
    edited: Callable[[dict[str, tuple[str, str]]], KnowledgeBase],
) -> None:
    old = load_directory(FIXTURE)
    new = edited({"parties.csv": (",,2020-11-17,covered,", ",,2020-11,review,")})
    diff = diff_kb(old, new)
    [change] = diff.changes
    assert (change.kind, change.action, change.key) == (Kind.PARTY, Action.CHANGED, "honor")
    assert change.detail == "to 2020-11-17 → 2020-11; status covered → review"
    assert str(change) == "~ party honor: to 2020-11-17 → 2020-11; status covered → review"


def test_added_and_removed_facts_of_every_kind(
    edited: Callable[[dict[str, tuple[str, str]]], KnowledgeBase],
) -> None:
    old = load_directory(FIXTURE)
    new = edited({
        "parties.csv": (
            "imou,dahua,Imou,brand",
            "huaray,dahua,\"Zhejiang HuaRay Technology Co., Ltd.\",subsidiary,CN,,,covered,"
            "IEEE registry,medium,machine vision\nimou,dahua,Imou,brand",
        ),
        "names.csv": ("hytera,HYT,brand,https://m.vzkoo.com/read/20231129c75a562d7949addf31664183.html,medium\n", ""),
        "lookalikes.csv": ("dahua-scale,Shanghai Dahua Scale Factory,dahua,a scale maker that shares the Dahua name,IEEE registry,high\n", ""),
        "oui.csv": ("", "E0508B,MA-L,\"Zhejiang Dahua Technology Co., Ltd.\",dahua,covered,parent,IEEE MA-L registry via netaddr 1.3.0 eui/oui.txt,high\n"),
    })  # fmt: skip
    diff = diff_kb(old, new)
    assert diff.count(Kind.PARTY, Action.ADDED) == 1
    assert diff.count(Kind.NAME, Action.ADDED) == 1  # the new party's legal name
    assert diff.count(Kind.NAME, Action.REMOVED) == 1
    assert diff.count(Kind.LOOKALIKE, Action.REMOVED) == 1
    assert diff.count(Kind.OUI, Action.ADDED) == 1
    lines = diff.lines()
    assert (
        "+ party huaray: Zhejiang HuaRay Technology Co., Ltd. (subsidiary of dahua, covered)"
        in lines
    )
    assert "- name hytera: HYT [brand]" in lines
    assert any(
        line.startswith("- look-alike dahua-scale: Shanghai Dahua Scale Factory") for line in lines
    )
    assert "+ oui E0508B: Zhejiang Dahua Technology Co., Ltd. [MA-L] (dahua, covered)" in lines
    assert diff.summary() == ("party +1 -0 ~0; name +1 -1 ~0; look-alike +0 -1 ~0; oui +1 -0 ~0")


def test_identifier_changes_and_oui_reclassification(
    edited: Callable[[dict[str, tuple[str, str]]], KnowledgeBase],
) -> None:
    old = load_directory(FIXTURE)
    new = edited({"identifiers.csv": ("zte,isin,CNE000000TK5", "zte,isin,CNE1000004Y2")})
    assert diff_kb(old, new).lines() == [
        "+ identifier zte: isin CNE1000004Y2",
        "- identifier zte: isin CNE000000TK5",
    ]
    new = edited({"oui.csv": ("zte,covered,parent", "zte,possible_affiliate,parent")})
    [change] = diff_kb(old, new).changes
    assert change.detail == (
        "reclassified zte corporation [MA-L] (zte, covered) → "
        "zte corporation [MA-L] (zte, possible_affiliate)"
    )
