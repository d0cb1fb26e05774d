"""Every admin save, delete and action is on the next page a reader loads."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Tag
from tests.articles.test_admin import article_form
from tests.factories import (
    make_analysis,
    make_article,
    make_author,
    make_comment,
    make_lens,
    make_section,
)

from .pages import state, warm

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(admin_client, django_capture_on_commit_callbacks):
    """Posts to the admin as a superuser, running what waits for the commit."""

    def post(url, data):
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return response

    return post


def admin_url(obj, view="change"):
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_{view}", args=[obj.pk])


def changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def reloaded(client, url):
    response = client.get(url)
    assert state(response) == "miss"
    return response.content.decode()


def edited_article_form(article, **overrides):
    """The change page of `article` as posted, its byline row included."""
    byline = article.bylines.get()
    published = timezone.localtime(article.published_at)
    data = article_form(
        article.section,
        authors=[byline.author],
        headline=article.headline,
        slug=article.slug,
        status=article.status,
        published_at_0=published.strftime("%Y-%m-%d"),
        published_at_1=published.strftime("%H:%M:%S"),
        opened_version=article.version,
    )
    data |= {"bylines-INITIAL_FORMS": 1, "bylines-0-id": byline.pk}
    return data | overrides


class ArticleAdminPurgeTests:
    def test_edited_headline_is_on_the_next_visit(self, client, editor, page_cache):
        article = make_article(headline="Harbour crane collapses")
        warm(client, article.get_absolute_url())
        editor(
            admin_url(article),
            edited_article_form(article, headline="Harbour crane taken down safely"),
        )
        html = reloaded(client, article.get_absolute_url())
        assert "Harbour crane taken down safely" in html

    def test_article_published_by_the_bulk_action_is_on_the_home_page(
        self, client, editor, page_cache
    ):
        story = make_article(
            headline="Schools reopen", status=Article.Status.DRAFT, published_at=None
        )
        warm(client, "/")
        editor(
            changelist(Article), {"action": "publish", "_selected_action": [story.pk]}
        )
        assert "Schools reopen" in reloaded(client, "/")


class OtherAdminPurgeTests:
    def test_renamed_section_is_on_the_next_visit(self, client, editor, page_cache):
        article = make_article(section=make_section(name="Harbour"))
        warm(client, article.get_absolute_url())
        section = article.section
        data = {"name": "Waterfront", "slug": section.slug, "position": 1}
        editor(admin_url(section), data | {"description": ""})
        assert "Waterfront" in reloaded(client, article.get_absolute_url())

    def test_renamed_lens_is_on_the_next_visit(self, client, editor, page_cache):
        article = make_article()
        lens = make_lens(name="Political")
        make_analysis(article, lens)
        warm(client, article.get_absolute_url())
        editor(admin_url(lens), {"name": "Civic", "position": 0})
        html = reloaded(client, article.get_absolute_url())
        assert "Civic" in html
        assert "Political" not in html

    def test_edited_author_is_on_the_next_visit(self, client, editor, page_cache):
        author = make_author(name="Ada Byrne")
        make_article(authors=[author])
        warm(client, author.get_absolute_url())
        data = {"name": "Ada Byrne-Quill", "slug": author.slug, "job_title": ""}
        editor(admin_url(author), data | {"bio": "", "beats": "", "user": ""})
        assert "Ada Byrne-Quill" in reloaded(client, author.get_absolute_url())

    def test_deleted_tag_page_is_gone_on_the_next_visit(
        self, client, editor, page_cache
    ):
        make_article(tags=["ferry"])
        url = reverse("articles:tag", kwargs={"slug": "ferry"})
        warm(client, url)
        editor(admin_url(Tag.objects.get(), "delete"), {"post": "yes"})
        assert client.get(url).status_code == 404

    def test_tags_deleted_in_bulk_are_gone_on_the_next_visit(
        self, client, editor, page_cache
    ):
        make_article(tags=["ferry"])
        url = reverse("articles:tag", kwargs={"slug": "ferry"})
        warm(client, url)
        data = {"action": "delete_selected", "post": "yes"}
        editor(changelist(Tag), data | {"_selected_action": [Tag.objects.get().pk]})
        assert client.get(url).status_code == 404


class CommentAdminPurgeTests:
    def test_comment_approved_in_the_queue_is_on_the_next_visit(
        self, client, editor, page_cache
    ):
        article = make_article()
        waiting = make_comment(article, body="Thanks for this.", status="pending")
        warm(client, article.get_absolute_url())
        data = {"action": "approve", "_selected_action": [waiting.pk]}
        editor(changelist(type(waiting)), data)
        assert "Thanks for this." in reloaded(client, article.get_absolute_url())

    def test_corrected_comment_is_on_the_next_visit(self, client, editor, page_cache):
        article = make_article()
        shown = make_comment(article, body="Teh bridge is closed.")
        warm(client, article.get_absolute_url())
        data = {"name": shown.name, "email": shown.email, "status": shown.status}
        editor(admin_url(shown), data | {"body": "The bridge is closed."})
        assert "The bridge is closed." in reloaded(client, article.get_absolute_url())
