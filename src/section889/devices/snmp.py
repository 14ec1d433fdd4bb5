"""SNMP: the IANA Private Enterprise Number (PEN) inside a sysObjectID.

A sysObjectID lives under `1.3.6.1.4.1.<PEN>`; tools print it as `1.3.6.1.4.1.2011.2.23.94`,
`.1.3.6.1.4.1.2011…`, `iso.3.6.1.4.1.2011…`, `SNMPv2-SMI::enterprises.2011…` or
`enterprises.2011…`, sometimes after `OID:`.
"""

from __future__ import annotations

import re

_PEN = re.compile(
    r"(?:(?<![\d.])\.?(?:1|iso)\.3\.6\.1\.4\.1|\benterprises)\.(\d+)(?![\d])", re.IGNORECASE
)


def enterprise_number(sys_object_id: str) -> int | None:
    """The PEN in a sysObjectID in any common spelling, or None.

    >>> enterprise_number("SNMPv2-SMI::enterprises.2011.2.23.94")
    2011
    >>> enterprise_number("iso.3.6.1.4.1.25506.1.1") , enterprise_number("1.3.6.1.2.1.1")
    (25506, None)
    """
    found = _PEN.search(sys_object_id)
    return int(found.group(1)) if found else None
