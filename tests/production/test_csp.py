"""The Content-Security-Policy every page is served under, and pages that keep
to it: no inline script runs without the request's nonce."""

from html.parser import HTMLParser

import pytest
from django.contrib.auth import get_user_model

from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

RECAPTCHA_SCRIPTS = {
    "https://www.google.com/recaptcha/",
    "https://www.gstatic.com/recaptcha/",
}
RECAPTCHA_FRAMES = {
    "https://www.google.com/recaptcha/",
    "https://recaptcha.google.com/recaptcha/",
}
# Script types a browser runs; anything else (JSON, JSON-LD) is only data.
RUNNABLE = {"", "text/javascript", "application/javascript", "module", "importmap"}


def policy(response) -> dict[str, set[str]]:
    assert "Content-Security-Policy-Report-Only" not in response
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *sources = part.split()
        directives[name] = set(sources)
    return directives


class InlineCode(HTMLParser):
    """Inline scripts (with their nonce) and inline event handlers of a page."""

    def __init__(self, html):
        super().__init__()
        self.scripts, self.handlers = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        runnable = attrs.get("type", "").lower() in RUNNABLE
        if tag == "script" and runnable and not attrs.get("src"):
            self.scripts.append(attrs.get("nonce"))


def assert_keeps_to_the_policy(response):
    assert response.status_code == 200
    directives = policy(response)
    nonces = {s for s in directives["script-src"] if s.startswith("'nonce-")}
    assert directives["script-src"] - nonces == {"'self'", *RECAPTCHA_SCRIPTS}
    assert directives["frame-src"] == RECAPTCHA_FRAMES
    assert directives["default-src"] == {"'self'"}
    # Styles from our origin, and the editor's one stylesheet by its hash.
    hashes = {s for s in directives["style-src"] if s.startswith("'sha256-")}
    assert directives["style-src"] - hashes == {"'self'"}
    assert len(hashes) == 1
    assert directives["object-src"] == {"'none'"}
    inline = InlineCode(response.content.decode())
    assert inline.handlers == []
    for nonce in inline.scripts:
        assert f"'nonce-{nonce}'" in nonces
    return inline


@pytest.fixture
def article():
    article = make_article(tags=["harbour"])
    make_comment(article)
    return article


class ReaderPagePolicyTests:
    def test_reader_pages_keep_to_the_enforced_policy(self, client, article):
        author = article.authors.get()
        for url in (
            "/",
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            "/tag/harbour/",
            author.get_absolute_url(),
            "/privacy/",
        ):
            inline = assert_keeps_to_the_policy(client.get(url))
            assert inline.scripts == [], url

    def test_the_comment_form_names_googles_script_as_a_file_loaded_later(
        self, client, article
    ):
        page = client.get(article.get_absolute_url()).content.decode()
        assert 'data-captcha-script="https://www.google.com/recaptcha/api.js' in page
        assert '<script src="https://www.google.com' not in page


class AdminPolicyTests:
    @pytest.fixture(autouse=True)
    def signed_in(self, client):
        editor = get_user_model().objects.create_superuser(
            "editor", "editor@example.org", "pw"
        )
        client.force_login(editor)

    def test_add_article_gives_the_editors_import_map_the_nonce(self, client):
        inline = assert_keeps_to_the_policy(client.get("/admin/articles/article/add/"))
        assert len(inline.scripts) == 1
        assert inline.scripts[0]

    def test_lists_and_the_moderation_queue_keep_to_the_policy(self, client, article):
        comment = article.comments.get()
        for url in (
            "/admin/",
            "/admin/articles/article/",
            f"/admin/articles/article/{article.pk}/change/",
            "/admin/comments/comment/",
            f"/admin/comments/comment/{comment.pk}/change/",
            "/admin/authors/author/add/",
        ):
            assert_keeps_to_the_policy(client.get(url))
