from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import admin as comments_admin
from comments.models import BlockedWord, Comment, CommentFlag
from comments.services import (
    comment_approve,
    comment_create,
    comment_flag,
    comment_mark_spam,
)
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def staff_user(*codenames, username="moderator"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def flag(comment, ip_address, reason=CommentFlag.Reason.ABUSE, details=""):
    comment_flag(comment=comment, reason=reason, details=details, ip_address=ip_address)


def commented(minutes_ago, **overrides):
    comment = make_comment(make_article(), **overrides)
    # created_at is set on insert; backdate it to fix the queue order.
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    return comment


class ModerationQueueTests:
    def test_pending_comes_before_approved_oldest_first(self, admin_client):
        old_approved = commented(90, body="Approved long ago.")
        new_pending = commented(5, body="Newer and waiting.", status="pending")
        old_pending = commented(60, body="Older and waiting.", status="pending")

        content = admin_client.get(QUEUE).content.decode()

        positions = [
            content.index(comment.body)
            for comment in (old_pending, new_pending, old_approved)
        ]
        assert positions == sorted(positions)

    def test_lists_excerpt_email_ip_and_linked_article(self, admin_client):
        comment = commented(5, body="Word " * 60, ip_address="198.51.100.4")

        content = admin_client.get(QUEUE).content.decode()

        article_url = reverse(
            "admin:articles_article_change", args=[comment.article_id]
        )
        assert f'<a href="{article_url}">{comment.article.headline}</a>' in content
        assert comment.email in content
        assert "198.51.100.4" in content
        assert "Word Word" in content
        assert comment.body.strip() not in content

    def test_long_ipv6_address_may_wrap_at_its_colons(self, admin_client):
        commented(5, ip_address="2001:db8:85a3::8a2e:370:7334")

        content = admin_client.get(QUEUE).content.decode()

        assert "2001:<wbr>db8:<wbr>85a3:<wbr>:<wbr>8a2e:<wbr>370:<wbr>7334" in content

    def test_search_finds_a_comment_by_ip_address(self, admin_client):
        wanted = commented(5, body="From the suspicious host.", ip_address="192.0.2.9")
        commented(5, body="From elsewhere.", ip_address="203.0.113.1")

        content = admin_client.get(QUEUE, {"q": "192.0.2.9"}).content.decode()

        assert wanted.body in content
        assert "From elsewhere." not in content

    def test_ip_address_and_user_agent_are_read_only(self, admin_client):
        comment = commented(5, user_agent="Mozilla/5.0 (X11)")
        url = reverse("admin:comments_comment_change", args=[comment.pk])

        content = admin_client.get(url).content.decode()

        assert "Mozilla/5.0 (X11)" in content
        assert 'name="ip_address"' not in content
        assert 'name="user_agent"' not in content

    def test_query_count_does_not_grow_with_rows(
        self, admin_client, django_assert_max_num_queries
    ):
        for minutes in range(2):
            commented(minutes, status="pending")
        with CaptureQueriesContext(connection) as few:
            assert admin_client.get(QUEUE).status_code == 200
        moderators = [staff_user(username=f"moderator{n}") for n in range(3)]
        for minutes in range(28):
            comment = commented(
                minutes, status="pending", hold_reason=Comment.Reason.LINKS
            )
            comment_approve(
                comments=Comment.objects.filter(pk=comment.pk),
                by=moderators[minutes % 3],
            )
            flag(comment, f"198.51.100.{minutes}")

        with django_assert_max_num_queries(len(few)):
            response = admin_client.get(QUEUE)
        assert response.content.decode().count('class="field-commenter"') == 30


class ModerationActionTests:
    @pytest.mark.parametrize(
        ("action", "status", "message"),
        [
            ("approve", Comment.Status.APPROVED, "2 comments approved."),
            ("reject", Comment.Status.REJECTED, "2 comments rejected."),
            ("mark_spam", Comment.Status.SPAM, "2 comments marked as spam."),
        ],
    )
    def test_action_changes_status_and_says_how_many(
        self, admin_client, action, status, message
    ):
        chosen = [commented(m, status="pending") for m in (1, 2)]
        untouched = commented(3, status="pending")
        data = {"action": action, "_selected_action": [c.pk for c in chosen]}

        response = admin_client.post(QUEUE, data, follow=True)

        assert message in response.content.decode()
        assert {
            c.status for c in Comment.objects.filter(pk__in=data["_selected_action"])
        } == {status}
        untouched.refresh_from_db()
        assert untouched.status == Comment.Status.PENDING

    def test_moderator_is_offered_the_actions(self, client):
        client.force_login(staff_user("view_comment", "moderate_comment"))
        commented(5, status="pending")

        content = client.get(QUEUE).content.decode()

        assert 'value="approve"' in content
        assert 'value="mark_spam"' in content

    def test_staff_without_moderate_permission_gets_no_actions(self, client):
        client.force_login(staff_user("view_comment", "change_comment"))
        pending = commented(5, status="pending")

        content = client.get(QUEUE).content.decode()
        client.post(QUEUE, {"action": "approve", "_selected_action": [pending.pk]})

        assert pending.body in content
        assert 'value="approve"' not in content
        assert 'value="reject"' not in content
        pending.refresh_from_db()
        assert pending.status == Comment.Status.PENDING

    def test_moderator_who_may_only_view_can_still_approve(self, client):
        client.force_login(staff_user("view_comment", "moderate_comment"))
        pending = commented(5, status="pending")

        response = client.post(
            QUEUE,
            {"action": "approve", "_selected_action": [pending.pk]},
            follow=True,
        )

        assert "1 comment approved." in response.content.decode()
        pending.refresh_from_db()
        assert pending.status == Comment.Status.APPROVED


def comment_form(comment, **overrides):
    """What a comment's change page posts."""
    data = {
        "article": comment.article_id,
        "parent": "",
        "name": comment.name,
        "email": comment.email,
        "body": comment.body,
        "status": comment.status,
    }
    return data | overrides


class CommentChangeFormTests:
    def test_moderator_approves_from_the_comment_page(self, client):
        client.force_login(
            staff_user("view_comment", "change_comment", "moderate_comment")
        )
        pending = commented(5, status="pending")
        url = reverse("admin:comments_comment_change", args=[pending.pk])

        response = client.post(url, comment_form(pending, status="approved"))

        assert response.status_code == 302
        pending.refresh_from_db()
        assert pending.status == Comment.Status.APPROVED

    def test_approval_from_the_comment_page_uses_the_moderation_service(
        self, admin_client, monkeypatch
    ):
        calls = []
        monkeypatch.setitem(
            comments_admin.MODERATIONS,
            Comment.Status.SPAM,
            lambda *, comments, by: calls.append((list(comments), by.username)),
        )
        pending = commented(5, status="pending", body="Cheap watches here.")
        url = reverse("admin:comments_comment_change", args=[pending.pk])

        admin_client.post(url, comment_form(pending, status="spam"))

        assert calls == [([pending], "admin")]

    def test_staff_without_moderate_permission_cannot_change_the_status(self, client):
        client.force_login(staff_user("view_comment", "change_comment"))
        pending = commented(5, status="pending", body="Typo in my comment.")
        url = reverse("admin:comments_comment_change", args=[pending.pk])

        page = client.get(url).content.decode()
        client.post(url, comment_form(pending, status="approved", body="Fixed."))

        assert 'name="status"' not in page
        assert "Pending" in page
        pending.refresh_from_db()
        assert pending.body == "Fixed."
        assert pending.status == Comment.Status.PENDING

    def test_where_a_comment_was_posted_cannot_be_changed(self, admin_client):
        comment = commented(5)
        elsewhere = make_article()
        url = reverse("admin:comments_comment_change", args=[comment.pk])

        admin_client.post(url, comment_form(comment, article=elsewhere.pk))

        comment.refresh_from_db()
        assert comment.article_id != elsewhere.pk

    def test_view_on_site_only_for_comments_readers_can_see(self, admin_client):
        approved = commented(5)
        pending = commented(5, status="pending")

        def change_page(comment):
            url = reverse("admin:comments_comment_change", args=[comment.pk])
            return admin_client.get(url).content.decode()

        assert 'class="viewsitelink"' in change_page(approved)
        assert 'class="viewsitelink"' not in change_page(pending)

    def test_comments_are_not_written_in_the_admin(self, admin_client):
        make_article()

        queue = admin_client.get(QUEUE).content.decode()
        add = admin_client.get(reverse("admin:comments_comment_add"))

        assert "Add comment" not in queue
        assert add.status_code == 403


def change_page(client, comment):
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    return client.get(url).content.decode()


class QueueByRuleAndReasonTests:
    def test_queue_shows_which_rule_decided(self, admin_client):
        commented(5, status="pending", hold_reason=Comment.Reason.LINKS)
        commented(5, status="spam", hold_reason=Comment.Reason.BLOCKLIST)

        content = admin_client.get(QUEUE).content.decode()

        assert "decided by" in content.lower()
        assert "Too many links" in content
        assert "Blocked word" in content

    def test_filter_by_reason(self, admin_client):
        links = commented(5, status="pending", hold_reason=Comment.Reason.LINKS)
        held = commented(5, status="pending", hold_reason=Comment.Reason.HOLD_ALL)

        content = admin_client.get(QUEUE, {"hold_reason": "links"}).content.decode()

        assert links.body in content
        assert held.body not in content

    def test_filter_by_status(self, admin_client):
        spam = commented(5, status="spam")
        pending = commented(5, status="pending")

        content = admin_client.get(QUEUE, {"status__exact": "spam"}).content.decode()

        assert spam.body in content
        assert pending.body not in content

    def test_queue_shows_who_moderated_and_when(self, admin_client):
        moderator = staff_user(username="grace")
        comment = commented(5, status="pending")
        comment_mark_spam(comments=Comment.objects.filter(pk=comment.pk), by=moderator)

        content = admin_client.get(QUEUE).content.decode()

        assert "grace<br>" in content


class ReportedCommentsTests:
    def test_report_count_is_shown(self, admin_client):
        comment = commented(5, body="Contested claim.")
        for n in range(3):
            flag(comment, f"198.51.100.{n}")

        content = admin_client.get(QUEUE).content.decode()

        assert '<td class="field-reports">3</td>' in content

    def test_queue_announces_reports_awaiting_a_decision(self, admin_client):
        reported = commented(5, body="Contested claim.")
        flag(reported, "198.51.100.1")
        flag(commented(5), "198.51.100.1")

        content = admin_client.get(QUEUE).content.decode()

        assert "2 reported comments await a decision." in content
        assert 'href="?reported=awaiting"' in content

    def test_no_announcement_without_reports(self, admin_client):
        commented(5, status="pending")

        content = admin_client.get(QUEUE).content.decode()

        assert "await a decision" not in content

    def test_reported_filter_lists_only_unanswered_reports(self, admin_client):
        answered = commented(5, body="Reported then kept.")
        waiting = commented(5, body="Reported and waiting.")
        never = commented(5, body="Nobody minded.")
        flag(answered, "198.51.100.1")
        flag(waiting, "198.51.100.1")
        admin_client.post(
            QUEUE, {"action": "approve", "_selected_action": [answered.pk]}
        )

        awaiting = admin_client.get(QUEUE, {"reported": "awaiting"}).content.decode()
        ever = admin_client.get(QUEUE, {"reported": "any"}).content.decode()

        assert waiting.body in awaiting
        assert answered.body not in awaiting
        assert never.body not in awaiting
        assert answered.body in ever and waiting.body in ever
        assert never.body not in ever

    def test_change_page_lists_the_reports(self, admin_client):
        comment = commented(5)
        flag(
            comment, "198.51.100.1", CommentFlag.Reason.OFF_TOPIC, "About <b>rugby</b>"
        )
        flag(comment, "198.51.100.2", CommentFlag.Reason.SPAM)

        content = change_page(admin_client, comment)

        assert "Off topic" in content
        assert "About &lt;b&gt;rugby&lt;/b&gt;" in content
        assert "Spam or advertising" in content


class WhoDecidedInTheAdminTests:
    @pytest.mark.parametrize("action", ["approve", "reject", "mark_spam"])
    def test_bulk_action_records_the_moderator(self, client, action):
        moderator = staff_user("view_comment", "moderate_comment", username="grace")
        client.force_login(moderator)
        pending = commented(5, status="pending")

        client.post(QUEUE, {"action": action, "_selected_action": [pending.pk]})

        pending.refresh_from_db()
        assert pending.moderated_by == moderator
        assert pending.moderated_at is not None

    def test_status_change_on_the_page_records_the_moderator(self, admin_client):
        pending = commented(5, status="pending")
        url = reverse("admin:comments_comment_change", args=[pending.pk])

        admin_client.post(url, comment_form(pending, status="approved"))

        pending.refresh_from_db()
        assert pending.status == Comment.Status.APPROVED
        assert pending.moderated_by.username == "admin"

    def test_putting_back_in_the_queue_is_recorded_too(self, admin_client):
        approved = commented(5)
        url = reverse("admin:comments_comment_change", args=[approved.pk])

        admin_client.post(url, comment_form(approved, status="pending"))

        approved.refresh_from_db()
        assert approved.status == Comment.Status.PENDING
        assert approved.moderated_by.username == "admin"

    def test_decision_is_shown_read_only_on_the_change_page(self, admin_client):
        moderator = staff_user(username="grace")
        comment = commented(5, status="pending", hold_reason=Comment.Reason.LINKS)
        comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=moderator)

        content = change_page(admin_client, comment)

        assert "Too many links" in content
        assert "grace" in content
        for field in ("hold_reason", "moderated_by", "moderated_at", "flag_count"):
            assert f'name="{field}"' not in content

    def test_a_post_cannot_rewrite_who_decided(self, admin_client):
        comment = commented(5, status="pending")
        url = reverse("admin:comments_comment_change", args=[comment.pk])
        other = staff_user(username="someone")

        admin_client.post(
            url,
            comment_form(comment, moderated_by=other.pk, hold_reason="", flag_count=0),
        )

        comment.refresh_from_db()
        assert comment.moderated_by is None


