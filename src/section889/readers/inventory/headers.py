"""Which column of an asset export or purchase record holds which DeviceRecord field.

Headers are compared case-, space-, hyphen- and underscore-blind (`MAC Address` ~ `mac_address`).
For each field the first alias present wins, in the order listed. `vendor` alone is the
manufacturer in an asset export (CMDBs use it so) but the supplier in a purchase record.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from section889.errors import InputError
from section889.readers.columns import header_key
from section889.readers.inventory.results import WarningLog

ASSET_HEADERS: dict[str, tuple[str, ...]] = {
    "hostname": (
        "hostname",
        "hostnames",
        "devicename",
        "assetname",
        "computername",
        "sysname",
        "dnsname",
        "fqdn",
        "netbiosname",
        "resourcename",
        "resourcenames",
        "name",
        "names",
    ),
    "ip": (
        "ip",
        "ipaddress",
        "ipv4",
        "ipv4address",
        "primaryipv4",
        "primaryip",
        "managementip",
        "mgmtip",
        "ipaddresses",
        "wifiipv4address",
        "address",
        "addresses",
    ),
    "mac": (
        "mac",
        "macaddress",
        "macaddr",
        "hwaddress",
        "hwaddr",
        "physicaladdress",
        "ethernetaddress",
        "ethernetmac",
        "ethernetmacaddress",
        "wifimac",
        "wifimacaddress",
        "macaddresses",
        "macs",
    ),
    "serial": ("serial", "serialnumber", "serialno", "sn", "servicetag"),
    "site": ("site", "sitename", "location", "building"),
    "manufacturer": ("manufacturer", "vendor", "make", "brand", "mfr", "mfg"),
    "model": (
        "model",
        "modelnumber",
        "modelno",
        "modelname",
        "product",
        "productname",
        "hardwaremodel",
        "devicemodel",
        "hw",
    ),
    "description": ("description", "notes", "note", "comments", "comment"),
    "supplier": ("supplier", "suppliername", "vendorname", "seller", "reseller"),
    "part_number": (
        "partnumber",
        "partno",
        "pn",
        "sku",
        "mpn",
        "productnumber",
        "modelnumber",
        "modelno",
    ),
    "purpose": ("purpose", "use", "usage", "intendeduse"),
    "acquired": (
        "purchasedate",
        "acquired",
        "acquisitiondate",
        "dateacquired",
        "installdate",
        "installed",
        "purchased",
        "inservicedate",
    ),
    "produced": (
        "manufacturedate",
        "manufactured",
        "productiondate",
        "manufacturingdate",
        "datemanufactured",
        "builddate",
    ),
    "os": ("os", "operatingsystem", "osname"),
    "device_type": ("devicetype", "type", "assettype", "assettypename", "category", "class"),
    "mac_vendor": ("macvendor", "macvendors", "ouivendor"),
    "sys_object_id": ("sysobjectid",),
    "sys_descr": ("sysdescr",),
    "cpes": ("cpe", "cpes"),
}
"""Asset exports (CMDB, Lansweeper, Snipe-IT, Intune, runZero …): field → normalised headers, best
first. A second alias of one field (`Model No.` beside `Model`) falls to the next field that lists
it (`part_number`). NetBox, ServiceNow and SCCM exports adjust this table (`profiles.py`)."""

PURCHASE_HEADERS: dict[str, tuple[str, ...]] = {
    "supplier": (
        "supplier",
        "suppliername",
        "vendorname",
        "vendor",
        "seller",
        "payee",
        "merchant",
        "contractor",
        "contractorname",
        "provider",
        "serviceprovider",
    ),
    "description": (
        "description",
        "itemdescription",
        "linedescription",
        "productdescription",
        "servicedescription",
        "item",
        "service",
        "details",
        "memo",
    ),
    "part_number": (
        "partnumber",
        "partno",
        "pn",
        "sku",
        "mpn",
        "manufacturerpartnumber",
        "itemnumber",
        "catalognumber",
        "productcode",
    ),
    "model": ("model", "modelnumber", "modelno"),
    "manufacturer": ("manufacturer", "make", "brand", "mfr"),
    "acquired": (
        "date",
        "invoicedate",
        "orderdate",
        "purchasedate",
        "podate",
        "servicedate",
        "transactiondate",
        "acquired",
        "acquisitiondate",
        "startdate",
    ),
    "serial": ("serial", "serialnumber"),
    "site": ("site", "location", "shipto"),
    "purpose": ("purpose", "use", "usage"),
}
"""Purchase, invoice and service records: field → normalised headers, best first."""

_SUPPLIER_KEYS = frozenset(
    {"supplier", "suppliername", "vendorname", "seller", "payee", "merchant"}
)
_ITEM_KEYS = frozenset(PURCHASE_HEADERS["description"])
_MONEY_PREFIXES = ("invoice", "po", "order", "amount", "price", "cost", "total", "quantity", "qty")
_DEVICE_FIELDS = ("mac", "hostname", "ip")

MAPPABLE_FIELDS = frozenset(ASSET_HEADERS) | frozenset(PURCHASE_HEADERS)
"""DeviceRecord fields `--map FIELD=COLUMN` may name."""


def looks_like_purchases(header: Sequence[str]) -> bool:
    """A supplier column and an item/description column, and nothing that names a device.

    `vendor` counts as a supplier only beside an invoice, order, amount, price or quantity column.

    >>> looks_like_purchases(["Vendor Name", "Item Description", "Invoice Date", "Amount"])
    True
    >>> looks_like_purchases(["Vendor", "Model", "Description", "Hostname"])
    False
    """
    keys = {header_key(h) for h in header}
    supplier = bool(keys & _SUPPLIER_KEYS) or (
        "vendor" in keys and any(k.startswith(_MONEY_PREFIXES) for k in keys)
    )
    device = any(keys & set(ASSET_HEADERS[name]) for name in _DEVICE_FIELDS)
    return supplier and bool(keys & _ITEM_KEYS) and not device


def check_mapping(mapping: Mapping[str, str] | None) -> dict[str, str]:
    """The `--map FIELD=COLUMN` pairs, after checking every FIELD is one a reader can fill."""
    unknown = sorted(set(mapping or {}) - MAPPABLE_FIELDS)
    if unknown:
        raise InputError(
            f"--map names unknown field(s) {', '.join(unknown)}; "
            f"fields are {', '.join(sorted(MAPPABLE_FIELDS))}"
        )
    return dict(mapping or {})


def map_columns(
    header: Sequence[str],
    table: Mapping[str, tuple[str, ...]],
    mapping: Mapping[str, str],
    log: WarningLog,
) -> dict[str, int]:
    """Field → column index: `mapping` first (exact header, then blind), then `table`'s aliases."""
    keys = [header_key(h) for h in header]
    columns: dict[str, int] = {}
    taken: set[int] = set()
    for field_name, wanted in mapping.items():
        if wanted in header:
            index: int | None = list(header).index(wanted)
        else:
            index = keys.index(header_key(wanted)) if header_key(wanted) in keys else None
        if index is None:
            log.add(
                None,
                field_name,
                f"column {wanted!r} given by --map is not in the header; "
                "the usual headers are used for this field instead",
            )
            continue
        columns[field_name] = index
        taken.add(index)
    for field_name, aliases in table.items():
        if field_name in columns:
            continue
        for alias in aliases:
            if alias in keys and keys.index(alias) not in taken:
                columns[field_name] = keys.index(alias)
                taken.add(keys.index(alias))
                break
    return columns


SEVERAL_COLUMN_FIELDS = ("mac", "ip")
"""Fields an export may spread over several columns (Intune's `Ethernet MAC` and `Wi-Fi MAC`)."""


def fallback_columns(
    header: Sequence[str], table: Mapping[str, tuple[str, ...]], columns: Mapping[str, int]
) -> dict[str, tuple[int, ...]]:
    """For a MAC or IP field, the other columns of its aliases, read when its own cell is empty.

    >>> header = ["Device name", "Ethernet MAC", "Wi-Fi MAC"]
    >>> fallback_columns(header, ASSET_HEADERS, {"hostname": 0, "mac": 1})
    {'mac': (2,)}
    """
    keys = [header_key(h) for h in header]
    taken = set(columns.values())
    found: dict[str, tuple[int, ...]] = {}
    for field_name in SEVERAL_COLUMN_FIELDS:
        if field_name not in columns:
            continue
        others = tuple(
            keys.index(alias)
            for alias in table.get(field_name, ())
            if alias in keys and keys.index(alias) not in taken
        )
        if others:
            found[field_name] = others
    return found
