"""Equipment identification from evidence: MAC OUIs, SNMP enterprise numbers and sysDescr, model
numbers, banners, CPEs, and manufacturer or supplier names through the vendor matcher.

Pure: values in, values out; the knowledge base and matcher are passed in.
"""

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
    "DeviceRecord",
    "DeviceStatus",
    "Finding",
    "Purpose",
    "Signal",
]