class BlocklistAdminTests:
    ADD = reverse("admin:comments_blockedword_add")

    def test_added_word_sends_new_comments_to_spam(self, admin_client, settings):
        settings.COMMENTS_MODERATION = "none"

        response = admin_client.post(self.ADD, {"word": "casino"})
        comment = comment_create(
            article=make_article(),
            name="Bot",
            email="bot@example.org",
            body="Try the Casino.",
        )

        assert response.status_code == 302
        assert (comment.status, comment.hold_reason) == ("spam", "blocklist")

    def test_a_word_blocked_in_another_case_is_refused(self, admin_client):
        BlockedWord.objects.create(word="Casino")

        response = admin_client.post(self.ADD, {"word": "casino"})

        assert "That word is already blocked." in response.content.decode()
        assert BlockedWord.objects.count() == 1

    def test_a_word_can_be_deleted(self, admin_client):
        word = BlockedWord.objects.create(word="casino")
        url = reverse("admin:comments_blockedword_delete", args=[word.pk])

        admin_client.post(url, {"post": "yes"})

        assert not BlockedWord.objects.exists()

    def test_staff_without_the_permission_cannot_add_words(self, client):
        client.force_login(staff_user("view_comment", "moderate_comment"))

        response = client.post(self.ADD, {"word": "casino"})

        assert response.status_code == 403
        assert not BlockedWord.objects.exists()
