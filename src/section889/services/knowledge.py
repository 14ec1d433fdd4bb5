"""Knowledge-base use cases: its age, import layers, export.

What facts are in use is decided in `services.kb_compose` (`Runtime.kb`); the services here that
change what it is composed from (`import_layer`, `remove_layer`) reload the runtime holder they are
given, so nothing keeps the old facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from section889.errors import InputError, NotFoundError
from section889.knowledge import KnowledgeBase, default_data_dir
from section889.knowledge.ftm import FtmOrganization, organization, read_lines
from section889.knowledge.loader import name_key
from section889.knowledge.models import IdScheme
from section889.knowledge.packs import read_manifest
from section889.matching import Matcher, MatchStatus, ScreenResult
from section889.readers.source import SourceLike, as_source
from section889.services.kb_compose import active_pack, compose
from section889.services.runtime import Runtime, RuntimeHolder
from section889.store.kb_files import (
    ImportLayer,
    InstalledPack,
    check_label,
    import_layers,
    installed_packs,
    label_from_file,
    remove_layer_files,
    write_layer,
)

ATTACHING = (MatchStatus.COVERED, MatchStatus.FORMER_AFFILIATE, MatchStatus.POSSIBLE)
"""Screening outcomes that attach an imported entity to a covered entity."""


def knowledge_age_warning(kb: KnowledgeBase, today: dt.date, limit: int) -> str | None:
    """A warning when the facts are older than `limit` days (SECTION889_KB_MAX_AGE_DAYS)."""
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
    holder: RuntimeHolder,
    source: SourceLike,
    *,
    label: str | None = None,
    entity_id: str | None = None,
    today: dt.date | None = None,
) -> ImportReport:
    """Add the organizations of a FollowTheMoney JSON-lines file as the layer `import:<label>`.

    Each is attached to `entity_id`, or else to the covered entity whose names it matches; the rest
    are counted and left out. The whole file is checked before anything is written. When a layer
    is written the holder's runtime is reloaded, so screening and decisions see it at once.
    """
    src = as_source(source)
    settings = holder.current.settings
    label = check_label(label or label_from_file(Path(src.name)))
    today = today or dt.date.today()
    with src.open() as handle:
        raw = handle.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=src.name) from None
    parsed = [
        (line, data, organization(data, line=line, path=src.name))
        for line, data in read_lines(text.splitlines(), path=src.name)
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
            "source_file": Path(src.name).name,
            "source_sha256": src.sha256(),
            "imported_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "entity": entity_id,
        }
        layer = write_layer(settings.data_dir, label, records, meta)
        holder.reload()
    return ImportReport(
        label, Path(src.name), len(parsed), len(records), counts["unlike"], counts["known"],
        counts["conflicts"], counts["other"], by_entity, layer,
    )  # fmt: skip


def remove_layer(holder: RuntimeHolder, label: str) -> None:
    """Remove the import layer `label` (or the installed pack `pack:<name>`) and reload the
    runtime; NotFound naming the installed layers when there is none of that name."""
    data_dir = holder.current.data_dir
    if not remove_layer_files(data_dir, label):
        known = [x.layer for x in import_layers(data_dir)]
        known += [p.layer for p in installed_packs(data_dir)]
        raise NotFoundError(f"no layer {label!r}; installed: {', '.join(known) or 'none'}")
    holder.reload()


@dataclass(frozen=True, slots=True)
class LayerListing:
    """What the knowledge base in use is composed from (`kb layers`)."""

    in_use: str
    """The version in use, described (`KBVersion.describe`)."""
    shipped_facts_as_of: dt.date
    shipped_in_use: bool
    """False when an installed pack supersedes the shipped facts."""
    packs: tuple[tuple[InstalledPack, bool], ...]
    """Installed packs, each with whether it is the one in use."""
    imports: tuple[ImportLayer, ...]


def layer_listing(runtime: Runtime) -> LayerListing:
    """The shipped facts, installed packs and import layers, and which are in use."""
    settings = runtime.settings
    in_use = active_pack(settings)
    return LayerListing(
        in_use=runtime.kb.version.describe(),
        shipped_facts_as_of=read_manifest(default_data_dir()).facts_as_of,
        shipped_in_use=in_use is None,
        packs=tuple(
            (p, in_use is not None and p.name == in_use.name)
            for p in installed_packs(settings.data_dir)
        ),
        imports=tuple(import_layers(settings.data_dir)),
    )


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
