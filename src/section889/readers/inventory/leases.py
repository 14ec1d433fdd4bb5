"""Address tables that tie a MAC to an IP (and a host name): ISC dhcpd leases, `ip neigh`, `arp -a`.

* dhcpd.leases: one record per leased IP, from the file's last `lease` block for it (the file is
  a journal, later blocks supersede earlier ones); row = the line of that `lease` statement.
* `ip neigh` / `arp -a` (Linux, BSD, macOS and Windows forms): one record per line with a MAC;
  incomplete and FAILED entries and group (broadcast, multicast) MACs are skipped.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from section889.devices.models import DeviceRecord
from section889.readers.inventory.results import WarningLog
from section889.readers.inventory.values import clean_ip, clean_mac

LEASE_START = re.compile(r"^\s*lease\s+(?P<ip>[0-9A-Fa-f.:]+)\s*\{")
_HARDWARE = re.compile(r"^\s*hardware\s+ethernet\s+(?P<mac>[^;\s]+)\s*;")
_HOSTNAME = re.compile(r'^\s*client-hostname\s+"(?P<name>[^"]*)"\s*;')
_VENDOR_CLASS = re.compile(r'^\s*set\s+vendor-class-identifier\s*=\s*"(?P<value>[^"]*)"\s*;')

NEIGH = re.compile(r"^(?P<ip>\S+)\s+dev\s+\S+(?:\s+lladdr\s+(?P<mac>\S+))?")
ARP_UNIX = re.compile(r"^(?P<name>\S+)\s+\((?P<ip>[^)]+)\)\s+at\s+(?P<mac>\S+)")
ARP_WINDOWS = re.compile(
    r"^\s*(?P<ip>\d{1,3}(?:\.\d{1,3}){3})\s+(?P<mac>[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5})\s+"
    r"(?:dynamic|static)\s*$",
    re.IGNORECASE,
)


def read_dhcpd(path: Path, log: WarningLog, *, encoding: str = "utf-8") -> list[DeviceRecord]:
    """The last lease of each IP: MAC, IP, client host name, DHCP vendor class as a banner."""
    latest: dict[str, tuple[int, dict[str, Any]]] = {}
    block: dict[str, Any] | None = None
    start = 0
    with path.open(encoding=encoding, errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            if match := LEASE_START.match(line):
                start, block = number, {"ip": match.group("ip")}
            elif block is None:
                continue
            elif match := _HARDWARE.match(line):
                block["mac"] = match.group("mac")
            elif match := _HOSTNAME.match(line):
                block["hostname"] = match.group("name").strip()
            elif match := _VENDOR_CLASS.match(line):
                block["banners"] = (match.group("value").strip(),)
            elif line.strip() == "}":
                latest[block["ip"]] = (start, block)
                block = None
    records = []
    for row, values in sorted(latest.values(), key=lambda item: item[0]):
        record = _record(path, row, "dhcpd", values, log)
        if record is not None:
            records.append(record)
    return records


def read_neighbours(path: Path, log: WarningLog, *, encoding: str = "utf-8") -> list[DeviceRecord]:
    """`ip neigh`, `arp -a` and `arp -an` output: one record per line that has a MAC."""
    records = []
    with path.open(encoding=encoding, errors="replace") as handle:
        for number, line in enumerate(handle, start=1):
            values = _neighbour(line)
            if values is None or _is_group(values["mac"]):
                continue
            record = _record(path, number, "neigh", values, log)
            if record is not None:
                records.append(record)
    return records


def looks_like_neighbours(lines: list[str]) -> bool:
    """Whether most non-blank lines are `ip neigh` or `arp -a` lines."""
    useful = [line for line in lines if line.strip() and not _is_header(line)]
    hits = sum(1 for line in useful if _neighbour(line, strict=False) is not None)
    return bool(useful) and hits * 2 >= len(useful)


def _neighbour(line: str, *, strict: bool = True) -> dict[str, Any] | None:
    if match := ARP_UNIX.match(line):
        values = {"ip": match.group("ip"), "mac": match.group("mac")}
        if match.group("name") != "?":
            values["hostname"] = match.group("name")
    elif match := NEIGH.match(line) or ARP_WINDOWS.match(line):
        values = {"ip": match.group("ip"), "mac": match.group("mac") or ""}
    else:
        return None
    if strict and (not values["mac"] or values["mac"].startswith(("<", "("))):
        return None  # `<incomplete>`, `(incomplete)`, FAILED: no MAC to read
    return values


def _is_header(line: str) -> bool:
    text = line.strip()
    return text.startswith(("Interface:", "Internet Address", "#", "Address "))


def _is_group(mac: str) -> bool:
    """Broadcast and multicast MACs (the group bit of the first octet) name no device."""
    digits = re.sub(r"[^0-9A-Fa-f]", "", mac)
    return len(digits) == 12 and int(digits[:2], 16) & 1 == 1


def _record(
    path: Path, row: int, fmt: str, values: dict[str, Any], log: WarningLog
) -> DeviceRecord | None:
    cleaned: dict[str, Any] = {}
    for name, clean in (("mac", clean_mac), ("ip", clean_ip)):
        if values.get(name):
            try:
                cleaned[name] = clean(values[name])
            except ValueError as exc:
                log.add(row, name, f"{exc}; the entry is kept without it")
    for name in ("hostname", "banners"):
        if values.get(name):
            cleaned[name] = values[name]
    if not cleaned:
        return None
    return DeviceRecord(source=str(path), row=row, format=fmt, **cleaned)
