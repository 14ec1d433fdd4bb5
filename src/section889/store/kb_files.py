"""What `kb update` and `kb import` keep under the data directory, read and written atomically.

    <data_dir>/packs/<facts_as_of>-<hash>/   pack.yaml, the CSV files, installed.json
    <data_dir>/layers/<label>.jsonl          one imported FtM entity per line, with its attachment
    <data_dir>/layers/<label>.json           metadata: source file and sha256, when, how many

Nothing here decides which facts win; `services.knowledge` composes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from section889.errors import DataError, InputError
from section889.files import write_bytes_atomic
from section889.knowledge.ftm import FtmEntity, organization
from section889.knowledge.models import (
    Confidence,
    Identifier,
    Name,
    NameKind,
    Party,
    PartyStatus,
    Provenance,
    Relationship,
)

INSTALLED = "installed.json"
LABEL = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


def packs_dir(data_dir: Path) -> Path:
    """Where installed update packs live."""
    return data_dir / "packs"


def layers_dir(data_dir: Path) -> Path:
    """Where import layers live."""
    return data_dir / "layers"


@dataclass(frozen=True, slots=True)
class InstalledPack:
    """One update pack installed under `<data_dir>/packs/`."""

    name: str
    path: Path
    facts_as_of: dt.date
    installed_at: dt.datetime
    source: str
    forced: bool

    @property
    def layer(self) -> str:
        """How KBVersion.layers names it, e.g. `pack:2026-01-10-ab12cd34ef56`."""
        return f"pack:{self.name}"


@dataclass(frozen=True, slots=True)
class ImportLayer:
    """One import layer: its label, file and metadata."""

    label: str
    path: Path
    source_file: str
    source_sha256: str
    imported_at: dt.datetime
    count: int
    sha256: str
    """Of the layer's own `.jsonl` file; part of the effective KB's content hash."""

    @property
    def layer(self) -> str:
        """How KBVersion.layers and Provenance.layer name it, e.g. `import:opensanctions-csl`."""
        return f"import:{self.label}"


def installed_packs(data_dir: Path) -> list[InstalledPack]:
    """Every installed pack, earliest installed first; half-written folders are ignored."""
    root = packs_dir(data_dir)
    found = []
    for path in sorted(root.iterdir()) if root.is_dir() else []:
        meta_path = path / INSTALLED
        if path.name.startswith(".") or not meta_path.is_file():
            continue
        meta = _read_json(meta_path)
        try:
            as_of = dt.date.fromisoformat(str(meta["facts_as_of"]))
            installed_at = dt.datetime.fromisoformat(str(meta["installed_at"]))
        except (KeyError, ValueError):
            raise DataError("needs facts_as_of and installed_at dates", path=meta_path) from None
        source, forced = str(meta.get("source", "")), bool(meta.get("forced", False))
        found.append(InstalledPack(path.name, path, as_of, installed_at, source, forced))
    return sorted(found, key=lambda p: (p.installed_at, p.name))


def install_pack_dir(
    staged: Path, data_dir: Path, *, name: str, facts_as_of: dt.date, source: str, forced: bool
) -> InstalledPack:
    """Move a verified, staged pack into place with one rename; an existing copy is re-stamped."""
    target = packs_dir(data_dir) / name
    meta = {
        "facts_as_of": facts_as_of.isoformat(),
        "installed_at": dt.datetime.now(dt.UTC).isoformat(timespec="microseconds"),
        "source": source,
        "forced": forced,
    }
    write_bytes_atomic(staged / INSTALLED, json.dumps(meta, indent=2).encode())
    if target.exists():
        write_bytes_atomic(target / INSTALLED, json.dumps(meta, indent=2).encode())
        shutil.rmtree(staged, ignore_errors=True)
    else:
        staged.rename(target)
    return next(p for p in installed_packs(data_dir) if p.name == name)


def import_layers(data_dir: Path) -> list[ImportLayer]:
    """Every import layer, by label."""
    root = layers_dir(data_dir)
    found = []
    for meta_path in sorted(root.glob("*.json")) if root.is_dir() else []:
        label = meta_path.stem
        data_path = root / f"{label}.jsonl"
        if not data_path.is_file():
            continue
        meta = _read_json(meta_path)
        try:
            imported_at = dt.datetime.fromisoformat(str(meta["imported_at"]))
            count = int(meta.get("count", 0))
        except (KeyError, ValueError):
            raise DataError("needs imported_at and count", path=meta_path) from None
        found.append(
            ImportLayer(
                label=label,
                path=data_path,
                source_file=str(meta.get("source_file", "")),
                source_sha256=str(meta.get("source_sha256", "")),
                imported_at=imported_at,
                count=count,
                sha256=str(meta.get("sha256", "")),
            )
        )
    return found


def check_label(label: str) -> str:
    """A layer label is a short lower-case slug, safe as a file name."""
    if not LABEL.fullmatch(label):
        raise InputError(
            f"layer label {label!r} must be 1–64 characters of a-z, 0-9, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    return label


def label_from_file(path: Path) -> str:
    """A default label from a file name: `OpenSanctions CSL.json` → `opensanctions-csl`."""
    stem = path.name.split(".")[0].lower()
    slug = re.sub(r"[^a-z0-9._-]+", "-", stem).strip("-._")[:64]
    return slug or "import"


def write_layer(
    data_dir: Path, label: str, records: list[dict[str, Any]], meta: dict[str, Any]
) -> ImportLayer:
    """Write a layer's records and metadata; each file appears whole or not at all."""
    root = layers_dir(data_dir)
    root.mkdir(parents=True, exist_ok=True)
    body = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    data = body.encode()
    meta = {
        **meta,
        "label": label,
        "count": len(records),
        "sha256": hashlib.sha256(data).hexdigest(),
    }
    write_bytes_atomic(root / f"{label}.jsonl", data)
    write_bytes_atomic(root / f"{label}.json", json.dumps(meta, indent=2).encode())
    return next(layer for layer in import_layers(data_dir) if layer.label == label)


