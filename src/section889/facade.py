"""The Python face: convenience functions over a runtime built from the environment.

    import section889
    section889.screen_name("HUAWEI TECHS CO LTD").status     # MatchStatus.COVERED
    section889.decide(yaml.safe_load(open("procurement.yaml"))).outcome
    section889.screen_inventory("cmdb.csv", "scan.xml", out="laydown.html").counts

Like the CLI and the web app, this face builds a runtime from `Settings()` (SECTION889_*), once
per process, on first use. Pass `runtime=` to use one of your own
(`section889.Runtime.build(section889.Settings(data_dir=...))`), and call `section889.reload()`
after changing the knowledge base from outside this process.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from section889.matching import ScreenResult
from section889.services import screening
from section889.services.runtime import Runtime, RuntimeHolder

if TYPE_CHECKING:
    from section889.readers.source import SourceLike
    from section889.rules.determination import Determination
    from section889.rules.inputs import Procurement
    from section889.services.inventory_screening import InventorySummary

_lock = threading.Lock()
_holder: RuntimeHolder | None = None


def default_runtime() -> Runtime:
    """The process's runtime for this face, built from the environment on first use."""
    global _holder
    with _lock:
        if _holder is None:
            from section889.settings import Settings

            _holder = RuntimeHolder.build(Settings())
        return _holder.current


def reload() -> Runtime:
    """Build the default runtime again (after a pack or layer was installed elsewhere)."""
    default_runtime()
    assert _holder is not None
    return _holder.reload()


def screen_name(
    name: str,
    *,
    as_of: dt.date | None = None,
    identifiers: Mapping[str, str] | None = None,
    runtime: Runtime | None = None,
) -> ScreenResult:
    """Screen one supplier name (and optional UEI/CAGE/LEI/ticker) against the covered entities.

    `as_of` (default today) decides which affiliations hold: a company divested before it is a
    `former_affiliate`, not `covered`.
    """
    return screening.screen_name(
        runtime or default_runtime(), name, as_of=as_of, identifiers=identifiers
    )


def screen_names(
    names: Iterable[str],
    *,
    as_of: dt.date | None = None,
    identifiers: Iterable[Mapping[str, str] | None] | None = None,
    threshold: float | None = None,
    runtime: Runtime | None = None,
) -> Iterator[ScreenResult]:
    """Screen many names in order; each distinct name is scored once."""
    return screening.screen_names(
        runtime or default_runtime(),
        names,
        as_of=as_of,
        identifiers=identifiers,
        threshold=threshold,
    )


def decide(
    procurement: Procurement | Mapping[str, object],
    *,
    policy: str | None = None,
    as_of: dt.date | None = None,
    runtime: Runtime | None = None,
) -> Determination:
    """Decide whether Section 889 permits a procurement action, with reasons and citations.

    `procurement` is a `Procurement` or the mapping a procurement YAML/JSON file holds (an
    InputError names the field path of anything wrong); `policy` a pack id (default: the input's,
    else `current-law`); `as_of` (default today) the date the determination speaks for.
    """
    from section889.rules.inputs import Procurement, parse_procurement
    from section889.services.determinations import decide_procurement

    parsed = procurement if isinstance(procurement, Procurement) else parse_procurement(procurement)
    return decide_procurement(runtime or default_runtime(), parsed, policy=policy, as_of=as_of)


def screen_inventory(
    *paths: SourceLike,
    out: Path | str | None = None,
    as_of: dt.date | None = None,
    inquirer: str | None = None,
    engine: str = "auto",
    runtime: Runtime | None = None,
) -> InventorySummary:
    """Find covered equipment in inventories (files, folders or uploaded `Source`s): merged
    assets, each covered, possible, former_affiliate or clear with its evidence; with `out`, the
    per-asset table or the HTML laydown and its side files, as `section889 screen inventory`."""
    from section889.services import inventory_screening as service

    request = service.InventoryScreeningRequest(
        paths=tuple(paths),
        out=Path(out) if out is not None else None,
        as_of=as_of,
        inquirer=inquirer,
        command="section889.screen_inventory",
        engine=engine,
    )
    return service.screen_inventory(runtime or default_runtime(), request)
