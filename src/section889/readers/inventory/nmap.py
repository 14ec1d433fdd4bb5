"""nmap XML (`nmap -oX`): one DeviceRecord per host that is up.

Parsed with defusedxml, streaming host by host: entity declarations (billion laughs, external
entities) are refused, and files over `MAX_BYTES` are refused before parsing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from section889.devices.models import DeviceRecord
from section889.errors import InputError
from section889.readers.inventory.results import WarningLog
from section889.readers.inventory.values import clean_ip, clean_mac

MAX_BYTES = 200 * 1024 * 1024
"""Largest nmap XML file read (200 MiB); split bigger scans with `--exclude`/per-subnet runs."""

BANNER_SCRIPTS = frozenset({"http-server-header", "banner", "http-title", "rtsp-methods"})
"""NSE scripts whose output is kept as banner evidence."""


def read_nmap(path: Path, log: WarningLog) -> list[DeviceRecord]:
    """Every host with `status state="up"` (or no status) becomes a record; row = host index."""
    check_size(path, MAX_BYTES, "nmap XML")
    records = []
    for index, host in _hosts(path):
        status = host.find("status")
        if status is not None and status.get("state") == "down":
            continue
        record = _host_record(path, index, host, log)
        if record is not None:
            records.append(record)
    return records


def check_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file larger than `limit` bytes before parsing it."""
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"is {size / 2**20:,.0f} MiB; {what} files over {limit // 2**20} MiB are not read "
            "(split the input)",
            path=path,
        )


def _hosts(path: Path) -> Iterator[tuple[int, ET.Element]]:
    index = 0
    root_seen = False
    try:
        events: Any = SafeET.iterparse(str(path), events=("start", "end"), forbid_dtd=False)
        for event, element in events:
            if event == "start":
                if not root_seen:
                    root_seen = True
                    if element.tag != "nmaprun":
                        raise InputError(
                            f"is XML with root <{element.tag}>, not nmap -oX output (<nmaprun>)",
                            path=path,
                        )
                continue
            if element.tag == "host":
                index += 1
                yield index, element
                element.clear()
    except defusedxml.DefusedXmlException as exc:
        raise InputError(
            f"declares XML entities or external references, which are refused ({exc})", path=path
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"line {line}, column {column}: malformed or truncated XML ({exc.msg})", path=path
        ) from None


def _host_record(path: Path, index: int, host: ET.Element, log: WarningLog) -> DeviceRecord | None:
    values: dict[str, Any] = {}
    for address in host.findall("address"):
        kind, addr = address.get("addrtype", ""), address.get("addr", "")
        if kind == "mac":
            try:
                values["mac"] = clean_mac(addr)
            except ValueError as exc:
                log.add(index, "mac", str(exc))
            if address.get("vendor"):
                values["mac_vendor"] = address.get("vendor", "")
        elif kind in ("ipv4", "ipv6") and ("ip" not in values or kind == "ipv4"):
            try:
                values["ip"] = clean_ip(addr)
            except ValueError as exc:
                log.add(index, "ip", str(exc))
    names = host.findall("hostnames/hostname")
    names.sort(key=lambda element: element.get("type") != "user")
    if names and names[0].get("name"):
        values["hostname"] = names[0].get("name", "")
    banners: list[str] = []
    cpes: list[str] = []
    device_type = ""
    for port in host.findall("ports/port"):
        state = port.find("state")
        if state is not None and state.get("state") not in ("open", "open|filtered"):
            continue
        service = port.find("service")
        if service is not None:
            text = " ".join(
                part
                for part in (
                    service.get("product", ""),
                    service.get("version", ""),
                    _parenthesised(service.get("extrainfo", "")),
                )
                if part
            )
            _add(banners, text)
            device_type = device_type or service.get("devicetype", "")
            for cpe in service.findall("cpe"):
                _add(cpes, (cpe.text or "").strip())
        for script in port.findall("script"):
            if script.get("id") in BANNER_SCRIPTS:
                _add(banners, " ".join(script.get("output", "").split()))
    os_text, os_type = _os(host, cpes)
    values.update(
        banners=tuple(banners),
        cpes=tuple(cpes),
        device_type=device_type or os_type,
        os=os_text,
    )
    if not any(values.values()):
        return None
    return DeviceRecord(source=str(path), row=index, format="nmap", **values)


def _os(host: ET.Element, cpes: list[str]) -> tuple[str, str]:
    """The best OS match, the vendor and family of the most accurate OS classes, their CPEs.

    Only classes at the highest accuracy are kept: nmap lists weaker guesses (other vendors)
    that are not evidence about this host.
    """
    parts: list[str] = []
    matches = host.findall("os/osmatch")
    if matches:
        best = max(matches, key=lambda element: _accuracy(element))
        _add(parts, best.get("name", ""))
    classes = list(host.iter("osclass"))
    os_type = ""
    if classes:
        top = max(_accuracy(element) for element in classes)
        for element in classes:
            if _accuracy(element) != top:
                continue
            family = " ".join(
                v
                for v in (element.get("vendor"), element.get("osfamily"), element.get("osgen"))
                if v
            )
            _add(parts, family)
            os_type = os_type or element.get("type", "")
            for cpe in element.findall("cpe"):
                _add(cpes, (cpe.text or "").strip())
    return "; ".join(parts), os_type


def _accuracy(element: ET.Element) -> int:
    try:
        return int(element.get("accuracy", "0"))
    except ValueError:
        return 0


def _add(items: list[str], value: str) -> None:
    if value and value not in items:
        items.append(value)


def _parenthesised(text: str) -> str:
    return text if not text or text.startswith("(") else f"({text})"
