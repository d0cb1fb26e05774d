"""The chrome every page shares: date line, navigation, footer, cookie notice."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib import messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import dateformat, timezone

from articles.models import Article
from comments.models import Comment
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


def html_of(response):
    assert response.status_code == 200
    return response.content.decode()


class DateLineTests:
    def test_shows_today_in_the_site_time_zone(self, client, settings):
        settings.TIME_ZONE = "Pacific/Kiritimati"
        today = datetime.now(ZoneInfo("Pacific/Kiritimati"))
        html = html_of(client.get("/privacy/"))
        expected = (
            f'<time datetime="{today:%Y-%m-%d}">'
            f"{dateformat.format(today, 'l, F j, Y')}</time>"
        )
        assert f'<p class="date-line">{expected}</p>' in html


class NavigationTests:
    def test_lists_sections_in_editor_order(self, client):
        make_section(name="Sport", position=2)
        make_section(name="City", position=1)
        make_section(name="Arts", position=3)
        html = html_of(client.get("/"))
        nav = re.search(r'<nav class="section-nav".*?</nav>', html, re.S).group(0)
        assert re.findall(r">(\w+)</a>", nav) == ["City", "Sport", "Arts"]

    def test_marks_the_current_section(self, client):
        section = make_section(name="City")
        html = html_of(client.get(section.get_absolute_url()))
        assert (
            f'<a href="{section.get_absolute_url()}" aria-current="page">City</a>'
            in html
        )

    def test_names_are_shown_as_text(self, client):
        make_section(name="Arts & <Culture>")
        nav = re.search(
            r'<nav class="section-nav".*?</nav>', html_of(client.get("/")), re.S
        ).group(0)
        assert ">Arts &amp; &lt;Culture&gt;</a>" in nav
        assert "<Culture>" not in nav

    def test_no_navigation_without_sections(self, client):
        assert "section-nav" not in html_of(client.get("/privacy/"))


class RecentPostsTests:
    def test_newest_first_with_excerpt_and_date(self, client, settings):
        settings.TIME_ZONE = "UTC"
        make_article(
            headline="Older story",
            published_at=datetime(2025, 4, 10, 12, tzinfo=ZoneInfo("UTC")),
        )
        make_article(
            headline="Newer story",
            standfirst="The market hall gets a new roof, a new floor and, "
            "for the first time in forty years, a proper heating system "
            "that works in winter.",
            published_at=datetime(2025, 4, 12, 9, tzinfo=ZoneInfo("UTC")),
        )
        make_article(headline="Hidden draft", status=Article.Status.DRAFT)
        html = html_of(client.get("/privacy/"))
        widget = re.search(r'<section class="recent-posts".*?</section>', html, re.S)
        widget = widget.group(0)
        assert re.findall(r'">([^<]+)</a>', widget) == ["Newer story", "Older story"]
        excerpt = re.search(r'<p class="excerpt">(.*?)</p>', widget).group(1)
        assert excerpt.startswith("The market hall gets a new roof")
        assert excerpt.endswith("…")
        assert len(excerpt) <= 111
        assert ">April 12, 2025</time>" in widget

    def test_headline_and_standfirst_are_shown_as_text(self, client):
        article = make_article(
            headline="Fish & <chips> tax", standfirst="Vendors say <b>no</b>."
        )
        html = html_of(client.get("/privacy/"))
        widget = re.search(r'<section class="recent-posts".*?</section>', html, re.S)
        widget = widget.group(0)
        assert f'<a href="{article.get_absolute_url()}">' in widget
        assert ">Fish &amp; &lt;chips&gt; tax</a>" in widget
        assert '<p class="excerpt">Vendors say no…</p>' in widget

    def test_says_so_when_nothing_is_published(self, client):
        make_article(headline="Hidden draft", status=Article.Status.DRAFT)
        html = html_of(client.get("/privacy/"))
        assert "<li>Nothing published yet.</li>" in html
        assert "Hidden draft" not in html

    def test_short_standfirst_still_ends_in_an_ellipsis(self, client):
        make_article(standfirst="Short.")
        assert '<p class="excerpt">Short…</p>' in html_of(client.get("/privacy/"))


class CookieNoticeTests:
    def test_shown_with_a_link_to_the_privacy_page(self, client):
        html = html_of(client.get("/"))
        notice = re.search(r'<aside class="cookie-notice".*?</aside>', html, re.S)
        assert notice
        assert 'href="/privacy/"' in notice.group(0)

    def test_dismissing_without_javascript_hides_it(self, client):
        response = client.post("/cookie-notice/dismiss/", {"next": "/privacy/"})
        assert response.status_code == 302
        assert response["Location"] == "/privacy/"
        cookie = response.cookies["cookie_notice"]
        assert cookie["max-age"] >= 365 * 24 * 60 * 60
        assert "cookie-notice" not in html_of(client.get("/privacy/"))

    @pytest.mark.parametrize(
        "next_url",
        ["https://evil.example/", "//evil.example/", "/\\evil.example", ""],
    )
    def test_next_cannot_leave_the_site(self, client, next_url):
        response = client.post("/cookie-notice/dismiss/", {"next": next_url})
        assert response["Location"] == "/"

    def test_next_with_a_line_break_is_harmless(self, client):
        response = client.post(
            "/cookie-notice/dismiss/", {"next": "/a\r\nSet-Cookie: x"}
        )
        assert response.status_code == 302
        assert "\n" not in response["Location"]

    def test_dismissing_needs_a_post(self, client):
        assert client.get("/cookie-notice/dismiss/").status_code == 405

    def test_reading_sets_no_cookie_at_all(self, client):
        article = make_article()
        assert not client.get("/").cookies
        assert not client.get(article.section.get_absolute_url()).cookies


class PrivacyPageTests:
    def test_says_what_is_stored(self, client):
        html = html_of(client.get("/privacy/"))
        assert re.findall(r"<h1>(.*?)</h1>", html) == ["Privacy and cookies"]
        for stored in ["email", "IP address", "user agent", "cookie_notice"]:
            assert stored in html
        for cookie in ["csrftoken", "sessionid", "Remember me"]:
            assert f"<dt>{cookie}</dt>" in html or f"<code>{cookie}</code>" in html


class PageFrameTests:
    def test_no_inline_scripts_or_handlers(self, client):
        article = make_article()
        for url in ["/", article.get_absolute_url(), "/privacy/", "/missing/"]:
            html = client.get(url).content.decode()
            scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
            assert ' src="/static/js/site.js" defer' in [attrs for attrs, _ in scripts]
            assert all("src=" in attrs and not body.strip() for attrs, body in scripts)
            assert not re.search(r"<[^>]+\son\w+=", html)

    def test_flash_messages_are_shown(self, rf):
        request = rf.get("/privacy/")
        request.session = {}
        request._messages = FallbackStorage(request)
        messages.success(request, "Thanks, your comment is waiting for review.")
        html = render_to_string("privacy.html", request=request)
        assert "Thanks, your comment is waiting for review." in html
        assert '<ul class="messages" role="status">' in html

    def test_not_found_page_uses_the_site_frame(self, client):
        response = client.get("/section/nothing-here/")
        html = response.content.decode()
        assert response.status_code == 404
        assert re.findall(r"<h1>(.*?)</h1>", html) == ["Page not found"]
        assert "Recent posts" in html

    def test_server_error_page_needs_no_database(self, django_assert_num_queries):
        with django_assert_num_queries(0):
            html = render_to_string("500.html")
        assert "<h1>Something went wrong</h1>" in html

    def test_form_without_its_cookie_gets_a_plain_refusal(self, django_user_model):
        # Only a signed-in reader's form is checked for its cookie (see
        # comments.views.csrf_protect_signed_in).
        article = make_article()
        url = reverse("comments:post", kwargs={"slug": article.slug})
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(django_user_model.objects.create_user("editor"))
        response = browser.post(url, {"body": "Hello"})
        html = response.content.decode()
        assert response.status_code == 403
        assert re.findall(r"<h1>(.*?)</h1>", html) == ["Your form could not be sent"]
        assert "allow cookies for this site" in html
        assert not Comment.objects.exists()

    def test_unreadable_request_gets_a_plain_page(self, client, settings):
        settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 3
        article = make_article()
        url = reverse("comments:post", kwargs={"slug": article.slug})
        response = client.post(url, {f"field{n}": "x" for n in range(5)})
        assert response.status_code == 400
        assert "<h1>The request could not be read</h1>" in response.content.decode()

    def test_scheduled_articles_stay_out_of_the_chrome(self, client):
        make_article(
            headline="Tomorrow's story", published_at=timezone.now() + timedelta(days=1)
        )
        assert "Tomorrow&#x27;s story" not in html_of(client.get("/privacy/"))


class OddRequestTests:
    """Reader pages answer odd requests with a page, never a server error."""

    def reader_urls(self):
        article = make_article(tags=["ferry"])
        author = article.byline_authors[0]
        return [
            "/",
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            reverse("articles:tag", kwargs={"slug": "ferry"}),
            author.get_absolute_url(),
            "/privacy/",
        ]

    @pytest.mark.parametrize(
        "query",
        ["?%ff=%ff", "?page=%ff", "?page=%00", "?page=" + "9" * 400, "?replyto=%ff"],
    )
    def test_odd_query_strings(self, client, query):
        for url in self.reader_urls():
            assert client.get(url + query).status_code in (200, 404)

    @pytest.mark.parametrize("path", ["/articles/%ff/", "/tag/%ff%fe/", "/tag/%00/"])
    def test_undecodable_paths_are_not_found(self, client, path):
        assert client.get(path).status_code == 404

    def test_head_and_options_answer_and_writes_are_refused(self, client):
        for url in self.reader_urls():
            assert client.head(url).status_code == 200
            assert client.options(url).status_code == 200
            assert client.put(url).status_code == 405
            assert client.post(url).status_code == 405


class PrivacyPeriodTests:
    def test_says_how_long_addresses_are_kept_as_configured(self, client, settings):
        settings.COMMENTS_PURGE_IPS_DAYS = 30
        html = html_of(client.get("/privacy/"))
        assert (
            "They are blanked once moderation no longer needs them: after 30 days."
            in html
        )
