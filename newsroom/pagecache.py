"""The page cache: reader pages for anonymous readers, purged when they change.

What is cached: GET and HEAD of the reader pages (home, article, section, tag,
author, privacy), with no query string but ?page=N, answered 200 without
setting a cookie, for a reader whose page shows nothing of their own: not
signed in, no flash message, no comment of theirs awaiting moderation, no
remembered name in the comment form. A page is keyed by its full URL and by
whether the cookie notice was closed, the one cookie that changes it.

Purging: the store holds a generation (a random token, with the time it stops
being valid: when the next scheduled article goes live, when an article's
comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS), or local midnight,
since every page prints the date). Each page records the generation it was
rendered under; one get_many fetches both, and a page of another generation is
a miss. purge_pages() drops the generation when the transaction commits; the
publishing and moderation services and every admin save, delete and action
(PurgePagesMixin) call it. The generation is read before a page is rendered,
so a page rendered while a change commits is filed under a generation that is
already gone. A random token rather than a counter: no two generations are
ever equal, even on a store without atomic increments.

Bodies: a page's entry holds its headers and the digest of its body; the body
itself is filed apart, under that digest. Each process keeps the bodies it
sent lately, by digest, up to PAGE_BODIES_KEPT_MB: a hit then fetches a few
hundred bytes from the store, not the page, and does not inflate it. Which
page is current is only ever decided by the shared store; what a process keeps
is bytes that a digest names, which no purge can make wrong.

Headers: a cached page carries an ETag and `public, max-age=0,
must-revalidate` (a CDN may keep it but asks each time), and If-None-Match gets
a 304 straight from the cache; a reader page that is not cached is `private,
no-cache`. X-Page-Cache says hit, miss (rendered and stored) or bypass. Pages
are stored compressed twice: gzipped, served as is to clients that accept
gzip (Vary: Accept-Encoding; the ETag turns weak), and with LZ4, inflated for
the others.

The store is caches["pages"] only: Redis, or a database table, never one
process's memory, so a purge made by one process is seen by all. PAGE_CACHE=
false turns the cache off (settings.NEWSROOM_PAGE_CACHE).
"""

import gzip
import hashlib
import logging
import re
import secrets
import threading
from collections import OrderedDict
from datetime import datetime, time, timedelta
from functools import lru_cache
from importlib import import_module

import lz4.frame
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.messages.storage.session import SessionStorage
from django.core.cache import cache, caches
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from articles.models import Article
from comments.reader import OWN_COMMENTS_KEY, REMEMBER_COOKIE
from newsroom.cache import STORE_ERRORS
from newsroom.views import NOTICE_COOKIE

logger = logging.getLogger(__name__)


CACHED_VIEWS = {
    "articles:home",
    "articles:detail",
    "articles:section",
    "articles:tag",
    "authors:detail",
    "privacy",
}
CACHED_QUERY = re.compile(r"(page=[0-9]{1,9})?")
ACCEPTS_GZIP = re.compile(r"\bgzip\b")
GZIP, LZ4 = "gzip", "lz4"
# Sorts after every page key: a full database store culls the lowest keys
# first, and losing the generation would empty the whole cache at once.
GENERATION_KEY = "zz-generation"
# Raised whenever what a stored page holds changes: entries of another
# format are misses. 2: the headers of the middleware below the page cache.
# 3: the body filed apart, under its digest.
ENTRY_FORMAT = 3
# Pages are dropped by purges, not by age; this only returns the space of
# pages nobody asks for any more.
PAGE_TIMEOUT = 24 * 60 * 60
STATUS_HEADER = "X-Page-Cache"
# Paths whose view is remembered, the most recently asked for: the popular
# pages stay in, and a flood of made-up paths costs at most a few MB.
RESOLVED_PATHS = 1024
# In the default cache: a token that every purge drops, so that listing
# lengths remembered before a story was taken down are counted again.
LISTINGS_EPOCH_KEY = "listings-epoch"


def purge_pages() -> None:
    """Stop serving every cached page once the current transaction commits."""
    transaction.on_commit(_drop_generation)


def _drop_generation():
    for store, key in [(caches["pages"], GENERATION_KEY), (cache, LISTINGS_EPOCH_KEY)]:
        try:
            store.delete(key)
        except STORE_ERRORS:
            logger.error("cache store unreachable: purge not made", exc_info=True)


