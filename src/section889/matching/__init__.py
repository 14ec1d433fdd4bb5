"""Name matching against the knowledge base: normalise, find candidates in an index, score, explain.

Pure: a Matcher is built from a KnowledgeBase value and screens names; it reads no files.
"""

from typing import TYPE_CHECKING

from section889.lazy import lazy_exports

_WHERE = {
    "Evidence": "section889.matching.result",
    "MatchStatus": "section889.matching.result",
    "Matcher": "section889.matching.matcher",
    "STATUS_RANK": "section889.matching.result",
    "ScreenResult": "section889.matching.result",
}

__all__ = [
    "STATUS_RANK",
    "Evidence",
    "MatchStatus",
    "Matcher",
    "ScreenResult",
]

if TYPE_CHECKING:
    from section889.matching.matcher import Matcher
    from section889.matching.result import STATUS_RANK, Evidence, MatchStatus, ScreenResult

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
