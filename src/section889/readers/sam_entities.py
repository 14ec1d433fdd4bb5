"""Read SAM Entity Management API v3 JSON (a response, a list, one record, or JSON lines)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

from section889.errors import InputError
from section889.readers.jsonl import json_lines
from section889.readers.source import SourceLike, as_source
from section889.sam.entity import SamEntity, json_kind, sam_entity_from_json

MAX_BYTES = 200 * 1024 * 1024
"""Largest SAM JSON input `read_sam_entities` reads (200 MB)."""


def read_sam_entities(source: SourceLike, *, as_of: dt.date | None = None) -> list[SamEntity]:
    """Every entity in a SAM JSON file or upload.

    Accepts one API response `{"entityData": [...]}`, a list of entity records (or of
    responses), one entity record, or JSON lines (one record or response per line). Inputs over
    200 MB are refused. Errors name the file and the field path, e.g.
    `entityData[2].entityRegistration.ueiSAM`.
    """
    src = as_source(source)
    where = src.name
    if src.path is not None and src.path.is_dir():
        raise InputError("is a directory; give a SAM JSON file", path=where)
    size = src.size
    if size > MAX_BYTES:
        raise InputError(
            f"file is {size / 1e6:.0f} MB; the limit for SAM JSON is {MAX_BYTES // 2**20} MB"
            " (split it, or use the bulk extract and `section889 sam snapshot`)",
            path=where,
        )
    try:
        with src.open() as handle:
            text = handle.read().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", path=where) from None
    if not text.strip():
        raise InputError("file is empty; expected SAM Entity API JSON", path=where)
    name = Path(src.name).name
    entities: list[SamEntity] = []
    for value, prefix in _documents(text, where):
        for record, record_where in _records(value, prefix, where):
            entities.append(sam_entity_from_json(record, record_where, as_of=as_of, source=name))
    return entities


def _documents(text: str, where: str) -> Iterator[tuple[object, str]]:
    """One JSON document, or JSON lines; yields (value, path prefix)."""
    try:
        yield json.loads(text), ""
        return
    except json.JSONDecodeError as whole:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2 or not lines[0].lstrip().startswith("{"):
            raise InputError(
                f"not valid JSON: {whole.msg} at line {whole.lineno}, column {whole.colno}",
                path=where,
            ) from None
    for number, value in json_lines(text.splitlines(), where=where):
        yield value, f"line {number}: "


def _records(value: object, prefix: str, where: str) -> Iterator[tuple[dict[str, object], str]]:
    if isinstance(value, dict) and "entityData" in value:
        data = value["entityData"]
        if not isinstance(data, list):
            raise InputError(
                f"{prefix}entityData: expected a list, found {json_kind(data)}", path=where
            )
        for i, item in enumerate(data):
            yield _object(item, f"{prefix}entityData[{i}]", where), f"{prefix}entityData[{i}]"
    elif isinstance(value, dict):
        yield value, f"{prefix}entityData[0]" if not prefix else prefix.removesuffix(": ")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict) and "entityData" in item:
                yield from _records(item, f"{prefix}[{i}].", where)
            else:
                yield _object(item, f"{prefix}[{i}]", where), f"{prefix}[{i}]"
    else:
        raise InputError(
            f"{prefix}expected a SAM Entity API response, entity record or list; found "
            f"{json_kind(value)}",
            path=where,
        )


def _object(value: object, where_in: str, where: str) -> dict[str, object]:
    if not isinstance(value, dict):
        raise InputError(
            f"{where_in}: expected an entity object, found {json_kind(value)}", path=where
        )
    return value
