"""The runtime: everything the use cases need, built once from the settings and passed down.

    Settings ──build──► Runtime (immutable once built; members built on first use)
                          kb           the effective knowledge base (shipped or installed pack + layers)
                          matcher      names → covered entities, over `kb`
                          identifier   equipment → covered entities, over `kb` and `matcher`
                          reference    agency codes, IC elements, product-code scopes, regions, FAR
                          policy(id)   a policy pack
                          sam_snapshot the newest local SAM snapshot, or None

A face builds one `RuntimeHolder` (the CLI in its callback, the web app in `create_app`) and
hands `holder.current` to the services. A service that changes what the runtime was built from
(installing a pack, importing or removing a layer, building a SAM snapshot) calls
`holder.reload()`, which builds a new Runtime and swaps it in whole: nothing keeps the old facts,
and a request that started on the old runtime finishes on it consistently. There are no
process-wide caches: two runtimes (say, two tests with different data directories) never see
each other's facts.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from section889.devices.identify import DeviceIdentifier
    from section889.knowledge import KnowledgeBase
    from section889.matching import Matcher
    from section889.rules.policy import Pack
    from section889.rules.reference import Reference
    from section889.settings import Settings
    from section889.store.sam_snapshot import Snapshot

T = TypeVar("T")

SAM_FOLDER = "sam"
"""Where SAM snapshots live under the data directory."""


class Runtime:
    """The effective knowledge base and everything built on it, for one set of settings.

    Members are built on first use (a `kb list` never builds a matcher) and then kept; building is
    serialised by a lock, so threads share one of each.
    """

    def __init__(
        self,
        settings: Settings,
        *,
        kb: KnowledgeBase | None = None,
        allow_fork: bool = True,
    ) -> None:
        self.settings = settings
        self.allow_fork = allow_fork
        """Whether work may be forked into worker processes (False inside a threaded server)."""
        self._lock = threading.RLock()
        self._built: dict[str, Any] = {}
        if kb is not None:
            self._built["kb"] = kb
        self._matchers: dict[float, Matcher] = {}
        self._policies: dict[str, Pack] = {}

    @classmethod
    def build(cls, settings: Settings, *, allow_fork: bool = True) -> Runtime:
        """A runtime for `settings` (a face reads them: `Settings()` from SECTION889_*)."""
        return cls(settings, allow_fork=allow_fork)

    def _once(self, name: str, make: Callable[[], T]) -> T:
        with self._lock:
            if name not in self._built:
                self._built[name] = make()
            value: T = self._built[name]
            return value

    def built(self, member: str) -> bool:
        """Whether `member` (`kb`, `identifier`, `reference`, `sam_snapshot`) was built yet."""
        with self._lock:
            return member in self._built

    @property
    def data_dir(self) -> Path:
        """Where installed packs, import layers and SAM snapshots are kept."""
        return self.settings.data_dir

    @property
    def sam_dir(self) -> Path:
        """The folder of the local SAM snapshots."""
        return self.settings.data_dir / SAM_FOLDER

    @property
    def kb(self) -> KnowledgeBase:
        """The effective knowledge base: shipped facts or an installed pack, plus import layers."""
        from section889.services.kb_compose import compose

        return self._once("kb", lambda: compose(self.settings))

    @property
    def kb_label(self) -> str:
        """The knowledge base's version label, as it enters decision ids and run records."""
        return self.kb.version.label

    @property
    def matcher(self) -> Matcher:
        """The name matcher over `kb` at the settings' threshold."""
        return self.matcher_at(None)

    def matcher_at(self, threshold: float | None) -> Matcher:
        """A matcher over `kb` reporting from `threshold` (None: the settings' threshold)."""
        from section889.matching import Matcher

        level = self.settings.match_threshold if threshold is None else threshold
        with self._lock:
            found = self._matchers.get(level)
            if found is None:
                found = self._matchers[level] = Matcher(self.kb, threshold=level)
            return found

    @property
    def identifier(self) -> DeviceIdentifier:
        """Equipment identification over `kb` and `matcher`."""
        from section889.devices.identify import DeviceIdentifier

        return self._once("identifier", lambda: DeviceIdentifier(self.kb, self.matcher))

    @property
    def reference(self) -> Reference:
        """The rules' reference data (agency codes, IC elements, product-code scopes, regions)."""
        from section889.rules.reference import load_reference

        return self._once("reference", load_reference)

    def policy(self, pack_id: str) -> Pack:
        """A policy pack by id (an InputError names the known ones)."""
        from section889.rules.pack_files import load_pack

        with self._lock:
            found = self._policies.get(pack_id)
            if found is None:
                found = self._policies[pack_id] = load_pack(pack_id)
            return found

    @property
    def sam_snapshot(self) -> Snapshot | None:
        """The newest local SAM snapshot (opened once), or None when none was built."""
        from section889.store.sam_snapshot import latest_snapshot

        return self._once("sam_snapshot", lambda: latest_snapshot(self.sam_dir))

    def knowledge_age(self, today: dt.date | None = None) -> int:
        """Days between the knowledge base's facts and `today`."""
        return ((today or dt.date.today()) - self.kb.version.facts_as_of).days

    def close(self) -> None:
        """Release what the runtime opened (the SAM snapshot's database)."""
        with self._lock:
            snapshot = self._built.pop("sam_snapshot", None)
        if snapshot is not None:
            snapshot.close()

    def reloaded(self) -> Runtime:
        """A new runtime from the same settings, reading the knowledge base and snapshots again."""
        return Runtime(self.settings, allow_fork=self.allow_fork)


class RuntimeHolder:
    """The current runtime of a long-lived face; `reload()` swaps in a fresh one whole."""

    def __init__(self, runtime: Runtime) -> None:
        self._lock = threading.Lock()
        self._current = runtime
        self._retired: list[Runtime] = []

    @classmethod
    def build(cls, settings: Settings, *, allow_fork: bool = True) -> RuntimeHolder:
        """A holder with a runtime built from `settings`."""
        return cls(Runtime.build(settings, allow_fork=allow_fork))

    @property
    def current(self) -> Runtime:
        """The runtime to use for the next piece of work."""
        return self._current

    def reload(self) -> Runtime:
        """Build a new runtime from the same settings and make it current; returns it.

        The old one is kept open until `close()`: work that started on it may still be running.
        """
        fresh = self._current.reloaded()
        with self._lock:
            self._retired.append(self._current)
            self._current = fresh
        return fresh

    def close(self) -> None:
        """Release every runtime this holder has made."""
        with self._lock:
            runtimes, self._retired = [*self._retired, self._current], []
        for runtime in runtimes:
            runtime.close()
