"""The benchmark's seeder, at a tiny scale: the rows it writes bypass save(),
so they must already be what save() and the admin would have stored."""

import pytest
from django.db.models import Count
from django.urls import reverse

from articles.models import Article, Byline, Section, Tag, TaggedArticle
from authors.models import Author
from bench.seed import Scale, seed
from comments.models import Comment
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TINY = Scale(articles=50, comments=500, tags=30, authors=10, target_comments=20)


@pytest.fixture
def seeded():
    return seed(TINY, show=False)


class SeedTests:
    def test_writes_the_numbers_asked_for(self, seeded):
        assert Article.objects.count() == 50
        assert Comment.objects.count() == 500
        assert Tag.objects.count() == 30
        assert Author.objects.count() == 10
        assert Section.objects.count() == 8

    def test_every_article_is_published_for_readers(self, seeded):
        assert Article.objects.published().count() == 50

    def test_bodies_are_stored_sanitized(self, seeded):
        sanitize = Article._meta.get_field("body").sanitize
        bodies = Article.objects.values_list("body", flat=True)
        assert all(body.startswith("<") and sanitize(body) == body for body in bodies)

    def test_rows_pass_model_validation(self, seeded):
        for model in (Article, Author, Section, Comment):
            for row in model.objects.all()[:60]:
                row.full_clean()

    def test_every_article_has_one_or_two_bylines(self, seeded):
        counts = Article.objects.annotate(n=Count("bylines")).values_list(
            "n", flat=True
        )
        assert set(counts) <= {1, 2}
        assert Byline.objects.filter(position=1).exists()

    def test_articles_carry_two_to_four_tags(self, seeded):
        counts = Article.objects.annotate(n=Count("tagged_items"))
        assert {a.n for a in counts} <= {2, 3, 4}
        assert TaggedArticle.objects.count() >= 100

    def test_target_article_has_exactly_its_approved_comments(self, seeded):
        target = Comment.objects.filter(article__slug=seeded.article)
        assert target.approved().count() == 20
        assert target.exclude(status=Comment.Status.APPROVED).exists()

    def test_most_comments_are_approved_and_some_wait(self, seeded):
        assert Comment.objects.approved().count() > 400
        assert Comment.objects.pending().exists()

    def test_replies_answer_approved_comments_on_the_same_article(self, seeded):
        replies = Comment.objects.filter(parent__isnull=False).select_related("parent")
        assert replies.exists()
        for reply in replies:
            assert reply.parent.article_id == reply.article_id
            assert reply.parent.status == Comment.Status.APPROVED
            assert reply.parent.created_at <= reply.created_at

    def test_new_rows_get_ids_after_the_seeded_ones(self, seeded):
        article = make_article()
        assert article.pk == 51

    def test_refuses_to_seed_over_existing_articles(self, seeded):
        with pytest.raises(RuntimeError, match="empty tables"):
            seed(TINY, show=False)


class SeededPagesTests:
    def test_target_article_page_shows_its_comments(self, client, seeded):
        response = client.get(reverse("articles:detail", args=[seeded.article]))
        assert response.status_code == 200
        assert "20 comments" in response.content.decode()

    def test_listing_pages_measured_by_the_benchmark_answer(self, client, seeded):
        for url in (
            reverse("articles:home"),
            reverse("articles:section", args=[seeded.section]),
            reverse("articles:tag", args=[seeded.tag]),
        ):
            response = client.get(url)
            assert response.status_code == 200
            assert 'class="teaser' in response.content.decode()
