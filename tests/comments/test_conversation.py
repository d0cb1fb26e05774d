"""The conversation under an article: reply depth, staff replies, closing,
counts on listings, reports and the order of the thread."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentFlag
from tests.comments.test_views import comment_parents
from tests.factories import make_article, make_comment, make_section

pytestmark = pytest.mark.django_db

READER = {
    "body": "The ferry timetable changed again this week.",
    "name": "Ada Reader",
    "email": "ada.reader@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


def post_comment(client, article, ip="198.51.100.4", **overrides):
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        READER | overrides,
        REMOTE_ADDR=ip,
    )


def page(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def reply_link_ids(html):
    return {int(pk) for pk in re.findall(r'data-reply-to="(\d+)"', html)}


def report_url(comment):
    return reverse("comments:report", kwargs={"pk": comment.pk})


def chain(article, length):
    """A comment and `length - 1` replies, each answering the one before."""
    comments = [make_comment(article)]
    for _ in range(length - 1):
        comments.append(make_comment(article, parent=comments[-1]))
    return comments


class ReplyDepthTests:
    def test_no_reply_link_at_the_deepest_level(self, client):
        article = make_article()
        first, second, third = chain(article, 3)
        html = page(client, article.get_absolute_url())
        assert reply_link_ids(html) == {first.pk, second.pk}

    def test_depth_follows_the_setting(self, client, settings):
        settings.COMMENTS_MAX_DEPTH = 2
        article = make_article()
        first, second, third = chain(article, 3)
        html = page(client, article.get_absolute_url())
        assert reply_link_ids(html) == {first.pk}
        parents = comment_parents(html)
        assert parents[f"comment-{third.pk}"] == f"comment-{first.pk}"

    def test_deeper_replies_show_at_the_deepest_level(self, client):
        article = make_article()
        comments = chain(article, 5)
        parents = comment_parents(page(client, article.get_absolute_url()))
        deepest = f"comment-{comments[1].pk}"
        assert [parents[f"comment-{c.pk}"] for c in comments[2:]] == [deepest] * 3

    @pytest.mark.parametrize(
        "status",
        [Comment.Status.PENDING, Comment.Status.REJECTED, Comment.Status.DELETED],
    )
    def test_reply_to_a_comment_not_shown_is_refused_with_the_text_kept(
        self, client, recaptcha_passes, status
    ):
        article = make_article()
        parent = make_comment(article, status=status)
        response = post_comment(client, article, parent=parent.pk)
        html = response.content.decode()
        assert response.status_code == 200
        assert "The comment you were replying to is no longer shown." in html
        assert READER["body"] in html
        assert not Comment.objects.filter(parent=parent).exists()


@pytest.fixture
def staff_client():
    user = get_user_model().objects.create_user(
        "editor",
        email="grace.editor@newsroom.example",
        password="a long enough password",
        first_name="Grace",
        last_name="Editor",
        is_staff=True,
    )
    client = Client()
    client.force_login(user)
    client.user = user
    return client


class StaffReplyTests:
    def test_staff_reply_is_published_at_once_and_marked(self, staff_client):
        article = make_article()
        parent = make_comment(article, name="Asking Reader")
        response = staff_client.post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            {"body": "We have asked the ferry company.", "parent": parent.pk},
        )
        reply = Comment.objects.get(parent=parent)
        assert response.status_code == 302
        assert (reply.status, reply.by_staff, reply.user) == (
            Comment.Status.APPROVED,
            True,
            staff_client.user,
        )
        assert (reply.name, reply.email) == (
            "Grace Editor",
            "grace.editor@newsroom.example",
        )
        thanked = page(staff_client, response["Location"])
        assert "Thank you. Your comment is published." in thanked
        html = page(Client(), article.get_absolute_url())
        assert (
            '<p class="comment-author"><bdi>Grace Editor</bdi> '
            '<span class="comment-badge">Staff</span></p>'
        ) in html
        assert html.count('class="comment-badge"') == 1

    def test_readers_cannot_claim_to_be_staff(self, client, recaptcha_passes):
        article = make_article()
        post_comment(client, article, by_staff="on", name="Staff")
        comment = Comment.objects.get()
        assert not comment.by_staff
        Comment.objects.update(status=Comment.Status.APPROVED)
        assert "comment-badge" not in page(Client(), article.get_absolute_url())


class ClosedCommentsTests:
    def closes_after_a_week(self, settings, days_ago):
        settings.COMMENTS_CLOSE_AFTER_DAYS = 7
        return make_article(published_at=timezone.now() - timedelta(days=days_ago))

    def test_article_closes_by_itself_and_keeps_its_comments(self, client, settings):
        article = self.closes_after_a_week(settings, days_ago=8)
        make_comment(article, name="Earlier Reader")
        html = page(client, article.get_absolute_url())
        assert "Earlier Reader" in html
        assert "Comments are closed." in html
        assert "Leave a reply" not in html
        assert "replyto=" not in html

    def test_post_after_closing_is_refused_and_stores_nothing(
        self, client, settings, recaptcha_passes
    ):
        article = self.closes_after_a_week(settings, days_ago=8)
        response = post_comment(client, article)
        assert response.status_code == 200
        assert "Comments are closed on this article." in response.content.decode()
        assert not Comment.objects.exists()
        recaptcha_passes.assert_not_called()

    def test_article_is_open_until_then(self, client, settings, recaptcha_passes):
        article = self.closes_after_a_week(settings, days_ago=6)
        assert "Leave a reply" in page(client, article.get_absolute_url())
        assert post_comment(client, article).status_code == 302
        assert Comment.objects.count() == 1


class ListingCountTests:
    def test_teasers_count_approved_comments_only(self, client):
        section = make_section()
        busy, quiet = make_article(section=section), make_article(section=section)
        for _ in range(3):
            make_comment(busy)
        for status in ["pending", "rejected", "spam", "deleted"]:
            make_comment(busy, status=status)
            make_comment(quiet, status=status)
        html = page(client, section.get_absolute_url())
        assert f'href="{busy.get_absolute_url()}#comments">3 comments<' in html
        assert f'href="{quiet.get_absolute_url()}#comments">0 comments<' in html

    @pytest.mark.parametrize(
        "url_of",
        [lambda section: "/", lambda section: section.get_absolute_url()],
        ids=["home", "section"],
    )
    def test_counting_costs_no_query_per_article(self, client, url_of):
        # Home (its lead and section boxes) and a section page.
        section = make_section()
        for _ in range(3):
            make_comment(make_article(section=section))
        with CaptureQueriesContext(connection) as few_articles:
            page(client, url_of(section))
        for _ in range(12):
            article = make_article(section=section)
            for _ in range(2):
                make_comment(article)
        with CaptureQueriesContext(connection) as many_articles:
            html = page(client, url_of(section))
        assert html.count(">2 comments<") >= 6
        assert len(many_articles) == len(few_articles)


class ReportTests:
    def report(self, client, comment, ip="198.51.100.4", **data):
        fields = {"reason": "abuse", "details": "Insults another reader."} | data
        return client.post(report_url(comment), fields, REMOTE_ADDR=ip)

    def test_approved_comments_have_a_report_link(self, client):
        article = make_article()
        comment = make_comment(article, name="Loud Reader")
        html = page(client, article.get_absolute_url())
        assert f'<a class="comment-report" href="{report_url(comment)}"' in html
        assert "the comment by <bdi>Loud Reader</bdi>" in html

    def test_report_page_is_a_form_with_the_reasons(self, client):
        comment = make_comment(make_article(), body="You are all fools.")
        html = page(client, report_url(comment))
        assert "You are all fools." in html
        assert 'name="csrfmiddlewaretoken"' in html
        for value, label in CommentFlag.Reason.choices:
            assert f'value="{value}"' in html
            assert label in html
        assert '<meta name="robots" content="noindex">' in html

    def test_report_is_stored_and_the_reader_thanked(self, client):
        comment = make_comment(make_article())
        response = self.report(client, comment)
        flag = CommentFlag.objects.get()
        assert (flag.comment, flag.reason, flag.details, flag.ip_address) == (
            comment,
            "abuse",
            "Insults another reader.",
            "198.51.100.4",
        )
        comment.refresh_from_db()
        assert comment.flag_count == 1
        assert comment.status == Comment.Status.APPROVED
        assert response["Location"] == comment.get_absolute_url()
        html = page(client, response["Location"])
        assert "Thank you. A moderator will look at it." in html

    def test_a_second_report_from_one_address_counts_once(self, client):
        comment = make_comment(make_article())
        self.report(client, comment)
        again = Client()
        response = self.report(again, comment, reason="spam")
        html = page(again, response["Location"])
        assert "You have already reported this comment" in html
        comment.refresh_from_db()
        assert comment.flag_count == 1
        self.report(Client(), comment, ip="203.0.113.50")
        comment.refresh_from_db()
        assert comment.flag_count == 2

    def test_a_reason_is_needed(self, client):
        comment = make_comment(make_article())
        response = self.report(client, comment, reason="", details="Rude.")
        html = response.content.decode()
        assert response.status_code == 200
        assert "Please choose what is wrong with it." in html
        assert "Rude." in html
        assert not CommentFlag.objects.exists()

    def test_too_many_reports_are_refused_with_a_message(self, client, settings):
        settings.COMMENTS_RATE_REPORTS = "2/h"
        article = make_article()
        comments = [make_comment(article) for _ in range(3)]
        for comment in comments[:2]:
            assert self.report(client, comment).status_code == 302
        response = self.report(client, comments[2], details="Also rude.")
        html = response.content.decode()
        assert response.status_code == 200
        assert "You have reported 2 comments in an hour" in html
        assert "Also rude." in html
        assert CommentFlag.objects.count() == 2

    @pytest.mark.parametrize(
        "status", [Comment.Status.PENDING, Comment.Status.SPAM, Comment.Status.DELETED]
    )
    def test_only_shown_comments_can_be_reported(self, client, status):
        comment = make_comment(make_article(), status=status)
        assert client.get(report_url(comment)).status_code == 404
        assert self.report(client, comment).status_code == 404
        assert not CommentFlag.objects.exists()

    def test_comment_of_an_unpublished_article_cannot_be_reported(self, client):
        draft = make_article(status="draft", published_at=None)
        comment = make_comment(draft)
        assert client.get(report_url(comment)).status_code == 404

    def test_report_without_the_form_token_is_refused(self):
        comment = make_comment(make_article())
        client = Client(enforce_csrf_checks=True)
        assert self.report(client, comment).status_code == 403
        assert not CommentFlag.objects.exists()

    def test_report_with_the_form_token_goes_through(self):
        comment = make_comment(make_article())
        client = Client(enforce_csrf_checks=True)
        html = page(client, report_url(comment))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        response = self.report(client, comment, csrfmiddlewaretoken=token.group(1))
        assert response.status_code == 302
        assert CommentFlag.objects.count() == 1

    def test_report_page_is_never_cached(self, client):
        comment = make_comment(make_article())
        response = client.get(report_url(comment))
        assert "no-cache" in response["Cache-Control"]


class OrderTests:
    def thread(self, article):
        """Two conversations, the older one answered after the newer began."""
        older = make_comment(article, name="Older Reader")
        newer = make_comment(article, name="Newer Reader")
        first_answer = make_comment(article, name="First Answer", parent=older)
        second_answer = make_comment(article, name="Second Answer", parent=older)
        return older, newer, first_answer, second_answer

    def names_in_order(self, html):
        return re.findall(r'class="comment-author"><bdi>([^<]+)</bdi>', html)

    def test_oldest_first_by_default(self, client):
        article = make_article()
        self.thread(article)
        html = page(client, article.get_absolute_url())
        assert self.names_in_order(html) == [
            "Older Reader",
            "First Answer",
            "Second Answer",
            "Newer Reader",
        ]
        assert f'href="{article.get_absolute_url()}?order=newest#comments"' in html

    def test_newest_first_keeps_replies_under_their_comment(self, client):
        article = make_article()
        older, newer, first_answer, second_answer = self.thread(article)
        html = page(client, f"{article.get_absolute_url()}?order=newest")
        assert self.names_in_order(html) == [
            "Newer Reader",
            "Older Reader",
            "First Answer",
            "Second Answer",
        ]
        parents = comment_parents(html)
        assert parents[f"comment-{second_answer.pk}"] == f"comment-{older.pk}"
        assert f'href="{article.get_absolute_url()}#comments"' in html
        assert "Show oldest first" in html

    def test_no_order_link_for_a_single_conversation(self, client):
        article = make_article()
        parent = make_comment(article)
        make_comment(article, parent=parent)
        assert "order=newest" not in page(client, article.get_absolute_url())

    def test_unknown_order_is_oldest_first(self, client):
        article = make_article()
        self.thread(article)
        html = page(client, f"{article.get_absolute_url()}?order=%00sideways")
        assert self.names_in_order(html)[0] == "Older Reader"
