import re
from datetime import timedelta
from html.parser import HTMLParser
from unittest import mock
from urllib.error import URLError

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.context import comment_section_context
from comments.forms import CommentForm
from comments.models import Comment
from comments.reader import REMEMBER_COOKIE
from comments.services import comment_approve
from comments.threads import comment_threads
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

READER = {
    "body": "The new bus lane cut my commute <b>in half</b>.\nThank you.",
    "name": "Ada Reader",
    "email": "ada.reader@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


class CommentNesting(HTMLParser):
    """Which comment each comment on a page stands inside, by element nesting."""

    def __init__(self):
        super().__init__()
        self.open_articles, self.parents = [], {}

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.open_articles.append(dict(attrs).get("id"))
            comments = [a for a in self.open_articles[:-1] if a]
            if self.open_articles[-1]:
                self.parents[self.open_articles[-1]] = (comments or [None])[-1]

    def handle_endtag(self, tag):
        if tag == "article":
            self.open_articles.pop()


def comment_parents(html):
    nesting = CommentNesting()
    nesting.feed(html)
    assert nesting.open_articles == []
    return {key: value for key, value in nesting.parents.items() if key}


def post_comment(client, article, **overrides):
    data = {key: value for key, value in (READER | overrides).items() if value}
    return client.post(
        reverse("comments:post", kwargs={"slug": article.slug}),
        data,
        REMOTE_ADDR="198.51.100.4",
        HTTP_USER_AGENT="Test browser/1.0",
    )


def page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


class PostCommentTests:
    def test_valid_comment_waits_for_moderation(self, client, recaptcha_passes):
        article = make_article()
        response = post_comment(client, article)
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.PENDING
        assert (comment.article, comment.name, comment.email) == (
            article,
            "Ada Reader",
            "ada.reader@example.org",
        )
        assert comment.ip_address == "198.51.100.4"
        assert comment.user_agent == "Test browser/1.0"
        assert response.status_code == 302
        assert response["Location"] == (
            f"{article.get_absolute_url()}#comment-{comment.pk}"
        )

    def test_poster_is_thanked_and_sees_own_pending_comment(
        self, client, recaptcha_passes
    ):
        article = make_article()
        response = post_comment(client, article)
        html = client.get(response["Location"]).content.decode()
        comment = Comment.objects.get()
        assert "Thank you. Your comment is awaiting moderation." in html
        assert f'id="comment-{comment.pk}"' in html
        assert "Your comment is awaiting moderation." in html
        assert "in half" in html

    def test_other_readers_do_not_see_a_pending_comment(self, client, recaptcha_passes):
        article = make_article()
        post_comment(client, article)
        html = page(Client(), article)
        assert "Ada Reader" not in html
        assert "awaiting moderation" not in html

    def test_approved_comment_is_seen_by_everyone(self, client, recaptcha_passes):
        article = make_article()
        post_comment(client, article)
        comment_approve(comments=Comment.objects.all())
        html = page(Client(), article)
        assert "Ada Reader" in html
        assert "1 comment<" in html
        assert "awaiting moderation" not in html

    def test_comment_text_is_escaped_with_its_line_breaks(
        self, client, recaptcha_passes
    ):
        article = make_article()
        post_comment(client, article)
        comment_approve(comments=Comment.objects.all())
        html = page(Client(), article)
        assert "&lt;b&gt;in half&lt;/b&gt;.<br>Thank you." in html
        assert "<b>in half</b>" not in html

    def test_get_is_not_allowed(self, client):
        article = make_article()
        url = reverse("comments:post", kwargs={"slug": article.slug})
        assert client.get(url).status_code == 405

    @pytest.mark.parametrize(
        "overrides",
        [
            {"status": Article.Status.DRAFT, "published_at": None},
            {"published_at": timezone.now() + timedelta(days=1)},
        ],
        ids=["draft", "scheduled"],
    )
    def test_unpublished_article_is_not_found(
        self, client, recaptcha_passes, overrides
    ):
        article = make_article(**overrides)
        assert post_comment(client, article).status_code == 404
        assert not Comment.objects.exists()

    def test_comment_approved_at_once_says_it_is_published(
        self, client, recaptcha_passes, settings
    ):
        settings.COMMENTS_MODERATION = "none"
        response = post_comment(client, make_article())
        html = client.get(response["Location"]).content.decode()
        assert "Thank you. Your comment is published." in html
        assert "awaiting moderation" not in html

    @pytest.mark.parametrize("ticked", [True, False])
    def test_reply_emails_are_sent_only_when_asked(
        self, client, recaptcha_passes, ticked
    ):
        post_comment(client, make_article(), notify_replies="on" if ticked else "")
        assert Comment.objects.get().notify_replies is ticked

    def test_double_click_stores_one_comment(self, client, recaptcha_passes):
        article = make_article()
        first = post_comment(client, article)
        second = post_comment(client, article)
        comment = Comment.objects.get()
        assert second.status_code == 302
        assert second["Location"] == first["Location"] == comment.get_absolute_url()
        html = client.get(second["Location"]).content.decode()
        assert html.count("Thank you. Your comment is awaiting moderation.") == 1

    def test_resent_form_from_another_browser_is_answered_without_storing(
        self, recaptcha_passes
    ):
        article = make_article()
        post_comment(Client(), article)
        again = Client()
        response = post_comment(again, article)
        assert response.status_code == 302
        assert Comment.objects.count() == 1
        html = again.get(response["Location"]).content.decode()
        assert "Thank you. Your comment is awaiting moderation." in html

    def test_double_submission_is_not_checked_with_a_nul_byte(
        self, client, recaptcha_passes
    ):
        article = make_article()
        response = post_comment(client, article, body="a\x00b")
        assert response.status_code == 200
        assert not Comment.objects.exists()

    def test_filled_hidden_field_is_thanked_and_never_shown(
        self, client, recaptcha_passes
    ):
        article = make_article()
        response = post_comment(client, article, website="https://spam.example")
        comment = Comment.objects.get()
        assert comment.status == Comment.Status.SPAM
        assert response.status_code == 302
        html = client.get(response["Location"]).content.decode()
        assert "Thank you. Your comment is awaiting moderation." in html
        assert READER["name"] not in html

    def test_unknown_article_is_not_found(self, client, recaptcha_passes):
        url = reverse("comments:post", kwargs={"slug": "no-such-story"})
        assert client.post(url, READER).status_code == 404

    def test_closed_comments_store_nothing_and_say_so(self, client, recaptcha_passes):
        article = make_article(comments_enabled=False)
        make_comment(article, name="Earlier Reader")
        response = post_comment(client, article)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Comments are closed on this article." in html
        assert "Earlier Reader" in html
        assert Comment.objects.count() == 1
        recaptcha_passes.assert_not_called()


class InvalidCommentTests:
    """Each mistake shows the form again, keeps the text and stores nothing."""

    @pytest.mark.parametrize(
        ("overrides", "message"),
        [
            ({"name": ""}, "Please enter your name."),
            ({"email": ""}, "Please enter your email address."),
            ({"email": "ada-at-example"}, "That email address doesn’t look right."),
            ({"body": ""}, "Please write your comment."),
            ({"body": "   "}, "Please write your comment."),
            ({"name": "N" * 81}, "Your name is 81 characters long; the limit is 80."),
            (
                {"body": "B" * 5001},
                "Your comment is 5001 characters long; the limit is 5000.",
            ),
            (
                {"email": "a" * 250 + "@example.org"},
                "Your email address is 262 characters long; the limit is 254.",
            ),
            ({"name": "Ada\x00"}, "Your name contains a character that cannot be"),
            ({"g-recaptcha-response": ""}, "Please tick “I’m not a robot”"),
        ],
    )
    def test_mistake_is_shown_next_to_the_field(
        self, client, recaptcha_passes, overrides, message
    ):
        article = make_article()
        response = post_comment(client, article, **overrides)
        html = response.content.decode()
        assert response.status_code == 200
        assert message in html
        assert not Comment.objects.exists()

    def test_reader_text_is_kept(self, client, recaptcha_passes):
        article = make_article()
        html = post_comment(client, article, email="nope").content.decode()
        assert "The new bus lane cut my commute &lt;b&gt;in half&lt;/b&gt;" in html
        assert 'value="Ada Reader"' in html
        assert 'value="nope"' in html

    def test_error_is_tied_to_its_field(self, client, recaptcha_passes):
        article = make_article()
        html = post_comment(client, article, name="").content.decode()
        assert 'aria-describedby="id_name_error"' in html
        assert 'id="id_name_error"' in html

    def test_failed_check_asks_to_try_again(self, client, recaptcha_fails):
        article = make_article()
        html = post_comment(client, article).content.decode()
        assert "did not pass" in html
        assert "The new bus lane cut my commute" in html
        assert not Comment.objects.exists()

    def test_expired_check_asks_to_tick_again(self, client, recaptcha_expired):
        article = make_article()
        html = post_comment(client, article).content.decode()
        assert "The verification expired." in html
        assert "The new bus lane cut my commute" in html
        assert not Comment.objects.exists()

    def test_verification_service_down_keeps_the_comment_for_a_moderator(self, client):
        article = make_article()
        down = URLError("Temporary failure in name resolution")
        with mock.patch("django_recaptcha.client.submit", side_effect=down):
            response = post_comment(client, article)
        comment = Comment.objects.get()
        assert response.status_code == 302
        assert (comment.status, comment.hold_reason) == (
            Comment.Status.PENDING,
            Comment.Reason.UNVERIFIED,
        )
        html = client.get(response["Location"]).content.decode()
        assert "Thank you. Your comment is awaiting moderation." in html


class RememberMeTests:
    def test_ticked_box_remembers_name_and_email(self, client, recaptcha_passes):
        article = make_article()
        response = post_comment(client, article, remember="on")
        cookie = response.cookies[REMEMBER_COOKIE]
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"
        assert cookie["max-age"] == 365 * 24 * 60 * 60
        html = page(client, make_article())
        assert 'value="Ada Reader"' in html
        assert 'value="ada.reader@example.org"' in html
        assert 'name="remember" id="id_remember" checked' in html

    def test_unticked_box_forgets_them(self, client, recaptcha_passes, settings):
        settings.COMMENTS_FLOOD_SECONDS = 0
        article = make_article()
        post_comment(client, article, remember="on")
        response = post_comment(client, article, body="And another thing.")
        assert response.cookies[REMEMBER_COOKIE].value == ""
        assert 'value="Ada Reader"' not in page(client, article)

    def test_no_cookie_without_the_tick(self, client, recaptcha_passes):
        response = post_comment(client, make_article())
        assert REMEMBER_COOKIE not in response.cookies

    @pytest.mark.parametrize("value", ["garbage", "eyJuYW1lIjoiRXZlIn0:1abc:xyz"])
    def test_tampered_cookie_is_ignored(self, client, value):
        client.cookies[REMEMBER_COOKIE] = value
        html = page(client, make_article())
        assert 'name="name"' in html
        assert "Eve" not in html

    @pytest.mark.parametrize("value", ["garbage", ["x", None, 10**30], {"a": 1}])
    def test_garbage_in_the_session_is_ignored(self, client, value):
        session = client.session
        session["own_comment_ids"] = value
        session.save()
        assert "0 comments" in page(client, make_article())


class CommentListTests:
    def test_approved_comments_oldest_first_with_name_and_date(self, client):
        article = make_article()
        first = make_comment(article, name="First Reader")
        second = make_comment(article, name="Second Reader")
        Comment.objects.filter(pk=first.pk).update(
            created_at=timezone.now() - timedelta(days=2)
        )
        first.refresh_from_db()
        html = page(client, article)
        assert html.index("First Reader") < html.index("Second Reader")
        assert f'<time datetime="{first.created_at.isoformat()}">' in html
        assert f'id="comment-{second.pk}"' in html
        assert "2 comments" in html

    def test_email_is_never_shown(self, client):
        article = make_article()
        make_comment(article, email="private.person@example.org")
        make_comment(article, email="hidden@example.org", status="pending")
        html = page(client, article)
        assert "private.person@example.org" not in html
        assert "hidden@example.org" not in html

    def test_replies_are_nested_under_their_comment(self, client):
        article = make_article()
        parent = make_comment(article, name="Asking Reader")
        make_comment(article, name="Answering Reader", parent=parent)
        html = page(client, article)
        replies = html.index('class="comment-replies"')
        assert html.index("Asking Reader") < replies < html.index("Answering Reader")

    def test_each_reply_stands_inside_its_own_comment(self, client):
        article = make_article()
        first = make_comment(article)
        answer = make_comment(article, parent=first)
        deeper = make_comment(article, parent=answer)
        second = make_comment(article)
        late_answer = make_comment(article, parent=first)
        parents = comment_parents(page(client, article))
        assert {
            key: value for key, value in parents.items() if key.startswith("comment-")
        } == {
            f"comment-{first.pk}": None,
            f"comment-{answer.pk}": f"comment-{first.pk}",
            f"comment-{deeper.pk}": f"comment-{answer.pk}",
            f"comment-{second.pk}": None,
            f"comment-{late_answer.pk}": f"comment-{first.pk}",
        }

    def test_anchors_keep_plain_numbers_with_thousands_separators_on(
        self, client, settings
    ):
        settings.USE_THOUSAND_SEPARATOR = True
        article = make_article()
        comment = make_comment(article, pk=12345)
        html = page(client, article)
        assert f'id="comment-{comment.pk}"' in html
        assert f'href="#comment-{comment.pk}"' in html
        assert f'data-reply-to="{comment.pk}"' in html

    def test_closed_article_still_shows_its_comments(self, client):
        article = make_article(comments_enabled=False)
        make_comment(article, name="Earlier Reader")
        html = page(client, article)
        assert "Earlier Reader" in html
        assert "Comments are closed." in html
        assert "Leave a reply" not in html

    def test_open_article_offers_the_form(self, client):
        article = make_article()
        html = page(client, article)
        action = reverse("comments:post", kwargs={"slug": article.slug})
        assert "Leave a reply" in html
        assert "Your email address will not be published." in html
        assert f'action="{action}#respond"' in html

    def test_page_queries_do_not_grow_with_comments(
        self, client, django_assert_max_num_queries
    ):
        few, many = make_article(), make_article()
        for _ in range(2):
            make_comment(few)
        for parent in [make_comment(many) for _ in range(25)]:
            make_comment(many, parent=parent)
        with CaptureQueriesContext(connection) as baseline:
            page(client, few)
        with django_assert_max_num_queries(len(baseline)):
            page(client, many)


class CommentSectionContextTests:
    def request(self, session=None):
        request = RequestFactory().get("/")
        request.session = session or SessionStore()
        return request

    def test_one_query_for_any_number_of_comments(self, django_assert_max_num_queries):
        article = make_article()
        for parent in [make_comment(article) for _ in range(25)]:
            make_comment(article, parent=parent)
        with django_assert_max_num_queries(1):
            context = comment_section_context(self.request(), article)
        assert len(context["comment_threads"]) == 25
        assert context["comment_count"] == 50

    def test_count_leaves_out_own_pending_comment(self):
        article = make_article()
        make_comment(article)
        own = make_comment(article, status=Comment.Status.PENDING)
        session = SessionStore()
        session["own_comment_ids"] = [own.pk]
        context = comment_section_context(self.request(session), article)
        assert context["comment_count"] == 1
        assert own.pk in [comment.pk for comment in context["comments"]]

    def test_bound_form_is_passed_through(self):
        article = make_article()
        form = CommentForm({"name": "Ada"}, article=article)
        context = comment_section_context(self.request(), article, form=form)
        assert context["comment_form"] is form


def form_html(page):
    """The "Leave a reply" block of `page`, the widget's random id left out."""
    start = page.index('<div id="respond"')
    block = page[start : page.index("</form>", start)]
    return re.sub(r'data-widget-uuid="[0-9a-f]+"', "", block)


class BlankFormTests:
    """The form an anonymous reader first sees is rendered once per process
    (comments.context.blank_form_html): it must be the form a fresh one gives."""

    def fresh_form(self, article):
        context = {
            "form": CommentForm(article=article),
            "comment_post_url": reverse("comments:post", kwargs={"slug": article.slug}),
            "article_url": article.get_absolute_url(),
            "reply_to": None,
        }
        return render_to_string("comments/_form.html", context)

    def test_each_article_gets_the_fresh_form_with_its_own_addresses(self, client):
        first, second = make_article(), make_article()
        for article in [first, second, first]:
            page = client.get(article.get_absolute_url()).content.decode()
            assert form_html(page) == form_html(self.fresh_form(article))
            post_url = reverse("comments:post", kwargs={"slug": article.slug})
            assert f'action="{post_url}#respond"' in page

    def test_a_change_of_setting_shows_at_once(self, client, settings):
        article = make_article()
        client.get(article.get_absolute_url())
        settings.COMMENTS_MAX_LENGTH = 1234
        page = client.get(article.get_absolute_url()).content.decode()
        assert "Up to 1,234 characters." in page


class CommentThreadsTests:
    def test_reply_to_a_hidden_comment_stands_alone(self):
        article = make_article()
        hidden = make_comment(article, status=Comment.Status.REJECTED)
        reply = make_comment(article, parent=hidden)
        threads = comment_threads(Comment.objects.visible_on_article(article))
        assert [node.comment for node in threads] == [reply]

    @pytest.mark.parametrize("levels", [2, 3, 4])
    def test_deep_replies_stop_nesting(self, settings, levels):
        settings.COMMENTS_MAX_DEPTH = levels
        article = make_article()
        parent = make_comment(article)
        chain = [parent]
        for _ in range(levels + 3):
            chain.append(make_comment(article, parent=chain[-1]))
        (node,) = comment_threads(Comment.objects.visible_on_article(article))
        # Down to the level above the deepest, one comment per level.
        for _ in range(levels - 2):
            (node,) = node.replies
        assert [reply.comment for reply in node.replies] == chain[levels - 1 :]
        assert all(not reply.replies for reply in node.replies)

    def test_one_level_shows_every_comment_on_its_own(self, settings):
        settings.COMMENTS_MAX_DEPTH = 1
        article = make_article()
        parent = make_comment(article)
        reply = make_comment(article, parent=parent)
        threads = comment_threads(Comment.objects.visible_on_article(article))
        assert [(node.comment, node.replies) for node in threads] == [
            (parent, []),
            (reply, []),
        ]
