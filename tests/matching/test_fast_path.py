"""The cheap pre-check that lets most clear names skip normalisation never changes a result."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from section889.knowledge import load_directory
from section889.matching import Matcher
from section889.matching.background import registry_organisations


class _AlwaysFullPath(Matcher):
    def _worth_normalising(self, name: str) -> bool:
        return True


@pytest.fixture(scope="module")
def matchers() -> tuple[Matcher, Matcher]:
    kb = load_directory()
    return Matcher(kb), _AlwaysFullPath(kb)


def _names() -> list[str]:
    orgs = sorted({org for _, org in registry_organisations()})
    rng = random.Random(889)
    sample = rng.sample(orgs, 3000)
    tricky = [
        "Z T E Corp", "Hik Vision Digital", "HUA WEI TECH", "huawei-tech", "ZTE_USA",
        "Huawai Technologies", "Fusion Digital Technology", "h.u.a.w.e.i", "Teltronic S.A.U.",
        "Z GmbH T E", "Hik Co Vision", "h i k vision", "Z T E S.A.", "ZTE", "Acme S.A. de C.V.",
    ]  # fmt: skip
    return sample + tricky


def test_fast_path_agrees_with_full_normalisation(matchers: tuple[Matcher, Matcher]) -> None:
    fast, full = matchers
    day = dt.date(2026, 1, 1)
    for name in _names():
        a, b = fast.screen(name, as_of=day), full.screen(name, as_of=day)
        assert (a.status, a.entity_id, a.matched_name) == (b.status, b.entity_id, b.matched_name), (
            name
        )
