import json
import re
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.utils import timezone

from comments.models import Comment, CommentFlag, MailRecipient
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

DATABASE_PAGES = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "newsroom_page_cache",
}


def aged(comment, days):
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return comment


def flag(comment, ip, days=0):
    report = CommentFlag.objects.create(comment=comment, reason="spam", ip_address=ip)
    CommentFlag.objects.filter(pk=report.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )
    return report


def run(*args, **options):
    out = StringIO()
    call_command(*args, stdout=out, **options)
    return out.getvalue()


class PurgeIpsTests:
    def test_blanks_address_and_browser_of_old_comments_only(self, settings):
        settings.COMMENTS_PURGE_IPS_DAYS = 60
        article = make_article()
        old = aged(make_comment(article, user_agent="Old browser/1.0"), 61)
        recent = aged(make_comment(article, user_agent="New browser/2.0"), 59)
        old_report = flag(recent, "198.51.100.1", days=61)
        new_report = flag(recent, "198.51.100.2", days=1)

        out = run("comments_purge_ips")

        old.refresh_from_db()
        recent.refresh_from_db()
        assert (old.ip_address, old.user_agent) == (None, "")
        assert (recent.ip_address, recent.user_agent) == (
            "203.0.113.7",
            "New browser/2.0",
        )
        assert CommentFlag.objects.get(pk=old_report.pk).ip_address is None
        assert CommentFlag.objects.get(pk=new_report.pk).ip_address == "198.51.100.2"
        assert out == (
            "Blanked the IP address and browser of 1 comments and the IP address "
            "of 1 reports older than 60 days.\n"
        )

    def test_age_given_on_the_command_line(self):
        comment = aged(make_comment(make_article()), 8)
        assert "of 0 comments" in run("comments_purge_ips", "--older-than", "10")
        assert "of 1 comments" in run("comments_purge_ips", "--older-than", "7")
        comment.refresh_from_db()
        assert comment.ip_address is None

    def test_the_setting_is_the_default_age(self, settings):
        settings.COMMENTS_PURGE_IPS_DAYS = 5
        aged(make_comment(make_article()), 6)
        # The default is read when the command's options are built.
        out = run("comments_purge_ips")
        assert "of 1 comments" in out
        assert "older than 5 days" in out

    def test_running_again_counts_nothing_new(self):
        aged(make_comment(make_article()), 90)
        run("comments_purge_ips")
        assert "of 0 comments and the IP address of 0 reports" in run(
            "comments_purge_ips"
        )

    def test_negative_age_is_refused(self):
        make_comment(make_article())
        with pytest.raises(CommandError, match="0 or more"):
            run("comments_purge_ips", "--older-than", "-1")
        assert Comment.objects.get().ip_address == "203.0.113.7"


class ExportTests:
    def test_prints_the_commenters_comments_and_mail_settings(self, settings):
        settings.CSRF_TRUSTED_ORIGINS = ["https://news.example.org"]
        article = make_article(headline="Ferry fares rise")
        first = make_comment(
            article,
            name="Ada",
            email="Ada@Example.org",
            body="First thoughts.",
            user_agent="Browser/1.0",
            notify_replies=True,
        )
        make_comment(
            article, email="ada@example.org", status="pending", parent=first, body="PS."
        )
        make_comment(article, email="bo@example.org", body="Not Ada's.")
        MailRecipient.objects.create(
            email="ada@example.org", unsubscribed_at=timezone.now()
        )

        data = json.loads(run("comments_export", "ada@example.org"))

        assert [c["body"] for c in data["comments"]] == ["First thoughts.", "PS."]
        exported = data["comments"][0]
        assert exported["article"] == "Ferry fares rise"
        assert exported["article_url"] == (
            f"https://news.example.org{article.get_absolute_url()}"
        )
        assert exported["status"] == "approved"
        assert (exported["name"], exported["email"]) == ("Ada", "Ada@Example.org")
        assert exported["ip_address"] == "203.0.113.7"
        assert exported["user_agent"] == "Browser/1.0"
        assert exported["email_me_replies"] is True
        assert exported["created_at"].startswith(str(first.created_at.year))
        assert data["comments"][1]["in_reply_to"] == first.pk
        assert data["mail"]["email"] == "ada@example.org"
        assert data["mail"]["unsubscribed_at"]

    def test_unknown_address_gives_an_empty_record(self):
        data = json.loads(run("comments_export", "nobody@example.org"))
        assert data == {"email": "nobody@example.org", "comments": [], "mail": None}


