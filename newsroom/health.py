"""/healthz: whether this app server can serve, for load balancers and monitors.

Answered by a middleware near the top of the stack rather than a view, so a
probe needs no session, no CSRF cookie and no valid Host header: load
balancers usually probe an instance by its address. The answer names no
host, holds no secret and is never cached.
"""

import logging

from django.core.cache import caches
from django.db import connection
from django.http import JsonResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
CACHE_ALIASES = ("default", "pages")


def failing_backends() -> list[str]:
    """The names of the backends that did not answer: "database", "cache:<alias>"."""
    failing = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("Health check: the database did not answer")
        failing.append("database")
    for alias in CACHE_ALIASES:
        try:
            caches[alias].get("healthz")
        except Exception:
            logger.exception("Health check: the %s cache did not answer", alias)
            failing.append(f"cache:{alias}")
    return failing


def health_response() -> JsonResponse:
    failing = failing_backends()
    if failing:
        response = JsonResponse(
            {"status": "unavailable", "failing": failing}, status=503
        )
    else:
        response = JsonResponse({"status": "ok"})
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return health_response()
        return self.get_response(request)
