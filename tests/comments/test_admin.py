from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments import admin as comments_admin
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")


def staff_user(*codenames, username="moderator"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


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
        for minutes in range(28):
            commented(minutes)

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
            lambda *, comments: calls.append(list(comments)),
        )
        pending = commented(5, status="pending", body="Cheap watches here.")
        url = reverse("admin:comments_comment_change", args=[pending.pk])

        admin_client.post(url, comment_form(pending, status="spam"))

        assert calls == [[pending]]

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