class PurgePagesMixin:
    """For the ModelAdmin of anything readers see: every save, delete and
    action purges the page cache."""

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        purge_pages()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        purge_pages()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        purge_pages()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        purge_pages()

    def response_action(self, request, queryset):
        response = super().response_action(request, queryset)
        purge_pages()
        return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not (settings.NEWSROOM_PAGE_CACHE and _is_reader_page(request)):
            return self.get_response(request)
        key = _page_key(request)
        if key is None or not _reader_sees_shared_page(request):
            return _private(self.get_response(request))
        encoding = _encoding(request)
        try:
            generation, entry = _lookup(f"{key}:{encoding}")
        except STORE_ERRORS:
            logger.warning("page cache store unreachable: not cached", exc_info=True)
            return _private(self.get_response(request))
        if entry is not None:
            return _from_entry(request, *entry)
        response = self.get_response(request)
        if not _can_store(request, response):
            return _private(response)
        try:
            _store(key, generation, response)
        except STORE_ERRORS:
            logger.warning("page cache store unreachable: not stored", exc_info=True)
            return _private(response)
        response[STATUS_HEADER] = "miss"
        return get_conditional_response(
            request, etag=response["ETag"], response=response
        )


def _is_reader_page(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    return _view_name(get_urlconf(), request.path_info) in CACHED_VIEWS


# Matching a path against every URL pattern took a sixth of a cached page's
# time; the answer for a path only changes with the URL configuration.
@lru_cache(maxsize=RESOLVED_PATHS)
def _view_name(urlconf, path) -> str | None:
    try:
        return resolve(path, urlconf).view_name
    except Resolver404:
        return None


def _page_key(request) -> str | None:
    """The page's key, or None for a query string that is not ?page=N (a
    reply link, a search for a fresh copy) which would only fill the store."""
    if not CACHED_QUERY.fullmatch(request.META.get("QUERY_STRING", "")):
        return None
    notice = "closed" if request.COOKIES.get(NOTICE_COOKIE) else "shown"
    # Hashed: a URL may be longer than a key can be, or hold any character.
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    page = f"{url} {notice}".encode()
    return f"page:{hashlib.sha256(page).hexdigest()}"


def _reader_sees_shared_page(request) -> bool:
    """Whether this reader's page is the one every anonymous reader sees:
    no remembered name, no flash message (in its cookie or in the session),
    not signed in, no comment of theirs awaiting moderation.

    This runs above the session and messages middleware, so it reads the
    cookies and the session itself; a browser without a session cookie is
    answered without reading the session store."""
    cookies = request.COOKIES
    if REMEMBER_COOKIE in cookies or CookieStorage.cookie_name in cookies:
        return False
    session_key = cookies.get(settings.SESSION_COOKIE_NAME)
    if session_key is None:
        return True
    session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    return not (
        SESSION_KEY in session
        or session.get(OWN_COMMENTS_KEY)
        or session.get(SessionStorage.session_key)
    )


def _lookup(key):
    """The current generation, and the page filed under it if any, as its
    entry and its body ready to send."""
    found = caches["pages"].get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None or _expired(generation):
        return _new_generation(), None
    entry = found.get(key)
    if not _is_current(entry, generation):
        return generation, None
    body = _body(entry)
    if body is None:
        return generation, None
    return generation, (entry, body)


def _body(entry):
    """The page's body as sent: kept by this process, or fetched from the
    store (and inflated, for the LZ4 copy); None if the store lost it."""
    digest = entry["digest"]
    body = bodies.get(digest)
    if body is not None:
        return body
    stored = caches["pages"].get(_body_key(digest))
    if stored is None:
        return None
    body = stored if _is_gzipped(entry["headers"]) else lz4.frame.decompress(stored)
    bodies.put(digest, body)
    return body


def _body_key(digest):
    # Sorts after the pages' entries: a full database store culls the lowest
    # keys first, and an entry culled costs one miss, which files its body
    # again, where a body culled under its entry cost a fetch as well.
    return f"pagebody:{digest}"


def _is_gzipped(headers):
    return headers.get("Content-Encoding") == "gzip"


class Bodies:
    """Page bodies by digest, the most recently used kept, up to
    settings.NEWSROOM_PAGE_BODIES_KEPT_MB in all (read on each put: 0 keeps
    none)."""

    def __init__(self):
        self.kept = OrderedDict()
        self.size = 0
        self.lock = threading.Lock()

    def get(self, digest):
        with self.lock:
            body = self.kept.get(digest)
            if body is not None:
                self.kept.move_to_end(digest)
            return body

    def put(self, digest, body):
        limit = settings.NEWSROOM_PAGE_BODIES_KEPT_MB * 1024 * 1024
        with self.lock:
            if digest in self.kept or len(body) > limit:
                return
            self.kept[digest] = body
            self.size += len(body)
            while self.size > limit:
                _, dropped = self.kept.popitem(last=False)
                self.size -= len(dropped)

    def clear(self):
        with self.lock:
            self.kept.clear()
            self.size = 0


bodies = Bodies()


def _is_current(entry, generation) -> bool:
    # An entry stored by an older release is a miss: it may lack the body,
    # or the headers a hit now takes from it.
    return (
        entry is not None
        and entry.get("generation") == generation["token"]
        and entry.get("format") == ENTRY_FORMAT
    )


def _expired(generation) -> bool:
    return generation["until"] is not None and generation["until"] <= timezone.now()


def _new_generation():
    now = timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, time.min))
    changes = [midnight, _next_go_live(now), _next_comments_closing(now)]
    generation = {
        "token": secrets.token_hex(16),
        "until": min(at for at in changes if at is not None),
    }
    caches["pages"].set(GENERATION_KEY, generation, timeout=None)
    return generation


