"""Asset exports whose header set changes what a column means (NetBox, ServiceNow, SCCM).

Most exports are read with the generic aliases of `headers.ASSET_HEADERS`. A few products use a
common word differently, so the whole header decides: NetBox's device list heads the model
column `Type` (its device type), while in Lansweeper or a CMDB `Type` is the kind of asset; a
ServiceNow CMDB names the model `Model ID`; an SCCM query keeps the `0` of its view columns
(`Model0`). `asset_headers(header)` returns the export's name and the field → aliases table to
read it with. Where each product's spelling comes from: tests/fixtures/SOURCES.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from section889.readers.columns import header_key
from section889.readers.inventory.headers import ASSET_HEADERS

Aliases = Mapping[str, tuple[str, ...]]


@dataclass(frozen=True, slots=True)
class ExportProfile:
    """A product's export: how to recognise its header, and the aliases that differ for it."""

    name: str
    recognise: Callable[[frozenset[str]], bool]
    """Given the set of normalised header keys, whether this is the product's export."""
    aliases: Aliases
    """Field → aliases that replace the generic ones for this export."""


def _netbox(keys: frozenset[str]) -> bool:
    # NetBox's device table: `Type` beside `Manufacturer`, `Role` and `Site` (its default columns).
    return {"type", "manufacturer", "role", "site"} <= keys


def _servicenow(keys: frozenset[str]) -> bool:
    # The CMDB's reference to cmdb_model; no other export names a column so.
    return "modelid" in keys or {"sysid", "sysclassname"} <= keys


def _sccm(keys: frozenset[str]) -> bool:
    # Configuration Manager views suffix every column with 0 (`Name0`, `MAC_Addresses0`).
    suffixed = [k for k in keys if len(k) > 2 and k.endswith("0") and k[-2].isalpha()]
    return len(suffixed) >= 2 and len(suffixed) * 2 >= len(keys)


PROFILES: tuple[ExportProfile, ...] = (
    ExportProfile(
        "netbox",
        _netbox,
        {
            "model": ("type", "devicetype", "model"),
            "device_type": ("role", "devicerole"),
            "os": ("platform",),
            "ip": ("ipaddress", "primaryip", "ipv4address", "primaryipv4", "ipv6address"),
            "site": ("site", "location"),
            "description": ("description", "comments"),
        },
    ),
    ExportProfile(
        "servicenow",
        _servicenow,
        {
            "model": ("modelid", "model"),
            "part_number": ("modelnumber", "partnumber"),
            "device_type": ("class", "sysclassname", "category"),
            "site": ("location", "site"),
        },
    ),
    ExportProfile("sccm", _sccm, {}),
)
"""Checked in order; the first that recognises the header is used."""


def asset_headers(header: Sequence[str]) -> tuple[str, dict[str, tuple[str, ...]]]:
    """The export's name (`generic` when no product is recognised) and its field → aliases.

    >>> name, table = asset_headers(["Name", "Status", "Site", "Role", "Manufacturer", "Type"])
    >>> name, table["model"][0], table["device_type"]
    ('netbox', 'type', ('role', 'devicerole'))
    >>> asset_headers(["Name", "Type", "Manufacturer", "Model"])[1]["device_type"][1]
    'type'
    """
    keys = frozenset(header_key(h) for h in header)
    for profile in PROFILES:
        if profile.recognise(keys):
            table = {
                field: profile.aliases.get(field, aliases)
                for field, aliases in ASSET_HEADERS.items()
            }
            if profile.name == "sccm":
                table = {
                    field: tuple(a + "0" for a in aliases) + aliases
                    for field, aliases in table.items()
                }
            return profile.name, table
    return "generic", dict(ASSET_HEADERS)
