from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone

from comments import notifications, services
from comments.models import Ban, BlockedWord, Comment, CommentFlag
from comments.services import (
    ban_hide_comments,
    comment_approve,
    comment_create,
    comment_edit,
    comment_flag,
    comment_hold,
    comment_mark_spam,
    comment_reject,
    unanswered_reports,
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


@pytest.fixture
def purges(monkeypatch):
    calls = []
    monkeypatch.setattr(services, "purge_pages", lambda: calls.append(1))
    return calls


@pytest.fixture
def approvals_mailed(monkeypatch):
    batches = []
    monkeypatch.setattr(notifications, "comments_approved", batches.append)
    return batches


def only(comment):
    return Comment.objects.filter(pk=comment.pk)


def flag(comment, ip_address, reason=CommentFlag.Reason.ABUSE):
    return comment_flag(comment=comment, reason=reason, ip_address=ip_address)


class WhoDecidedTests:
    @pytest.mark.parametrize(
        ("moderate", "status"),
        [
            (comment_approve, Comment.Status.APPROVED),
            (comment_reject, Comment.Status.REJECTED),
            (comment_mark_spam, Comment.Status.SPAM),
        ],
    )
    def test_decision_records_the_moderator_and_the_time(self, moderate, status):
        moderator = User.objects.create_user("moderator")
        comment = make_comment(make_article(), status=Comment.Status.PENDING)
        before = timezone.now()

        moderate(comments=only(comment), by=moderator)

        comment.refresh_from_db()
        assert comment.status == status
        assert comment.moderated_by == moderator
        assert before <= comment.moderated_at <= timezone.now()

    def test_decision_without_a_person_records_only_the_time(self):
        comment = make_comment(make_article(), status=Comment.Status.PENDING)

        comment_approve(comments=only(comment), by=AnonymousUser())

        comment.refresh_from_db()
        assert comment.moderated_by is None
        assert comment.moderated_at is not None

    def test_a_comment_already_so_is_left_as_it_was(self):
        moderator = User.objects.create_user("moderator")
        comment = make_comment(make_article())

        changed = comment_approve(comments=only(comment), by=moderator)

        comment.refresh_from_db()
        assert changed == 0
        assert comment.moderated_by is None

    def test_holding_takes_a_comment_off_the_page_and_purges(self, purges):
        moderator = User.objects.create_user("moderator")
        article = make_article()
        comment = make_comment(article)

        comment_hold(comments=only(comment), by=moderator)

        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert comment.moderated_by == moderator
        assert comment not in Comment.objects.visible_on_article(article)
        assert purges


class ReportTests:
    def test_reports_from_one_address_count_once(self):
        comment = make_comment(make_article())

        answers = [
            flag(comment, "198.51.100.1"),
            flag(comment, "198.51.100.1", CommentFlag.Reason.SPAM),
            flag(comment, "198.51.100.2"),
        ]

        comment.refresh_from_db()
        assert answers == [True, False, True]
        assert comment.flag_count == 2

    def test_reported_comment_awaits_a_decision(self):
        reported = make_comment(make_article())
        make_comment(make_article())
        flag(reported, "198.51.100.1")

        assert list(Comment.objects.filter(unanswered_reports())) == [reported]

    def test_keeping_a_reported_comment_answers_its_reports(
        self, purges, approvals_mailed, django_capture_on_commit_callbacks
    ):
        moderator = User.objects.create_user("moderator")
        comment = make_comment(make_article())
        flag(comment, "198.51.100.1")

        with django_capture_on_commit_callbacks(execute=True):
            changed = comment_approve(comments=only(comment), by=moderator)

        comment.refresh_from_db()
        assert changed == 1
        assert comment.moderated_by == moderator
        assert not Comment.objects.filter(unanswered_reports()).exists()
        # Nothing changed for readers: no purge, no reply mail again.
        assert purges == []
        assert approvals_mailed == []

    def test_a_report_after_the_decision_awaits_one_again(self):
        comment = make_comment(make_article())
        flag(comment, "198.51.100.1")
        comment_approve(comments=only(comment))
        Comment.objects.filter(pk=comment.pk).update(
            moderated_at=timezone.now() - timedelta(minutes=5)
        )

        flag(comment, "198.51.100.2")

        assert list(Comment.objects.filter(unanswered_reports())) == [comment]

    def test_rejecting_a_reported_comment_hides_it_and_answers(self, purges):
        article = make_article()
        comment = make_comment(article)
        flag(comment, "198.51.100.1")

        comment_reject(comments=only(comment))

        assert comment not in Comment.objects.visible_on_article(article)
        assert not Comment.objects.filter(unanswered_reports()).exists()
        assert purges


class ApprovalSideEffectTests:
    def test_approving_purges_and_mails_after_commit(
        self, purges, approvals_mailed, django_capture_on_commit_callbacks
    ):
        pending = make_comment(make_article(), status=Comment.Status.PENDING)
        make_comment(make_article())

        with django_capture_on_commit_callbacks(execute=True):
            comment_approve(comments=Comment.objects.all())

        assert purges == [1]
        assert approvals_mailed == [[pending.pk]]

    def test_spam_filed_from_the_queue_purges_nothing(self, purges):
        pending = make_comment(make_article(), status=Comment.Status.PENDING)

        comment_mark_spam(comments=only(pending))

        assert purges == []


class BanHideCommentsTests:
    def test_hides_every_comment_from_the_banned_email_or_ip(self, purges):
        moderator = User.objects.create_user("moderator")
        article = make_article()
        by_email = make_comment(article, email="Troll@Example.org", ip_address=None)
        by_ip = make_comment(article, email="other@example.org", ip_address="192.0.2.9")
        waiting = make_comment(
            article, email="troll@example.org", status=Comment.Status.PENDING
        )
        deleted = make_comment(
            article, email="troll@example.org", status=Comment.Status.DELETED
        )
        bystander = make_comment(article, ip_address="203.0.113.1")
        bans = [
            Ban.objects.create(email="troll@example.org", reason="Abuse"),
            Ban.objects.create(ip_address="192.0.2.9", reason="Abuse"),
        ]

        changed = ban_hide_comments(bans=bans, by=moderator)

        assert changed == 3
        statuses = {
            c.pk: c.status
            for c in Comment.objects.filter(moderated_by=moderator, status="spam")
        }
        assert set(statuses) == {by_email.pk, by_ip.pk, waiting.pk}
        deleted.refresh_from_db()
        bystander.refresh_from_db()
        assert deleted.status == Comment.Status.DELETED
        assert bystander.status == Comment.Status.APPROVED
        assert not Comment.objects.visible_on_article(article).exclude(pk=bystander.pk)
        assert purges


class CommentEditTests:
    def test_edited_comment_goes_through_the_rules_again(self, settings, purges):
        settings.COMMENTS_MODERATION = "none"
        BlockedWord.objects.create(word="casino")
        comment = make_comment(make_article())

        comment_edit(comment=comment, body="Now with a casino link.")

        comment.refresh_from_db()
        assert (comment.status, comment.hold_reason) == ("spam", "blocklist")
        assert comment.edited_at is not None
        assert purges

    def test_edited_approved_comment_is_held_again_when_all_are_held(self):
        comment = make_comment(make_article())

        comment_edit(comment=comment, body="Reworded.")

        comment.refresh_from_db()
        assert (comment.status, comment.hold_reason) == ("pending", "hold-all")

    def test_an_edit_is_not_a_duplicate_of_itself(self, settings):
        settings.COMMENTS_MODERATION = "none"
        comment = make_comment(make_article())

        comment_edit(comment=comment, body=comment.body + " ")

        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED

    @pytest.mark.parametrize("reason", ["unverified", "low-score"])
    def test_a_held_unverified_comment_stays_held_after_an_edit(self, settings, reason):
        settings.COMMENTS_MODERATION = "none"
        comment = make_comment(make_article(), status="pending", hold_reason=reason)

        comment_edit(comment=comment, body="Reworded.")

        comment.refresh_from_db()
        assert (comment.status, comment.hold_reason) == ("pending", reason)

    def test_a_comment_a_moderator_approved_is_trusted_after_an_edit(self, settings):
        settings.COMMENTS_MODERATION = "none"
        comment = make_comment(make_article(), hold_reason="unverified")

        comment_edit(comment=comment, body="Reworded.")

        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