def _next_go_live(now):
    return (
        Article.objects.filter(status=Article.Status.PUBLISHED, published_at__gt=now)
        .aggregate(at=Min("published_at"))
        .get("at")
    )


def _next_comments_closing(now):
    """When the next article's comments close by themselves, if they do."""
    days = settings.COMMENTS_CLOSE_AFTER_DAYS
    if days is None:
        return None
    still_open_since = now - timedelta(days=days)
    first = (
        Article.objects.published()
        .filter(comments_enabled=True, published_at__gt=still_open_since)
        .aggregate(at=Min("published_at"))
        .get("at")
    )
    return first + timedelta(days=days) if first else None


def _can_store(request, response) -> bool:
    """A 200 page that sets no cookie, now or on its way out, and holds
    nothing made for this one response."""
    session = getattr(request, "session", None)
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and session.modified)
        and not getattr(get_messages(request), "added_new", False)
        # A CSP nonce is good for one response only.
        and not getattr(request, "csp_nonce", None)
    )


def _encoding(request):
    accepted = request.META.get("HTTP_ACCEPT_ENCODING", "")
    return GZIP if ACCEPTS_GZIP.search(accepted) else LZ4


def _store(key, generation, response):
    """File the page twice, ready to send: gzipped, which browsers and CDNs
    take as it is, and with LZ4 for other clients, which inflates ten times
    faster than gzip. Kept compressed because a page with its comments is some
    200 KB, a tenth of that compressed, and Redis sends a value over 64 KB in
    several rounds; kept apart so that a hit fetches one copy only. Each
    copy's body is filed under its digest, and kept by this process too."""
    set_response_etag(response)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    patch_vary_headers(response, ["Cookie", "Accept-Encoding"])
    # Content-Length differs between the two copies: each hit sets its own.
    headers = {
        name: value
        for name, value in response.items()
        if name.lower() != "content-length"
    }
    # The same page in another encoding: a weak validator, as Django's
    # GZipMiddleware gives it, still matches the plain copy's ETag.
    gzip_headers = headers | {
        "Content-Encoding": "gzip",
        "ETag": f"W/{headers['ETag']}",
    }
    copies = {
        GZIP: (gzip.compress(response.content, mtime=0), gzip_headers),
        LZ4: (lz4.frame.compress(response.content), headers),
    }
    entries = {}
    for encoding, (body, headers) in copies.items():
        digest = hashlib.sha256(body).hexdigest()
        entries[f"{key}:{encoding}"] = {
            "format": ENTRY_FORMAT,
            "generation": generation["token"],
            "digest": digest,
            "headers": headers,
        }
        entries[_body_key(digest)] = body
        bodies.put(digest, body if encoding == GZIP else response.content)
    caches["pages"].set_many(entries, timeout=_timeout(generation))


def _timeout(generation):
    if generation["until"] is None:
        return PAGE_TIMEOUT
    left = (generation["until"] - timezone.now()).total_seconds()
    return max(1, min(PAGE_TIMEOUT, int(left)))


def _from_entry(request, entry, body):
    response = HttpResponse(body, headers=entry["headers"])
    response["Content-Length"] = len(body)
    response[STATUS_HEADER] = "hit"
    return get_conditional_response(request, etag=response["ETag"], response=response)


def _private(response):
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    response[STATUS_HEADER] = "bypass"
    return response
