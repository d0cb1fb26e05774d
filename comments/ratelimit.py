"""How often one address may post comments and report them.

Counts live in the default cache (Redis in production), in fixed windows: the
count for an address sits under a key naming the window it falls in, made with
`cache.add` and raised with `cache.incr` (both atomic in Redis), and it expires
with the window. A burst straddling two windows can reach twice the limit;
that is enough to keep one address from flooding the moderation queue.

IPv6 addresses are counted per /64, the block one household or server gets,
so rotating addresses inside it does not reset the count.

When the cache is down the limits fail open: comments and reports are accepted
and a warning is logged. reCAPTCHA and moderation still stand between a flood
and the public pages, while failing closed (django-ratelimit's default) would
silence every reader for as long as the cache is away.
"""

import ipaddress
import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured

from newsroom.cache import STORE_ERRORS
from newsroom.clientip import client_ip

logger = logging.getLogger(__name__)

POST, REPORT = "post", "report"

# What is limited, the setting holding its rate, and what the reader is told.
KINDS = {
    POST: (
        "COMMENTS_RATE_POSTS",
        "You have posted {count} in {period}, the most we accept from one "
        "address. Your comment is kept below: please post it again in {wait}.",
    ),
    REPORT: (
        "COMMENTS_RATE_REPORTS",
        "You have reported {count} in {period}, the most we accept from one "
        "address. Please try again in {wait}.",
    ),
}

FLOOD_MESSAGE = (
    "Please wait a few seconds before posting again. Your comment is kept below."
)

# A rate's unit: its name, its length, and how one of it reads.
UNITS = {
    "s": ("second", 1, "a second"),
    "m": ("minute", 60, "a minute"),
    "h": ("hour", 3600, "an hour"),
    "d": ("day", 86400, "a day"),
}
RATE = re.compile(r"(\d+)/(\d*)([smhd])")


@dataclass(frozen=True)
class Rate:
    limit: int
    seconds: int
    period: str


def parse_rate(text: str) -> Rate | None:
    """ "5/10m" is five per ten minutes (units s, m, h, d); "" means no limit."""
    if not text.strip():
        return None
    match = RATE.fullmatch(text.strip())
    if not match:
        raise ImproperlyConfigured(
            f"{text!r} is not a rate: write it as 5/10m, 10/h or 100/d."
        )
    limit, number, unit = match.groups()
    name, seconds, one = UNITS[unit]
    number = int(number or 1)
    return Rate(int(limit), number * seconds, _count(number, name, one=one))


def hit(request, kind: str) -> str | None:
    """Count one `kind` (POST or REPORT) from the address `request` came from.

    Returns the message to show when that address has gone over its limit
    (COMMENTS_RATE_POSTS or COMMENTS_RATE_REPORTS), or None to go ahead. Show
    the message as a form error and keep what the reader typed; never answer
    with a bare 403 or 429. Call it only for an action about to be carried
    out: every call counts.
    """
    return check_and_count(kind, client_ip(request))


def check_and_count(kind: str, ip: str | None) -> str | None:
    """`hit()` for an address already known; None when `ip` is None."""
    setting, message = KINDS[kind]
    rate = parse_rate(getattr(settings, setting))
    if rate is None or not ip:
        return None
    now = time.time()
    window, into = divmod(now, rate.seconds)
    wait = rate.seconds - into
    key = f"comments-rate:{kind}:{_bucket(ip)}:{int(window)}"
    try:
        cache.add(key, 0, timeout=math.ceil(wait))
        count = cache.incr(key)
    except ValueError:
        # Evicted between add and incr: count this one as the first.
        return None
    except STORE_ERRORS:
        logger.warning("Cache unavailable: %s limit not applied", kind, exc_info=True)
        return None
    if count <= rate.limit:
        return None
    return message.format(
        count=_count(rate.limit, "comment"),
        period=rate.period,
        wait=_wait(wait),
    )


def too_soon(ip: str | None) -> str | None:
    """Note a comment from `ip`; the message to show when another came from
    there within COMMENTS_FLOOD_SECONDS, else None."""
    seconds = settings.COMMENTS_FLOOD_SECONDS
    if not seconds or not ip:
        return None
    try:
        first = cache.add(f"comments-flood:{_bucket(ip)}", 1, timeout=seconds)
    except STORE_ERRORS:
        logger.warning("Cache unavailable: flood limit not applied", exc_info=True)
        return None
    return None if first else FLOOD_MESSAGE


def _bucket(ip: str) -> str:
    address = ipaddress.ip_address(ip)
    if address.version == 4:
        return str(address)
    network = int(address) >> 64 << 64
    return str(ipaddress.IPv6Network((network, 64)))


def _count(number: int, noun: str, one: str = "") -> str:
    if number == 1:
        return one or f"1 {noun}"
    return f"{number} {noun}s"


def _wait(seconds: float) -> str:
    if seconds <= 60:
        return "a minute"
    if seconds <= 3600:
        return _count(math.ceil(seconds / 60), "minute")
    return _count(math.ceil(seconds / 3600), "hour", one="an hour")
