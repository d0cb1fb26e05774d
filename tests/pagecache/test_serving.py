"""Who is served a cached page, and with which headers."""

import gzip
from types import SimpleNamespace
from unittest import mock

import lz4.frame
import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.session import SessionStorage
from django.contrib.sessions.backends.db import SessionStore
from django.core import signing
from django.core.cache import caches
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from comments.reader import REMEMBER_COOKIE, REMEMBER_SALT
from newsroom.pagecache import (
    GENERATION_KEY,
    PageCacheMiddleware,
    _body_key,
    _page_key,
    bodies,
    purge_pages,
)
from tests.comments.test_views import post_comment
from tests.factories import make_article, make_comment
from tests.production.servers import free_port

from .pages import reader_urls, state, warm

pytestmark = pytest.mark.django_db

# What the middleware below the page cache adds to a page, which a page
# served from the cache must carry all the same.
FRESH_PAGE_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Vary",
]


class ServedFromCacheTests:
    def test_every_reader_page_comes_from_the_cache_on_the_second_visit(
        self, client, page_cache
    ):
        for url in reader_urls():
            first = client.get(url)
            second = client.get(url)
            assert (state(first), state(second)) == ("miss", "hit"), url
            assert second.content == first.content

    def test_cache_hit_reads_nothing_but_the_store(
        self, client, page_cache, django_assert_num_queries
    ):
        article = make_article(headline="Harbour bridge reopens")
        warm(client, article.get_absolute_url())
        with django_assert_num_queries(page_cache.queries_per_hit):
            response = client.get(article.get_absolute_url())
        assert state(response) == "hit"
        assert "Harbour bridge reopens" in response.content.decode()

    def test_reader_without_session_cookie_never_opens_the_session_store(
        self, client, page_cache
    ):
        article = make_article()
        with mock.patch.object(SessionStore, "load", side_effect=AssertionError):
            warm(client, article.get_absolute_url())

    def test_reader_with_an_empty_session_gets_the_cached_page(
        self, client, page_cache
    ):
        session = client.session
        session["visited"] = True
        session.save()
        warm(client, reverse("articles:home"))

    def test_head_is_answered_from_the_cache(self, client, page_cache):
        warm(client, reverse("privacy"))
        assert state(client.head(reverse("privacy"))) == "hit"

    def test_second_listing_page_is_cached_on_its_own(self, client, page_cache):
        make_article(headline="Ferry timetable changes")
        warm(client, "/")
        assert state(client.get("/?page=1")) == "miss"
        assert state(client.get("/?page=1")) == "hit"

    def test_reader_who_closed_the_cookie_notice_gets_a_page_without_it(
        self, client, page_cache
    ):
        assert "data-cookie-notice" in warm(client, "/")
        client.cookies["cookie_notice"] = "dismissed"
        response = client.get("/")
        assert state(response) == "miss"
        assert "data-cookie-notice" not in response.content.decode()


