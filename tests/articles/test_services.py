from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.services import article_publish, article_unpublish
from tests.factories import make_article

pytestmark = pytest.mark.django_db


class ArticlePublishTests:
    def test_draft_without_a_date_is_published_now(self):
        draft = make_article(status=Article.Status.DRAFT, published_at=None)
        before = timezone.now()

        changed = article_publish(articles=Article.objects.filter(pk=draft.pk))

        draft.refresh_from_db()
        assert changed == 1
        assert draft.status == Article.Status.PUBLISHED
        assert before <= draft.published_at <= timezone.now()
        assert draft.is_published

    def test_future_date_is_kept_so_the_article_stays_scheduled(self):
        later = timezone.now() + timedelta(days=2)
        draft = make_article(status=Article.Status.DRAFT, published_at=later)

        article_publish(articles=Article.objects.filter(pk=draft.pk))

        draft.refresh_from_db()
        assert draft.status == Article.Status.PUBLISHED
        assert draft.published_at == later
        assert not Article.objects.published().exists()

    def test_already_published_articles_are_not_counted_or_redated(self):
        live = make_article()
        original_date = live.published_at
        draft = make_article(status=Article.Status.DRAFT, published_at=None)

        changed = article_publish(articles=Article.objects.all())

        live.refresh_from_db()
        assert changed == 1
        assert live.published_at == original_date
        assert Article.objects.published().count() == 2
        assert draft.pk in Article.objects.published().values_list("pk", flat=True)


class ArticleUnpublishTests:
    def test_published_article_goes_back_to_draft_and_keeps_its_date(self):
        live = make_article()
        original_date = live.published_at

        changed = article_unpublish(articles=Article.objects.filter(pk=live.pk))

        live.refresh_from_db()
        assert changed == 1
        assert live.status == Article.Status.DRAFT
        assert live.published_at == original_date
        assert not Article.objects.published().exists()

    def test_drafts_are_not_counted(self):
        make_article(status=Article.Status.DRAFT, published_at=None)
        make_article()

        assert article_unpublish(articles=Article.objects.all()) == 1

    def test_republishing_restores_the_original_date(self):
        live = make_article()
        original_date = live.published_at
        article_unpublish(articles=Article.objects.all())

        article_publish(articles=Article.objects.all())

        live.refresh_from_db()
        assert live.published_at == original_date
        assert live.is_published
