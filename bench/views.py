"""The ceiling: the cheapest page Django can serve through the site's stack."""

from functools import lru_cache

from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

LARGEST_PAGE = 4 * 1024 * 1024
SHELL = (
    "<!doctype html><html lang=en><head><title>Ceiling</title></head>"
    "<body><p>{}</p></body></html>"
)


@require_GET
def ceiling(request, size):
    """A page of `size` bytes, with no database, template or session work."""
    if not len(SHELL) <= size <= LARGEST_PAGE:
        raise Http404("No page of that size.")
    return HttpResponse(_page(size))


@lru_cache(maxsize=8)
def _page(size):
    filler = ("The quick newsroom reports. " * (size // 28 + 1))[
        : size - len(SHELL) + 2
    ]
    return SHELL.format(filler).encode()
