"""Which facts are in use: the shipped facts or a newer installed pack, overlaid by import layers.

    shipped facts (inside the package)
      └─ replaced by the installed pack in use (`kb update`), unless the shipped facts are newer
           └─ overlaid by every import layer (`kb import`): extra parties, status `review`

`Runtime.kb` is `compose(settings)`, built once per runtime.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from section889.knowledge import KnowledgeBase, default_data_dir, load_directory
from section889.knowledge.models import KBVersion, Party
from section889.knowledge.packs import read_manifest
from section889.store.kb_files import (
    ImportLayer,
    InstalledPack,
    import_layers,
    installed_packs,
    layer_parties,
)

if TYPE_CHECKING:
    from section889.settings import Settings


def active_pack(settings: Settings) -> InstalledPack | None:
    """The installed pack whose facts replace the shipped ones, if any.

    The pack installed last wins (`kb update` refuses an older pack without `--force`, so that is
    also the newest); a pack older than the shipped facts is ignored unless it was forced.
    """
    shipped = read_manifest(default_data_dir()).facts_as_of
    usable = [p for p in installed_packs(settings.data_dir) if p.forced or p.facts_as_of >= shipped]
    return usable[-1] if usable else None


def base_facts(settings: Settings) -> tuple[KnowledgeBase, Path]:
    """The facts in use before import layers, and the directory they were read from."""
    pack = active_pack(settings)
    if pack is None:
        return load_directory(), default_data_dir()
    return load_directory(pack.path, layer=pack.layer), pack.path


def compose(settings: Settings, *, without: str | None = None) -> KnowledgeBase:
    """Base facts overlaid by every import layer (except the one labelled `without`)."""
    base, _ = base_facts(settings)
    layers = [x for x in import_layers(settings.data_dir) if x.label != without]
    return overlay(base, [(layer, layer_parties(layer)) for layer in layers])


def overlay(base: KnowledgeBase, layers: list[tuple[ImportLayer, list[Party]]]) -> KnowledgeBase:
    """Add import layers' parties; the version names each layer and its hash covers them."""
    if not layers:
        return base
    parties = dict(base.parties)
    sources = dict(base.source_files)
    digest = hashlib.sha256(base.version.content_hash.encode())
    for layer, added in layers:
        parties.update((p.id, p) for p in added if p.entity_id in base.entities)
        sources[f"layers/{layer.path.name}"] = layer.sha256
        digest.update(f"\0{layer.layer}\0{layer.sha256}".encode())
    version = KBVersion(
        base.version.facts_as_of,
        digest.hexdigest()[:12],
        (*base.version.layers, *(layer.layer for layer, _ in layers)),
    )
    return replace(base, version=version, parties=parties, source_files=sources)


def is_shipped(kb: KnowledgeBase) -> bool:
    """True when the facts are the ones shipped in the package (no update pack installed)."""
    return kb.version.layers[:1] == ("shipped",)
