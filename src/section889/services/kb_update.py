"""`kb update`: stage a newer pack (or a fresh IEEE registry download), show the diff, install it.

Staging happens in a hidden folder next to the installed packs, so installing is one rename:
a pack is either fully in place or absent, never half-copied.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from section889.errors import UpdatePackError
from section889.knowledge import KnowledgeBase, load_directory
from section889.knowledge.diff import KBDiff, diff_kb
from section889.knowledge.ieee import (
    Classification,
    Classifier,
    is_ieee_registry,
    merge_registry,
    read_oui_rows,
    read_registry,
    registry_source,
    write_oui_rows,
)
from section889.knowledge.loader import content_hash, name_key
from section889.knowledge.models import AssignmentStatus, LookAlike
from section889.knowledge.packs import (
    Manifest,
    build_pack,
    copy_pack_files,
    open_pack,
    read_manifest,
    verify_pack,
    write_manifest,
)
from section889.matching import Matcher, MatchStatus
from section889.services.kb_compose import base_facts
from section889.services.runtime import Runtime, RuntimeHolder
from section889.settings import Settings
from section889.store.kb_files import InstalledPack, install_pack_dir, packs_dir

DEVICE_STATUS = {
    MatchStatus.COVERED: AssignmentStatus.COVERED,
    MatchStatus.FORMER_AFFILIATE: AssignmentStatus.EX_AFFILIATE,
    MatchStatus.POSSIBLE: AssignmentStatus.POSSIBLE_AFFILIATE,
}
"""How a registrant's screening outcome becomes the status of its OUI."""


@dataclass(frozen=True, slots=True)
class UpdatePlan:
    """A staged update: what is in use, what would replace it, and the difference."""

    source: Path
    kind: str
    """`pack` or `ieee-registry`."""
    staged: Path
    name: str
    """The folder name it installs under: `<facts_as_of>-<content hash>`."""
    current: KnowledgeBase
    new: KnowledgeBase
    diff: KBDiff

    @property
    def is_older(self) -> bool:
        """True when the staged facts predate the facts in use."""
        return self.new.version.facts_as_of < self.current.version.facts_as_of

    @property
    def is_same(self) -> bool:
        """True when the staged facts are exactly the facts in use."""
        return self.new.version.content_hash == self.current.version.content_hash


@contextmanager
def staged_update(
    source: Path, runtime: Runtime, *, today: dt.date | None = None
) -> Iterator[UpdatePlan]:
    """Verify and load `source` in a staging folder; the folder is removed unless installed."""
    settings = runtime.settings
    root = packs_dir(settings.data_dir)
    root.mkdir(parents=True, exist_ok=True)
    staged = Path(tempfile.mkdtemp(prefix=".staging-", dir=root))
    try:
        current, current_dir = base_facts(settings)
        if source.is_file() and is_ieee_registry(source):
            kind = "ieee-registry"
            _stage_registry(
                source, current, current_dir, staged, settings, today or dt.date.today()
            )
        else:
            kind = "pack"
            _stage_pack(source, staged)
        short, _ = content_hash(staged)
        name = f"{read_manifest(staged).facts_as_of.isoformat()}-{short}"
        new = load_directory(staged, layer=f"pack:{name}")
        yield UpdatePlan(source, kind, staged, name, current, new, diff_kb(current, new))
    finally:
        shutil.rmtree(staged, ignore_errors=True)


def install_update(
    plan: UpdatePlan, holder: RuntimeHolder, *, force: bool = False
) -> InstalledPack:
    """Install a staged update with one rename; refuse older facts unless `force`. The holder's
    runtime is reloaded, so what runs next uses the new facts."""
    settings = holder.current.settings
    if plan.is_older and not force:
        raise UpdatePackError(
            f"{plan.source}: its facts are as of {plan.new.version.facts_as_of.isoformat()}, older "
            f"than the facts in use ({plan.current.version.facts_as_of.isoformat()}); "
            "use --force to install it anyway"
        )
    installed = install_pack_dir(
        plan.staged,
        settings.data_dir,
        name=plan.name,
        facts_as_of=plan.new.version.facts_as_of,
        source=str(plan.source),
        forced=force and plan.is_older,
    )
    holder.reload()
    return installed


def _stage_pack(source: Path, staged: Path) -> None:
    """Unpack (or copy) a pack into `staged` and verify every checksum there."""
    found = open_pack(source, staged)
    if found != staged:
        copy_pack_files(found, staged)
    verify_pack(staged)


def _stage_registry(
    source: Path,
    current: KnowledgeBase,
    current_dir: Path,
    staged: Path,
    settings: Settings,
    today: dt.date,
) -> None:
    """Same facts, new OUI table: the download's registrants classified and merged, dated today."""
    assignments = read_registry(source)
    copy_pack_files(current_dir, staged)
    header, rows = read_oui_rows(staged / "oui.csv")
    classify = registry_classifier(current, settings, today)
    merged = merge_registry(rows, assignments, classify, source=registry_source(source, today))
    write_oui_rows(staged / "oui.csv", header, merged)
    write_manifest(staged, facts_as_of=today)


def registry_classifier(kb: KnowledgeBase, settings: Settings, today: dt.date) -> Classifier:
    """Classify a registrant by the KB's names: covered, ex-affiliate, possible, look-alike."""
    matcher = Matcher(kb, threshold=settings.match_threshold)
    lookalikes = [
        (set(name_key(n.text).split()), look) for look in kb.lookalikes.values() for n in look.names
    ]

    def resembled(organization: str) -> LookAlike | None:
        """The look-alike whose name's words all appear in the registrant's name."""
        words = set(name_key(organization).split())
        return max(
            ((len(w), look) for w, look in lookalikes if w and w <= words),
            key=lambda x: x[0],
            default=(0, None),
        )[1]

    def classify(organization: str) -> Classification | None:
        result = matcher.screen(organization, as_of=today)
        status = DEVICE_STATUS.get(result.status)
        if status is not None and result.entity_id is not None:
            why = f"screened {result.status.value} ({result.score:.2f})"
            detail = f": {result.explanation}" if result.explanation else ""
            return Classification(status, result.entity_id, f"{why}{detail}")
        hint = next((e.detail for e in result.evidence if e.kind == "lookalike"), None)
        look = resembled(organization)
        if hint is None and look is None:
            return None
        reason = f"look-alike of {look.resembles}: {look.reason}" if look else str(hint)
        return Classification(
            AssignmentStatus.NOT_COVERED_LOOKALIKE, look.resembles if look else None, reason
        )

    return classify


@dataclass(frozen=True, slots=True)
class BuiltPack:
    """A pack written by `make_pack`: its manifest and the facts it holds."""

    manifest: Manifest
    kb: KnowledgeBase


def make_pack(directory: Path, out: Path, *, facts_as_of: dt.date | None = None) -> BuiltPack:
    """Validate the facts of `directory`, write every file's sha256 (and `facts_as_of`, when
    given) into its pack.yaml and zip it to `out` (for maintainers); a bad row stops with its
    file and line before anything is written."""
    kb = load_directory(directory, layer="pack")
    if facts_as_of is not None:
        write_manifest(directory, facts_as_of=facts_as_of)
        kb = load_directory(directory, layer="pack")
    return BuiltPack(build_pack(directory, out), kb)
