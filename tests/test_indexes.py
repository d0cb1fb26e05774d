"""The hot queries of the reader pages and the moderation queue use the index
meant for them (PostgreSQL's plans; SQLite is not what production runs)."""

import pytest
from django.contrib.admin.sites import site
from django.db import connection, transaction

from articles.models import Article, TaggedArticle
from comments.models import Comment

pytestmark = [
    # Not inside a transaction: the fixture vacuums, as autovacuum would.
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are checked on PostgreSQL only: run the suite with "
        "DATABASE_URL=postgres://… to check the indexes",
    ),
]


# A newsroom with an archive, written straight into the tables: 2,000
# articles in 8 sections (one in fifty a draft, one in a hundred featured),
# three of 200 tags each, ten comments each (mostly approved).
ARCHIVE = """
INSERT INTO articles_section (name, slug, description, position)
SELECT 'Desk ' || i, 'desk-' || i, '', i FROM generate_series(1, 8) i;
INSERT INTO articles_tag (name, slug)
SELECT 'topic ' || i, 'topic-' || i FROM generate_series(1, 200) i;
INSERT INTO articles_article (headline, slug, standfirst, body, image, image_alt,
  image_caption, image_credit, status, published_at, created_at, updated_at,
  is_featured, comments_enabled, meta_description, section_id, version,
  image_renditions)
SELECT 'Story ' || i, 'story-' || i, '', '', '', '', '', '',
  CASE WHEN i % 50 = 0 THEN 'draft' ELSE 'published' END,
  now() - i * interval '1 hour', now(), now(), i % 100 = 1, true, '',
  (SELECT min(id) FROM articles_section) + i % 8, 1, '[]'
FROM generate_series(1, 2000) i;
INSERT INTO articles_taggedarticle (content_object_id, tag_id)
SELECT a.id, t.id FROM articles_article a
JOIN articles_tag t ON (a.id + t.id) % 67 = 0;
INSERT INTO comments_comment (name, email, body, status, created_at, user_agent,
  article_id, hold_reason, by_staff, notify_replies, flag_count,
  moderators_notified)
SELECT 'Reader', 'reader' || (a.id * 10 + i) % 997 || '@example.org', 'A view.',
  CASE WHEN i % 20 = 0 THEN 'pending' WHEN i % 20 = 1 THEN 'spam'
  ELSE 'approved' END, now() - i * interval '1 minute', '', a.id,
  '', false, false, 0, true
FROM articles_article a, generate_series(1, 10) i;
"""


@pytest.fixture
def article():
    """An article in a vacuumed, analyzed archive: its plans are the ones a
    newsroom with years of stories gets."""
    with connection.cursor() as cursor:
        cursor.execute(ARCHIVE)
        for model in (Article, TaggedArticle, Comment):
            cursor.execute(f"VACUUM ANALYZE {model._meta.db_table}")
    return Article.objects.published().first()


def plan(queryset):
    """The plan with sequential scans off, so that a table a few pages long
    is not simply read whole: which index serves the query is the question."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        return queryset.explain()


class ArticleIndexTests:
    # A listing page finds its ids in an index, then fetches those rows.
    def test_a_page_of_the_newest_is_read_from_the_published_index(self, article):
        ids = Article.objects.published().values("pk")[600:612]
        assert "Index Only Scan using article_published_idx" in plan(ids)

    def test_a_page_of_a_section_is_read_from_the_section_index(self, article):
        listing = Article.objects.published().filter(section=article.section)
        ids = listing.values("pk")[12:24]
        assert "Index Only Scan using article_section_idx" in plan(ids)

    def test_a_page_of_a_tag_is_read_through_the_tag_index(self, article):
        listing = Article.objects.published().filter(tags=article.tags.first())
        assert "tagged_article_tag_idx" in plan(listing.values("pk")[:12])

    def test_the_lead_story_uses_the_featured_index(self, article):
        lead = Article.objects.published().filter(is_featured=True)
        assert "article_featured_idx" in plan(lead[:1])


class CommentIndexTests:
    def test_an_articles_thread_uses_the_article_index(self, article):
        thread = Comment.objects.visible_on_article(article)
        assert "comment_article_idx" in plan(thread)

    def test_teaser_comment_counts_are_read_from_the_article_index(self, article):
        teasers = Article.objects.published().with_comment_counts()[:12]
        assert "Index Only Scan using comment_article_idx" in plan(teasers)

    def test_the_moderation_queue_uses_the_queue_index(self, article):
        # The admin's own ordering, with the primary key it adds to make the
        # order total.
        ordering = [*site.get_model_admin(Comment).ordering, "-pk"]
        queue = Comment.objects.order_by(*ordering)[:100]
        assert "comment_queue_idx" in plan(queue)

    def test_pending_comments_are_counted_from_the_status_index(self, article):
        assert "comment_status_idx" in plan(Comment.objects.pending())

    def test_an_address_with_an_approved_comment_is_found_from_the_email_index(
        self, article
    ):
        known = Comment.objects.filter(
            email__iexact="Reader7@Example.org", status="approved"
        )
        assert "comment_email_idx" in plan(known)
