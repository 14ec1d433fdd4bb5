"""The loader refuses a bad fact with a DataError that names the file and the line to fix."""

from __future__ import annotations

import csv
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from section889.errors import DataError
from section889.knowledge import default_data_dir, load_directory

Rows = list[dict[str, str]]


def copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(default_data_dir(), target)
    return target


def read(path: Path) -> tuple[list[str], Rows]:
    with path.open(newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def write(path: Path, header: list[str], rows: Rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def line_of(rows: Rows, column: str, value: str) -> int:
    """File line of the first row whose `column` is `value` (the header is line 1)."""
    return next(i for i, row in enumerate(rows) if row[column] == value) + 2


def set_cell(key: str, value: str, column: str, new: str) -> Callable[[list[str], Rows], int]:
    """An edit that sets `column` to `new` in the row whose first column equals `value`."""

    def edit(header: list[str], rows: Rows) -> int:
        line = line_of(rows, key, value)
        rows[line - 2][column] = new
        return line

    return edit


def append(**cells: str) -> Callable[[list[str], Rows], int]:
    def edit(header: list[str], rows: Rows) -> int:
        rows.append({h: cells.get(h, "") for h in header})
        return len(rows) + 1

    return edit


def drop_column(column: str) -> Callable[[list[str], Rows], int]:
    def edit(header: list[str], rows: Rows) -> int:
        header.remove(column)
        for row in rows:
            del row[column]
        return 1

    return edit


def honor(column: str, new: str) -> Callable[[list[str], Rows], int]:
    return set_cell("id", "honor", column, new)


SRC = "https://example.org/test"
CASES = [
    ("missing source", "parties.csv", honor("source", ""), "must not be empty"),
    ("missing confidence", "names.csv", set_cell("name", "ZTE", "confidence", ""), "empty"),
    ("bad date", "parties.csv", honor("to", "2020-13-01"), "month"),
    ("date in words", "parties.csv", honor("to", "17 Nov 2020"), "not a date"),
    ("to before from", "parties.csv", set_cell("id", "sepura", "to", "2016"), "before 'from'"),
    ("unknown entity id", "parties.csv", honor("entity_id", "huawai"), "entity id 'huawai'"),
    (
        "unknown party id",
        "names.csv",
        append(party_id="honour", name="Honour", kind="brand", source=SRC, confidence="low"),
        "unknown party id 'honour'",
    ),
    ("bad relationship", "parties.csv", honor("relationship", "parent"), "'parent' is not one of"),
    ("bad status", "parties.csv", honor("status", "ex_affiliate"), "is not one of"),
    ("bad confidence", "parties.csv", honor("confidence", "certain"), "'certain' is not one of"),
    ("bad scope", "entities.csv", set_cell("id", "zte", "scope", "everything"), "is not one of"),
    ("bad name kind", "names.csv", set_cell("name", "ZTE", "kind", "nickname"), "is not one of"),
    (
        "bad identifier scheme",
        "identifiers.csv",
        set_cell("value", "0763.HK", "scheme", "ric"),
        "'ric' is not one of",
    ),
    (
        "one name for two entities",
        "names.csv",
        append(party_id="huawei", name="HIKVISION", kind="short", source=SRC, confidence="low"),
        "points to",
    ),
    (
        "look-alike name equal to a covered name",
        "lookalikes.csv",
        append(
            id="fake",
            name="Huawei Device Co., Ltd",
            resembles="huawei",
            reason="test",
            source=SRC,
            confidence="low",
        ),
        "also a name of covered entity 'huawei'",
    ),
    (
        "look-alike of an unknown entity",
        "lookalikes.csv",
        set_cell("id", "uniview", "resembles", "uniview"),
        "unknown entity id 'uniview'",
    ),
    ("duplicate entity", "entities.csv", set_cell("id", "zte", "id", "huawei"), "duplicate"),
    ("missing column", "names.csv", drop_column("confidence"), "missing column(s) confidence"),
    ("bad OUI prefix", "oui.csv", set_cell("prefix", "08EDED", "prefix", "08EDEG"), "hex digits"),
    (
        "OUI prefix of the wrong length",
        "oui.csv",
        set_cell("prefix", "08EDED", "registry", "MA-M"),
        "MA-M prefixes have 7",
    ),
    (
        "OUI of an unknown entity",
        "oui.csv",
        set_cell("prefix", "08EDED", "entity", "Dahwa"),
        "'Dahwa'",
    ),
    (
        "covered OUI without an entity",
        "oui.csv",
        set_cell("prefix", "08EDED", "entity", ""),
        "must name its entity",
    ),
    ("duplicate OUI", "oui.csv", set_cell("prefix", "14A78B", "prefix", "08EDED"), "duplicate"),
    ("bad OUI status", "oui.csv", set_cell("prefix", "08EDED", "status", "banned"), "not one of"),
    (
        "bad snapshot flag",
        "oui.csv",
        set_cell("prefix", "08EDED", "in_netaddr_1_3_0", "y"),
        "0 or 1",
    ),
    ("OUI without source", "oui.csv", set_cell("prefix", "08EDED", "source", ""), "empty"),
    ("PEN not a number", "pen.csv", set_cell("pen", "2011", "pen", "2011a"), "enterprise number"),
    ("PEN without confidence", "pen.csv", set_cell("pen", "2011", "confidence", ""), "empty"),
]


@pytest.mark.parametrize(
    ("file", "edit", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_fact_is_refused_naming_file_and_line(
    tmp_path: Path, file: str, edit: Callable[[list[str], Rows], int], expected: str
) -> None:
    directory = copy_kb(tmp_path)
    header, rows = read(directory / file)
    line = edit(header, rows)
    write(directory / file, header, rows)

    with pytest.raises(DataError) as caught:
        load_directory(directory)

    message = str(caught.value)
    assert f"{file}:{line}" in message
    assert expected in message


def test_ragged_row_is_refused(tmp_path: Path) -> None:
    directory = copy_kb(tmp_path)
    path = directory / "identifiers.csv"
    path.write_text(path.read_text(encoding="utf-8") + "zte,ticker\n", encoding="utf-8")
    lines = path.read_text(encoding="utf-8").count("\n")
    with pytest.raises(DataError, match=rf"identifiers\.csv:{lines}\b.*number of cells"):
        load_directory(directory)


def test_missing_file_is_named(tmp_path: Path) -> None:
    directory = copy_kb(tmp_path)
    (directory / "parties.csv").unlink()
    with pytest.raises(DataError, match=r"parties\.csv: file is missing"):
        load_directory(directory)


def test_bad_review_date_in_pack_is_refused(tmp_path: Path) -> None:
    directory = copy_kb(tmp_path)
    (directory / "pack.yaml").write_text("facts_as_of: last autumn\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"pack\.yaml.*facts_as_of"):
        load_directory(directory)


def test_a_layer_without_device_tables_loads_with_empty_tables(tmp_path: Path) -> None:
    directory = copy_kb(tmp_path)
    (directory / "oui.csv").unlink()
    (directory / "pen.csv").unlink()
    kb = load_directory(directory)
    assert (kb.ouis, kb.pens) == ({}, {})
    assert "oui.csv" not in kb.source_files
