"""CycloneDX BOMs (1.4–1.6, hardware or software), JSON or XML: one DeviceRecord per component.

Parsed as plain JSON or XML (the `cyclonedx-python-lib` model is stricter than real-world BOMs
and pulls in several dependencies). A JSON document must say `bomFormat: CycloneDX` and a
`specVersion` of 1.x; an XML one must have a `<bom>` root in a CycloneDX 1.x namespace
(`http://cyclonedx.org/schema/bom/1.6`), and is parsed with defusedxml (entity declarations and
external references refused). The XML is read into the JSON document's shape, so both give the
same records. Components nested in `components[].components` are read too, depth first; the row
is the component's 1-based position in that order.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import defusedxml
import defusedxml.ElementTree as SafeET

from section889.devices.models import DeviceRecord
from section889.errors import InputError
from section889.readers.inventory.nmap import check_size
from section889.readers.inventory.results import WarningLog
from section889.readers.inventory.values import clean_mac, parse_date

MAX_BYTES = 100 * 1024 * 1024
"""Largest CycloneDX JSON or XML file read (100 MiB)."""
NAMESPACE = re.compile(r"^\{http://cyclonedx\.org/schema/bom/(1\.\d+)\}bom$")
"""The root element of a CycloneDX XML BOM; the namespace carries the spec version."""
_ENTITY_FIELDS = frozenset({"supplier", "manufacturer", "manufacture"})
_TEXT_FIELDS = ("author", "publisher", "group", "name", "version", "description", "cpe", "purl")

SERIAL_PROPERTIES = frozenset({"serial", "serialnumber", "cdx:device:serialnumber", "cdx:serial"})
MAC_PROPERTIES = frozenset({"mac", "macaddress", "cdx:device:macaddress"})
"""Component property names (lower-case) read as a serial number or MAC address."""


def read_cyclonedx(path: Path, log: WarningLog) -> list[DeviceRecord]:
    """The BOM's components as records (manufacturer, model, supplier, CPE, purl, serial)."""
    check_size(path, MAX_BYTES, "CycloneDX")
    with path.open("rb") as handle:
        head = handle.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    document = _xml_document(path) if head.startswith(b"<") else _json_document(path)
    if not isinstance(document, dict) or document.get("bomFormat") != "CycloneDX":
        raise InputError('is JSON but not a CycloneDX BOM (no "bomFormat": "CycloneDX")', path=path)
    version = str(document.get("specVersion", ""))
    if not version.startswith("1."):
        raise InputError(f"has CycloneDX specVersion {version!r}; 1.x is read", path=path)
    records = []
    for row, component in enumerate(_components(document.get("components")), start=1):
        record = _record(path, row, component, log)
        if record is not None:
            records.append(record)
    return records


def _json_document(path: Path) -> object:
    try:
        with path.open("rb") as handle:
            return json.load(handle)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"line {exc.lineno}, column {exc.colno}: malformed or truncated JSON ({exc.msg})",
            path=path,
        ) from None
    except UnicodeDecodeError:
        raise InputError("is not UTF-8 JSON", path=path) from None


def _xml_document(path: Path) -> dict[str, Any]:
    """The XML BOM in the shape of the JSON one (`bomFormat`, `specVersion`, `components`)."""
    try:
        root = SafeET.parse(str(path)).getroot()
    except defusedxml.DefusedXmlException as exc:
        raise InputError(
            f"declares XML entities or external references, which are refused ({exc})", path=path
        ) from None
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            f"line {line}, column {column}: malformed or truncated XML ({exc.msg})", path=path
        ) from None
    if root is None:
        raise InputError("is XML with no root element, not a CycloneDX BOM", path=path)
    match = NAMESPACE.match(root.tag)
    if match is None:
        raise InputError(
            f"is XML with root <{root.tag}>, not a CycloneDX BOM "
            '(<bom xmlns="http://cyclonedx.org/schema/bom/1.x">)',
            path=path,
        )
    namespace = root.tag[: -len("bom")]
    return {
        "bomFormat": "CycloneDX",
        "specVersion": match.group(1),
        "components": _xml_components(root.find(f"{namespace}components"), namespace),
    }


def _xml_components(parent: ET.Element | None, ns: str) -> list[dict[str, Any]]:
    if parent is None:
        return []
    found = []
    for element in parent.findall(f"{ns}component"):
        component: dict[str, Any] = {"type": element.get("type", "")}
        for child in element:
            tag = child.tag[len(ns) :] if child.tag.startswith(ns) else child.tag
            if tag in _ENTITY_FIELDS:
                component[tag] = {"name": child.findtext(f"{ns}name") or ""}
            elif tag in _TEXT_FIELDS:
                component[tag] = child.text or ""
            elif tag == "properties":
                component["properties"] = [
                    {"name": p.get("name", ""), "value": p.text or ""}
                    for p in child.findall(f"{ns}property")
                ]
            elif tag == "components":
                component["components"] = _xml_components(child, ns)
        found.append(component)
    return found


def _components(items: object) -> Iterator[dict[str, Any]]:
    if not isinstance(items, list):
        return
    for item in items:
        if isinstance(item, dict):
            yield item
            yield from _components(item.get("components"))


def _record(
    path: Path, row: int, component: dict[str, Any], log: WarningLog
) -> DeviceRecord | None:
    manufacturer = _name(component.get("manufacturer")) or _name(component.get("manufacture"))
    supplier = _name(component.get("supplier"))
    publisher = _text(component.get("publisher"))
    values: dict[str, Any] = {
        "manufacturer": manufacturer or publisher or _text(component.get("author")),
        "supplier": supplier,
        "model": _text(component.get("name")),
        "description": _text(component.get("description")),
        "device_type": _text(component.get("type")),
        "cpes": tuple(c for c in (_text(component.get("cpe")),) if c),
        "purls": tuple(p for p in (_text(component.get("purl")),) if p),
    }
    if values["device_type"] in ("firmware", "operating-system"):
        # The version matters only for firmware and operating systems (`VRP V200R010C00`).
        values["os"] = " ".join(v for v in (values["model"], _text(component.get("version"))) if v)
    for prop in component.get("properties") or ():
        if not isinstance(prop, dict):
            continue
        name, value = _text(prop.get("name")).lower(), _text(prop.get("value"))
        if name in SERIAL_PROPERTIES and value:
            values["serial"] = value
        elif name in MAC_PROPERTIES and value:
            try:
                values["mac"] = clean_mac(value)
            except ValueError as exc:
                log.add(row, "mac", str(exc))
        elif name == "cdx:device:manufacturedate" and value:
            try:
                values["produced"] = parse_date(value)
            except ValueError as exc:
                log.add(row, "produced", str(exc))
    if not any(values.values()):
        return None
    return DeviceRecord(source=str(path), row=row, format="cyclonedx", **values)


def _name(value: object) -> str:
    """An organizational entity's name (`{"name": …}`), or a plain string (older HBOM drafts)."""
    if isinstance(value, dict):
        return _text(value.get("name"))
    return _text(value)


def _text(value: object) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""
