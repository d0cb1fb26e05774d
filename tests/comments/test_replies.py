"""Readers answer a comment through its "Reply" link."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from comments.models import Comment
from comments.services import comment_approve, comment_reject
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

READER = {
    "body": "I took the night bus too, and it was on time.",
    "name": "Ada Reader",
    "email": "ada.reader@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


def reply(client, article, parent_id):
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        READER | {"parent": parent_id},
    )


def replying_to(html):
    """The "Replying to" note when it is shown, else None."""
    match = re.search(r'<p class="replying-to" data-replying-to>(.*?)</p>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split()) if match else None


def parent_value(html):
    return re.search(r'name="parent" value="([^"]*)"', html).group(1)


class ReplyLinkTests:
    def test_each_approved_comment_has_a_reply_link(self, client):
        article = make_article()
        comment = make_comment(article, name="Greta Holm")
        html = client.get(article.get_absolute_url()).content.decode()
        link = f'href="{article.get_absolute_url()}?replyto={comment.pk}#respond"'
        assert link in html
        assert (
            'Reply<span class="visually-hidden"> to <bdi>Greta Holm</bdi></span>'
        ) in html

    def test_following_the_link_points_the_form_at_the_comment(self, client):
        article = make_article()
        comment = make_comment(article, name="Greta Holm")
        url = f"{article.get_absolute_url()}?replyto={comment.pk}"
        html = client.get(url).content.decode()
        assert replying_to(html) == "Replying to Greta Holm. Cancel reply"
        assert parent_value(html) == str(comment.pk)

    def test_the_name_replied_to_is_isolated_from_the_sentence(self, client):
        article = make_article()
        comment = make_comment(article, name="נועה כהן")
        html = client.get(f"{article.get_absolute_url()}?replyto={comment.pk}")
        assert (
            f'Replying to <bdi><a href="#comment-{comment.pk}" data-reply-target>'
            "נועה כהן</a></bdi>."
        ) in html.content.decode()

    def test_the_form_is_not_a_reply_by_default(self, client):
        article = make_article()
        make_comment(article)
        html = client.get(article.get_absolute_url()).content.decode()
        assert replying_to(html) is None
        assert parent_value(html) == ""

    @pytest.mark.parametrize("value", ["abc", "-1", "9" * 40, "", "%00", "%ff"])
    def test_nonsense_replyto_is_ignored(self, client, value):
        article = make_article()
        make_comment(article)
        response = client.get(f"{article.get_absolute_url()}?replyto={value}")
        assert response.status_code == 200
        assert replying_to(response.content.decode()) is None

    def test_replyto_of_a_hidden_or_foreign_comment_is_ignored(self, client):
        article = make_article()
        pending = make_comment(article, status=Comment.Status.PENDING)
        foreign = make_comment(make_article())
        for comment in (pending, foreign):
            url = f"{article.get_absolute_url()}?replyto={comment.pk}"
            assert replying_to(client.get(url).content.decode()) is None

    def test_replyto_costs_no_query(self, client):
        article = make_article()
        comment = make_comment(article)
        with CaptureQueriesContext(connection) as plain:
            client.get(article.get_absolute_url())
        with CaptureQueriesContext(connection) as replying:
            client.get(f"{article.get_absolute_url()}?replyto={comment.pk}")
        assert len(replying) == len(plain)

    def test_no_reply_links_when_comments_are_closed(self, client):
        article = make_article(comments_enabled=False)
        make_comment(article)
        html = client.get(article.get_absolute_url()).content.decode()
        assert "replyto=" not in html

    def test_own_pending_comment_has_no_reply_link(self, client, recaptcha_passes):
        article = make_article()
        client.post(reverse("comments:post", kwargs={"slug": article.slug}), READER)
        html = client.get(article.get_absolute_url()).content.decode()
        assert "awaiting moderation" in html
        assert "replyto=" not in html


class PostReplyTests:
    def test_reply_waits_for_moderation_under_its_parent(
        self, client, recaptcha_passes
    ):
        article = make_article()
        parent = make_comment(article, name="Greta Holm")
        response = reply(client, article, parent.pk)
        answer = Comment.objects.get(parent=parent)
        assert response.status_code == 302
        assert answer.status == Comment.Status.PENDING
        comment_approve(comments=Comment.objects.filter(pk=answer.pk))
        html = client.get(article.get_absolute_url()).content.decode()
        replies = html.index('class="comment-replies"')
        assert html.index("Greta Holm") < replies < html.index(READER["body"])

    def test_reply_to_a_comment_removed_meanwhile_keeps_the_text(
        self, client, recaptcha_passes
    ):
        article = make_article()
        parent = make_comment(article)
        comment_reject(comments=Comment.objects.filter(pk=parent.pk))
        response = reply(client, article, parent.pk)
        html = response.content.decode()
        assert response.status_code == 200
        assert "The comment you were replying to is no longer shown." in html
        assert READER["body"] in html
        # Sent again as it is, the text becomes a new comment.
        assert parent_value(html) == ""
        assert replying_to(html) is None
        assert not Comment.objects.filter(parent=parent).exists()

    def test_invalid_reply_stays_a_reply(self, client, recaptcha_passes):
        article = make_article()
        parent = make_comment(article, name="Greta Holm")
        response = client.post(
            reverse("comments:post", kwargs={"slug": article.slug}),
            READER | {"parent": parent.pk, "email": "nope"},
        )
        html = response.content.decode()
        assert "That email address doesn’t look right." in html
        assert replying_to(html) == "Replying to Greta Holm. Cancel reply"
        assert parent_value(html) == str(parent.pk)
