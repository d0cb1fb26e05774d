"""The addresses of pages known by a slug (articles, sections, tags, authors)
or an id (a comment's edit, delete and report pages).

reverse() matches its arguments against the URL patterns on every call, about
a fiftieth of a millisecond each, and an article page links some twenty such
pages, and three for each comment. The address of one URL name only changes
where the slug or id goes: it is reversed once, with a stand-in, and the value
put in its place from then on.
"""

import re
import threading

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

# What every slug converter accepts unchanged and reverse() leaves unquoted;
# any other slug (a tag in another script) is reversed as usual.
_PLAIN_SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")
# Never a real value, and accepted by the `slug` and `int` converters.
_STAND_INS = {"slug": "slug-stand-in", "pk": "1987654321"}

_split = {}
_lock = threading.Lock()


def slug_url(url_name: str, slug: str) -> str:
    """reverse(url_name, kwargs={"slug": slug})."""
    return SlugAddress(url_name)(slug)


class SlugAddress:
    """The address of any page of `url_name`, by its slug: for a page that
    links many, the URL configuration and script prefix looked up once."""

    __slots__ = ("url_name", "around")

    def __init__(self, url_name):
        self.url_name = url_name
        self.around = around(url_name, "slug")

    def __call__(self, slug):
        if self.around and isinstance(slug, str) and _PLAIN_SLUG.match(slug):
            start, end = self.around
            return f"{start}{slug}{end}"
        return reverse(self.url_name, kwargs={"slug": slug})


def around(url_name, keyword):
    """The address of `url_name` before and after its one argument
    `keyword` ("slug" or "pk"), under the URL configuration and script prefix
    in use (they change in tests, and between sites served by one process);
    None for a pattern where that argument is not a whole segment of the path,
    which reverse() must answer every time."""
    resolver = get_resolver(get_urlconf())
    prefix = get_script_prefix()
    found = _split.get((url_name, keyword))
    if found is not None and found[0] is resolver and found[1] == prefix:
        return found[2]
    stand_in = _STAND_INS[keyword]
    url = reverse(url_name, kwargs={keyword: stand_in})
    start, segment, end = url.rpartition(f"/{stand_in}/")
    parts = (f"{start}/", f"/{end}") if segment else None
    with _lock:
        _split[(url_name, keyword)] = (resolver, prefix, parts)
    return parts
