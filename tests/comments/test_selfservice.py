"""A commenter may edit or delete their comment for a short while, from the
browser that posted it, without an account."""

import re
import time
from contextlib import contextmanager
from unittest import mock

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse

from comments.models import Comment
from comments.reader import EDIT_SALT, EDIT_TOKENS_KEY
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

READER = {
    "body": "The 7:40 ferry left without us.",
    "name": "Ada Reader",
    "email": "ada.reader@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


@contextmanager
def minutes_later(minutes):
    """Signed tokens see the clock `minutes` ahead; nothing else does."""
    later = time.time() + minutes * 60
    with mock.patch("django.core.signing.time", mock.Mock(time=lambda: later)):
        yield


def post_comment(client, article, **overrides):
    response = client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        READER | overrides,
        REMOTE_ADDR="198.51.100.4",
    )
    assert response.status_code == 302
    return Comment.objects.latest("pk")


def edit_url(comment):
    return reverse("comments:edit", kwargs={"pk": comment.pk})


def delete_url(comment):
    return reverse("comments:delete", kwargs={"pk": comment.pk})


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def edit(client, comment, body):
    return client.post(edit_url(comment), {"body": body})


@pytest.fixture
def posted(client, recaptcha_passes):
    """An article and the comment this browser (`client`) just posted."""
    article = make_article()
    return article, post_comment(client, article)


class LinksTests:
    def test_poster_sees_edit_and_delete_on_their_comment(self, client, posted):
        article, comment = posted
        html = page(client, article.get_absolute_url())
        assert f'<a class="comment-edit" href="{edit_url(comment)}"' in html
        assert f'<a class="comment-delete" href="{delete_url(comment)}"' in html

    def test_other_readers_see_no_such_links(self, posted):
        article, comment = posted
        Comment.objects.update(status=Comment.Status.APPROVED)
        html = page(Client(), article.get_absolute_url())
        assert edit_url(comment) not in html
        assert delete_url(comment) not in html

    def test_links_go_when_the_window_closes(self, client, posted, settings):
        article, comment = posted
        with minutes_later(settings.COMMENTS_EDIT_MINUTES + 1):
            html = page(client, article.get_absolute_url())
        assert "Your comment is awaiting moderation." in html
        assert edit_url(comment) not in html

    def test_window_follows_the_setting(self, client, posted, settings):
        article, comment = posted
        settings.COMMENTS_EDIT_MINUTES = 30
        with minutes_later(20):
            assert edit_url(comment) in page(client, article.get_absolute_url())


