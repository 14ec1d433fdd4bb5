"""net-snmp walk output (`snmpwalk -v2c -c … HOST system`, numeric or symbolic OIDs).

One file may hold several hosts. A host starts at (1) a marker line `# host: NAME`,
`# host NAME` or `host: NAME` (NAME an IP address or a host name), or (2) a second `sysDescr.0`
or `sysObjectID.0` in the same block. A file read from a folder and holding no marker takes its
stem as the host (`10.0.0.1.txt` → ip 10.0.0.1, `core-sw1.txt` → hostname core-sw1).
The row is the line where the host's block starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from section889.devices.models import DeviceRecord
from section889.readers.inventory.results import WarningLog
from section889.readers.inventory.values import clean_ip, clean_mac

LINE = re.compile(
    r"^(?P<oid>(?:\.?1\.3\.6\.1|iso\.3\.6\.1|[A-Za-z][\w-]*::[\w-]+)[\w.-]*)\s+=\s?(?P<rest>.*)$"
)
"""One varbind: `OID = TYPE: value` (the value may continue on the next lines)."""
MARKER = re.compile(r"^\s*(?:#\s*host\s*:?|host\s*:)\s*(?P<name>\S+)\s*$", re.IGNORECASE)

_PREFIXES = (
    ("SNMPv2-SMI::enterprises.", "1.3.6.1.4.1."),
    ("SNMPv2-SMI::mib-2.", "1.3.6.1.2.1."),
    ("iso.", "1."),
)

OBJECTS = {
    "1.3.6.1.2.1.1.1": "sysDescr",
    "1.3.6.1.2.1.1.2": "sysObjectID",
    "1.3.6.1.2.1.1.5": "sysName",
    "1.3.6.1.2.1.1.6": "sysLocation",
    "1.3.6.1.2.1.2.2.1.6": "ifPhysAddress",
    "1.3.6.1.2.1.47.1.1.1.1.11": "entPhysicalSerialNum",
    "1.3.6.1.2.1.47.1.1.1.1.12": "entPhysicalMfgName",
    "1.3.6.1.2.1.47.1.1.1.1.13": "entPhysicalModelName",
}
"""Numeric OIDs (without the instance) of the objects read, by their MIB name."""

_FIELDS = {
    "sysDescr": "sys_descr",
    "sysObjectID": "sys_object_id",
    "sysName": "hostname",
    "sysLocation": "site",
    "ifPhysAddress": "mac",
    "entPhysicalSerialNum": "serial",
    "entPhysicalMfgName": "manufacturer",
    "entPhysicalModelName": "model",
}
_NEW_HOST = frozenset({"sysDescr", "sysObjectID"})
_EMPTY = ("No Such Object", "No Such Instance", "No more variables")


@dataclass(slots=True)
class _Host:
    line: int
    name: str = ""
    values: dict[str, str] = field(default_factory=dict)


def read_snmpwalk(
    path: Path, log: WarningLog, *, host_hint: str = "", encoding: str = "utf-8"
) -> list[DeviceRecord]:
    """Each host's system group (and first serial, model, MAC) as one record."""
    hosts: list[_Host] = []
    current: _Host | None = None
    pending: tuple[str, list[str]] | None = None  # (object name, value lines) being read

    def finish_value() -> None:
        nonlocal pending
        if pending is not None and current is not None:
            name, lines = pending
            value = _value(" ".join(lines))
            if value and name not in current.values:
                current.values[name] = value
        pending = None

    with path.open(encoding=encoding, errors="replace") as handle:
        for number, raw in enumerate(handle, start=1):
            line = raw.rstrip("\r\n")
            if marker := MARKER.match(line):
                finish_value()
                current = _Host(number, marker.group("name"))
                hosts.append(current)
                continue
            match = LINE.match(line)
            if match is None:
                if pending is not None and line.strip():
                    pending[1].append(line.strip())
                continue
            finish_value()
            name = _object(match.group("oid"))
            if current is None or (name in _NEW_HOST and name in current.values):
                current = _Host(number)
                hosts.append(current)
            if name:
                pending = (name, [match.group("rest")])
        finish_value()
    if len(hosts) == 1 and not hosts[0].name:
        hosts[0].name = host_hint
    records = []
    for host in hosts:
        record = _record(path, host, log)
        if record is not None:
            records.append(record)
    return records


def normalise_oid(oid: str) -> str:
    """`SNMPv2-SMI::enterprises.2011.2.23.96` or `.1.3.6.1.4.1.2011.2.23.96` → `1.3.6.1.4.1.2011.2.23.96`."""
    text = oid.strip().lstrip(".")
    for prefix, numeric in _PREFIXES:
        if text.startswith(prefix):
            return numeric + text[len(prefix) :]
    return text


def _object(oid: str) -> str:
    """The MIB object name of a varbind's OID when it is one we read, else ``""``."""
    if "::" in oid and not oid.startswith("SNMPv2-SMI::"):
        name = oid.split("::", 1)[1].split(".", 1)[0]
        return name if name in _FIELDS else ""
    numeric = normalise_oid(oid)
    base = numeric.rsplit(".", 1)[0]
    return OBJECTS.get(base, "")


def _value(rest: str) -> str:
    """The value after `TYPE:`; quotes removed; `OID:` values made numeric."""
    text = rest.strip()
    if any(text.startswith(marker) for marker in _EMPTY):
        return ""
    kind, _, value = text.partition(":") if ":" in text.split(" ", 1)[0] else ("", "", text)
    value = value.strip()
    if len(value) >= 2 and value[0] == '"' and value[-1] == '"':
        value = value[1:-1]
    value = " ".join(value.split())
    if kind.upper() == "OID":
        return normalise_oid(value)
    return value


def _record(path: Path, host: _Host, log: WarningLog) -> DeviceRecord | None:
    values: dict[str, Any] = {}
    for name, value in host.values.items():
        field_name = _FIELDS[name]
        if field_name == "mac":
            try:
                values["mac"] = clean_mac(value.replace(" ", ":") if " " in value else value)
            except ValueError as exc:
                log.add(host.line, "mac", f"ifPhysAddress: {exc}")
            continue
        values[field_name] = value
    if host.name:
        try:
            values["ip"] = clean_ip(host.name)
        except ValueError:
            values.setdefault("hostname", host.name)
    if not values:
        return None
    return DeviceRecord(source=str(path), row=host.line, format="snmpwalk", **values)
