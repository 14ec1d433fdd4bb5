"""Read procurement inputs: a YAML or JSON file holds one, a .jsonl file one per line."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import yaml

from section889.errors import InputError
from section889.readers.jsonl import json_lines
from section889.readers.source import SourceLike, as_source
from section889.rules.inputs import Procurement, parse_procurement

MANY_SUFFIXES = (".jsonl",)
"""Inputs that hold one procurement per line."""


def holds_many(source: SourceLike) -> bool:
    """Whether the input is JSON lines (many procurements) rather than one YAML/JSON document."""
    return as_source(source).suffix in MANY_SUFFIXES


def read_procurements(source: SourceLike) -> Iterator[Procurement]:
    """Every procurement of a file or upload, checked (errors name the file, line and field).

    JSON lines are read lazily, so a long file never sits in memory.
    """
    src = as_source(source)
    if holds_many(src):
        with src.open() as raw:
            lines = io.TextIOWrapper(raw, encoding="utf-8", errors="strict")
            try:
                for number, data in json_lines(lines, where=src.name):
                    yield parse_procurement(data, where=f"{src.name}:{number}")
            except UnicodeDecodeError as exc:
                raise InputError(f"not UTF-8 text (byte {exc.start})", path=src.name) from None
        return
    with src.open() as raw:
        content = raw.read()
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=src.name) from None
    try:
        data = json.loads(text) if src.suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"cannot parse: {exc}", path=src.name) from None
    yield parse_procurement(data, where=src.name)
