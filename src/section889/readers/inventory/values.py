"""Clean the values inventories carry: MAC addresses, dates, IP addresses, cell text.

Each cleaner returns the canonical value or raises `ValueError` with a sentence a person can act
on; the readers turn that into a warning naming the file, row and field, and keep the row.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import re

_MAC_SEPARATED = re.compile(
    r"^([0-9A-Fa-f]{1,2})([:-])" + r"([0-9A-Fa-f]{1,2})\2" * 4 + r"([0-9A-Fa-f]{1,2})$"
)
_MAC_DOTTED = re.compile(r"^([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})\.([0-9A-Fa-f]{4})$")
_MAC_BARE = re.compile(r"^[0-9A-Fa-f]{12}$")

EXCEL_EPOCH = dt.date(1899, 12, 30)
"""Day 0 of Excel's 1900 date system (serial 1 is 1900-01-01; the 1900 leap-year bug included)."""

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d\d:?\d\d)?)?$")
_ISO_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_US = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?: [\d:]+(?: ?[AaPp][Mm])?)?$")
_EUROPEAN = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_YEAR = re.compile(r"^\d{4}$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


def clean_mac(value: str) -> str:
    """A MAC address as `00:E0:FC:12:34:56`, from colon, hyphen, Cisco-dotted or bare hex.

    >>> [clean_mac(v) for v in ("00-e0-fc-12-34-56", "00e0.fc12.3456", "00e0fc123456")]
    ['00:E0:FC:12:34:56', '00:E0:FC:12:34:56', '00:E0:FC:12:34:56']
    """
    text = value.strip()
    if match := _MAC_SEPARATED.match(text):
        octets = [match.group(1), *match.group(0).split(match.group(2))[1:]]
        hexdigits = "".join(octet.zfill(2) for octet in octets)
    elif match := _MAC_DOTTED.match(text):
        hexdigits = "".join(match.groups())
    elif _MAC_BARE.match(text):
        hexdigits = text
    else:
        raise ValueError(f"{text!r} is not a MAC address (expected six hex octets)")
    hexdigits = hexdigits.upper()
    if hexdigits in {"000000000000", "FFFFFFFFFFFF"}:
        raise ValueError(f"{text!r} is a placeholder, not a device's MAC address")
    return ":".join(hexdigits[i : i + 2] for i in range(0, 12, 2))


def clean_ip(value: str) -> str:
    """An IPv4 or IPv6 address in its standard text form (`10.0.0.5`, `fe80::1`).

    An address with a prefix length, as NetBox and IPAM tools write it, is the address: the mask
    says which network it is on, not which device.

    >>> [clean_ip(v) for v in ("10.10.0.1/24", "2001:db8::1/64", "fe80::1%eth0")]
    ['10.10.0.1', '2001:db8::1', 'fe80::1']
    """
    text = value.strip()
    if "%" in text:  # a scoped IPv6 address (`fe80::1%eth0`): the scope is not part of it
        text = text.split("%", 1)[0]
    try:
        if "/" in text:
            return str(ipaddress.ip_interface(text).ip)
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise ValueError(f"{value.strip()!r} is not an IP address") from None


def parse_date(value: object) -> dt.date | None:
    """A date from a cell: a datetime or date, an Excel serial number, or text.

    Text may be ISO (`2019-08-13`, with or without a time), `2019/08/13`, `MM/DD/YYYY` (US: a
    slash date is always month first), `DD.MM.YYYY` (European: a dotted date is always day
    first) or `YYYYMMDD`. A year alone or a year and month is not a date: it raises, so the
    caller warns and keeps no date rather than guess a day. Empty cells give None.
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a date")
    if isinstance(value, int | float):
        return _excel_serial(value)
    text = str(value).strip()
    return _parse_text(text) if text else None


def _parse_text(text: str) -> dt.date:
    if match := _ISO.match(text) or _ISO_SLASH.match(text) or _COMPACT.match(text):
        year, month, day = (int(part) for part in match.groups())
        return _date(text, year, month, day)
    if match := _US.match(text):
        month, day, year = (int(part) for part in match.groups())
        if month > 12:
            raise ValueError(
                f"{text!r}: slash dates are read as MM/DD/YYYY and {month} is not a month; "
                "write the date as YYYY-MM-DD"
            )
        return _date(text, year, month, day)
    if match := _EUROPEAN.match(text):
        day, month, year = (int(part) for part in match.groups())
        return _date(text, year, month, day)
    if _YEAR.match(text) or _YEAR_MONTH.match(text):
        raise ValueError(
            f"{text!r} gives no day; a full date is needed to compare with the §889 dates, "
            "so no date is kept"
        )
    raise ValueError(f"{text!r} is not a date (use YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY)")


def _date(text: str, year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a valid date ({exc})") from None


def _excel_serial(number: float) -> dt.date:
    if 1 <= number < 2_958_466:  # Excel's range: 1900-01-01 .. 9999-12-31
        return EXCEL_EPOCH + dt.timedelta(days=int(number))
    raise ValueError(f"{number!r} is not a date (not an Excel date serial either)")


def cell_text(value: object) -> str:
    """A cell as stripped text: None is empty, `12345.0` from Excel is `12345`."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    return " ".join(str(value).split())
