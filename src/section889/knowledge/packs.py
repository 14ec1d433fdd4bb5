"""Knowledge-base update packs: open (directory, .zip, .tar.gz), verify checksums, build.

A pack is `pack.yaml` plus the data files. `pack.yaml` names the date the facts were reviewed and
the sha256 of every file:

    facts_as_of: 2026-01-10
    files:
      entities.csv:
        sha256: 3f2a…

Archives are unpacked by hand, member by member: no links, no absolute paths, no `..`, only the
known file names, and size limits, so a hostile archive cannot write outside its folder.
"""

from __future__ import annotations

import datetime as dt
import tarfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

import yaml

from section889.errors import UpdatePackError
from section889.files import sha256_file
from section889.knowledge.loader import DATA_FILES, DEVICE_FILES

MANIFEST = "pack.yaml"
PACK_FILES = (MANIFEST, *DATA_FILES, *DEVICE_FILES)
"""Every file a pack may hold; the device tables are optional."""
IGNORED_FILES = frozenset({"README.md", "README.txt", "CHANGES.md"})
"""Files an archive may carry for people; they are neither checked nor installed."""

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_PACK_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 64


@dataclass(frozen=True, slots=True)
class Manifest:
    """What pack.yaml says: the facts' date and each file's sha256."""

    facts_as_of: dt.date
    checksums: dict[str, str]


def read_manifest(directory: Path) -> Manifest:
    """Parse pack.yaml; UpdatePackError when it is missing or malformed."""
    path = directory / MANIFEST
    if not path.is_file():
        raise UpdatePackError(f"{MANIFEST} is missing from the pack ({directory})")
    try:
        meta = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UpdatePackError(f"{MANIFEST}: not valid YAML ({exc})") from None
    if not isinstance(meta, dict):
        raise UpdatePackError(f"{MANIFEST}: expected a mapping with facts_as_of and files")
    raw_date = meta.get("facts_as_of")
    try:
        as_of = raw_date if isinstance(raw_date, dt.date) else dt.date.fromisoformat(str(raw_date))
    except ValueError:
        raise UpdatePackError(f"{MANIFEST}: facts_as_of must be a date YYYY-MM-DD") from None
    files = meta.get("files") or {}
    if not isinstance(files, dict):
        raise UpdatePackError(f"{MANIFEST}: 'files' must map each file name to its sha256")
    checksums: dict[str, str] = {}
    for name, entry in files.items():
        value = entry.get("sha256") if isinstance(entry, dict) else entry
        if not isinstance(value, str) or len(value.removeprefix("sha256:")) != 64:
            raise UpdatePackError(f"{MANIFEST}: {name}: sha256 must be 64 hex digits")
        checksums[str(name)] = value.removeprefix("sha256:").lower()
    return Manifest(as_of, checksums)


def verify_pack(directory: Path) -> Manifest:
    """Check every file is listed in pack.yaml with a matching sha256, and nothing is missing."""
    manifest = read_manifest(directory)
    if not manifest.checksums:
        raise UpdatePackError(
            f"{MANIFEST} lists no files with their sha256; build packs with `kb pack`"
        )
    for name in manifest.checksums:
        if name not in PACK_FILES or name == MANIFEST:
            raise UpdatePackError(f"{MANIFEST} lists {name!r}, which is not a knowledge-base file")
    for name in DATA_FILES:
        if name not in manifest.checksums:
            raise UpdatePackError(
                f"{MANIFEST} does not list {name} (every pack holds all entity files)"
            )
    for name in PACK_FILES[1:]:
        present = (directory / name).is_file()
        if present and name not in manifest.checksums:
            raise UpdatePackError(f"{name} is in the pack but has no sha256 in {MANIFEST}")
        if name in manifest.checksums and not present:
            raise UpdatePackError(f"{name} is listed in {MANIFEST} but missing from the pack")
    for name, expected in manifest.checksums.items():
        actual = sha256_file(directory / name)
        if actual != expected:
            raise UpdatePackError(
                f"checksum mismatch for {name}: {MANIFEST} says {expected[:12]}…, "
                f"the file is {actual[:12]}…; the pack is damaged or was altered"
            )
    return manifest


def write_manifest(directory: Path, *, facts_as_of: dt.date | None = None) -> Manifest:
    """Write the sha256 of every pack file present into pack.yaml (and the date, when given)."""
    path = directory / MANIFEST
    meta: dict[str, Any] = {}
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        meta = dict(loaded) if isinstance(loaded, dict) else {}
    if facts_as_of is not None:
        meta["facts_as_of"] = facts_as_of
    if "facts_as_of" not in meta:
        raise UpdatePackError(f"{path}: facts_as_of is missing")
    checksums = {
        name: sha256_file(directory / name)
        for name in PACK_FILES[1:]
        if (directory / name).is_file()
    }
    meta["files"] = {name: {"sha256": digest} for name, digest in checksums.items()}
    text = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
    write_bytes_atomic(path, text.encode())
    return read_manifest(directory)


