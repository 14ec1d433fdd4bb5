"""Every row of every shipped data file names its source and a confidence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from section889.knowledge import Confidence, default_data_dir
from section889.knowledge.loader import DATA_FILES, DEVICE_FILES

DATA = default_data_dir()


def test_every_shipped_csv_is_a_known_pack_file() -> None:
    """A new file must be added to the loader (and so to this check) before it ships."""
    assert sorted(p.name for p in DATA.glob("*.csv")) == sorted((*DATA_FILES, *DEVICE_FILES))


@pytest.mark.parametrize("file", [*DATA_FILES, *DEVICE_FILES])
def test_every_row_has_a_source_and_a_valid_confidence(file: str) -> None:
    with (DATA / file).open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, f"{file} is empty"
    allowed = {c.value for c in Confidence}
    unsourced = [i + 2 for i, row in enumerate(rows) if not (row.get("source") or "").strip()]
    unrated = [i + 2 for i, row in enumerate(rows) if row.get("confidence") not in allowed]
    assert unsourced == [], f"{file}: lines without a source"
    assert unrated == [], f"{file}: lines without high|medium|low confidence"


def test_sources_file_describes_every_data_file() -> None:
    text = Path(DATA / "SOURCES.md").read_text(encoding="utf-8")
    missing = [f for f in ("pack.yaml", *DATA_FILES, *DEVICE_FILES) if f"`{f}`" not in text]
    assert missing == []
