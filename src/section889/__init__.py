"""section889: Section 889 (FY2019 NDAA) compliance — screen, decide, exempt, analyse.

The public Python API is listed once, here, in ``__all__``.
"""

from section889.errors import DataError, InputError, RowError, Section889Error, UpdatePackError
from section889.matching import Evidence, MatchStatus, ScreenResult
from section889.services.screening import screen_name, screen_names

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Evidence",
    "InputError",
    "MatchStatus",
    "RowError",
    "ScreenResult",
    "Section889Error",
    "UpdatePackError",
    "__version__",
    "screen_name",
    "screen_names",
]
