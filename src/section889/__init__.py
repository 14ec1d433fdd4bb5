"""section889: Section 889 (FY2019 NDAA) compliance — screen, decide, exempt, analyse.

The public Python API is listed once, here, in ``__all__``.
"""

from section889.errors import DataError, InputError, PackError, RowError, Section889Error
from section889.matching import Evidence, MatchStatus, ScreenResult
from section889.services.screening import screen_name, screen_names

__version__ = "0.1.0"

__all__ = [
    "DataError",
    "Evidence",
    "InputError",
    "MatchStatus",
    "PackError",
    "RowError",
    "ScreenResult",
    "Section889Error",
    "__version__",
    "screen_name",
    "screen_names",
]
