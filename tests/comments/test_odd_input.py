"""Whatever a browser or a script sends to the comment form, the answer is a
page, never a server error."""

import pytest
from django.urls import reverse

from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db

VALID = {
    "body": "The ferry was on time today.",
    "name": "Ada Reader",
    "email": "ada@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


def post(client, article, data, **extra):
    url = reverse("comments:post", kwargs={"slug": article.slug})
    return client.post(url, data, **extra)


class OddCommentPostTests:
    @pytest.mark.parametrize(
        "overrides",
        [
            {"body": "x" * 100_000},
            {"body": "a\x00b"},
            {"email": "ada\x00@example.org"},
            {"g-recaptcha-response": "a\x00b"},
            {"email": "ada@" + "b" * 300 + ".org"},
            {"parent": "9" * 30},
            {"parent": "\x00"},
            {"remember": ["on", ""]},
            {"body": ["first", "second"]},
        ],
        ids=[
            "huge-body",
            "nul-body",
            "nul-email",
            "nul-token",
            "long-domain",
            "huge-parent",
            "nul-parent",
            "twice-remember",
            "twice-body",
        ],
    )
    def test_odd_fields_get_a_page(self, client, recaptcha_passes, overrides):
        response = post(client, make_article(), VALID | overrides)
        assert response.status_code in (200, 302)

    def test_unicode_everywhere_is_stored_as_sent(self, client, recaptcha_passes):
        data = VALID | {"name": "Zoë Ångström 😀", "body": "Дякую за статтю"}
        assert post(client, make_article(), data).status_code == 302
        assert Comment.objects.get().name == "Zoë Ångström 😀"

    @pytest.mark.parametrize(
        "body",
        [b"body=%ff%fe&name=%ff&email=a%40example.org", b"\xff\xfe=\xff", b"%00=%00"],
    )
    def test_undecodable_bytes_get_the_form_back(self, client, recaptcha_passes, body):
        response = post(
            client,
            make_article(),
            body,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert not Comment.objects.exists()

    @pytest.mark.parametrize(
        ("body", "stored"),
        [
            # A percent-escape that is not UTF-8 becomes U+FFFD.
            (b"body=caf%E9+au+lait", "caf\ufffd au lait"),
            # A raw byte outside an escape is read as Latin-1 by Django.
            (b"body=caf\xe9 au lait", "caf\xe9 au lait"),
        ],
        ids=["percent-encoded", "raw"],
    )
    def test_invalid_utf8_is_stored_as_text(
        self, client, recaptcha_passes, body, stored
    ):
        rest = b"&name=Ada&email=ada%40example.org&g-recaptcha-response=t"
        response = post(
            client,
            make_article(),
            body + rest,
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 302
        assert Comment.objects.get().body == stored

    @pytest.mark.parametrize(
        "content_type",
        ["multipart/form-data; boundary=x", "application/json", "text/plain"],
    )
    def test_other_encodings_store_nothing(
        self, client, recaptcha_passes, content_type
    ):
        response = post(
            client, make_article(), b"\xff garbage", content_type=content_type
        )
        assert response.status_code in (200, 400)
        assert not Comment.objects.exists()

    @pytest.mark.parametrize(
        "meta",
        [
            {"REMOTE_ADDR": "not-an-address"},
            {"REMOTE_ADDR": ""},
            {"REMOTE_ADDR": "fe80::1%eth0"},
            {"HTTP_USER_AGENT": "x" * 10_000},
        ],
        ids=["bad-address", "no-address", "scoped-address", "huge-agent"],
    )
    def test_odd_client_details_are_stored_safely(self, client, recaptcha_passes, meta):
        assert post(client, make_article(), VALID, **meta).status_code == 302
        assert Comment.objects.count() == 1

    @pytest.mark.parametrize("method", ["put", "delete", "patch", "head", "options"])
    def test_other_methods_are_refused(self, client, method):
        article = make_article()
        url = reverse("comments:post", kwargs={"slug": article.slug})
        assert getattr(client, method)(url).status_code == 405


class OddCookieTests:
    @pytest.mark.parametrize("value", ["\x00", "a" * 5000, "é", ":::", "W10:1tM:abc"])
    def test_garbage_cookies_are_ignored(self, client, value):
        article = make_article()
        for name in ["comment_author", "sessionid", "csrftoken", "messages"]:
            client.cookies[name] = value
        assert client.get(article.get_absolute_url()).status_code == 200
