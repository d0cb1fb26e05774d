import pytest

from comments.models import Comment
from comments.services import (
    comment_approve,
    comment_create,
    comment_mark_spam,
    comment_reject,
)
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db


class CommentCreateTests:
    def test_new_comment_waits_for_moderation(self):
        article = make_article()
        comment = comment_create(
            article=article,
            name="  Ada Reader ",
            email=" ada@example.org ",
            body="  Thanks for the update.\n",
            ip_address="198.51.100.4",
            user_agent="Test browser/1.0",
        )
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert (comment.name, comment.email, comment.body) == (
            "Ada Reader",
            "ada@example.org",
            "Thanks for the update.",
        )
        assert comment.ip_address == "198.51.100.4"
        assert comment.user_agent == "Test browser/1.0"

    def test_very_long_user_agent_is_cut_to_fit(self):
        comment = comment_create(
            article=make_article(),
            name="Ada",
            email="ada@example.org",
            body="Hello.",
            user_agent="x" * 900,
        )
        assert len(comment.user_agent) == 500

    def test_missing_address_is_stored_as_unknown(self):
        comment = comment_create(
            article=make_article(),
            name="Ada",
            email="ada@example.org",
            body="Hello.",
            ip_address="",
        )
        assert comment.ip_address is None


class CommentModerationTests:
    def test_approve_publishes_pending_comments(self):
        article = make_article()
        pending = make_comment(article, status=Comment.Status.PENDING)
        make_comment(article)
        changed = comment_approve(comments=Comment.objects.all())
        assert changed == 1
        assert list(Comment.objects.approved()) == list(Comment.objects.all())
        assert pending in Comment.objects.visible_on_article(article)

    def test_reject_hides_a_comment(self):
        article = make_article()
        comment = make_comment(article)
        assert comment_reject(comments=Comment.objects.filter(pk=comment.pk)) == 1
        assert comment not in Comment.objects.visible_on_article(article)

    def test_spam_is_never_shown_even_to_its_poster(self):
        article = make_article()
        comment = make_comment(article, status=Comment.Status.PENDING)
        comment_mark_spam(comments=Comment.objects.filter(pk=comment.pk))
        visible = Comment.objects.visible_on_article(article, own_ids=[comment.pk])
        assert comment not in visible
