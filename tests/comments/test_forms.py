import io
import json
from unittest import mock
from urllib.error import HTTPError, URLError

import pytest

from comments.forms import CommentForm
from comments.models import Comment
from tests.factories import make_article, make_comment

pytestmark = pytest.mark.django_db

VALID = {
    "body": "The bus lane has made my commute shorter.",
    "name": "Ada Reader",
    "email": "ada@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}


def new_form(data=None, **article_fields):
    return CommentForm(data, article=make_article(**article_fields))


def bound(**overrides):
    data = {key: value for key, value in (VALID | overrides).items() if value}
    return new_form(data)


def patch_submit(**kwargs):
    return mock.patch("django_recaptcha.client.submit", **kwargs)


class CommentFormFieldsTests:
    def test_fields_come_in_reading_order(self):
        assert list(new_form().fields) == [
            "body",
            "name",
            "email",
            "remember",
            "captcha",
            "parent",
        ]

    def test_labels_are_plain(self):
        form = new_form()
        assert form.fields["body"].label == "Comment"
        assert form.fields["remember"].label == (
            "Save my name and email in this browser for the next time I comment"
        )

    def test_remember_me_is_optional(self, recaptcha_passes):
        assert bound().is_valid()


class CommentFormMessagesTests:
    @pytest.mark.parametrize(
        ("field", "message"),
        [
            ("body", "Please write your comment."),
            ("name", "Please enter your name."),
            ("email", "Please enter your email address."),
        ],
    )
    def test_missing_field_says_what_to_do(self, recaptcha_passes, field, message):
        form = bound(**{field: ""})
        assert form.errors[field] == [message]

    def test_blank_comment_counts_as_missing(self, recaptcha_passes):
        form = bound(body="   \n  ")
        assert form.errors["body"] == ["Please write your comment."]

    def test_bad_email_asks_to_check_it(self, recaptcha_passes):
        form = bound(email="ada-at-example.org")
        assert form.errors["email"] == [
            "That email address doesn’t look right. Please check it."
        ]

    def test_over_long_comment_says_length_and_limit(self, recaptcha_passes):
        form = bound(body="x" * 5001)
        assert form.errors["body"] == [
            "Your comment is 5001 characters long; the limit is 5000. "
            "Please shorten it."
        ]

    def test_over_long_name_says_length_and_limit(self, recaptcha_passes):
        form = bound(name="n" * 81)
        assert form.errors["name"] == [
            "Your name is 81 characters long; the limit is 80. Please shorten it."
        ]


class CaptchaFieldTests:
    def test_passing_check_is_valid(self, recaptcha_passes):
        assert bound().is_valid()
        assert recaptcha_passes.call_args.kwargs["recaptcha_response"] == (
            "token-from-the-widget"
        )

    def test_missing_token_asks_to_tick_the_box(self, recaptcha_passes):
        form = bound(**{"g-recaptcha-response": ""})
        assert form.errors["captcha"] == [
            "Please tick “I’m not a robot” before posting."
        ]
        recaptcha_passes.assert_not_called()

    def test_expired_token_asks_to_tick_again(self, recaptcha_expired):
        form = bound()
        assert form.errors["captcha"] == [
            "The verification expired. Please tick “I’m not a robot” again."
        ]

    def test_failed_check_says_it_did_not_pass(self, recaptcha_fails):
        form = bound()
        assert form.errors["captcha"] == [
            "The check that you are not a robot did not pass. "
            "Please tick the box and try again."
        ]

    @pytest.mark.parametrize(
        "failure",
        [
            URLError("Name or service not known"),
            HTTPError("https://www.google.com", 503, "Unavailable", {}, None),
            TimeoutError("timed out"),
            OSError("Network is unreachable"),
            ConnectionResetError(),
            json.JSONDecodeError("Expecting value", "<html>", 0),
            KeyError("success"),
        ],
    )
    def test_unreachable_service_keeps_the_comment(self, failure):
        with patch_submit(side_effect=failure):
            form = bound()
            assert not form.is_valid()
        assert form.errors["captcha"] == [
            "We could not reach the verification service. "
            "Your comment is kept below; please try again in a moment."
        ]
        assert form["body"].value() == VALID["body"]

    @pytest.mark.parametrize("answer", [b"<html>Bad gateway</html>", b"[]", b"{}"])
    def test_malformed_answer_keeps_the_comment(self, answer):
        with mock.patch(
            "django_recaptcha.client.recaptcha_request",
            return_value=io.BytesIO(answer),
        ):
            form = bound()
            assert not form.is_valid()
        assert form.errors["captcha"][0].startswith("We could not reach")


class ClosedCommentFormTests:
    def test_closed_form_refuses_without_asking_google(self, recaptcha_passes):
        form = new_form(VALID, comments_enabled=False)
        assert form.non_field_errors() == ["Comments are closed on this article."]
        recaptcha_passes.assert_not_called()


class CaptchaWidgetTests:
    def test_widget_has_no_inline_script(self):
        html = str(new_form()["captcha"])
        scripts = html.count("<script")
        assert scripts == html.count("<script src=") == 2

    def test_widget_loads_google_and_our_script(self):
        html = str(new_form()["captcha"])
        assert "https://www.google.com/recaptcha/api.js" in html
        assert "/static/js/comments.js" in html

    def test_widget_names_the_expiry_callback(self):
        html = str(new_form()["captcha"])
        assert 'data-expired-callback="newsroomCaptchaExpired"' in html
        assert 'data-callback="newsroomCaptchaPassed"' in html
        assert "The verification expired. Please tick the box again." in html

    def test_widget_explains_itself_without_javascript(self):
        html = str(new_form()["captcha"])
        assert "<noscript>" in html


class ReplyFieldTests:
    def test_reply_to_an_approved_comment_on_the_article_is_valid(
        self, recaptcha_passes
    ):
        article = make_article()
        parent = make_comment(article)
        form = CommentForm(VALID | {"parent": parent.pk}, article=article)
        assert form.is_valid()
        assert form.cleaned_data["parent"] == parent

    @pytest.mark.parametrize(
        "status", [Comment.Status.PENDING, Comment.Status.REJECTED, "spam"]
    )
    def test_reply_to_a_hidden_comment_is_refused(self, recaptcha_passes, status):
        article = make_article()
        parent = make_comment(article, status=status)
        form = CommentForm(VALID | {"parent": parent.pk}, article=article)
        assert form.errors["parent"][0].startswith(
            "The comment you were replying to is no longer shown."
        )

    def test_reply_to_a_comment_on_another_article_is_refused(self, recaptcha_passes):
        elsewhere = make_comment(make_article())
        form = CommentForm(VALID | {"parent": elsewhere.pk}, article=make_article())
        assert "parent" in form.errors

    @pytest.mark.parametrize("value", ["abc", "-1", "9" * 30, "1.5", "\x00"])
    def test_nonsense_parent_is_refused(self, recaptcha_passes, value):
        form = bound(parent=value)
        assert "parent" in form.errors
