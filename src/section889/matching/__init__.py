"""Name matching against the knowledge base: normalise, find candidates in an index, score, explain.

Pure: a Matcher is built from a KnowledgeBase value and screens names; it reads no files.
"""

from section889.matching.matcher import Matcher
from section889.matching.result import STATUS_RANK, Evidence, MatchStatus, ScreenResult

__all__ = ["STATUS_RANK", "Evidence", "MatchStatus", "Matcher", "ScreenResult"]