class EraseTests:
    def test_comment_others_answered_stays_as_a_blank_placeholder(self):
        article = make_article()
        answered = make_comment(
            article,
            name="Ada",
            email="ada@example.org",
            body="Ada's words.",
            user_agent="Browser/1.0",
            notify_replies=True,
        )
        flag(answered, "198.51.100.1")
        reply = make_comment(article, parent=answered, email="bo@example.org")

        out = run("comments_erase", "ADA@example.org", "--no-input")

        answered.refresh_from_db()
        assert answered.status == Comment.Status.DELETED
        assert (answered.name, answered.email, answered.body) == ("", "", "")
        assert (answered.ip_address, answered.user_agent) == (None, "")
        assert not answered.notify_replies
        assert not answered.flags.exists()
        assert Comment.objects.get(pk=reply.pk).status == Comment.Status.APPROVED
        assert out == (
            "Erased 1 comments from ADA@example.org: 1 kept as deleted "
            "placeholders, 0 removed.\n"
        )

    def test_unanswered_comments_are_removed(self):
        article = make_article()
        make_comment(article, email="ada@example.org")
        make_comment(article, email="ada@example.org", status="spam")
        kept = make_comment(article, email="bo@example.org")

        out = run("comments_erase", "ada@example.org", "--no-input")

        assert list(Comment.objects.all()) == [kept]
        assert "2 comments" in out
        assert "0 kept as deleted placeholders, 2 removed" in out

    def test_a_chain_of_their_own_comments_keeps_what_others_hang_on(self):
        article = make_article()
        top = make_comment(article, email="ada@example.org", body="Top.")
        theirs = make_comment(article, email="ada@example.org", parent=top)
        others = make_comment(article, email="bo@example.org", parent=theirs)
        below = make_comment(article, email="ada@example.org", parent=others)
        alone = make_comment(article, email="ada@example.org")

        run("comments_erase", "ada@example.org", "--no-input")

        status = dict(Comment.objects.values_list("pk", "status"))
        assert status == {
            top.pk: Comment.Status.DELETED,
            theirs.pk: Comment.Status.DELETED,
            others.pk: Comment.Status.APPROVED,
        }
        assert below.pk not in status
        assert alone.pk not in status

    def test_a_pending_reply_from_someone_else_is_not_lost(self):
        article = make_article()
        answered = make_comment(article, email="ada@example.org")
        waiting = make_comment(
            article, parent=answered, email="bo@example.org", status="pending"
        )
        run("comments_erase", "ada@example.org", "--no-input")
        assert Comment.objects.filter(pk=waiting.pk).exists()

    def test_mail_settings_are_removed(self):
        MailRecipient.objects.create(email="ada@example.org")
        MailRecipient.objects.create(email="bo@example.org")
        out = run("comments_erase", "Ada@example.org", "--no-input")
        assert list(MailRecipient.objects.values_list("email", flat=True)) == [
            "bo@example.org"
        ]
        assert out.endswith("; mail settings removed.\n")

    def test_nothing_stored_says_so(self):
        assert run("comments_erase", "nobody@example.org") == (
            "Nothing is stored for nobody@example.org.\n"
        )

    def test_asks_before_erasing(self):
        make_comment(make_article(), email="ada@example.org")
        refuse = mock.patch("builtins.input", return_value="no")
        with refuse as asked, pytest.raises(CommandError, match="Nothing erased"):
            run("comments_erase", "ada@example.org")
        assert "Erase 1 comments from ada@example.org" in asked.call_args.args[0]
        assert Comment.objects.exists()

        with mock.patch("builtins.input", return_value="yes"):
            run("comments_erase", "ada@example.org")
        assert not Comment.objects.exists()

    def test_erased_public_comment_leaves_the_cached_page(
        self, settings, client, django_capture_on_commit_callbacks
    ):
        settings.NEWSROOM_PAGE_CACHE = True
        settings.CACHES = settings.CACHES | {"pages": DATABASE_PAGES}
        article = make_article()
        make_comment(article, email="ada@example.org", body="Erase me, please.")
        url = article.get_absolute_url()
        client.get(url)
        cached = client.get(url)
        assert cached["X-Page-Cache"] == "hit"
        assert "Erase me, please." in cached.content.decode()

        with django_capture_on_commit_callbacks(execute=True):
            run("comments_erase", "ada@example.org", "--no-input")

        fresh = client.get(url)
        assert fresh["X-Page-Cache"] == "miss"
        assert "Erase me, please." not in fresh.content.decode()


class PrivacyPageTests:
    def test_cookie_notice_leads_to_what_is_kept_about_commenters(self):
        reader = Client()
        notice = re.search(
            r'<aside class="cookie-notice".*?</aside>',
            reader.get("/").content.decode(),
            re.S,
        ).group(0)
        link = re.search(r'<a href="([^"]+)">', notice).group(1)
        privacy = reader.get(link).content.decode()
        assert "IP address" in privacy
        assert "Emails about replies" in privacy
        assert "erased" in privacy
