"""The address a request came from, the one way everything asks for it.

Behind reverse proxies REMOTE_ADDR is the nearest proxy. PROXY_COUNT says how
many proxies we trust; each appends the address it saw to X-Forwarded-For, so
the client is that many entries from the right. Entries further left were sent
by the client and prove nothing.
"""

import ipaddress

from django.conf import settings


def client_ip(request) -> str | None:
    """The client's IP address, or None when nothing usable was sent."""
    candidate = request.META.get("REMOTE_ADDR", "")
    proxies = settings.NEWSROOM_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= proxies:
            candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None
