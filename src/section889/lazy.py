"""Package exports resolved on first use (PEP 562), so importing a package costs nothing until a
name is used — `section889 --help` and a Spark worker needing one module load only what they use.

    __getattr__, __dir__ = lazy_exports(__name__, {"Matcher": "section889.matching.matcher", …})
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any


def lazy_exports(
    package: str, where: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for `package`, resolving each name from the module `where` says."""

    def resolve(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(module), name)
        setattr(sys.modules[package], name, value)
        return value

    def names() -> list[str]:
        return sorted(where)

    return resolve, names