class EditTests:
    def test_edit_page_holds_the_comment_in_a_text_box(self, client, posted):
        article, comment = posted
        html = page(client, edit_url(comment))
        assert re.search(r"<textarea[^>]*>\s*The 7:40 ferry left without us.<", html)
        assert 'name="csrfmiddlewaretoken"' in html

    def test_pending_comment_is_corrected(self, client, posted):
        article, comment = posted
        response = edit(client, comment, "The 7:40 ferry left early.")
        comment.refresh_from_db()
        assert comment.body == "The 7:40 ferry left early."
        assert comment.edited_at is not None
        assert response["Location"] == comment.get_absolute_url()
        html = page(client, response["Location"])
        assert "Your comment is updated. It is awaiting moderation." in html
        assert "The 7:40 ferry left early." in html

    def test_approved_comment_goes_back_to_moderation(self, client, posted):
        article, comment = posted
        Comment.objects.update(status=Comment.Status.APPROVED)
        response = edit(client, comment, "Actually it was the 8:10.")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING
        html = page(client, response["Location"])
        assert "shown again once a moderator has approved it" in html
        assert "Actually it was the 8:10." not in page(
            Client(), article.get_absolute_url()
        )

    def test_approved_comment_stays_when_the_rules_approve_it(
        self, client, posted, settings
    ):
        settings.COMMENTS_MODERATION = "none"
        article, comment = posted
        Comment.objects.update(status=Comment.Status.APPROVED)
        response = edit(client, comment, "Actually it was the 8:10.")
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        assert "Your comment is updated." in page(client, response["Location"])
        html = page(Client(), article.get_absolute_url())
        assert "Actually it was the 8:10." in html
        assert '<span class="comment-edited">(edited)</span>' in html

    def test_same_text_changes_nothing(self, client, posted):
        article, comment = posted
        response = edit(client, comment, READER["body"])
        comment.refresh_from_db()
        assert comment.edited_at is None
        assert "Your comment was not changed." in page(client, response["Location"])

    @pytest.mark.parametrize(
        ("body", "message"),
        [
            ("   ", "Please write your comment."),
            ("x" * 5001, "Your comment is 5001 characters long; the limit is 5000."),
            ("a\x00b", "Your comment contains a character that cannot be stored"),
        ],
        ids=["blank", "too-long", "nul"],
    )
    def test_mistakes_are_shown_and_nothing_changes(
        self, client, posted, body, message
    ):
        article, comment = posted
        response = edit(client, comment, body)
        assert response.status_code == 200
        assert message in response.content.decode()
        comment.refresh_from_db()
        assert comment.body == READER["body"]

    def test_after_the_window_nothing_changes_and_the_text_is_kept(
        self, client, posted, settings
    ):
        article, comment = posted
        with minutes_later(settings.COMMENTS_EDIT_MINUTES + 1):
            response = edit(client, comment, "Too late to say this.")
        html = response.content.decode()
        assert response.status_code == 403
        assert "can be changed for 10 minutes after it is posted" in html
        assert "Too late to say this." in html
        comment.refresh_from_db()
        assert comment.body == READER["body"]

    def test_another_browser_cannot_edit(self, posted):
        article, comment = posted
        other = Client()
        for response in [other.get(edit_url(comment)), edit(other, comment, "Hi")]:
            assert response.status_code == 403
            html = response.content.decode()
            assert "only be changed from the browser that posted it" in html
            # Someone else's comment waiting for moderation stays unseen.
            assert READER["body"] not in html
        comment.refresh_from_db()
        assert comment.body == READER["body"]

    def test_comment_taken_down_by_a_moderator_cannot_be_changed(self, client, posted):
        article, comment = posted
        Comment.objects.update(status=Comment.Status.REJECTED)
        response = edit(client, comment, "Let me try again.")
        assert response.status_code == 403
        assert "can no longer be changed" in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == Comment.Status.REJECTED

    def test_edit_needs_the_form_token(self):
        comment = make_comment(make_article(), status=Comment.Status.PENDING)
        browser = Client(enforce_csrf_checks=True)
        give_token(browser, comment, signing.dumps(comment.pk, salt=EDIT_SALT))
        assert edit(browser, comment, "Forged.").status_code == 403
        comment.refresh_from_db()
        assert comment.body != "Forged."
        html = page(browser, edit_url(comment))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        response = browser.post(
            edit_url(comment),
            {"body": "Fixed.", "csrfmiddlewaretoken": token.group(1)},
        )
        assert response.status_code == 302
        comment.refresh_from_db()
        assert comment.body == "Fixed."


def give_token(client, comment, token):
    """Put `token` in `client`'s session as the key to `comment`."""
    session = client.session
    session["own_comment_ids"] = [comment.pk]
    session[EDIT_TOKENS_KEY] = {str(comment.pk): token}
    session.save()


class ForgedTokenTests:
    @pytest.mark.parametrize(
        "token",
        [
            "garbage",
            "",
            None,
            12,
            ["list"],
            signing.dumps(999_999, salt=EDIT_SALT),
            signing.dumps(1, salt="some.other.salt"),
            "MQ:1abcde:forgedsignatureforgedsignature",
        ],
        ids=[
            "garbage",
            "empty",
            "none",
            "number",
            "list",
            "other-comment",
            "other-salt",
            "forged",
        ],
    )
    def test_forged_token_is_refused_with_a_message(self, client, token):
        comment = make_comment(make_article(), status=Comment.Status.PENDING)
        if token == signing.dumps(1, salt="some.other.salt"):
            token = signing.dumps(comment.pk, salt="some.other.salt")
        give_token(client, comment, token)
        for response in [
            client.get(edit_url(comment)),
            edit(client, comment, "Changed."),
            client.post(delete_url(comment)),
        ]:
            assert response.status_code == 403
            assert "Nothing was changed." in response.content.decode()
        comment.refresh_from_db()
        assert (comment.body, comment.status) != ("Changed.", Comment.Status.DELETED)
        assert comment.status == Comment.Status.PENDING

    def test_garbage_token_list_shows_the_page_without_links(self, client):
        article = make_article()
        comment = make_comment(article)
        session = client.session
        session["own_comment_ids"] = [comment.pk]
        session[EDIT_TOKENS_KEY] = ["not", "a", "dict"]
        session.save()
        html = page(client, article.get_absolute_url())
        assert edit_url(comment) not in html

    def test_unknown_comment_is_not_found(self, client):
        for url in ["/comments/999999/edit/", "/comments/99999999999999999999/edit/"]:
            assert client.get(url).status_code == 404

    def test_comment_of_an_unpublished_article_is_not_found(self, client):
        comment = make_comment(make_article(status="draft", published_at=None))
        give_token(client, comment, signing.dumps(comment.pk, salt=EDIT_SALT))
        assert client.get(edit_url(comment)).status_code == 404


