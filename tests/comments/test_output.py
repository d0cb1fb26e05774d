"""Whatever a commenter sends, the page shows it as text: nothing they type
becomes markup, script or a dangerous link, and no post ends in a server
error."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.threads import linked
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
READER = {
    "body": "A fair point about the harbour.",
    "name": "Ada Reader",
    "email": "ada.reader@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def post_comment(client, article, **overrides):
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        READER | overrides,
        REMOTE_ADDR="198.51.100.4",
    )


LINK_TO_A = '<a href="https://a.example/" rel="nofollow ugc noopener">'


def links(html):
    return re.findall(r"<a [^>]*>", html)


class EscapedEverywhereTests:
    @pytest.mark.parametrize("text", [SCRIPT, ATTRIBUTE])
    def test_markup_in_name_and_body_is_shown_as_text(self, client, text):
        article = make_article()
        comment = make_comment(article, name=f"Eve {text}", body=f"Hello {text}")
        pages = [
            page(client, article.get_absolute_url()),
            page(client, reverse("comments:report", kwargs={"pk": comment.pk})),
        ]
        for html in pages:
            assert text not in html
            assert "<script>alert" not in html
            assert "<img src=x" not in html
            assert "Eve &lt;" in html or "Eve &quot;&gt;" in html

    def test_markup_sent_through_the_form_is_stored_as_text_and_escaped(
        self, client, recaptcha_passes
    ):
        article = make_article()
        post_comment(client, article, name=f"Eve {SCRIPT}", body=f"Hi {ATTRIBUTE}")
        comment = Comment.objects.get()
        assert comment.body == f"Hi {ATTRIBUTE}"
        Comment.objects.update(status=Comment.Status.APPROVED)
        html = page(Client(), article.get_absolute_url())
        assert "Hi &quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in html
        assert "Eve &lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
        assert "<img src=x" not in html

    def test_markup_in_the_email_never_reaches_the_page(self, client):
        article = make_article()
        make_comment(article, email='"<b>"@example.org')
        html = page(client, article.get_absolute_url())
        assert "example.org" not in html

    def test_own_comment_pages_escape_too(self, client, recaptcha_passes):
        article = make_article()
        post_comment(client, article, body=f"Note {SCRIPT}")
        comment = Comment.objects.get()
        for name in ["comments:edit", "comments:delete"]:
            html = page(client, reverse(name, kwargs={"pk": comment.pk}))
            assert "Note &lt;script&gt;" in html
            assert SCRIPT not in html


class LinkTests:
    def test_web_address_in_a_comment_becomes_a_link_search_engines_skip(self, client):
        article = make_article()
        make_comment(article, body="Timetable: https://ferries.example.org/times.")
        html = page(client, article.get_absolute_url())
        assert (
            "Timetable: <a "
            'href="https://ferries.example.org/times" rel="nofollow ugc noopener">'
            "https://ferries.example.org/times</a>.</p>"
        ) in html

    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            (
                "go to http://a.example/x?a=1&b=2 now",
                ["http://a.example/x?a=1&amp;b=2"],
            ),
            ("see (https://a.example/page), then", ["https://a.example/page"]),
            (
                "https://en.wikipedia.org/wiki/Ferry_(boat)",
                ["https://en.wikipedia.org/wiki/Ferry_(boat)"],
            ),
            ("HTTPS://A.EXAMPLE/UP!", ["HTTPS://A.EXAMPLE/UP"]),
            (
                "two https://a.example and https://b.example.",
                ["https://a.example", "https://b.example"],
            ),
            ('quoted "https://a.example/q" here', ["https://a.example/q"]),
            ("line one https://a.example\nline two", ["https://a.example"]),
        ],
        ids=["query", "brackets", "wiki", "upper", "two", "quotes", "lines"],
    )
    def test_addresses_are_found_in_running_text(self, text, shown):
        html = linked(text)
        assert re.findall(r'<a href="([^"]*)" rel="nofollow ugc noopener">', html) == (
            shown
        )

    @pytest.mark.parametrize(
        "text",
        [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(document.cookie)",
            "data:text/html,<script>alert(1)</script>",
            "vbscript:msgbox",
            "ftp://files.example.org/x",
            "//evil.example/path",
            "www.example.org",
            "http://",
            "https://.",
            '<a href="javascript:alert(1)">click</a>',
        ],
    )
    def test_nothing_else_becomes_a_link(self, text):
        html = linked(text)
        assert "<a " not in html
        assert "<" not in html.replace("&lt;", "")

    def test_address_cannot_break_out_of_its_attribute(self):
        html = linked('https://a.example/"onmouseover="alert(1)')
        assert links(html) == [
            '<a href="https://a.example/" rel="nofollow ugc noopener">'
        ]
        html = linked("https://a.example/'x'<script>")
        assert "<script>" not in html
        assert links(html) == [LINK_TO_A]

    def test_javascript_address_in_a_comment_is_plain_text(self, client):
        article = make_article()
        make_comment(article, body="Click javascript:alert(document.cookie)")
        html = page(client, article.get_absolute_url())
        assert "Click javascript:alert(document.cookie)" in html
        assert 'href="javascript' not in html.lower()


class NameIsolationTests:
    @pytest.mark.parametrize(
        "name",
        [
            "\u202egnp.exe",  # right-to-left override
            "Ada\u200b\u200bReader",  # zero-width spaces
            "\u2067Ada\u2069",  # isolates
            "עדה",  # a right-to-left script
        ],
        ids=["override", "zero-width", "isolate", "hebrew"],
    )
    def test_names_are_isolated_from_the_text_around_them(self, client, name):
        article = make_article()
        make_comment(article, name=name)
        html = page(client, article.get_absolute_url())
        assert f'<p class="comment-author"><bdi>{name}</bdi></p>' in html
        assert f'Reply<span class="visually-hidden"> to <bdi>{name}</bdi>' in html
        assert f"the comment by <bdi>{name}</bdi>" in html

    def test_form_strips_direction_controls_from_a_posted_name(
        self, client, recaptcha_passes
    ):
        post_comment(client, make_article(), name="\u202eAda\u200b Reader")
        assert Comment.objects.get().name == "Ada Reader"


class RefusedPostTests:
    def test_reply_to_a_comment_of_another_article_is_refused(
        self, client, recaptcha_passes
    ):
        article, elsewhere = make_article(), make_article()
        foreign = make_comment(elsewhere)
        response = post_comment(client, article, parent=foreign.pk)
        html = response.content.decode()
        assert response.status_code == 200
        assert "The comment you were replying to is no longer shown." in html
        assert READER["body"] in html
        assert not Comment.objects.exclude(pk=foreign.pk).exists()

    def test_post_to_a_closed_article_shows_the_form_again_saying_so(
        self, client, recaptcha_passes
    ):
        article = make_article(comments_enabled=False)
        response = post_comment(client, article)
        assert response.status_code == 200
        assert "Comments are closed on this article." in response.content.decode()
        assert not Comment.objects.exists()

    @pytest.mark.parametrize(
        "slug", ["draft-story", "no-such-story", "%00", "a" * 300, "ünïcode"]
    )
    def test_post_to_a_draft_or_unknown_article_is_a_not_found_page(
        self, client, recaptcha_passes, slug
    ):
        make_article(slug="draft-story", status="draft", published_at=None)
        response = client.post(f"/comments/post/{slug}/", READER)
        assert response.status_code == 404
        assert not Comment.objects.exists()

    def test_not_found_page_is_the_site_page(self, client, recaptcha_passes, settings):
        settings.DEBUG = False
        make_article(slug="draft-story", status="draft", published_at=None)
        response = client.post("/comments/post/draft-story/", READER)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()
