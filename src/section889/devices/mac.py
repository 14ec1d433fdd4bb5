"""MAC addresses: parse any common spelling, canonicalise, and tell which ones name no maker.

A locally administered address (bit 0x02 of the first octet) is usually set by software —
randomised Wi-Fi addresses, virtual NICs — so its first three octets are no IEEE assignment. The
IEEE has nevertheless assigned a few blocks with the bit set (Huawei's `3A:72:C2`, xFusion's
`2A:0B:B8`); the identifier treats a registered one as its registrant's (`devices/identify.py`).
Such addresses still join no records into one asset (`identifies_device`). Multicast, broadcast
and all-zero addresses identify no device either.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s:.\-]")
_HEX12 = re.compile(r"[0-9A-F]{12}")


def canonical_mac(text: str) -> str | None:
    """`AA:BB:CC:DD:EE:FF` for any of `aa-bb-cc-dd-ee-ff`, `aabb.ccdd.eeff`, `AABBCCDDEEFF`.

    >>> canonical_mac("00e0.fc12.3456")
    '00:E0:FC:12:34:56'
    >>> canonical_mac("not a mac") is None
    True
    """
    digits = _SEPARATORS.sub("", text.strip()).upper()
    if not _HEX12.fullmatch(digits):
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


def mac_digits(mac: str) -> str:
    """The 12 upper-case hex digits of a canonical MAC (`00E0FC123456`)."""
    return mac.replace(":", "")


def is_locally_administered(mac: str) -> bool:
    """Set by software, not assigned by the IEEE (randomised, virtual): the 0x02 bit."""
    return bool(int(mac[:2], 16) & 0x02)


def is_group_or_null(mac: str) -> bool:
    """Multicast or broadcast (the 0x01 bit), or all zeros: names no single device."""
    return bool(int(mac[:2], 16) & 0x01) or mac_digits(mac) == "0" * 12


def identifies_device(mac: str) -> bool:
    """True when the MAC can join records of one device: IEEE-assigned, unicast, not zero."""
    return not (is_locally_administered(mac) or is_group_or_null(mac))


def prefix_text(prefix: str) -> str:
    """An assignment's hex prefix written as a MAC is (`3A72C2` → `3A:72:C2`, `B0B3536` →
    `B0:B3:53:6`).

    >>> prefix_text("0050C2123")
    '00:50:C2:12:3'
    """
    return ":".join(prefix[i : i + 2] for i in range(0, len(prefix), 2))
