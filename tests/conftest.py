"""Every test runs with its own empty data directory, so installed packs and imported layers on
the developer's machine never change a result, and the effective knowledge base is rebuilt."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    data_dir = tmp_path_factory.mktemp("section889-data")
    monkeypatch.setenv("SECTION889_DATA_DIR", str(data_dir))
    yield data_dir
