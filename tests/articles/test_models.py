from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.factories import make_article, make_comment, make_image_file

pytestmark = pytest.mark.django_db


class PublishedTests:
    def test_published_article_is_visible(self):
        article = make_article()
        assert list(Article.objects.published()) == [article]

    def test_draft_is_hidden(self):
        make_article(status=Article.Status.DRAFT)
        assert not Article.objects.published().exists()

    def test_scheduled_article_is_hidden_until_its_time(self):
        make_article(published_at=timezone.now() + timedelta(hours=1))
        assert not Article.objects.published().exists()

    def test_publishing_without_a_date_stamps_now(self):
        article = make_article(published_at=None)
        assert article.published_at is not None
        assert article.published_at <= timezone.now()


class UpdatedTests:
    def test_a_plain_save_long_after_publication_is_no_update(self):
        article = make_article(published_at=timezone.now() - timedelta(days=3))
        article.save()
        assert not article.was_updated

    def test_a_revision_date_after_publication_is_an_update(self):
        article = make_article(published_at=timezone.now() - timedelta(days=3))
        article.revised_at = timezone.now()
        assert article.was_updated

    def test_a_revision_before_a_later_publication_is_no_update(self):
        article = make_article(published_at=timezone.now() - timedelta(days=3))
        article.revised_at = article.published_at - timedelta(hours=1)
        assert not article.was_updated


class BodyTests:
    def test_scripts_and_handlers_are_stripped_on_save(self):
        article = make_article(
            body='<p onclick="steal()">Hi<script>alert(1)</script></p>'
            "<h2>Sub</h2><blockquote>Quote</blockquote>"
        )
        article.refresh_from_db()
        assert "script" not in article.body
        assert "onclick" not in article.body
        assert "<h2>Sub</h2>" in article.body
        assert "<blockquote>Quote</blockquote>" in article.body


class ListingTests:
    def test_comment_count_counts_approved_only(self):
        article = make_article()
        make_comment(article)
        make_comment(article)
        make_comment(article, status="pending")
        make_comment(article, status="spam")
        listed = Article.objects.with_comment_counts().get(pk=article.pk)
        assert listed.comment_count == 2

    def test_latest_per_section_keeps_the_newest_of_each(self):
        first = make_article()
        section = first.section
        older = make_article(section=section)
        make_article(section=section)
        other = make_article()
        rows = list(Article.objects.published().latest_per_section(2))
        assert [a.pk for a in rows] == [first.pk, older.pk, other.pk]

    def test_related_prefers_shared_tags_then_section(self):
        article = make_article(tags=["floods", "council"])
        both = make_article(tags=["floods", "council"])
        one = make_article(tags=["floods"])
        same_section = make_article(section=article.section)
        unrelated = make_article()
        related = list(Article.objects.published().related_to(article, 4))
        assert related == [both, one, same_section, unrelated]

    def test_related_are_ranked_in_one_query(self, django_assert_num_queries):
        article = make_article(tags=["floods", "council", "housing"])
        for tags in (["floods"], ["council", "housing"], ["floods", "council"]):
            make_article(tags=tags)
        make_article(section=article.section)
        article = Article.objects.prefetch_related("tags").get(pk=article.pk)

        with django_assert_num_queries(1):
            related = list(Article.objects.published().related_to(article, 4))

        assert len(related) == 4

    def test_related_without_tags_prefers_its_section_then_the_newest(self):
        article = make_article()
        newer_elsewhere = make_article()
        older_in_section = make_article(section=article.section)
        make_article()
        related = list(Article.objects.published().related_to(article, 2))
        assert related == [older_in_section, newer_elsewhere]

    def test_related_leaves_out_drafts_and_what_was_excluded(self):
        article = make_article(tags=["floods"])
        make_article(tags=["floods"], status=Article.Status.DRAFT)
        excluded = make_article(tags=["floods"])
        kept = make_article(tags=["floods"])
        found = Article.objects.published().exclude(pk=excluded.pk)
        assert list(found.related_to(article, 4)) == [kept]


class PictureTests:
    def test_dimensions_are_stored_on_upload(self):
        article = make_article(image=make_image_file(size=(40, 30)), image_alt="A")
        article.refresh_from_db()
        assert (article.image_width, article.image_height) == (40, 30)

    def test_page_gives_the_size_without_reading_the_file(self, client):
        article = make_article(image=make_image_file(size=(40, 30)), image_alt="A")
        # Gone from storage (or far away on S3): the page must not need it.
        article.image.storage.delete(article.image.name)
        html = client.get(article.get_absolute_url()).text
        assert 'width="40" height="30"' in html
