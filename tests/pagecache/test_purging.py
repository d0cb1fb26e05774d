"""A change readers can see is on the next page they load."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles import views as article_views
from articles.models import Article
from articles.services import article_publish, article_unpublish
from comments.models import Comment
from comments.services import comment_approve, comment_mark_spam, comment_reject
from tests.comments.test_views import post_comment
from tests.factories import make_article, make_comment

from .pages import state, warm

pytestmark = pytest.mark.django_db


def draft(**overrides):
    return make_article(status=Article.Status.DRAFT, published_at=None, **overrides)


def visit(client, url):
    """A visit after a change: rendered again, not served from the cache."""
    response = client.get(url)
    assert state(response) in ("miss", "bypass")
    return response


class ServicePurgeTests:
    def test_published_article_is_on_the_next_home_page(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        story = draft(headline="Library opens late on Thursdays")
        assert "Library opens late" not in warm(client, "/")
        with django_capture_on_commit_callbacks(execute=True):
            article_publish(article=story)
        assert "Library opens late" in visit(client, "/").content.decode()

    def test_unpublished_article_is_gone_on_the_next_visit(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        article = make_article()
        warm(client, article.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            article_unpublish(article=article)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_approved_comment_is_on_the_next_visit(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        article = make_article()
        waiting = make_comment(article, body="Well reported.", status="pending")
        assert "Well reported." not in warm(client, article.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            comment_approve(comments=Comment.objects.filter(pk=waiting.pk))
        html = visit(client, article.get_absolute_url()).content.decode()
        assert "Well reported." in html

    @pytest.mark.parametrize("hide", [comment_reject, comment_mark_spam])
    def test_hidden_comment_is_gone_on_the_next_visit(
        self, client, page_cache, django_capture_on_commit_callbacks, hide
    ):
        article = make_article()
        shown = make_comment(article, body="Buy cheap watches.")
        assert "Buy cheap watches." in warm(client, article.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            hide(comments=Comment.objects.filter(pk=shown.pk))
        html = visit(client, article.get_absolute_url()).content.decode()
        assert "Buy cheap watches." not in html

    def test_comments_nobody_sees_leave_the_cached_page_alone(
        self, client, page_cache, django_capture_on_commit_callbacks, recaptcha_passes
    ):
        article = make_article()
        warm(client, article.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(Client(), article, body="First!")
            comment_mark_spam(comments=Comment.objects.filter(body="First!"))
        assert state(client.get(article.get_absolute_url())) == "hit"

    def test_page_rendered_while_a_change_commits_is_not_served(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        story = draft(headline="Council approves the budget")
        article = make_article()
        related = article_views.related_articles

        def publish_meanwhile(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                article_publish(article=story)
            return related(*args, **kwargs)

        with mock.patch.object(article_views, "related_articles", publish_meanwhile):
            assert state(client.get(article.get_absolute_url())) == "miss"
        assert state(client.get(article.get_absolute_url())) == "miss"
        assert state(client.get(article.get_absolute_url())) == "hit"


class ScheduleTests:
    def test_scheduled_article_is_on_the_first_page_loaded_after_its_time(
        self, client, page_cache
    ):
        now = timezone.now()
        make_article(
            headline="Night market returns", published_at=now + timedelta(hours=1)
        )
        assert "Night market returns" not in warm(client, "/")
        with mock.patch(
            "django.utils.timezone.now", return_value=now + timedelta(hours=2)
        ):
            response = client.get("/")
        assert state(response) == "miss"
        assert "Night market returns" in response.content.decode()

    def test_article_page_says_closed_once_comments_close_by_themselves(
        self, client, page_cache, settings
    ):
        settings.COMMENTS_CLOSE_AFTER_DAYS = 2
        now = timezone.now()
        article = make_article(published_at=now - timedelta(days=2, minutes=-30))
        assert "Leave a reply" in warm(client, article.get_absolute_url())
        with mock.patch(
            "django.utils.timezone.now", return_value=now + timedelta(hours=1)
        ):
            response = client.get(article.get_absolute_url())
        assert state(response) == "miss"
        assert "Comments are closed." in response.content.decode()

    def test_pages_are_rendered_again_after_midnight_for_the_date_line(
        self, client, page_cache
    ):
        warm(client, "/")
        tomorrow = timezone.now() + timedelta(days=1)
        with mock.patch("django.utils.timezone.now", return_value=tomorrow):
            assert state(client.get("/")) == "miss"


class CommandPurgeTests:
    def test_purge_pages_command_shows_a_scripted_change(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        story = make_article(headline="Ferry timetable changes")
        warm(client, story.get_absolute_url())
        Article.objects.filter(pk=story.pk).update(headline="Ferry timetable kept")

        with django_capture_on_commit_callbacks(execute=True):
            call_command("purge_pages", stdout=StringIO())

        assert "Ferry timetable kept" in visit(client, story.get_absolute_url()).text

    def test_loading_the_demo_purges_the_pages(
        self, client, page_cache, django_capture_on_commit_callbacks
    ):
        warm(client, "/")
        with django_capture_on_commit_callbacks(execute=True):
            call_command("load_demo", stdout=StringIO())
        assert "Sael" in visit(client, "/").text
