"""The tabular inventory reader's own cleaning of one cell, for the values SQL does not settle.

SQL keeps, as they are, the cells the reader would keep as they are (trimmed text without odd
whitespace, MACs in the common spellings, canonical IPv4). Every other distinct value is cleaned
here, by the reader's functions, so that a bulk row holds what `screen inventory` would read from
the same cell, with the same warning. (These wrap `row_values` and `fill_model` of
`readers/inventory/tabular.py`: the one definition, used here once per distinct value.)
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from section889.readers.inventory import tabular
from section889.readers.inventory.results import WarningLog

TUPLES = frozenset({"banners", "cpes"})
"""Fields the reader makes a tuple of."""
NO_SPLIT = frozenset({"banners"})
"""Tuple fields a bulk cell holds one element of (an nmap-derived CSV's banner)."""
_AS_TEXT = "hostname"
"""A plain text field: the reader cleans it as text only."""


def clean_cell(field: str, raw: str | None) -> tuple[str | dt.date | tuple[str, ...] | None, str]:
    """What the reader keeps of `raw` in `field` (None: nothing), and its warning ('' if none)."""
    log = WarningLog(Path())
    name = _AS_TEXT if field in NO_SPLIT else field
    values = tabular.row_values([raw], {name: 0}, {}, 0, log)
    message = log.items[0].message if log.items else ""
    value = values.get(name)
    if field in NO_SPLIT and isinstance(value, str):
        return (value,), message
    return value, message


def as_text(field: str, raw: str | None) -> tuple[str | None, str]:
    """`clean_cell` as the text a bulk row stores: a date in ISO form, a tuple field's cell as
    cleaned text (split when read, `elements`)."""
    value, message = clean_cell(_AS_TEXT if field in TUPLES else field, raw)
    if isinstance(value, dt.date):
        return value.isoformat(), message
    return (value if isinstance(value, str) else None), message


def elements(field: str, text: str) -> tuple[str, ...]:
    """The elements of a tuple field as the reader splits the (cleaned) cell `text`."""
    if field in NO_SPLIT:
        return (text,)
    value, _ = clean_cell(field, text)
    return value if isinstance(value, tuple) else ()


def model_from_part(part_number: str) -> str | None:
    """A purchase line's model when it has none: its part number, if that looks like a model."""
    values: dict[str, object] = {"part_number": part_number}
    tabular.fill_model(values)
    model = values.get("model")
    return model if isinstance(model, str) else None
