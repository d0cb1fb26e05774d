"""Bans: written in the admin, started from the moderation queue, and what
they do to a commenter's new and past comments."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from django.utils import timezone

from comments.models import Ban, Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:comments_comment_changelist")
BANS = reverse("admin:comments_ban_changelist")
ADD_BAN = reverse("admin:comments_ban_add")
CONSTRAINT_MESSAGE = "Ban either an email address or an IP address."


def staff_user(*codenames, username="moderator"):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def ban_form(**fields):
    return {"email": "", "ip_address": "", "reason": "", "until": ""} | fields


class BanAdminTests:
    def test_moderator_bans_an_email_address(self, admin_client):
        response = admin_client.post(
            ADD_BAN, ban_form(email="troll@example.org", reason="Abuse")
        )

        assert response.status_code == 302
        ban = Ban.objects.get()
        assert (ban.email, ban.ip_address, ban.until) == (
            "troll@example.org",
            None,
            None,
        )
        assert ban.created_by.username == "admin"

    def test_moderator_bans_an_ip_address_until_a_date(self, admin_client):
        response = admin_client.post(
            ADD_BAN,
            ban_form(
                ip_address="192.0.2.9",
                reason="Flooding",
                until_0="2099-01-31",
                until_1="12:00",
            ),
        )

        assert response.status_code == 302
        ban = Ban.objects.get()
        assert (ban.email, ban.ip_address) == ("", "192.0.2.9")
        assert ban.until.year == 2099

    @pytest.mark.parametrize(
        "fields",
        [
            {"email": "troll@example.org", "ip_address": "192.0.2.9"},
            {},
        ],
        ids=["both", "neither"],
    )
    def test_one_of_email_or_ip_is_required(self, admin_client, fields):
        response = admin_client.post(ADD_BAN, ban_form(reason="Abuse", **fields))

        assert response.status_code == 200
        assert CONSTRAINT_MESSAGE in response.content.decode()
        assert not Ban.objects.exists()

    def test_reason_is_required(self, admin_client):
        response = admin_client.post(ADD_BAN, ban_form(email="troll@example.org"))

        assert response.status_code == 200
        assert not Ban.objects.exists()

    def test_list_shows_who_banned_and_whether_in_force(self, admin_client):
        moderator = staff_user(username="grace")
        Ban.objects.create(
            email="troll@example.org", reason="Abuse", created_by=moderator
        )
        Ban.objects.create(
            ip_address="192.0.2.9",
            reason="Flooding",
            until=timezone.now() - timedelta(days=1),
        )

        content = admin_client.get(BANS).content.decode()
        ended = admin_client.get(BANS, {"in_force": "no"}).content.decode()

        assert "troll@example.org" in content and "grace" in content
        assert "192.0.2.9" in ended
        assert "troll@example.org" not in ended

    def test_adding_a_ban_says_their_earlier_comments_remain(self, admin_client):
        make_comment(make_article(), email="troll@example.org")

        response = admin_client.post(
            ADD_BAN, ban_form(email="troll@example.org", reason="Abuse"), follow=True
        )

        assert "Their 1 earlier comment is unchanged" in response.content.decode()


def select(client, action, comments):
    return client.post(
        QUEUE,
        {"action": action, "_selected_action": [c.pk for c in comments]},
        follow=True,
    )


class BanFromTheQueueTests:
    def test_ban_email_opens_the_ban_form_filled_in(self, admin_client):
        comment = make_comment(make_article(), email="troll@example.org")

        response = select(admin_client, "ban_email", [comment])

        assert response.redirect_chain[-1][0] == f"{ADD_BAN}?email=troll%40example.org"
        content = response.content.decode()
        assert 'value="troll@example.org"' in content
        assert not Ban.objects.exists()

    def test_ban_ip_opens_the_ban_form_filled_in(self, admin_client):
        comment = make_comment(make_article(), ip_address="192.0.2.9")

        response = select(admin_client, "ban_ip", [comment])

        assert response.redirect_chain[-1][0] == f"{ADD_BAN}?ip_address=192.0.2.9"
        assert 'value="192.0.2.9"' in response.content.decode()

    def test_several_comments_selected_asks_for_one(self, admin_client):
        article = make_article()
        comments = [make_comment(article), make_comment(article)]

        response = select(admin_client, "ban_email", comments)

        assert response.redirect_chain[-1][0].startswith(QUEUE)
        assert "Select exactly one comment" in response.content.decode()

    def test_a_comment_without_an_ip_address_says_so(self, admin_client):
        comment = make_comment(make_article(), ip_address=None)

        response = select(admin_client, "ban_ip", [comment])

        assert "IP address is no longer stored" in response.content.decode()


class HideTheirCommentsTests:
    def test_hides_every_comment_of_the_selected_bans(self, admin_client):
        article = make_article()
        theirs = [
            make_comment(article, email="troll@example.org"),
            make_comment(article, email="TROLL@example.org", status="pending"),
            make_comment(article, ip_address="192.0.2.9"),
        ]
        bystander = make_comment(article, body="A fair point.")
        bans = [
            Ban.objects.create(email="troll@example.org", reason="Abuse"),
            Ban.objects.create(ip_address="192.0.2.9", reason="Abuse"),
        ]

        response = admin_client.post(
            BANS,
            {"action": "hide_comments", "_selected_action": [b.pk for b in bans]},
            follow=True,
        )

        assert "3 comments filed as spam." in response.content.decode()
        hidden = Comment.objects.filter(status="spam", moderated_by__username="admin")
        assert set(hidden) == set(theirs)
        page = admin_client.get(article.get_absolute_url()).content.decode()
        assert theirs[0].body not in page
        assert bystander.body in page


class BannedCommenterTests:
    def test_new_comment_from_a_banned_email_goes_to_spam(
        self, client, recaptcha_passes
    ):
        article = make_article()
        Ban.objects.create(email="troll@example.org", reason="Abuse")

        client.post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            {
                "body": "I am back.",
                "name": "Troll",
                "email": "Troll@Example.org",
                "g-recaptcha-response": "token-from-the-widget",
            },
            REMOTE_ADDR="203.0.113.99",
        )

        comment = Comment.objects.get()
        assert (comment.status, comment.hold_reason) == ("spam", "banned")


class BanPermissionTests:
    def test_moderator_without_ban_permission_cannot_ban(self, client):
        client.force_login(staff_user("view_comment", "moderate_comment"))
        comment = make_comment(make_article(), email="troll@example.org")

        queue = client.get(QUEUE).content.decode()
        via_action = client.post(
            QUEUE, {"action": "ban_email", "_selected_action": [comment.pk]}
        )
        form = client.get(ADD_BAN)
        posted = client.post(ADD_BAN, ban_form(email="x@example.org", reason="Abuse"))

        assert 'value="approve"' in queue
        assert 'value="ban_email"' not in queue
        assert 'value="ban_ip"' not in queue
        assert via_action.status_code == 302
        assert form.status_code == 403
        assert posted.status_code == 403
        assert not Ban.objects.exists()

    def test_with_ban_permission_the_actions_are_offered(self, client):
        client.force_login(staff_user("view_comment", "moderate_comment", "add_ban"))
        make_comment(make_article())

        queue = client.get(QUEUE).content.decode()

        assert 'value="ban_email"' in queue
        assert 'value="ban_ip"' in queue

    def test_hiding_comments_needs_the_moderate_permission(self, client):
        client.force_login(staff_user("view_ban", "add_ban", "change_ban"))
        comment = make_comment(make_article(), email="troll@example.org")
        ban = Ban.objects.create(email="troll@example.org", reason="Abuse")

        bans = client.get(BANS).content.decode()
        client.post(BANS, {"action": "hide_comments", "_selected_action": [ban.pk]})

        assert 'value="hide_comments"' not in bans
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