def remove_layer_files(data_dir: Path, label: str) -> bool:
    """Delete an import layer (`label`) or an installed pack (`pack:<name>`); False if unknown."""
    if label.startswith("pack:"):
        target = packs_dir(data_dir) / label.removeprefix("pack:")
        if not target.is_dir() or target.name.startswith("."):
            return False
        (target / INSTALLED).unlink(missing_ok=True)
        shutil.rmtree(target)
        return True
    label = label.removeprefix("import:")
    check_label(label)
    root = layers_dir(data_dir)
    found = False
    for suffix in (".json", ".jsonl"):
        path = root / f"{label}{suffix}"
        if path.is_file():
            path.unlink()
            found = True
    return found


def layer_parties(layer: ImportLayer) -> list[Party]:
    """The parties an import layer adds: status `review`, relationship `affiliate`."""
    data = layer.path.read_bytes()
    if layer.sha256 and hashlib.sha256(data).hexdigest() != layer.sha256:
        raise DataError("the file changed since it was imported; import it again", path=layer.path)
    parties = []
    for line, text in enumerate(data.decode("utf-8").splitlines(), start=1):
        if not text.strip():
            continue
        record = json.loads(text)
        parties.append(record_party(layer.label, record, line=line, source_file=layer.source_file))
    return parties


def record_party(label: str, record: dict[str, Any], *, line: int, source_file: str) -> Party:
    """One stored layer record (an FtM entity and the entity it is attached to) as a Party.

    Without a dataset or URL of its own, the entity is sourced to the file it was imported from.
    """
    ftm: FtmEntity = record["ftm"]
    org = organization(ftm, line=line, path=source_file or f"{label}.jsonl")
    if org is None:
        raise DataError(
            f"not an organization: {ftm.get('schema')}", path=f"{label}.jsonl", line=line
        )
    prov = Provenance(
        source=org.source,
        confidence=Confidence.LOW,
        file=f"{label}.jsonl",
        line=line,
        layer=f"import:{label}",
    )
    names = [Name(org.name, NameKind.LEGAL, prov)]
    names += [Name(a, NameKind.ENTITY_LIST, prov) for a in org.aliases]
    names += [Name(p, NameKind.FORMER, prov) for p in org.previous_names]
    attached = str(record.get("attached_by", ""))
    return Party(
        id=f"{label}:{org.id}",
        entity_id=str(record["entity_id"]),
        name=org.name,
        relationship=Relationship.AFFILIATE,
        country=org.countries[0] if org.countries else "",
        status=PartyStatus.REVIEW,
        provenance=prov,
        note=f"imported from {org.source} into layer {label!r}; {attached}".rstrip("; "),
        names=tuple(names),
        identifiers=tuple(Identifier(s, v, prov) for s, v in org.identifiers),
    )


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"unreadable metadata ({exc})", path=path) from None
    if not isinstance(data, dict):
        raise DataError("metadata must be a JSON object", path=path)
    return data
