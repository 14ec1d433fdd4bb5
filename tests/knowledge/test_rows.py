"""The one reader of shipped CSV data: every bad cell is named by file, line and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from section889.devices.patterns import load_patterns, pattern_file
from section889.errors import DataError
from section889.knowledge.rows import (
    choice_cell,
    codes_cell,
    dataset_hash,
    flag_cell,
    pattern_cell,
    read_rows,
)


def _csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "t.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_are_stripped_and_blank_rows_skipped_on_request(tmp_path: Path) -> None:
    path = _csv(tmp_path, " a , b\n x , y \n\n , \n")
    assert list(read_rows(path, ("a", "b"), skip_blank=True)) == [(2, {"a": "x", "b": "y"})]
    assert [line for line, _ in read_rows(path, ("a", "b"))] == [2, 4]


def test_bad_csv_missing_columns_and_ragged_rows_are_data_errors(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"t\.csv:1: missing column\(s\) c"):
        list(read_rows(_csv(tmp_path, "a,b\n1,2\n"), ("a", "c")))
    with pytest.raises(DataError, match=r"t\.csv:3: row has a different number of cells"):
        list(read_rows(_csv(tmp_path, "a,b\n1,2\n3\n"), ("a",)))
    with pytest.raises(DataError, match=r"t\.csv:1: the file is empty"):
        list(read_rows(_csv(tmp_path, ""), ("a",)))
    with pytest.raises(DataError, match="file is missing"):
        list(read_rows(tmp_path / "none.csv", ("a",)))


def test_cell_helpers_name_the_line_and_field(tmp_path: Path) -> None:
    path = _csv(tmp_path, "kind,flag,codes\nodd,maybe,AB;x!\n")
    (row,) = read_rows(path, ("kind", "flag", "codes"))
    with pytest.raises(DataError, match=r"t\.csv:2 \(field 'kind'\): 'odd' is not one of a, b"):
        choice_cell(row, "kind", ("a", "b"), path)
    with pytest.raises(DataError, match=r"\(field 'flag'\): 'maybe' is not true or false"):
        flag_cell(row, "flag", path)
    with pytest.raises(DataError, match=r"\(field 'codes'\): 'X!' is not a valid code"):
        codes_cell(row, "codes", re.compile(r"^[A-Z]+$"), path)
    with pytest.raises(DataError, match=r"\(field 'kind'\): 'odd' is not a number"):
        pattern_cell(row, "kind", re.compile(r"^\d+$"), path, "a number")


def test_dataset_hash_follows_content(tmp_path: Path) -> None:
    path = _csv(tmp_path, "a\n1\n")
    first = dataset_hash(tmp_path, ["t.csv"])
    assert dataset_hash(tmp_path, ["t.csv"]) == first and len(first) == 12
    path.write_text("a\n2\n", encoding="utf-8")
    assert dataset_hash(tmp_path, ["t.csv"]) != first


def test_a_bad_device_pattern_is_a_data_error_with_its_line(tmp_path: Path) -> None:
    copy = tmp_path / "patterns.csv"
    shutil.copy(pattern_file(), copy)
    lines = copy.read_text(encoding="utf-8").splitlines()
    lines.append("bad-1,model,([unclosed,huawei,,covered,high,,,broken,test")
    copy.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"patterns\.csv:{len(lines)} \(field 'pattern'\)"):
        load_patterns(copy)
    assert len(load_patterns()) == len(lines) - 2  # the shipped file loads (header, bad row)
