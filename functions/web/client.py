"""Who is calling: the client's network address, for per-address rate limits."""

from __future__ import annotations

import ipaddress

from flask import request

from functions.web.routing import current_deps


def client_address() -> str:
    """The viewer's IP: from the configured proxy header when present and valid, else the source address."""
    header = current_deps().settings.client_address_header
    if header:
        forwarded = _ip_of(request.headers.get(header, ""))
        if forwarded:
            return forwarded
    return request.remote_addr or "unknown"


def _ip_of(value: str) -> str | None:
    """`198.51.100.7:443` or a bare address -> the IP.

    CloudFront writes IPv6 as `2001:db8::1:443`, which also parses as an address; the limits
    count IPv6 per /64, which the trailing port group never changes.
    """
    value = value.strip()
    for candidate in (value, value.rsplit(":", 1)[0].strip("[]")):
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
