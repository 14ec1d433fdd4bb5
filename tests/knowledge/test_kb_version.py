"""The version label every output names changes whenever any fact changes."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from section889.knowledge import default_data_dir, load_directory
from section889.knowledge.loader import DATA_FILES, DEVICE_FILES


def copy_kb(tmp_path: Path) -> Path:
    target = tmp_path / "kb"
    shutil.copytree(default_data_dir(), target)
    return target


def test_an_unchanged_copy_has_the_shipped_label(tmp_path: Path) -> None:
    assert load_directory(copy_kb(tmp_path)).version.label == load_directory().version.label


@pytest.mark.parametrize("file", ["pack.yaml", *DATA_FILES, *DEVICE_FILES])
def test_label_changes_when_a_data_file_changes(tmp_path: Path, file: str) -> None:
    directory = copy_kb(tmp_path)
    before = load_directory(directory).version
    path = directory / file
    text = path.read_text(encoding="utf-8")
    if file == "pack.yaml":
        path.write_text(text.replace("description:", "# reviewed again\ndescription:"), "utf-8")
    else:  # reword the source of one fact
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.DictReader(fh)
            header, rows = list(reader.fieldnames or []), list(reader)
        rows[-1]["source"] += " (re-checked)"
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, header, lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    assert path.read_text(encoding="utf-8") != text

    after = load_directory(directory).version
    assert after.facts_as_of == before.facts_as_of
    assert after.label != before.label
    assert after.describe() != before.describe()


def test_label_names_the_review_date(tmp_path: Path) -> None:
    directory = copy_kb(tmp_path)
    shipped = load_directory(directory).version.facts_as_of.isoformat()
    pack = directory / "pack.yaml"
    text = pack.read_text(encoding="utf-8")
    assert f"facts_as_of: {shipped}" in text
    pack.write_text(text.replace(f"facts_as_of: {shipped}", "facts_as_of: 2026-02-01"), "utf-8")
    assert load_directory(directory).version.label.startswith("2026-02-01+")
