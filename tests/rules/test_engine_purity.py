"""The determination engine is a function of its inputs: once a decider's context exists (pack,
reference data, producer resolver, SAM facts), deciding opens no file and no database."""

from __future__ import annotations

import builtins
import io
import os
import sqlite3
from typing import Any, NoReturn

import duckdb
import pytest

from section889.rules.cases import CASE_AS_OF, load_cases, shipped_case_files
from section889.rules.inputs import parse_procurement
from section889.services.determinations import Decider

CASES = [case for path in shipped_case_files() for case in load_cases(path)]


def test_deciding_every_shipped_case_reads_no_file_or_database(
    decider: Decider, monkeypatch: pytest.MonkeyPatch
) -> None:
    procurements = [
        (parse_procurement(c.input, where=f"{c.file}#{c.id}"), c.policy, c.as_of or CASE_AS_OF)
        for c in CASES
    ]
    first = [decider.decide(p, policy=pack, as_of=day).to_json() for p, pack, day in procurements]
    opened: list[str] = []

    def refuse(what: str) -> Any:
        def call(*args: object, **kwargs: object) -> NoReturn:
            opened.append(f"{what}{args[:1]}")
            raise AssertionError(f"the engine called {what} while deciding")

        return call

    for target, name in ((builtins, "open"), (io, "open"), (os, "open")):
        monkeypatch.setattr(target, name, refuse(f"{target.__name__}.{name}"))
    monkeypatch.setattr(sqlite3, "connect", refuse("sqlite3.connect"))
    monkeypatch.setattr(duckdb, "connect", refuse("duckdb.connect"))
    again = [decider.decide(p, policy=pack, as_of=day).to_json() for p, pack, day in procurements]
    monkeypatch.undo()
    assert opened == []
    assert again == first
    assert len(again) == len(CASES) > 50
