"""section889: Section 889 (FY2019 NDAA) compliance — screen, decide, exempt, analyse.

The public Python API is listed once, here, in ``__all__``. Names resolve on first use
(PEP 562), so ``import section889`` costs almost nothing and a worker that needs one core
module does not load the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

__version__ = "0.1.0"

_WHERE = {
    "ConflictError": "section889.errors",
    "DataError": "section889.errors",
    "Determination": "section889.rules.determination",
    "Evidence": "section889.matching",
    "InputError": "section889.errors",
    "KnowledgeBase": "section889.knowledge",
    "MatchStatus": "section889.matching",
    "NotFoundError": "section889.errors",
    "Outcome": "section889.rules.determination",
    "PermissionDeniedError": "section889.errors",
    "Procurement": "section889.rules.inputs",
    "RowError": "section889.errors",
    "RuleError": "section889.errors",
    "Runtime": "section889.services.runtime",
    "RuntimeHolder": "section889.services.runtime",
    "ScreenResult": "section889.matching",
    "Section889Error": "section889.errors",
    "Settings": "section889.settings",
    "Source": "section889.readers.source",
    "TransitionError": "section889.errors",
    "UpdatePackError": "section889.errors",
    "decide": "section889.facade",
    "default_runtime": "section889.facade",
    "load_directory": "section889.knowledge",
    "reload": "section889.facade",
    "screen_inventory": "section889.facade",
    "screen_name": "section889.facade",
    "screen_names": "section889.facade",
}
"""Public name → the module that defines it."""

__all__ = [
    "ConflictError",
    "DataError",
    "Determination",
    "Evidence",
    "InputError",
    "KnowledgeBase",
    "MatchStatus",
    "NotFoundError",
    "Outcome",
    "PermissionDeniedError",
    "Procurement",
    "RowError",
    "RuleError",
    "Runtime",
    "RuntimeHolder",
    "ScreenResult",
    "Section889Error",
    "Settings",
    "Source",
    "TransitionError",
    "UpdatePackError",
    "__version__",
    "decide",
    "default_runtime",
    "load_directory",
    "reload",
    "screen_inventory",
    "screen_name",
    "screen_names",
]

if TYPE_CHECKING:
    from section889.errors import (
        ConflictError,
        DataError,
        InputError,
        NotFoundError,
        PermissionDeniedError,
        RowError,
        RuleError,
        Section889Error,
        TransitionError,
        UpdatePackError,
    )
    from section889.facade import (
        decide,
        default_runtime,
        reload,
        screen_inventory,
        screen_name,
        screen_names,
    )
    from section889.knowledge import KnowledgeBase, load_directory
    from section889.matching import Evidence, MatchStatus, ScreenResult
    from section889.readers.source import Source
    from section889.rules.determination import Determination, Outcome
    from section889.rules.inputs import Procurement
    from section889.services.runtime import Runtime, RuntimeHolder
    from section889.settings import Settings


__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
