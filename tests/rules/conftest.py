"""The rules tests decide with the shipped knowledge base and packs (`shipped_runtime`)."""

from __future__ import annotations

import pytest

from section889.services.determinations import Decider
from section889.services.runtime import Runtime


@pytest.fixture
def decider(shipped_runtime: Runtime) -> Decider:
    """A fresh batch over the shared shipped runtime."""
    return Decider(shipped_runtime)
