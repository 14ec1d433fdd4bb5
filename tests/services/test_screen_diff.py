"""Comparing two outputs lists exactly the rows whose status, entity or match changed."""

from __future__ import annotations

from section889.readers import OutputRow
from section889.services.screen_diff import Change, diff_outputs


def row(n: int, name: str, status: str, entity: str = "", matched: str = "") -> OutputRow:
    return OutputRow(n, name, status, entity, matched)


def test_changed_added_and_removed_rows_in_row_order() -> None:
    old = [
        row(1, "Honor Device Co., Ltd.", "covered", "huawei", "Honor Device Co., Ltd."),
        row(2, "Acme Plumbing LLC", "clear"),
        row(3, "Hikvison USA", "possible", "hikvision", "Hikvision USA Inc."),
        row(4, "MYTH SOFTWARE", "clear"),
    ]
    new = [
        row(1, "Honor Device Co., Ltd.", "former_affiliate", "huawei", "Honor Device Co., Ltd."),
        row(2, "Acme Plumbing LLC", "clear"),
        row(3, "Hikvison USA", "possible", "hikvision", "Hikvision Europe B.V."),
        row(5, "ZTE USA INC", "covered", "zte", "ZTE USA, Inc."),
    ]
    changes = diff_outputs(old, new)
    assert [(c.row, c.change) for c in changes] == [
        (1, Change.CHANGED),
        (3, Change.CHANGED),
        (4, Change.REMOVED),
        (5, Change.ADDED),
    ]
    assert changes[0].cells()[3:5] == ["covered", "former_affiliate"]
    assert changes[1].cells()[7:9] == ["Hikvision USA Inc.", "Hikvision Europe B.V."]
    assert changes[2].cells()[4] is None and changes[3].cells()[3] is None


def test_same_row_number_with_another_name_is_removed_plus_added() -> None:
    changes = diff_outputs([row(1, "A", "clear")], [row(1, "B", "clear")])
    assert [(c.input_name, c.change) for c in changes] == [
        ("A", Change.REMOVED),
        ("B", Change.ADDED),
    ]


def test_identical_outputs_have_no_changes() -> None:
    rows = [row(1, "ZTE USA INC", "covered", "zte", "ZTE USA, Inc.")]
    assert diff_outputs(rows, list(rows)) == []