class DeleteTests:
    def test_delete_asks_first(self, client, posted):
        article, comment = posted
        html = page(client, delete_url(comment))
        assert "Delete this comment?" in html
        assert READER["body"] in html
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING

    def test_deleted_comment_without_replies_disappears(self, client, posted):
        article, comment = posted
        Comment.objects.update(status=Comment.Status.APPROVED)
        response = client.post(delete_url(comment))
        assert response["Location"] == f"{article.get_absolute_url()}#comments"
        comment.refresh_from_db()
        assert comment.status == Comment.Status.DELETED
        html = page(client, response["Location"])
        assert "Your comment is deleted." in html
        assert f'id="comment-{comment.pk}"' not in html
        assert "This comment was deleted." not in html
        assert "0 comments" in html

    def test_deleted_comment_with_replies_leaves_a_placeholder(self, client, posted):
        article, comment = posted
        Comment.objects.update(status=Comment.Status.APPROVED)
        answer = make_comment(article, parent=comment, name="Answering Reader")
        client.post(delete_url(comment))
        html = page(Client(), article.get_absolute_url())
        placeholder = html.index("This comment was deleted.")
        assert placeholder < html.index('class="comment-replies"')
        assert html.index('class="comment-replies"') < html.index("Answering Reader")
        assert f'id="comment-{answer.pk}"' in html
        assert READER["name"] not in html
        assert READER["body"] not in html
        assert "1 comment<" in html

    def test_delete_after_the_window_is_refused(self, client, posted, settings):
        article, comment = posted
        with minutes_later(settings.COMMENTS_EDIT_MINUTES + 1):
            response = client.post(delete_url(comment))
        assert response.status_code == 403
        assert "that time has passed" in response.content.decode()
        comment.refresh_from_db()
        assert comment.status == Comment.Status.PENDING

    def test_deleted_comment_cannot_be_edited_back(self, client, posted):
        article, comment = posted
        client.post(delete_url(comment))
        response = edit(client, comment, "I am back.")
        assert response.status_code == 403
        comment.refresh_from_db()
        assert comment.status == Comment.Status.DELETED


class SessionTests:
    def test_every_own_comment_keeps_its_own_window(
        self, client, recaptcha_passes, settings
    ):
        settings.COMMENTS_FLOOD_SECONDS = 0
        article = make_article()
        first = post_comment(client, article)
        second = post_comment(client, article, body="A second thought.")
        html = page(client, article.get_absolute_url())
        assert edit_url(first) in html
        assert edit_url(second) in html


class PageCacheTests:
    def test_own_links_never_come_from_the_shared_page(self, client, posted, settings):
        settings.NEWSROOM_PAGE_CACHE = True
        settings.CACHES = settings.CACHES | {
            "pages": {
                "BACKEND": "django.core.cache.backends.db.DatabaseCache",
                "LOCATION": "newsroom_page_cache",
            }
        }
        article, comment = posted
        url = article.get_absolute_url()
        anonymous = Client()
        anonymous.get(url)
        shared = anonymous.get(url)
        assert shared["X-Page-Cache"] == "hit"
        assert edit_url(comment) not in shared.content.decode()
        client.get(url)  # reads the thanks
        own = client.get(url)
        assert own["X-Page-Cache"] == "bypass"
        assert edit_url(comment) in own.content.decode()
