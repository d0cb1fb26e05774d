"""A cached page carries no CSRF token: anonymous comments rely on reCAPTCHA
and moderation, signed-in readers keep the token check."""

import pytest
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from tests.comments.test_views import READER
from tests.factories import make_article

from .pages import state

pytestmark = pytest.mark.django_db


def comment_url(article):
    return reverse("comments:post", kwargs={"slug": article.slug})


class CommentFormTokenTests:
    def test_anonymous_article_page_sets_no_cookie_and_has_no_token(self, client):
        response = client.get(make_article().get_absolute_url())
        assert response.cookies == {}
        assert "csrfmiddlewaretoken" not in response.content.decode()

    def test_anonymous_reader_posts_from_a_cached_page(
        self, page_cache, recaptcha_passes
    ):
        article = make_article()
        browser = Client(enforce_csrf_checks=True)
        browser.get(article.get_absolute_url())
        assert state(browser.get(article.get_absolute_url())) == "hit"

        response = browser.post(comment_url(article), READER)

        assert response.status_code == 302
        assert Comment.objects.get().body.startswith("The new bus lane")

    def test_signed_in_reader_posts_with_the_token_from_their_page(
        self, admin_user, recaptcha_passes
    ):
        article = make_article()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(admin_user)
        browser.get(article.get_absolute_url())
        token = browser.cookies["csrftoken"].value

        response = browser.post(
            comment_url(article), READER | {"csrfmiddlewaretoken": token}
        )

        assert response.status_code == 302
        assert Comment.objects.count() == 1

    def test_signed_in_reader_without_the_token_is_refused(
        self, admin_user, recaptcha_passes
    ):
        article = make_article()
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(admin_user)

        response = browser.post(comment_url(article), READER)

        assert response.status_code == 403
        assert not Comment.objects.exists()