class KeptBodiesTests:
    """Each process keeps the bodies it sent lately; the store decides which
    page is current."""

    def test_a_process_that_kept_no_body_serves_the_page_from_the_store(
        self, client, page_cache
    ):
        article = make_article(headline="Harbour bridge reopens")
        first = client.get(article.get_absolute_url())
        bodies.clear()
        response = client.get(article.get_absolute_url())
        assert state(response) == "hit"
        assert response.content == first.content
        gzipped = client.get(article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip")
        assert state(gzipped) == "hit"
        assert gzip.decompress(gzipped.content) == first.content

    def test_a_purge_is_seen_though_the_old_body_is_kept(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        article = make_article(headline="Harbour bridge reopens")
        url = article.get_absolute_url()
        assert "Harbour bridge reopens" in warm(client, url)
        old = caches["pages"].get(f"{_page_key(RequestFactory().get(url))}:lz4")
        article.headline = "Harbour bridge stays shut"
        with django_capture_on_commit_callbacks(execute=True):
            article.save()
            purge_pages()
        assert bodies.get(old["digest"]) is not None
        response = client.get(url)
        assert state(response) == "miss"
        assert "Harbour bridge stays shut" in response.content.decode()
        assert "Harbour bridge reopens" not in response.content.decode()

    def test_a_body_lost_by_the_store_and_not_kept_is_rendered_again(
        self, client, page_cache
    ):
        first = client.get("/")
        request = RequestFactory().get("/")
        entry = caches["pages"].get(f"{_page_key(request)}:lz4")
        caches["pages"].delete(f"pagebody:{entry['digest']}")
        bodies.clear()
        response = client.get("/")
        assert state(response) == "miss"
        assert response.content == first.content
        assert state(client.get("/")) == "hit"

    def test_a_full_database_store_culls_entries_before_bodies(self):
        # It culls the lowest keys first; the generation, last of all.
        entry = f"{_page_key(RequestFactory().get('/'))}:lz4"
        assert entry < _body_key("0" * 64) < GENERATION_KEY

    def test_kept_bodies_stay_within_their_bound(self, settings):
        settings.NEWSROOM_PAGE_BODIES_KEPT_MB = 1
        bodies.clear()
        pages = [bytes([n]) * 400_000 for n in range(4)]
        for number, page in enumerate(pages):
            bodies.put(f"page-{number}", page)
        assert bodies.size <= 1024 * 1024
        assert bodies.get("page-0") is None
        assert bodies.get("page-3") == pages[3]

    def test_none_are_kept_when_the_bound_is_zero(self, client, page_cache, settings):
        settings.NEWSROOM_PAGE_BODIES_KEPT_MB = 0
        bodies.clear()
        warm(client, "/")
        assert bodies.size == 0


class HeaderTests:
    def test_cached_page_may_be_kept_by_a_cdn_that_revalidates(
        self, client, page_cache
    ):
        for response in (client.get("/"), client.get("/")):
            cache_control = {p.strip() for p in response["Cache-Control"].split(",")}
            assert cache_control == {"public", "max-age=0", "must-revalidate"}
            assert response["ETag"].startswith('"')
            assert "Cookie" in response["Vary"]

    def test_browser_with_the_current_copy_gets_not_modified(
        self, client, page_cache, django_assert_num_queries
    ):
        etag = client.get("/")["ETag"]
        with django_assert_num_queries(page_cache.queries_per_hit):
            response = client.get("/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag

    def test_browser_with_an_old_copy_gets_the_page(self, client, page_cache):
        client.get("/")
        response = client.get("/", HTTP_IF_NONE_MATCH='"an-old-copy"')
        assert response.status_code == 200
        assert state(response) == "hit"

    def test_browser_that_accepts_gzip_gets_the_same_page_gzipped(
        self, client, page_cache
    ):
        article = make_article(headline="Harbour bridge reopens")
        plain = warm(client, article.get_absolute_url())
        response = client.get(
            article.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, deflate, br"
        )
        assert state(response) == "hit"
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        assert gzip.decompress(response.content).decode() == plain

    def test_gzipped_and_plain_copies_revalidate_against_each_other(
        self, client, page_cache
    ):
        plain_etag = client.get("/")["ETag"]
        gzipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
        assert gzipped["ETag"] == f"W/{plain_etag}"
        for etag, encoding in [(plain_etag, "gzip"), (gzipped["ETag"], "")]:
            response = client.get(
                "/", HTTP_IF_NONE_MATCH=etag, HTTP_ACCEPT_ENCODING=encoding
            )
            assert response.status_code == 304

    def test_cached_page_carries_the_headers_of_a_fresh_one(self, client, page_cache):
        # A hit skips the middleware that added these: the stored page keeps
        # them.
        for url in reader_urls():
            first, second = client.get(url), client.get(url)
            assert state(second) == "hit", url
            for header in FRESH_PAGE_HEADERS:
                assert second.get(header) == first.get(header), (url, header)
                assert second.has_header(header), (url, header)
            assert int(second["Content-Length"]) == len(second.content), url

    @pytest.mark.parametrize(
        "older",
        [
            {"content": b"old"},
            # Before the page cache sat above CSP: no such header stored.
            {"body": lz4.frame.compress(b"old"), "headers": {}},
        ],
    )
    def test_page_stored_by_an_older_release_is_rendered_again(
        self, client, page_cache, older
    ):
        warm(client, "/")
        store = caches["pages"]
        key = f"{_page_key(RequestFactory().get('/'))}:lz4"
        entry = store.get(key)
        store.set(key, {"generation": entry["generation"], **older})
        response = client.get("/")
        assert state(response) == "miss"
        assert response.status_code == 200
        assert b"<html" in response.content
        assert response.has_header("Content-Security-Policy")


class NeverCachedTests:
    def assert_private(self, response):
        assert state(response) == "bypass"
        assert response["Cache-Control"] == "private, no-cache"
        assert not response.has_header("ETag")

    def test_signed_in_editor_gets_their_own_page(
        self, client, admin_client, page_cache
    ):
        article = make_article()
        warm(client, article.get_absolute_url())
        for _ in range(2):
            response = admin_client.get(article.get_absolute_url())
            self.assert_private(response)
            assert "csrfmiddlewaretoken" in response.content.decode()

    def test_reader_with_a_pending_comment_and_its_message_sees_both(
        self, client, page_cache, recaptcha_passes
    ):
        article = make_article()
        warm(client, article.get_absolute_url())
        post_comment(client, article, body="Please fix the crossing.")
        for message_shown in (True, False):
            response = client.get(article.get_absolute_url())
            html = response.content.decode()
            self.assert_private(response)
            assert "Please fix the crossing." in html
            assert ('<ul class="messages"' in html) is message_shown

    def test_reader_whose_name_is_remembered_gets_a_filled_in_form(
        self, client, page_cache
    ):
        article = make_article()
        warm(client, article.get_absolute_url())
        client.cookies[REMEMBER_COOKIE] = signing.dumps(
            {"name": "Ada Reader", "email": "ada@example.org"}, salt=REMEMBER_SALT
        )
        response = client.get(article.get_absolute_url())
        self.assert_private(response)
        assert 'value="Ada Reader"' in response.content.decode()

    def test_reader_with_a_flash_message_kept_in_the_session_sees_it(
        self, client, page_cache, settings
    ):
        # A site may keep its messages in the session rather than a cookie.
        settings.MESSAGE_STORAGE = f"{SessionStorage.__module__}.SessionStorage"
        warm(client, reverse("articles:home"))
        session = client.session
        waiting = [Message(constants.SUCCESS, "Your details were erased.")]
        SessionStorage(SimpleNamespace(session=session))._store(waiting, None)
        session.save()
        response = client.get(reverse("articles:home"))
        self.assert_private(response)
        assert "Your details were erased." in response.content.decode()

    @pytest.mark.parametrize("query", ["replyto={reply}", "page=1&x=2", "utm=mail"])
    def test_other_query_strings_are_not_cached(self, client, page_cache, query):
        article = make_article()
        reply = make_comment(article).pk
        url = f"{article.get_absolute_url()}?{query.format(reply=reply)}"
        for _ in range(2):
            self.assert_private(client.get(url))

    def test_missing_page_is_not_cached(self, client, page_cache):
        for _ in range(2):
            response = client.get("/section/nothing-here/")
            assert response.status_code == 404
            self.assert_private(response)

    def test_admin_and_comment_posts_are_left_alone(self, client, page_cache):
        article = make_article()
        login = client.get(reverse("admin:login"))
        posted = client.post(reverse("comments:post", kwargs={"slug": article.slug}))
        assert not login.has_header("X-Page-Cache")
        assert not posted.has_header("X-Page-Cache")

    def test_page_that_sets_a_cookie_is_not_stored(self, page_cache):
        def view(request):
            response = HttpResponse("<p>Hello</p>")
            response.set_cookie("greeted", "yes")
            return response

        middleware = PageCacheMiddleware(view)
        for _ in range(2):
            response = middleware(RequestFactory().get("/privacy/"))
            assert state(response) == "bypass"
            assert "greeted" in response.cookies

    def test_page_holding_a_csp_nonce_is_not_stored(self, page_cache):
        def view(request):
            return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

        request = RequestFactory().get("/privacy/")
        request.csp_nonce = "made-for-this-response"
        response = PageCacheMiddleware(view)(request)
        assert state(response) == "bypass"

    def test_nothing_is_cached_when_the_page_cache_is_off(self, client, settings):
        settings.NEWSROOM_PAGE_CACHE = False
        for _ in range(2):
            response = client.get("/")
            assert not response.has_header("X-Page-Cache")
            assert not response.has_header("ETag")


class StoreDownTests:
    def test_reader_pages_are_rendered_when_redis_is_down(self, client, settings):
        down = {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
        settings.NEWSROOM_PAGE_CACHE = True
        settings.CACHES = {"default": down, "pages": down}
        story = make_article(headline="Tram depot reopens")
        pages = ("/", story.get_absolute_url(), story.section.get_absolute_url())
        for url in pages:
            response = client.get(url)
            assert response.status_code == 200
            assert response["X-Page-Cache"] == "bypass"
        assert "Tram depot reopens" in response.text
