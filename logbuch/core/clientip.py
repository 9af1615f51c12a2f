"""The client's address as the reverse proxy reports it (for django-axes' lockout key).

Behind nginx every request comes from the proxy's address; the client's is the last entry
the proxy appended to X-Forwarded-For. That header is read only when `NUM_PROXIES` says how
many proxies of ours stand in front (otherwise anyone could name any address in it), and
only the entries those proxies appended count: earlier ones come from the client.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    remote = request.META.get("REMOTE_ADDR")
    proxies: int = settings.NUM_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote  # did not come through all our proxies
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
