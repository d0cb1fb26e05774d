import socket
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core import mail, signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from comments import notifications
from comments.mail import unsubscribe_url
from comments.models import Comment, CommentFlag, MailRecipient
from comments.services import (
    comment_approve,
    comment_create,
    comment_edit,
    comment_flag,
)
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

SITE = "https://news.example.org"
QUEUE = f"{SITE}/admin/comments/comment/?status__exact=pending"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.CSRF_TRUSTED_ORIGINS = [SITE]
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.org", "night@example.org"]
    settings.COMMENTS_MODERATION = "all"
    settings.COMMENTS_DIGEST_MINUTES = 15


def hold(article, **overrides):
    """A reader's comment, held by the default rule (hold everything)."""
    fields = {
        "name": "Ada Reader",
        "email": "ada@example.org",
        "body": "The ferry timetable changed again.",
    }
    return comment_create(article=article, **fields | overrides)


def digest_moved_back(minutes):
    MailRecipient.objects.filter(email=notifications.DIGEST_KEY).update(
        last_sent_at=timezone.now() - timedelta(minutes=minutes)
    )


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ModeratorDigestTests:
    def test_held_comment_is_mailed_after_commit_not_before(
        self, django_capture_on_commit_callbacks
    ):
        article = make_article(headline="Ferry fares rise")
        with django_capture_on_commit_callbacks(execute=True):
            comment = hold(article)
            assert mail.outbox == []
        [digest] = mail.outbox
        assert digest.to == ["desk@example.org", "night@example.org"]
        assert digest.subject == "1 comment to moderate | Newsroom"
        assert "1 comment waits for moderation" in digest.body
        assert 'Ada Reader on "Ferry fares rise"' in digest.body
        assert "Held: Every comment is held" in digest.body
        assert "The ferry timetable changed again." in digest.body
        assert f"{SITE}/admin/comments/comment/{comment.pk}/change/" in digest.body
        assert QUEUE in digest.body
        comment.refresh_from_db()
        assert comment.moderators_notified

    def test_comments_held_together_make_one_mail(
        self, django_capture_on_commit_callbacks
    ):
        article = make_article()
        with django_capture_on_commit_callbacks(execute=True):
            hold(article, name="First Reader")
            hold(article, name="Second Reader", email="bo@example.org")
        [digest] = mail.outbox
        assert "2 comments wait for moderation" in digest.body
        assert "First Reader" in digest.body
        assert "Second Reader" in digest.body

    def test_comment_held_soon_after_a_digest_waits_for_the_next(
        self, django_capture_on_commit_callbacks
    ):
        article = make_article()
        with django_capture_on_commit_callbacks(execute=True):
            hold(article, name="Early Reader")
        with django_capture_on_commit_callbacks(execute=True):
            late = hold(article, name="Late Reader", email="late@example.org")
        assert len(mail.outbox) == 1
        late.refresh_from_db()
        assert not late.moderators_notified

        out = StringIO()
        call_command("comments_digest", stdout=out)
        assert len(mail.outbox) == 1
        assert "1 held comments wait" in out.getvalue()

        digest_moved_back(16)
        call_command("comments_digest", stdout=out)
        assert len(mail.outbox) == 2
        assert "Late Reader" in mail.outbox[1].body
        assert "Early Reader" not in mail.outbox[1].body
        assert "Sent a digest naming 1 comments." in out.getvalue()

    def test_comment_held_again_after_its_author_edits_it_is_mailed_again(
        self, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            comment = hold(make_article())
        comment_approve(comments=Comment.objects.filter(pk=comment.pk))
        digest_moved_back(16)
        with django_capture_on_commit_callbacks(execute=True):
            comment_edit(comment=comment, body="Corrected: the ferry runs at nine.")
        assert len(mail.outbox) == 2
        assert "Corrected: the ferry runs at nine." in mail.outbox[1].body

    def test_digest_command_with_nothing_waiting_sends_nothing(self):
        out = StringIO()
        call_command("comments_digest", stdout=out)
        assert mail.outbox == []
        assert out.getvalue() == "Nothing to send.\n"

    def test_spam_is_never_mailed_about(self, django_capture_on_commit_callbacks):
        article = make_article()
        with django_capture_on_commit_callbacks(execute=True):
            spam = hold(article, name="Cheap Pills", honeypot_filled=True)
        assert spam.status == Comment.Status.SPAM
        assert mail.outbox == []
        with django_capture_on_commit_callbacks(execute=True):
            hold(article, body="A real comment.")
        assert "Cheap Pills" not in mail.outbox[0].body

    def test_reported_comment_is_in_the_digest(
        self, django_capture_on_commit_callbacks
    ):
        comment = make_comment(make_article(), name="Loud Reader", body="Rude words.")
        with django_capture_on_commit_callbacks(execute=True):
            comment_flag(comment=comment, reason="abuse", ip_address="198.51.100.9")
        [digest] = mail.outbox
        assert "Reported by readers:" in digest.body
        assert "Loud Reader" in digest.body
        assert "(1 report)" in digest.body
        assert "Rude words." in digest.body

    def test_only_new_reports_are_mailed_again(
        self, django_capture_on_commit_callbacks
    ):
        old = make_comment(make_article(), name="Reported Before")
        comment_flag(comment=old, reason="abuse", ip_address="198.51.100.9")
        CommentFlag.objects.update(created_at=timezone.now() - timedelta(minutes=20))
        notifications.send_digest()
        digest_moved_back(16)
        with django_capture_on_commit_callbacks(execute=True):
            hold(make_article(), name="Newly Held")
        assert "Reported Before" in mail.outbox[0].body
        assert "Newly Held" in mail.outbox[1].body
        assert "Reported Before" not in mail.outbox[1].body

    def test_long_queue_is_summed_up(self, monkeypatch):
        monkeypatch.setattr(notifications, "DIGEST_LIST_LIMIT", 2)
        article = make_article()
        for n in range(5):
            make_comment(article, name=f"Reader {n}", status="pending")
        notifications.send_digest()
        [digest] = mail.outbox
        assert "5 comments wait" in digest.body
        assert "...and 3 more." in digest.body
        assert not Comment.objects.filter(moderators_notified=False).exists()

    def test_mail_server_down_loses_nothing(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
        settings.EMAIL_TIMEOUT = 2
        with django_capture_on_commit_callbacks(execute=True):
            comment = hold(make_article())
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        assert not comment.moderators_notified

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("comments_digest", stdout=StringIO())
        assert "Ada Reader" in mail.outbox[0].body

    def test_a_digest_sent_meanwhile_by_another_process_is_not_repeated(self):
        make_comment(make_article(), status="pending")

        def another_process_sends(since, until):
            MailRecipient.objects.filter(email=notifications.DIGEST_KEY).update(
                last_sent_at=timezone.now()
            )
            return []

        with mock.patch.object(
            notifications, "_reported_since", side_effect=another_process_sends
        ):
            assert notifications.send_digest() == 0
        assert mail.outbox == []

    def test_nobody_to_tell_keeps_comments_for_the_first_digest(self, settings):
        settings.COMMENTS_MODERATOR_EMAILS = []
        make_comment(make_article(), status="pending")
        assert notifications.send_digest() == 0
        assert not Comment.objects.filter(moderators_notified=True).exists()


class ModeratorAddressTests:
    def test_staff_who_may_moderate_get_the_digest_by_default(self, settings):
        settings.COMMENTS_MODERATOR_EMAILS = []
        may = Permission.objects.get(codename="moderate_comment")
        desk = Group.objects.create(name="Desk")
        desk.permissions.add(may)

        def user(name, **fields):
            fields = {"is_staff": True, "email": f"{name}@example.org"} | fields
            return User.objects.create_user(name, **fields)

        user("direct").user_permissions.add(may)
        user("grouped").groups.add(desk)
        user("boss", is_superuser=True)
        user("reporter")
        user("left", is_active=False).user_permissions.add(may)
        user("reader", is_staff=False).user_permissions.add(may)
        user("noaddress", email="").user_permissions.add(may)

        assert notifications.moderator_addresses() == [
            "boss@example.org",
            "direct@example.org",
            "grouped@example.org",
        ]


class SiteAddressTests:
    def test_links_use_the_first_allowed_host_without_trusted_origins(self, settings):
        settings.CSRF_TRUSTED_ORIGINS = []
        settings.ALLOWED_HOSTS = [".example.net", "www.example.net"]
        settings.SECURE_SSL_REDIRECT = True
        make_comment(make_article(), status="pending")
        notifications.send_digest()
        assert "https://example.net/admin/comments/comment/" in mail.outbox[0].body


def vouched_for(article, **overrides):
    """A comment a moderator approved, whose author wants to hear of replies."""
    fields = {
        "name": "Ada Reader",
        "email": "ada@example.org",
        "body": "Will the night ferry keep running?",
        "notify_replies": True,
        "status": "pending",
    }
    comment = make_comment(article, **fields | overrides)
    moderator = User.objects.create_user(f"mod-{comment.pk}", is_staff=True)
    comment_approve(comments=Comment.objects.filter(pk=comment.pk), by=moderator)
    comment.refresh_from_db()
    return comment


def approve(*comments):
    pks = [c.pk for c in comments]
    comment_approve(comments=Comment.objects.filter(pk__in=pks))


def reply_to(parent, **overrides):
    fields = {"name": "Bo Neighbour", "email": "bo@example.org", "status": "pending"}
    fields |= {"body": "Yes, until October.", "parent": parent}
    return make_comment(parent.article, **fields | overrides)


class ReplyNoticeTests:
    def test_author_hears_of_an_approved_reply_after_commit(
        self, django_capture_on_commit_callbacks
    ):
        parent = vouched_for(make_article(headline="Night ferry"))
        reply = reply_to(parent)
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply)
            assert mail.outbox == []
        [notice] = mail.outbox
        assert notice.to == ["ada@example.org"]
        assert notice.subject == (
            "Bo Neighbour replied to your comment on “Night ferry” | Newsroom"
        )
        assert "Hello Ada Reader," in notice.body
        assert "> Will the night ferry keep running?" in notice.body
        assert "> Yes, until October." in notice.body
        assert f"{SITE}{reply.get_absolute_url()}" in notice.body
        token_url = notice.extra_headers["List-Unsubscribe"].strip("<>")
        assert token_url.startswith(f"{SITE}/comments/unsubscribe/")
        assert f"Stop these mails: {token_url}" in notice.body
        assert notice.extra_headers["List-Unsubscribe-Post"] == (
            "List-Unsubscribe=One-Click"
        )

    def test_reply_published_at_once_is_mailed_too(
        self, settings, django_capture_on_commit_callbacks
    ):
        settings.COMMENTS_MODERATION = "none"
        parent = vouched_for(make_article())
        with django_capture_on_commit_callbacks(execute=True):
            comment_create(
                article=parent.article,
                parent=parent,
                name="Bo",
                email="bo@example.org",
                body="Yes.",
            )
        assert [m.to for m in mail.outbox] == [["ada@example.org"]]

    def test_nothing_without_the_authors_tick(self, django_capture_on_commit_callbacks):
        parent = vouched_for(make_article(), notify_replies=False)
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        assert mail.outbox == []

    def test_nothing_to_an_address_no_moderator_approved(
        self, django_capture_on_commit_callbacks
    ):
        # Published by the rules alone (COMMENTS_MODERATION=none), never
        # looked at by a moderator: the address may not be its owner's.
        parent = make_comment(make_article(), notify_replies=True)
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        assert mail.outbox == []

    def test_an_earlier_approved_comment_vouches_for_the_address(
        self, django_capture_on_commit_callbacks
    ):
        vouched_for(make_article(), email="Ada@Example.org", notify_replies=False)
        parent = make_comment(
            make_article(), notify_replies=True, email="ada@example.org"
        )
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        assert [m.to for m in mail.outbox] == [["ada@example.org"]]

    def test_nothing_for_replying_to_oneself(self, django_capture_on_commit_callbacks):
        parent = vouched_for(make_article())
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent, email="ADA@example.org"))
        assert mail.outbox == []

    def test_at_most_one_mail_an_hour(self, django_capture_on_commit_callbacks):
        parent = vouched_for(make_article())
        for name in ["First", "Second"]:
            with django_capture_on_commit_callbacks(execute=True):
                approve(reply_to(parent, name=name))
        assert len(mail.outbox) == 1
        assert "First" in mail.outbox[0].body

        MailRecipient.objects.filter(email="ada@example.org").update(
            last_sent_at=timezone.now() - timedelta(minutes=61)
        )
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent, name="Third"))
        assert len(mail.outbox) == 2
        assert "Third" in mail.outbox[1].body
        assert "Second" not in mail.outbox[1].body

    def test_replies_approved_together_make_one_mail(
        self, django_capture_on_commit_callbacks
    ):
        parent = vouched_for(make_article())
        replies = [reply_to(parent, name=name) for name in ["Bo", "Cy"]]
        with django_capture_on_commit_callbacks(execute=True):
            approve(*replies)
        [notice] = mail.outbox
        assert notice.subject.startswith("2 new replies to your comments")
        assert "Bo replied" in notice.body
        assert "Cy replied" in notice.body

    def test_mail_server_down_does_not_use_up_the_hour(
        self, settings, django_capture_on_commit_callbacks
    ):
        parent = vouched_for(make_article())
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent, name="Lost"))
        assert MailRecipient.objects.get().last_sent_at is None

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent, name="Next"))
        assert "Next replied" in mail.outbox[0].body

    def test_nothing_after_unsubscribing(self, django_capture_on_commit_callbacks):
        parent = vouched_for(make_article())
        MailRecipient.objects.create(
            email="ada@example.org", unsubscribed_at=timezone.now()
        )
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        assert mail.outbox == []