def copy_pack_files(source: Path, target: Path) -> None:
    """Copy the pack's files (only those) from one directory into another."""
    target.mkdir(parents=True, exist_ok=True)
    for name in PACK_FILES:
        src = source / name
        if src.is_file() and not src.is_symlink():
            (target / name).write_bytes(src.read_bytes())


def open_pack(source: Path, workdir: Path) -> Path:
    """The directory holding the pack: `source` itself, or `workdir` after a safe unpacking."""
    if source.is_dir():
        return source
    if not source.is_file():
        raise UpdatePackError(f"{source}: no such file or directory")
    name = source.name.lower()
    if name.endswith(".zip"):
        return _unpack(_zip_members(source), workdir, source)
    if name.endswith((".tar.gz", ".tgz")):
        return _unpack(_tar_members(source), workdir, source)
    raise UpdatePackError(f"{source}: a pack is a directory, a .zip or a .tar.gz file")


def build_pack(directory: Path, out: Path) -> Manifest:
    """Write checksums into `directory`/pack.yaml and zip the pack to `out` (for maintainers)."""
    manifest = write_manifest(directory)
    tmp = out.with_name(f".{out.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name in (MANIFEST, *sorted(manifest.checksums)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (directory / name).read_bytes())
    tmp.replace(out)
    return manifest


# ---------------------------------------------------------------- safe unpacking

Member = tuple[str, int, bool, "IO[bytes] | None"]
"""(path inside the archive, declared size, is a regular file, opener of its bytes)."""


def _zip_members(source: Path) -> Iterator[Member]:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UpdatePackError(f"{source}: not a readable zip archive ({exc})") from None
    with archive:
        for info in archive.infolist():
            mode = info.external_attr >> 16
            is_link = (mode & 0o170000) == 0o120000
            if info.is_dir():
                continue
            yield info.filename, info.file_size, not is_link, archive.open(info)


def _tar_members(source: Path) -> Iterator[Member]:
    try:
        archive = tarfile.open(source, mode="r:gz")  # noqa: SIM115 (closed by the `with` below)
    except (tarfile.TarError, OSError) as exc:
        raise UpdatePackError(f"{source}: not a readable .tar.gz archive ({exc})") from None
    with archive:
        try:
            for info in archive:
                if info.isdir():
                    continue
                handle = archive.extractfile(info) if info.isfile() else None
                yield info.name, info.size, info.isfile(), handle
        except tarfile.TarError as exc:
            raise UpdatePackError(f"{source}: damaged .tar.gz archive ({exc})") from None


def _safe_name(raw: str, source: Path) -> PurePosixPath:
    path = PurePosixPath(raw.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or ":" in raw or not path.parts:
        raise UpdatePackError(f"{source}: refusing unsafe path {raw!r} in the archive")
    return path


def _unpack(members: Iterator[Member], workdir: Path, source: Path) -> Path:
    """Write the archive's pack files into `workdir`; refuse anything unexpected."""
    workdir.mkdir(parents=True, exist_ok=True)
    seen: dict[str, PurePosixPath] = {}
    total = 0
    for count, (raw, size, regular, handle) in enumerate(members, start=1):
        path = _safe_name(raw, source)
        if count > MAX_MEMBERS:
            raise UpdatePackError(f"{source}: more than {MAX_MEMBERS} files; not a pack")
        if not regular or handle is None:
            raise UpdatePackError(
                f"{source}: {raw!r} is a link or special file; packs hold plain files"
            )
        if path.name in IGNORED_FILES:
            continue
        if path.name not in PACK_FILES:
            raise UpdatePackError(
                f"{source}: unexpected file {raw!r}; a pack holds only {PACK_FILES}"
            )
        if len(path.parts) > 2 or path.name in seen:
            raise UpdatePackError(f"{source}: {raw!r} is nested too deep or appears twice")
        if size > MAX_FILE_BYTES or total + size > MAX_PACK_BYTES:
            raise UpdatePackError(f"{source}: {raw!r} is too large for a knowledge-base pack")
        with handle:
            data = handle.read(MAX_FILE_BYTES + 1)
        total += len(data)
        if len(data) > MAX_FILE_BYTES or total > MAX_PACK_BYTES:
            raise UpdatePackError(f"{source}: {raw!r} is too large for a knowledge-base pack")
        seen[path.name] = path
        (workdir / path.name).write_bytes(data)
    folders = {p.parts[0] for p in seen.values() if len(p.parts) == 2}
    if len(folders) > 1 or (folders and any(len(p.parts) == 1 for p in seen.values())):
        raise UpdatePackError(
            f"{source}: the pack's files must sit together (found {sorted(folders)})"
        )
    if MANIFEST not in seen:
        raise UpdatePackError(f"{source}: {MANIFEST} is missing from the archive")
    return workdir


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` in one rename, so readers see the old file or the new one."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
