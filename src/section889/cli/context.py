"""What every command shares for one run of `section889`: the settings and the runtime holder.

`cli/main.py` starts one `CliState` per invocation (in the root callback, `begin`); commands get
it with `state()` or the runtime with `runtime()`; `end` runs when the invocation closes. The
settings are read from the environment, and the holder built, the first time a command asks
(`--help` reads neither). When the run ends, `finish()` prints the knowledge-base age warning
once — if the run used the knowledge base — and closes the runtime.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar, Token
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import typer

from section889.services.runtime import Runtime, RuntimeHolder

if TYPE_CHECKING:
    from section889.settings import Settings


@dataclass
class CliState:
    """The settings and runtime holder of this invocation, each made on first use."""

    read_settings: Callable[[], Settings]
    warned: bool = field(default=False)
    _settings: Settings | None = field(default=None, repr=False)
    _holder: RuntimeHolder | None = field(default=None, repr=False)

    @property
    def settings(self) -> Settings:
        """This run's settings (read from SECTION889_* once)."""
        if self._settings is None:
            self._settings = self.read_settings()
        return self._settings

    @property
    def holder(self) -> RuntimeHolder:
        """This run's runtime holder (built once)."""
        if self._holder is None:
            self._holder = RuntimeHolder.build(self.settings)
        return self._holder

    def finish(self) -> None:
        """At the end of the run: the age warning (once), then release the runtime."""
        if self._holder is None:
            return
        try:
            self.warn_age()
        finally:
            self._holder.close()

    def warn_age(self) -> None:
        """Print the knowledge-base age warning on stderr, once per run, if it applies."""
        if self.warned or self._holder is None:
            return
        self.warned = True
        warning = age_warning(self._holder.current)
        if warning:
            typer.echo(warning, err=True)


def age_warning(runtime: Runtime) -> str | None:
    """The age warning for a runtime whose knowledge base was used, or None.

    Quiet when the knowledge base was never loaded in this run, and — with
    SECTION889_WARN_SHIPPED_KB_AGE=false (as `make demo` sets it) — when the facts in use are
    the ones shipped in the package (`section889 kb status` then says their age once).
    """
    if not runtime.built("kb"):
        return None
    from section889.services.kb_compose import is_shipped
    from section889.services.knowledge import knowledge_age_warning

    kb = runtime.kb
    if is_shipped(kb) and not runtime.settings.warn_shipped_kb_age:
        return None
    return knowledge_age_warning(kb, dt.date.today(), runtime.settings.kb_max_age_days)


_CURRENT: ContextVar[CliState] = ContextVar("section889_cli_state")
"""The state of the invocation running in this context (set by the root callback)."""


def begin(read_settings: Callable[[], Settings]) -> tuple[CliState, Token[CliState]]:
    """Start an invocation: its state, made current until `end(token)`."""
    made = CliState(read_settings)
    return made, _CURRENT.set(made)


def end(made: CliState, token: Token[CliState]) -> None:
    """End an invocation: the age warning once, the runtime released, the state forgotten."""
    try:
        made.finish()
    finally:
        _CURRENT.reset(token)


def state() -> CliState:
    """This invocation's state (built by the root callback)."""
    found = _CURRENT.get(None)
    if found is None:
        raise RuntimeError("section889 CLI state is missing: invoke through cli.main.app")
    return found


def runtime() -> Runtime:
    """The current runtime of this invocation."""
    return state().holder.current


def holder() -> RuntimeHolder:
    """The runtime holder, for commands that change the knowledge base or the SAM snapshot."""
    return state().holder
