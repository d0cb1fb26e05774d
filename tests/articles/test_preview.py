"""Previewing an article readers cannot see: who may, what the page says,
and that it is kept out of search engines and every cache."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from authors.models import Author
from newsroom.pagecache import STATUS_HEADER
from tests.factories import make_article, make_comment, make_user, signed_in

pytestmark = pytest.mark.django_db

Status = Article.Status


def preview_url(article):
    return reverse("articles:preview", args=[article.pk])


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def draft(**overrides):
    return make_article(status=Status.DRAFT, published_at=None, **overrides)


def scheduled(**overrides):
    return make_article(published_at=timezone.now() + timedelta(days=2), **overrides)


def in_review(**overrides):
    return make_article(status=Status.REVIEW, published_at=None, **overrides)


def unpublished(**overrides):
    return make_article(status=Status.UNPUBLISHED, **overrides)


def written_by(article, writer):
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    article.refresh_from_db()
    return article


@pytest.fixture
def editor():
    return make_user(role="Editor")


@pytest.fixture
def writer():
    return make_user(role="Writer")


class WhoMayPreviewTests:
    @pytest.mark.parametrize(
        "build",
        [draft, scheduled, in_review, unpublished],
        ids=["draft", "scheduled", "in review", "unpublished"],
    )
    def test_editor_previews_any_article_readers_cannot_see(self, editor, build):
        article = build(headline="Council budget leaks early")
        response = signed_in(editor).get(preview_url(article))
        assert response.status_code == 200
        assert "Council budget leaks early" in response.content.decode()

    def test_writer_previews_the_draft_they_created(self, writer):
        article = written_by(draft(headline="Ferry timetable change"), writer)
        response = signed_in(writer).get(preview_url(article))
        assert response.status_code == 200
        assert "Ferry timetable change" in response.content.decode()

    def test_writer_previews_a_draft_they_are_bylined_on(self, writer):
        author = Author.objects.create(name="Wren Hale", slug="wren-hale", user=writer)
        article = draft()
        Byline.objects.create(article=article, author=author, position=1)
        assert signed_in(writer).get(preview_url(article)).status_code == 200

    def test_writer_previews_their_own_scheduled_article(self, writer):
        article = written_by(scheduled(), writer)
        assert signed_in(writer).get(preview_url(article)).status_code == 200

    def test_another_writer_gets_a_404(self, writer):
        article = written_by(draft(), make_user(role="Writer"))
        assert signed_in(writer).get(preview_url(article)).status_code == 404

    def test_moderator_gets_a_404(self):
        moderator = make_user(role="Moderator")
        assert signed_in(moderator).get(preview_url(draft())).status_code == 404

    def test_anonymous_reader_gets_a_404(self, client):
        assert client.get(preview_url(scheduled())).status_code == 404

    def test_signed_in_non_staff_author_gets_a_404(self):
        user = make_user()
        article = written_by(draft(), user)
        assert signed_in(user).get(preview_url(article)).status_code == 404

    def test_article_that_does_not_exist_is_a_404(self, editor):
        assert signed_in(editor).get("/preview/999999/").status_code == 404

    def test_published_article_redirects_to_its_public_page(self, editor, client):
        article = make_article()
        response = signed_in(editor).get(preview_url(article))
        assert response.status_code == 302
        assert response["Location"] == article.get_absolute_url()

    def test_published_article_preview_is_still_a_404_for_readers(self, client):
        # Nobody learns from the preview address which articles exist.
        assert client.get(preview_url(make_article())).status_code == 404

    def test_preview_answers_only_get(self, editor):
        response = signed_in(editor).post(preview_url(draft()))
        assert response.status_code == 405


class PreviewPageTests:
    def test_banner_says_a_draft_is_not_published(self, editor):
        html = signed_in(editor).get(preview_url(draft())).content.decode()
        assert "Preview — not published." in html
        assert "A draft: readers cannot see it." in html
        assert "Not published yet" in html

    def test_banner_says_when_a_scheduled_article_goes_live(self, editor):
        article = scheduled()
        html = signed_in(editor).get(preview_url(article)).content.decode()
        iso = timezone.localtime(article.published_at).isoformat()
        assert f'Scheduled: it goes live on <time datetime="{iso}">' in html

    def test_banner_says_an_article_is_in_review(self, editor):
        article = in_review()
        html = signed_in(editor).get(preview_url(article)).content.decode()
        assert "In review: readers cannot see it." in html

    def test_banner_says_an_article_was_unpublished(self, editor):
        html = signed_in(editor).get(preview_url(unpublished())).content.decode()
        assert "Unpublished: it was taken off the site" in html

    def test_banner_links_back_to_the_article_form(self, editor):
        article = draft()
        html = signed_in(editor).get(preview_url(article)).content.decode()
        assert f'<a href="{change_url(article)}">Back to editing</a>' in html

    def test_public_article_page_has_no_banner(self, client):
        html = client.get(make_article().get_absolute_url()).content.decode()
        assert "Preview — not published" not in html
        assert 'name="robots"' not in html

    def test_search_engines_are_told_not_to_index_it(self, editor):
        response = signed_in(editor).get(preview_url(draft()))
        assert '<meta name="robots" content="noindex">' in response.content.decode()
        assert response["X-Robots-Tag"] == "noindex"

    def test_no_browser_or_proxy_may_keep_it(self, editor):
        response = signed_in(editor).get(preview_url(scheduled()))
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives
        assert "public" not in directives

    def test_no_comment_form_is_offered(self, editor):
        article = unpublished()
        make_comment(article, body="An approved comment from before.")
        html = signed_in(editor).get(preview_url(article)).content.decode()
        assert "Readers can comment once the article is published." in html
        assert reverse("comments:post", kwargs={"slug": article.slug}) not in html
        assert "<textarea" not in html

    def test_the_comment_endpoint_refuses_a_draft(self, client):
        article = draft()
        url = reverse("comments:post", kwargs={"slug": article.slug})
        response = client.post(url, {"name": "A", "email": "a@example.org"})
        assert response.status_code == 404


class PreviewNeverCachedTests:
    def test_preview_is_never_stored_in_the_page_cache(self, editor, settings):
        settings.NEWSROOM_PAGE_CACHE = True
        article = scheduled(headline="Embargoed results")
        client = signed_in(editor)
        stored = _pages_stored()
        for _ in range(2):
            response = client.get(preview_url(article))
            assert response.status_code == 200
            assert STATUS_HEADER not in response
        assert _pages_stored() == stored
        assert Client().get(preview_url(article)).status_code == 404

    def test_signed_in_staff_are_not_served_the_cached_reader_page(
        self, editor, settings
    ):
        settings.NEWSROOM_PAGE_CACHE = True
        article = make_article()
        Client().get(article.get_absolute_url())
        assert Client().get(article.get_absolute_url())[STATUS_HEADER] == "hit"
        response = signed_in(editor).get(article.get_absolute_url())
        assert response[STATUS_HEADER] == "bypass"
        assert "no-cache" in response["Cache-Control"]


def _pages_stored():
    """Rows in the page cache's table (the store when not on Redis)."""
    table = settings.CACHES["pages"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
        return cursor.fetchone()[0]


class PreviewButtonTests:
    def test_editor_sees_preview_next_to_history(self, editor):
        article = draft()
        html = signed_in(editor).get(change_url(article)).content.decode()
        history = html.index('class="historylink"')
        button = html.index(f'href="{preview_url(article)}" class="previewlink"')
        assert history < button

    def test_writer_sees_preview_on_their_own_draft(self, writer):
        article = written_by(draft(), writer)
        html = signed_in(writer).get(change_url(article)).content.decode()
        assert f'href="{preview_url(article)}"' in html

    def test_writer_sees_no_preview_on_someone_elses_draft(self, writer):
        article = written_by(draft(), make_user(role="Writer"))
        response = signed_in(writer).get(change_url(article))
        assert response.status_code == 200
        assert preview_url(article) not in response.content.decode()

    def test_live_article_has_view_on_site_instead(self, editor):
        article = make_article()
        html = signed_in(editor).get(change_url(article)).content.decode()
        assert preview_url(article) not in html
        assert 'class="viewsitelink"' in html

    def test_new_article_form_has_no_preview(self, editor):
        add = reverse("admin:articles_article_add")
        html = signed_in(editor).get(add).content.decode()
        assert "previewlink" not in html
