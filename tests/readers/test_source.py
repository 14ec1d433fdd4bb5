"""A Source is a file on disk or an upload's bytes; both read the same way."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from section889.errors import InputError
from section889.readers import source as source_module
from section889.readers.source import Source, as_source


def test_bytes_and_path_read_the_same(tmp_path: Path) -> None:
    data = b"name\nZTE USA INC\n"
    on_disk = tmp_path / "suppliers.csv"
    on_disk.write_bytes(data)
    for src in (Source.from_bytes(data, name="suppliers.csv"), as_source(on_disk)):
        with src.open() as handle:
            assert handle.read() == data
        assert src.suffix == ".csv" and src.size == len(data)
        assert src.sha256() == Source.from_bytes(data, name="x").sha256()


def test_local_path_spools_an_upload_and_removes_it() -> None:
    src = Source.from_stream(io.BytesIO(b"a,b\n1,2\n"), name="upload.csv")
    with src.local_path() as path:
        assert path.name == "upload.csv" and path.read_bytes() == b"a,b\n1,2\n"
    assert not path.exists() and not path.parent.exists()


def test_missing_file_names_it(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"nope\.csv: file not found"):
        as_source(tmp_path / "nope.csv").open()


def test_oversized_upload_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(source_module, "MAX_UPLOAD_BYTES", 8)
    with pytest.raises(InputError, match=r"big\.csv: larger than"):
        Source.from_stream(io.BytesIO(b"0123456789"), name="big.csv")