class UnsubscribeTests:
    def notice_link(self, django_capture_on_commit_callbacks):
        parent = vouched_for(make_article())
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        url = mail.outbox[-1].extra_headers["List-Unsubscribe"].strip("<>")
        return url.removeprefix(SITE), parent

    def test_opening_the_link_asks_and_changes_nothing(
        self, client, django_capture_on_commit_callbacks
    ):
        path, _ = self.notice_link(django_capture_on_commit_callbacks)
        response = client.get(path)
        html = response.content.decode()
        assert response.status_code == 200
        assert '<form method="post">' in html
        assert "Stop these emails</button>" in html
        assert '<meta name="robots" content="noindex">' in html
        assert MailRecipient.objects.get().unsubscribed_at is None

    def test_the_button_unsubscribes_without_a_csrf_token(
        self, django_capture_on_commit_callbacks
    ):
        path, parent = self.notice_link(django_capture_on_commit_callbacks)
        response = Client(enforce_csrf_checks=True).post(path)
        assert response.status_code == 200
        assert "we will send no more emails" in response.content.decode()
        assert MailRecipient.objects.get().unsubscribed_at is not None

        MailRecipient.objects.update(last_sent_at=None)
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(parent))
        assert len(mail.outbox) == 1

    def test_one_click_from_the_mail_program(self, django_capture_on_commit_callbacks):
        path, _ = self.notice_link(django_capture_on_commit_callbacks)
        response = Client(enforce_csrf_checks=True).post(
            path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        assert response.status_code == 200
        assert MailRecipient.objects.get().unsubscribed_at is not None

    def test_unsubscribing_twice_keeps_the_first_time(
        self, client, django_capture_on_commit_callbacks
    ):
        path, _ = self.notice_link(django_capture_on_commit_callbacks)
        client.post(path)
        first = MailRecipient.objects.get().unsubscribed_at
        client.post(path)
        assert MailRecipient.objects.get().unsubscribed_at == first

    def test_works_before_any_mail_was_sent(self, client):
        path = unsubscribe_url("New@Example.org").removeprefix(SITE)
        client.post(path)
        assert MailRecipient.objects.get().email == "new@example.org"

    @pytest.mark.parametrize(
        "token",
        [
            "ada@example.org",
            "ImFkYUBleGFtcGxlLm9yZyI:forged-signature",
            # Signed by the site, but for another purpose.
            signing.Signer(salt="comments.remember").sign_object("ada@example.org"),
        ],
    )
    def test_forged_link_changes_nothing(self, client, token):
        path = reverse("comments_unsubscribe", kwargs={"token": token})
        response = client.post(path)
        assert response.status_code == 404
        assert "This unsubscribe link is not valid" in response.content.decode()
        assert not MailRecipient.objects.exists()


class OptInTests:
    def test_reader_who_ticks_the_box_hears_of_a_reply(
        self, client, recaptcha_passes, django_capture_on_commit_callbacks
    ):
        article = make_article(headline="Night ferry")
        form = client.get(article.get_absolute_url()).content.decode()
        assert "Email me when someone replies to my comment" in form
        posted = {
            "body": "Will the night ferry keep running?",
            "name": "Ada Reader",
            "email": "ada@example.org",
            "notify_replies": "on",
            "g-recaptcha-response": "token",
        }
        client.post(reverse("comments:post", kwargs={"slug": article.slug}), posted)
        asked = Comment.objects.get(email="ada@example.org")
        assert asked.notify_replies
        moderator = User.objects.create_user("moderator", is_staff=True)
        with django_capture_on_commit_callbacks(execute=True):
            comment_approve(comments=Comment.objects.filter(pk=asked.pk), by=moderator)
        with django_capture_on_commit_callbacks(execute=True):
            approve(reply_to(asked))
        [notice] = mail.outbox
        assert notice.to == ["ada@example.org"]

    def test_reader_who_leaves_it_unticked_hears_nothing(
        self, client, recaptcha_passes
    ):
        article = make_article()
        posted = {
            "body": "First!",
            "name": "Ada Reader",
            "email": "ada@example.org",
            "g-recaptcha-response": "token",
        }
        client.post(reverse("comments:post", kwargs={"slug": article.slug}), posted)
        assert not Comment.objects.get(email="ada@example.org").notify_replies
