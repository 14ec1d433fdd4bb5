"""Join records that describe the same device into assets.

Two records are one device when they share a key: the same MAC (canonical; randomised, locally
administered, multicast, broadcast and zero MACs join nothing), the same serial number
(normalised; records naming different manufacturers never join on it), or the same IP address at
the same site (an empty site joins only within one input file). Keys chain (union-find): a CMDB
row with a MAC and a serial, an nmap host with that MAC, and a purchase line with that serial are
one asset. The asset id is `A-` + 16 hex digits of the sha256 of the asset's smallest key, so it
does not depend on the order of the inputs; assets keep the order of their first record.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
from collections import defaultdict
from collections.abc import Iterable

from section889.devices.mac import canonical_mac, identifies_device
from section889.devices.models import Asset, DeviceRecord

_NOT_SERIALS = frozenset(
    {"", "NA", "NONE", "NULL", "UNKNOWN", "TBD", "0", "00000000", "123456789", "DEFAULT", "SN"}
)
_SERIAL_NOISE = re.compile(r"[\s\-_.:/]")
_WORD = re.compile(r"[a-z0-9]+")
_GENERIC_MAKER_WORDS = frozenset(
    {
        "the", "hangzhou", "zhejiang", "shenzhen", "shanghai", "beijing", "digital", "technology",
        "technologies", "tech", "co", "ltd", "inc", "corp", "corporation", "company", "limited",
        "communications", "communication", "network", "networks", "group", "international",
    }
)  # fmt: skip
_MIN_SERIAL = 4

ASSET_ID_HEX = 16
"""Hex digits of the sha256 in an asset id: 64 bits, so ten million assets still get distinct
ids (at 40 bits, some thirty pairs among eight million would collide)."""


def mac_key(mac: str) -> str | None:
    """`mac:AA:BB:…` for a MAC that identifies one device, else None."""
    canonical = canonical_mac(mac) if mac else None
    if canonical is None or not identifies_device(canonical):
        return None
    return f"mac:{canonical}"


def serial_value(serial: str) -> str | None:
    """The serial number upper-cased without spaces and dashes; None for placeholders."""
    value = _SERIAL_NOISE.sub("", serial).upper()
    if value in _NOT_SERIALS or len(value) < _MIN_SERIAL or len(set(value)) == 1:
        return None
    return value


def maker_word(manufacturer: str) -> str:
    """The first distinctive word of a manufacturer name (`hikvision` for `Hangzhou Hikvision …`)."""
    for word in _WORD.findall(manufacturer.casefold()):
        if word not in _GENERIC_MAKER_WORDS and len(word) > 1:
            return str(word)
    return ""


def ip_key(record: DeviceRecord) -> str | None:
    """`ip:<site>:<address>` (or `ip::<file>:<address>` without a site) for a usable address."""
    text = record.ip.strip()
    if not text:
        return None
    try:
        address = ipaddress.ip_address(text.split("%")[0])
    except ValueError:
        return None
    if address.is_unspecified or address.is_loopback or address.is_multicast:
        return None
    site = record.site.strip().casefold()
    scope = site if site else f":{record.source}"
    return f"ip:{scope}:{address}"


def merge_records(records: Iterable[DeviceRecord]) -> list[Asset]:
    """Group records into assets by shared MAC, serial or IP-at-site; deterministic ids and order."""
    items = list(records)
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        a, b = find(i), find(j)
        if a != b:
            parent[max(a, b)] = min(a, b)

    keys: list[list[str]] = [[] for _ in items]
    owner: dict[str, int] = {}
    for i, record in enumerate(items):
        for key in (mac_key(record.mac), ip_key(record)):
            if key is not None:
                keys[i].append(key)
    for key, members in _serial_keys(items).items():
        for i in members:
            keys[i].append(key)
    for i, record_keys in enumerate(keys):
        for key in record_keys:
            if key in owner:
                union(owner[key], i)
            else:
                owner[key] = i

    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(items)):
        groups[find(i)].append(i)
    assets: list[Asset] = []
    for root in sorted(groups):
        members = groups[root]
        all_keys = [k for i in members for k in keys[i]]
        smallest = min(all_keys) if all_keys else _record_key(items[members[0]])
        digest = hashlib.sha256(smallest.encode("utf-8")).hexdigest()[:ASSET_ID_HEX]
        assets.append(Asset(f"A-{digest}", tuple(items[i] for i in members)))
    return assets


def _serial_keys(items: list[DeviceRecord]) -> dict[str, list[int]]:
    """`serial:<maker>:<serial>` keys; a record with no maker joins the serial's only maker."""
    by_serial: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for i, record in enumerate(items):
        value = serial_value(record.serial) if record.serial else None
        if value is not None:
            by_serial[value].append((i, maker_word(record.manufacturer)))
    keys: dict[str, list[int]] = defaultdict(list)
    for value, members in by_serial.items():
        makers = sorted({maker for _, maker in members if maker})
        for i, maker in members:
            if maker:
                keys[f"serial:{maker}:{value}"].append(i)
            elif len(makers) <= 1:
                keys[f"serial:{makers[0] if makers else ''}:{value}"].append(i)
    return keys


def _record_key(record: DeviceRecord) -> str:
    return f"record:{record.source}:{record.row}"
