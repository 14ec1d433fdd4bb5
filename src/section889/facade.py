"""The Python face: convenience functions over a runtime built from the environment.

    import section889
    section889.screen_name("HUAWEI TECHS CO LTD").status     # MatchStatus.COVERED

Like the CLI and the web app, this face builds a runtime from `Settings()` (SECTION889_*), once
per process, on first use. Pass `runtime=` to use one of your own
(`section889.Runtime.build(section889.Settings(data_dir=...))`), and call `section889.reload()`
after changing the knowledge base from outside this process.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator, Mapping

from section889.matching import ScreenResult
from section889.services import screening
from section889.services.runtime import Runtime, RuntimeHolder

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
