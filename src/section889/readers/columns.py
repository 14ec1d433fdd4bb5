"""Find the vendor-name and identifier columns of a list; tell UEIs from CAGEs, LEIs, tickers."""

from __future__ import annotations

import re
from collections.abc import Sequence

NAME_HEADERS = (
    # specific headers first: a sheet with `vendor_name` and a contact's `name` means the vendor
    "vendorname",
    "suppliername",
    "recipientname",
    "legalbusinessname",
    "ueilegalbusinessname",
    "vendorlegalorganizationname",
    "companyname",
    "organizationname",
    "organisationname",
    "entityname",
    "businessname",
    "awardeename",
    "contractorname",
    "firmname",
    "name",
    "vendor",
    "supplier",
    "company",
    "organization",
    "organisation",
    "awardee",
    "contractor",
    "recipient",
    "entity",
    "firm",
)
"""Normalised headers (lower case; no spaces, underscores, hyphens, dots) taken as the name."""

ID_HEADERS: dict[str, tuple[str, ...]] = {
    "uei": ("uei", "ueisam", "samuei", "uniqueentityid", "uniqueentityidentifier"),
    "cage": ("cage", "cagecode", "cagencage"),
    "lei": ("lei", "leicode", "legalentityidentifier"),
    "ticker": ("ticker", "tickersymbol", "stockticker", "stocksymbol"),
}
"""Normalised headers picked up as identifier columns unasked (see `find_id_columns`)."""

ID_SUFFIXES: dict[str, tuple[str, ...]] = {
    "uei": ("uei", "ueisam"),
    "cage": ("cagecode", "cage"),
    "lei": ("lei",),
    "ticker": ("ticker",),
}
"""Prefixed forms such as `recipient_uei` or `vendorCageCode` are accepted too."""

NULL_VALUES = frozenset({"", "NULL", "NONE", "N/A", "NA", "-", "NAN"})
"""Identifier cells that mean "no value" in exports (SAM writes `null`)."""

_SEPARATORS = re.compile(r"[\s_\-.]+")


def header_key(header: str) -> str:
    """Compare headers case-, space- and underscore-blind: `Vendor Name` ~ `vendor_name`."""
    return _SEPARATORS.sub("", header.strip().lstrip("\ufeff")).casefold()


def find_name_column(header: Sequence[str], wanted: str | None = None) -> int | None:
    """Index of the name column: `wanted` when given (exact, then blind), else a common header."""
    keys = [header_key(h) for h in header]
    if wanted is not None:
        if wanted in header:
            return list(header).index(wanted)
        key = header_key(wanted)
        return keys.index(key) if key in keys else None
    for candidate in NAME_HEADERS:
        if candidate in keys:
            return keys.index(candidate)
    return None


def find_column(header: Sequence[str], wanted: str) -> int | None:
    """Index of a column named `wanted`, exactly or case/space/underscore-blind."""
    if wanted in header:
        return list(header).index(wanted)
    keys = [header_key(h) for h in header]
    key = header_key(wanted)
    return keys.index(key) if key in keys else None


def find_id_columns(
    header: Sequence[str], skip: set[int] | frozenset[int] = frozenset()
) -> dict[str, int]:
    """Identifier columns by scheme (first match per scheme), e.g. `{"uei": 3, "cage": 4}`.

    A parent's identifier (`recipient_parent_uei`) is another company's, so it is never picked up.

    >>> find_id_columns(["recipient_uei", "recipient_parent_uei", "cage_code", "name"])
    {'uei': 0, 'cage': 2}
    """
    found: dict[str, int] = {}
    for index, raw in enumerate(header):
        if index in skip:
            continue
        key = header_key(raw)
        if "parent" in key:
            continue
        for scheme, names in ID_HEADERS.items():
            if scheme in found:
                continue
            if key in names or key.endswith(ID_SUFFIXES[scheme]):
                found[scheme] = index
                break
    return found


def identifier_scheme(value: str) -> str:
    """Scheme of an identifier value: UEI, CAGE, LEI by shape, anything else is taken as a ticker.

    >>> [identifier_scheme(v) for v in ("J8CPXM4ELEB2", "3CMK8", "5493001KJTIIGC8Y1R12", "002415")]
    ['uei', 'cage', 'lei', 'ticker']
    """
    if value.isascii() and value.isalnum():
        size = len(value)
        if size == 12 and value[0] != "0":
            return "uei"
        if size == 5:
            return "cage"
        if size == 20:
            return "lei"
    return "ticker"


def clean_identifier(value: object) -> str | None:
    """An identifier cell as upper-case text, or None when it is empty or a null marker."""
    if value.__class__ is str:  # the common case first: CSV cells are always text
        text = value.strip().upper()
        return None if text in NULL_VALUES else text
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a CAGE like 26993 typed into Excel comes back as a number
    text = str(value).strip().upper()
    return None if text in NULL_VALUES else text
