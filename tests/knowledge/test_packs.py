"""Update packs: checksums, safe unpacking of hostile archives, IEEE registry files."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import tarfile
import zipfile
from pathlib import Path

import pytest
import yaml

from section889.errors import InputError, UpdatePackError
from section889.files import sha256_file
from section889.knowledge import load_directory
from section889.knowledge import packs as packs_module
from section889.knowledge.document import as_document
from section889.knowledge.ieee import is_ieee_registry, read_registry
from section889.knowledge.packs import (
    build_pack,
    open_pack,
    read_manifest,
    verify_pack,
    write_manifest,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "kb_minimal"


@pytest.fixture
def pack_dir(tmp_path: Path) -> Path:
    copy = tmp_path / "kb"
    shutil.copytree(FIXTURE, copy)
    return copy


@pytest.fixture
def built(pack_dir: Path, tmp_path: Path) -> Path:
    """A zip built by `build_pack` (what `kb pack` does)."""
    out = tmp_path / "kb.zip"
    build_pack(pack_dir, out)
    return out


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def _facts(directory: Path) -> dict[str, object]:
    doc = as_document(load_directory(directory))
    return {
        k: doc[k] for k in ("entities", "parties", "names", "identifiers", "lookalikes", "ouis")
    }


def test_built_zip_opens_verifies_and_holds_the_same_facts(built: Path, tmp_path: Path) -> None:
    opened = open_pack(built, tmp_path / "unpacked")
    manifest = verify_pack(opened)
    assert set(manifest.checksums) == {
        "entities.csv", "parties.csv", "names.csv", "identifiers.csv", "lookalikes.csv", "oui.csv",
    }  # fmt: skip
    assert _facts(opened) == _facts(FIXTURE)


def test_pack_yaml_lists_a_sha256_per_file_and_keeps_its_other_keys(pack_dir: Path) -> None:
    (pack_dir / "pack.yaml").write_text(
        "facts_as_of: 2025-11-01\ndescription: test slice\n", encoding="utf-8"
    )
    write_manifest(pack_dir, facts_as_of=dt.date(2026, 1, 10))
    meta = yaml.safe_load((pack_dir / "pack.yaml").read_text(encoding="utf-8"))
    assert meta["description"] == "test slice"
    assert meta["facts_as_of"] == dt.date(2026, 1, 10)
    digest = sha256_file(pack_dir / "parties.csv")
    assert meta["files"]["parties.csv"] == {"sha256": digest}


def test_tar_gz_and_directory_packs_open_too(pack_dir: Path, tmp_path: Path) -> None:
    write_manifest(pack_dir)
    archive = tmp_path / "kb.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        tar.add(pack_dir, arcname="section889-kb")
    opened = open_pack(archive, tmp_path / "unpacked")
    verify_pack(opened)
    assert _facts(opened) == _facts(FIXTURE)
    assert open_pack(pack_dir, tmp_path / "unused") == pack_dir


def test_a_changed_file_fails_its_checksum(pack_dir: Path, tmp_path: Path) -> None:
    write_manifest(pack_dir)
    parties = pack_dir / "parties.csv"
    parties.write_text(parties.read_text(encoding="utf-8").replace("2020-11-17", "2021-11-17"))
    with pytest.raises(UpdatePackError, match=re.escape("checksum mismatch for parties.csv")):
        verify_pack(pack_dir)


def test_missing_and_unlisted_files_are_refused(pack_dir: Path) -> None:
    write_manifest(pack_dir)
    (pack_dir / "pen.csv").write_text("pen,organization\n", encoding="utf-8")
    with pytest.raises(
        UpdatePackError, match=re.escape("pen.csv is in the pack but has no sha256")
    ):
        verify_pack(pack_dir)
    (pack_dir / "pen.csv").unlink()
    (pack_dir / "names.csv").unlink()
    with pytest.raises(
        UpdatePackError, match=re.escape("names.csv is listed in pack.yaml but missing")
    ):
        verify_pack(pack_dir)


def test_a_pack_without_checksums_is_refused() -> None:
    with pytest.raises(UpdatePackError, match="lists no files with their sha256"):
        verify_pack(FIXTURE)


def test_a_wrong_date_in_pack_yaml_is_refused(pack_dir: Path) -> None:
    (pack_dir / "pack.yaml").write_text("facts_as_of: soon\n", encoding="utf-8")
    with pytest.raises(UpdatePackError, match="facts_as_of must be a date"):
        read_manifest(pack_dir)


@pytest.mark.parametrize(
    "evil", ["../evil.csv", "../../pack.yaml", "/tmp/pack.yaml", "kb/../../pack.yaml", "C:\\x.csv"]
)
def test_path_traversal_in_a_zip_is_refused_and_writes_nothing(tmp_path: Path, evil: str) -> None:
    archive = _zip(tmp_path / "evil.zip", {"pack.yaml": b"facts_as_of: 2026-01-01\n", evil: b"x"})
    target = tmp_path / "deep" / "unpacked"
    with pytest.raises(UpdatePackError, match="unsafe path"):
        open_pack(archive, target)
    assert not (tmp_path / "evil.csv").exists()
    assert not (tmp_path / "deep" / "evil.csv").exists()


def test_links_in_a_tar_are_refused(tmp_path: Path) -> None:
    archive = tmp_path / "links.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        info = tarfile.TarInfo("parties.csv")
        info.type = tarfile.SYMTYPE
        info.linkname = "/etc/passwd"
        tar.addfile(info)
    with pytest.raises(UpdatePackError, match="link or special file"):
        open_pack(archive, tmp_path / "unpacked")


def test_traversal_in_a_tar_is_refused(tmp_path: Path) -> None:
    archive = tmp_path / "evil.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        data = b"facts_as_of: 2026-01-01\n"
        info = tarfile.TarInfo("../pack.yaml")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(UpdatePackError, match="unsafe path"):
        open_pack(archive, tmp_path / "unpacked")
    assert not (tmp_path / "pack.yaml").exists()


def test_unexpected_files_and_oversized_files_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = _zip(tmp_path / "x.zip", {"pack.yaml": b"facts_as_of: 2026-01-01\n", "run.sh": b""})
    with pytest.raises(UpdatePackError, match=re.escape("unexpected file 'run.sh'")):
        open_pack(archive, tmp_path / "a")
    monkeypatch.setattr(packs_module, "MAX_FILE_BYTES", 1000)
    archive = _zip(tmp_path / "big.zip", {"pack.yaml": b"#" * 5000})
    with pytest.raises(UpdatePackError, match="too large"):
        open_pack(archive, tmp_path / "b")


def test_not_an_archive_is_refused(tmp_path: Path) -> None:
    fake = tmp_path / "kb.zip"
    fake.write_text("hello", encoding="utf-8")
    with pytest.raises(UpdatePackError, match="not a readable zip archive"):
        open_pack(fake, tmp_path / "a")
    with pytest.raises(
        UpdatePackError, match=re.escape("a pack is a directory, a .zip or a .tar.gz")
    ):
        open_pack(FIXTURE / "pack.yaml", tmp_path / "b")


def test_ieee_registry_files_are_recognised_by_their_header(tmp_path: Path) -> None:
    ieee = tmp_path / "oui.csv"
    ieee.write_text(
        "\ufeffRegistry,Assignment,Organization Name,Organization Address\n"
        'MA-L,00E0FC,"HUAWEI TECHNOLOGIES CO.,LTD",Bantian Longgang Shenzhen CN\n',
        encoding="utf-8",
    )
    assert is_ieee_registry(ieee)
    assert not is_ieee_registry(FIXTURE / "oui.csv")
    [row] = read_registry(ieee)
    assert (row.prefix, row.organization, row.registry.value) == (
        "00E0FC", "HUAWEI TECHNOLOGIES CO.,LTD", "MA-L",
    )  # fmt: skip


def test_a_bad_registry_row_names_its_line(tmp_path: Path) -> None:
    ieee = tmp_path / "mam.csv"
    ieee.write_text(
        "Registry,Assignment,Organization Name,Organization Address\n"
        'MA-M,AC64DD5,"Shanghai ZTE Technologies Co.,Ltd",Shanghai CN\n'
        "MA-M,AC64DD,Short Prefix Ltd,Nowhere\n",
        encoding="utf-8",
    )
    with pytest.raises(
        InputError, match=re.escape("mam.csv: line 3: 'AC64DD' is not a MA-M assignment")
    ):
        read_registry(ieee)
