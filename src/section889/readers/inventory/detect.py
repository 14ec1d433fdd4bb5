"""Tell an inventory file's format from its content (never from its extension alone)."""

from __future__ import annotations

import codecs
from pathlib import Path

from section889.errors import InputError
from section889.readers.inventory.leases import LEASE_START, looks_like_neighbours
from section889.readers.inventory.snmpwalk import LINE, MARKER
from section889.readers.sniff import detect_encoding

_LINES_LOOKED_AT = 200
_CYCLONEDX_XML = "cyclonedx.org/schema/bom/"


def detect_format(path: Path, sample: bytes) -> str:
    """`xlsx`, `nmap`, `cyclonedx`, `dhcpd`, `snmpwalk`, `neigh` or `csv`, from the first bytes.

    XML in the CycloneDX namespace is CycloneDX, other XML is taken as nmap, and JSON as
    CycloneDX; their readers then check the root element or `bomFormat` and say so when the file
    is some other XML or JSON. Whether a table is an asset
    export or purchase records is decided from its header afterwards.
    """
    if sample.startswith(b"PK\x03\x04"):
        return "xlsx"
    if sample.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "is an old binary Excel (.xls) file; save it as .xlsx or CSV and try again", path=path
        )
    if not sample.strip():
        raise InputError("is empty", path=path)
    encoding = detect_encoding(path, sample)
    text = sample.decode(encoding, errors="replace").lstrip("\ufeff")
    head = text.lstrip()
    if head.startswith("<"):
        return "cyclonedx" if _CYCLONEDX_XML in head[:4000] else "nmap"
    if head.startswith(("{", "[")):
        return "cyclonedx"
    lines = text.splitlines()[:_LINES_LOOKED_AT]
    if any(LEASE_START.match(line) for line in lines) or "dhcpd.leases" in text[:2000]:
        return "dhcpd"
    content = [line for line in lines if line.strip() and not MARKER.match(line)]
    varbinds = sum(1 for line in content if LINE.match(line))
    if varbinds and varbinds * 2 >= len(content):
        return "snmpwalk"
    if looks_like_neighbours(lines):
        return "neigh"
    return "csv"


def text_encoding(path: Path, sample: bytes) -> str:
    """The encoding to read a text format with (a BOM, UTF-8, else charset-normalizer's guess)."""
    encoding = detect_encoding(path, sample)
    return "utf-8-sig" if encoding == "utf-8" and sample.startswith(codecs.BOM_UTF8) else encoding
