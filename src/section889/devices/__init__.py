"""Equipment identification from evidence: MAC OUIs, SNMP enterprise numbers and sysDescr, model
numbers, banners, CPEs, and manufacturer or supplier names through the vendor matcher.

Values in, values out: the knowledge base and matcher are passed in. The only files read are
the shipped model-number patterns (`patterns.py`) and netaddr's IAB registry (`oui.py`), once,
when an identifier is built.
"""

from section889.devices.identify import DeviceIdentifier
from section889.devices.merge import merge_records
from section889.devices.models import (
    Asset,
    Category,
    DeviceEvidence,
    DeviceRecord,
    DeviceStatus,
    Finding,
    Purpose,
    Signal,
)

__all__ = [
    "Asset",
    "Category",
    "DeviceEvidence",
    "DeviceIdentifier",
    "DeviceRecord",
    "DeviceStatus",
    "Finding",
    "Purpose",
    "Signal",
    "merge_records",
]
