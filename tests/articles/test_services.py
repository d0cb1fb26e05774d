import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from reversion.models import Version

from articles import services
from articles.models import Article
from articles.services import article_publish, article_submit, article_unpublish
from tests.factories import make_article, make_image_file, make_user

pytestmark = pytest.mark.django_db

Status = Article.Status


def draft(**overrides):
    return make_article(status=Status.DRAFT, published_at=None, **overrides)


def revisions(article):
    versions = Version.objects.get_for_object(article).select_related("revision")
    return [version.revision for version in versions]


class ArticlePublishTests:
    def test_draft_without_a_date_is_published_now(self):
        article = draft()
        before = timezone.now()

        changed = article_publish(article=article)

        article.refresh_from_db()
        assert changed
        assert article.status == Status.PUBLISHED
        assert before <= article.published_at <= timezone.now()
        assert article.is_published

    def test_a_future_date_schedules_it(self):
        later = timezone.now() + timedelta(days=2)
        article = draft()

        article_publish(article=article, at=later)

        article.refresh_from_db()
        assert article.status == Status.PUBLISHED
        assert article.published_at == later
        assert article.state == "Scheduled"
        assert not Article.objects.published().exists()

    def test_already_published_article_is_left_as_it_is(self):
        live = make_article()
        original_date = live.published_at

        assert not article_publish(article=live)

        live.refresh_from_db()
        assert live.published_at == original_date
        assert live.version == 1

    def test_each_publication_is_a_revision_naming_who_did_it(self):
        editor = make_user(username="dana")
        article = draft()

        article_publish(article=article, by=editor)

        article.refresh_from_db()
        (revision,) = revisions(article)
        assert revision.user == editor
        assert revision.comment == "Published."
        assert article.updated_by == editor
        assert article.version == 2

    def test_a_picture_without_alt_text_stops_publication(self):
        article = draft(image=make_image_file(), image_alt="")

        with pytest.raises(ValidationError, match="alt text"):
            article_publish(article=article)

        article.refresh_from_db()
        assert article.status == Status.DRAFT


class ArticleSubmitTests:
    def test_draft_goes_to_review(self):
        article = draft()

        assert article_submit(article=article)

        article.refresh_from_db()
        assert article.status == Status.REVIEW
        assert revisions(article)[0].comment == "Submitted for review."

    def test_a_published_article_is_not_sent_back_to_review(self):
        live = make_article()

        assert not article_submit(article=live)

        live.refresh_from_db()
        assert live.status == Status.PUBLISHED


class ArticleUnpublishTests:
    def test_published_article_is_taken_off_and_keeps_its_date(self):
        live = make_article()
        original_date = live.published_at

        assert article_unpublish(article=live)

        live.refresh_from_db()
        assert live.status == Status.UNPUBLISHED
        assert live.published_at == original_date
        assert not Article.objects.published().exists()

    def test_drafts_are_left_alone(self):
        article = draft()

        assert not article_unpublish(article=article)
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_republishing_restores_the_original_date(self):
        live = make_article()
        original_date = live.published_at
        article_unpublish(article=live)

        article_publish(article=live)

        live.refresh_from_db()
        assert live.published_at == original_date
        assert live.is_published


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
class ConcurrentPublishTests:
    def test_two_publishes_of_one_article_run_one_after_the_other(self, monkeypatch):
        """The first publish holds the row while it saves; the second waits
        for it, then finds the article published and changes nothing."""
        article = draft()
        first_is_saving, let_first_finish = threading.Event(), threading.Event()
        save = services._save

        def slow_save(*args, **kwargs):
            if threading.current_thread().name == "first":
                first_is_saving.set()
                let_first_finish.wait(timeout=10)
            return save(*args, **kwargs)

        monkeypatch.setattr(services, "_save", slow_save)
        results = {}

        def publish(name):
            try:
                results[name] = article_publish(
                    article=Article.objects.get(pk=article.pk)
                )
            finally:
                connection.close()

        first = threading.Thread(target=publish, args=["first"], name="first")
        second = threading.Thread(target=publish, args=["second"], name="second")
        first.start()
        assert first_is_saving.wait(timeout=10)
        second.start()
        second.join(timeout=0.5)
        # Without the lock the second would have read a draft and published.
        assert second.is_alive()
        let_first_finish.set()
        first.join(timeout=10)
        second.join(timeout=10)

        assert results == {"first": True, "second": False}
        article.refresh_from_db()
        assert article.version == 2
        assert len(revisions(article)) == 1
