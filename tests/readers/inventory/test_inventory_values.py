"""MAC, IP and date cleaning: the forms inventories really use."""

from __future__ import annotations

import datetime as dt

import pytest

from section889.readers.inventory.values import clean_ip, clean_mac, parse_date


@pytest.mark.parametrize(
    "text",
    [
        "00:E0:FC:12:34:56",
        "00-e0-fc-12-34-56",
        "00e0.fc12.3456",
        "00e0fc123456",
        " 0:e0:fc:12:34:56 ",
    ],
)
def test_mac_forms_become_canonical(text: str) -> None:
    assert clean_mac(text) == "00:E0:FC:12:34:56"


@pytest.mark.parametrize(
    "text", ["00:E0:FC:12:34", "00:e0-fc:12:34:56", "ZZ:11:22:33:44:55", "00:00:00:00:00:00"]
)
def test_bad_macs_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="MAC"):
        clean_mac(text)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-08-13", dt.date(2019, 8, 13)),
        ("2019-08-13T10:00:00Z", dt.date(2019, 8, 13)),
        ("08/13/2019", dt.date(2019, 8, 13)),
        ("13.08.2019", dt.date(2019, 8, 13)),
        ("20190813", dt.date(2019, 8, 13)),
        (43690, dt.date(2019, 8, 13)),
        (dt.datetime(2019, 8, 13, 9, 30), dt.date(2019, 8, 13)),
        ("", None),
    ],
)
def test_dates(value: object, expected: dt.date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2019", "gives no day"),
        ("2019-08", "gives no day"),
        ("13/08/2019", "MM/DD/YYYY"),
        ("2019-02-30", "not a valid date"),
        ("last spring", "not a date"),
    ],
)
def test_dates_that_are_not_full_dates_are_refused(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=reason):
        parse_date(text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("10.10.0.1/24", "10.10.0.1"),
        ("10.10.0.1/32", "10.10.0.1"),
        (" 2001:DB8::1/64 ", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("10.0.0.5", "10.0.0.5"),
    ],
)
def test_ip_with_a_prefix_length_is_the_address(text: str, address: str) -> None:
    assert clean_ip(text) == address


@pytest.mark.parametrize("text", ["10.10.0.1/33", "10.10.0.1/", "10.10.0/24", "host/24"])
def test_bad_ips_with_masks_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="not an IP address"):
        clean_ip(text)
