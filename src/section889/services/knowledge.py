"""The effective knowledge base: shipped facts or a newer installed pack, overlaid by imports.

    shipped facts (inside the package)
      └─ replaced by the installed pack in use (`kb update`), unless the shipped facts are newer
           └─ overlaid by every import layer (`kb import`): extra parties, status `review`

The result is cached per data directory; `kb update`, `kb import` and `kb remove-layer` clear it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path

from section889.errors import InputError
from section889.files import sha256_file
from section889.knowledge import KnowledgeBase, default_data_dir, load_directory
from section889.knowledge.ftm import FtmOrganization, organization, read_lines
from section889.knowledge.loader import name_key
from section889.knowledge.models import IdScheme, KBVersion, Party
from section889.knowledge.packs import read_manifest
from section889.matching import Matcher, MatchStatus, ScreenResult
from section889.services.kb_store import (
    ImportLayer,
    InstalledPack,
    check_label,
    import_layers,
    installed_packs,
    label_from_file,
    layer_parties,
    write_layer,
)
from section889.settings import Settings

ATTACHING = (MatchStatus.COVERED, MatchStatus.FORMER_AFFILIATE, MatchStatus.POSSIBLE)
"""Screening outcomes that attach an imported entity to a covered entity."""


class _EffectiveKB:
    """Callable cache: `effective_kb(settings)`; `effective_kb.cache_clear()` forgets results."""

    def __init__(self) -> None:
        self._cache: dict[Path, KnowledgeBase] = {}

    def __call__(self, settings: Settings | None = None) -> KnowledgeBase:
        """The knowledge base every command uses, for the settings' data directory."""
        settings = settings or Settings()
        key = settings.data_dir.expanduser().absolute()
        if key not in self._cache:
            self._cache[key] = compose(settings)
        return self._cache[key]

    def cache_clear(self) -> None:
        """Forget cached knowledge bases (after installing a pack or changing a layer)."""
        self._cache.clear()


effective_kb = _EffectiveKB()


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


def knowledge_age_warning(
    kb: KnowledgeBase, today: dt.date, settings: Settings | None = None
) -> str | None:
    """A warning when the facts are older than `kb_max_age_days` (SECTION889_KB_MAX_AGE_DAYS)."""
    limit = (settings or Settings()).kb_max_age_days
    age = (today - kb.version.facts_as_of).days
    if age <= limit:
        return None
    return (
        f"warning: the knowledge base's facts are {age} days old (facts as of "
        f"{kb.version.facts_as_of.isoformat()}, kb {kb.version.label}), more than the "
        f"{limit} days allowed by SECTION889_KB_MAX_AGE_DAYS; install a newer pack with "
        "`section889 kb update PACK`"
    )


# ---------------------------------------------------------------- import layers


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What `kb import` did with each entity of the file."""

    label: str
    path: Path
    read: int
    """Entities in the file (every schema)."""
    imported: int
    unlike: int
    """Organizations that did not resemble any covered entity (not imported)."""
    known: int
    """Organizations the knowledge base already holds by name or identifier (not imported)."""
    conflicts: int
    """Organizations whose name belongs to another covered entity or a look-alike (not imported)."""
    other_schema: int
    """Entities that are not organizations (people, sanctions, addresses …), skipped."""
    by_entity: dict[str, int] = field(default_factory=dict)
    layer: ImportLayer | None = None


def import_layer(
    path: Path,
    *,
    settings: Settings,
    label: str | None = None,
    entity_id: str | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Add the organizations of a FollowTheMoney JSON-lines file as the layer `import:<label>`.

    Each is attached to `entity_id`, or else to the covered entity whose names it matches; the rest
    are counted and left out. The whole file is checked before anything is written.
    """
    label = check_label(label or label_from_file(path))
    today = today or dt.date.today()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError("no such file", path=path) from None
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=path) from None
    parsed = [
        (line, data, organization(data, line=line, path=str(path)))
        for line, data in read_lines(text.splitlines(), path=str(path))
    ]
    base = compose(settings, without=label)
    if entity_id is not None and entity_id not in base.entities:
        known = ", ".join(sorted(base.entities))
        raise InputError(f"unknown entity {entity_id!r}; known: {known}")
    matcher = Matcher(base, threshold=settings.match_threshold)
    owners = _name_owners(base)
    ids = {(i.scheme, i.value) for p in base.parties.values() for i in p.identifiers}
    counts = {"unlike": 0, "known": 0, "conflicts": 0, "other": 0}
    records: list[dict[str, object]] = []
    by_entity: dict[str, int] = {}
    for line, data, org in parsed:
        if org is None:
            counts["other"] += 1
            continue
        attached = _attach(org, entity_id, matcher, today)
        if attached is None:
            counts["unlike"] += 1
            continue
        eid, reason = attached
        verdict = _already_known(org, eid, owners, ids)
        if verdict:
            counts[verdict] += 1
            continue
        records.append({"entity_id": eid, "attached_by": reason, "source_line": line, "ftm": data})
        by_entity[eid] = by_entity.get(eid, 0) + 1
    layer = None
    if records:
        meta = {
            "source_file": path.name,
            "source_sha256": sha256_file(path),
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "entity": entity_id,
        }
        layer = write_layer(settings.data_dir, label, records, meta)
        effective_kb.cache_clear()
    return ImportReport(
        label, path, len(parsed), len(records), counts["unlike"], counts["known"],
        counts["conflicts"], counts["other"], by_entity, layer,
    )  # fmt: skip


def _attach(
    org: FtmOrganization, entity_id: str | None, matcher: Matcher, today: dt.date
) -> tuple[str, str] | None:
    """The covered entity an imported organization belongs to, and why; None if none."""
    if entity_id is not None:
        return entity_id, f"attached to {entity_id} by --entity"
    ids = {scheme.value: value for scheme, value in reversed(org.identifiers)}
    best: ScreenResult | None = None
    for name in (org.name, *org.aliases, *org.previous_names):
        result = matcher.screen(name, as_of=today, identifiers=ids)
        if result.entity_id is None or result.status not in ATTACHING:
            continue
        if best is None or result.score > best.score:
            best = result
    if best is None or best.entity_id is None:
        return None
    matched = f" as {best.matched_name!r}" if best.matched_name else ""
    why = f"{best.input_name!r} matched{matched} ({best.status.value}, score {best.score:.2f})"
    return best.entity_id, f"attached to {best.entity_id}: {why}"


def _name_owners(kb: KnowledgeBase) -> dict[str, str]:
    """Name key → the entity id that owns it, or `lookalike:<id>` for a look-alike's name."""
    owners = {name_key(n.text): p.entity_id for p in kb.parties.values() for n in p.names}
    for look in kb.lookalikes.values():
        owners.update((name_key(n.text), f"lookalike:{look.id}") for n in look.names)
    return owners


def _already_known(
    org: FtmOrganization,
    entity_id: str,
    owners: dict[str, str],
    ids: set[tuple[IdScheme, str]],
) -> str | None:
    """`known` if the KB holds this organization, `conflicts` if its name is someone else's."""
    owner = owners.get(name_key(org.name))
    if owner == entity_id:
        return "known"
    if owner is not None:
        return "conflicts"
    return "known" if any(i in ids for i in org.identifiers) else None
