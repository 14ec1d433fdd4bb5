"""One identifier over the shipped knowledge base for every device test."""

from __future__ import annotations

import pytest

from section889.devices.identify import DeviceIdentifier
from section889.knowledge import load_directory
from section889.matching import Matcher


@pytest.fixture(scope="session")
def identifier() -> DeviceIdentifier:
    kb = load_directory()
    return DeviceIdentifier(kb, Matcher(kb))
