import io
import json
from unittest import mock
from urllib.error import HTTPError, URLError

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

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


def posted(user=None, ip="203.0.113.7"):
    request = RequestFactory().post("/", REMOTE_ADDR=ip)
    request.user = user or AnonymousUser()
    return request


def from_request(data, request, article=None):
    form = CommentForm(data, article=article or make_article(), request=request)
    form.is_valid()
    return form


def patch_submit(**kwargs):
    return mock.patch("django_recaptcha.client.submit", **kwargs)


class CommentFormFieldsTests:
    def test_fields_come_in_reading_order(self):
        assert list(new_form().fields) == [
            "body",
            "name",
            "email",
            "website",
            "remember",
            "notify_replies",
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
        form = bound()
        assert form.is_valid()
        assert form.verification == "passed"
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
    def test_unreachable_service_holds_the_comment(self, failure):
        with patch_submit(side_effect=failure):
            form = bound()
            assert form.is_valid()
        assert form.verification == "unavailable"

    def test_unreachable_service_can_refuse_and_keep_the_comment(self, settings):
        settings.RECAPTCHA_UNAVAILABLE = "refuse"
        with patch_submit(side_effect=URLError("Name or service not known")):
            form = bound()
            assert not form.is_valid()
        assert form.errors["captcha"] == [
            "We could not reach the verification service. "
            "Your comment is kept below; please try again in a moment."
        ]
        assert form["body"].value() == VALID["body"]

    @pytest.mark.parametrize("answer", [b"<html>Bad gateway</html>", b"[]", b"{}"])
    def test_malformed_answer_holds_the_comment(self, answer):
        with mock.patch(
            "django_recaptcha.client.recaptcha_request",
            return_value=io.BytesIO(answer),
        ):
            form = bound()
            assert form.is_valid()
        assert form.verification == "unavailable"


class ClosedCommentFormTests:
    def test_closed_form_refuses_without_asking_google(self, recaptcha_passes):
        form = new_form(VALID, comments_enabled=False)
        assert form.non_field_errors() == ["Comments are closed on this article."]
        recaptcha_passes.assert_not_called()


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


class OverLongCommentTests:
    def test_a_100_kb_comment_says_its_length_and_keeps_the_text(
        self, recaptcha_passes
    ):
        body = "word " * 20_000
        form = bound(body=body)
        assert form.errors["body"] == [
            "Your comment is 99999 characters long; the limit is 5000. "
            "Please shorten it."
        ]
        assert form["body"].value() == body

    def test_the_limit_is_a_setting(self, recaptcha_passes, settings):
        settings.COMMENTS_MAX_LENGTH = 8000
        assert bound(body="x" * 8000).is_valid()
        assert (
            bound(body="x" * 8001)
            .errors["body"][0]
            .startswith("Your comment is 8001 characters long; the limit is 8000.")
        )

    def test_the_box_does_not_cut_a_long_paste_but_names_the_limit(self):
        html = str(new_form()["body"])
        assert "maxlength" not in html
        assert new_form()["body"].help_text == "Up to 5,000 characters."


class UnstorableCharacterTests:
    @pytest.mark.parametrize(
        ("field", "value", "what"),
        [
            ("body", "Fine\x00text", "Your comment"),
            ("name", "Ada\x00", "Your name"),
            ("email", "ada\x00@example.org", "Your email address"),
            ("body", "broken \ud800 text", "Your comment"),
            ("name", "Ada \udfff", "Your name"),
        ],
        ids=["nul-body", "nul-name", "nul-email", "surrogate-body", "surrogate-name"],
    )
    def test_is_refused_in_plain_words_and_the_text_kept(
        self, recaptcha_passes, field, value, what
    ):
        form = bound(**{field: value})
        assert (
            f"{what} contains a character that cannot be stored (a null or "
            "broken character). Please remove it; the rest is kept."
        ) in form.errors[field]
        assert form[field].value() == value


class NameCharacterTests:
    """Invisible characters that turn text around or hide in a name are
    dropped; letters in any script stay."""

    @pytest.mark.parametrize(
        ("sent", "stored"),
        [
            ("Ada\u202eredaeR", "AdaredaeR"),  # right-to-left override
            ("\u2067Ada\u2069 Reader", "Ada Reader"),  # isolate
            ("\u202bAda\u202c", "Ada"),  # embedding
            ("A\u200bd\u200ca\u200d \u2060Reader\ufeff", "Ada Reader"),
            ("Ada\u200e\u200f\u061c", "Ada"),  # direction marks
            ("Ada\tReader\n", "Ada Reader"),
            ("Ada   \u00a0Reader", "Ada Reader"),
        ],
    )
    def test_invisible_characters_are_dropped(self, recaptcha_passes, sent, stored):
        form = bound(name=sent)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == stored

    @pytest.mark.parametrize(
        "name",
        [
            "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian ZWNJ
            "\U0001f469\u200d\U0001f4bb",  # woman technologist emoji
            "\u05e9\u05e8\u05d4 \u05dc\u05d5\u05d9",  # Hebrew
            "Zo\u00eb \u00c5ngstr\u00f6m",
        ],
    )
    def test_names_in_any_script_are_kept(self, recaptcha_passes, name):
        form = bound(name=name)
        assert form.is_valid(), form.errors
        assert form.cleaned_data["name"] == name

    def test_a_name_of_only_invisible_characters_is_missing(self, recaptcha_passes):
        form = bound(name="\u200b\u202e\u200b")
        assert form.errors["name"] == ["Please enter your name."]


class MarkupAsTextTests:
    """The form keeps what was typed as plain text: escaping is the page's
    job when it is shown, so nothing is lost or changed here."""

    @pytest.mark.parametrize(
        "text",
        [
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            "<b>bold</b> &amp; <a href='javascript:alert(1)'>link</a>",
        ],
    )
    def test_html_in_the_comment_and_name_is_kept_as_text(self, recaptcha_passes, text):
        form = bound(body=text, name=text[:80])
        assert form.is_valid(), form.errors
        assert form.cleaned_data["body"] == text
        assert form.cleaned_data["name"] == text[:80]

    def test_a_javascript_url_as_a_name_is_just_text(self, recaptcha_passes):
        form = bound(name="javascript:alert(document.cookie)")
        assert form.is_valid()
        assert form.cleaned_data["name"] == "javascript:alert(document.cookie)"

    def test_html_as_an_email_address_is_refused(self, recaptcha_passes):
        assert "email" in bound(email="<script>@example.org").errors


class EmailHeaderInjectionTests:
    @pytest.mark.parametrize(
        "email",
        [
            "ada@example.org\nBcc: everyone@example.org",
            "ada@example.org\r\nBcc: everyone@example.org",
            "ada\n@example.org",
            "ada@exam\rple.org",
        ],
    )
    def test_an_email_with_a_line_break_is_refused(self, recaptcha_passes, email):
        form = bound(email=email)
        assert form.errors["email"] == [
            "That email address doesn’t look right. Please check it."
        ]

    def test_a_trailing_line_break_is_trimmed_away(self, recaptcha_passes):
        form = bound(email="ada@example.org\r\n")
        assert form.is_valid()
        assert form.cleaned_data["email"] == "ada@example.org"


class HoneypotTests:
    def test_it_is_hidden_from_people(self):
        article = make_article()
        html = CommentForm(article=article)["website"]
        assert 'tabindex="-1"' in str(html)
        assert 'autocomplete="off"' in str(html)
        assert html.label == "Leave this field empty (it is a trap for spam robots)"

    def test_left_empty_it_is_not_flagged(self, recaptcha_passes):
        form = bound()
        assert form.is_valid()
        assert form.honeypot_filled is False

    @pytest.mark.parametrize("value", ["https://cheap-pills.example", "x"])
    def test_filled_the_form_is_still_valid_but_flagged(self, recaptcha_passes, value):
        form = bound(website=value)
        assert form.is_valid()
        assert form.honeypot_filled is True
        assert "website" not in form.errors


class StaffCommentTests:
    @pytest.fixture
    def editor(self, db):
        return get_user_model().objects.create_user(
            "editor",
            email="editor@example.org",
            first_name="Eda",
            last_name="Editor",
            is_staff=True,
        )

    def test_staff_get_no_captcha_and_are_not_verified(self, editor, recaptcha_passes):
        data = {"body": "Thanks, we have corrected the date."}
        form = from_request(data, posted(editor))
        assert "captcha" not in form.fields
        assert form.is_valid(), form.errors
        assert form.verification == "skipped"
        recaptcha_passes.assert_not_called()

    def test_staff_post_under_their_account_name_and_email(self, editor):
        form = from_request({"body": "Corrected."}, posted(editor))
        assert form.cleaned_data["name"] == "Eda Editor"
        assert form.cleaned_data["email"] == "editor@example.org"
        assert not form.fields["name"].required

    def test_staff_may_sign_differently(self, editor):
        data = {"body": "Corrected.", "name": "The news desk", "email": "desk@x.org"}
        form = from_request(data, posted(editor))
        assert form.cleaned_data["name"] == "The news desk"
        assert form.cleaned_data["email"] == "desk@x.org"

    def test_staff_without_an_email_must_give_one(self, editor):
        editor.email = ""
        form = from_request({"body": "Corrected."}, posted(editor))
        assert form.errors["email"] == ["Please enter your email address."]

    def test_a_signed_in_reader_who_is_not_staff_is_checked(self, recaptcha_passes):
        reader = get_user_model().objects.create_user("reader")
        form = from_request(VALID, posted(reader))
        assert "captcha" in form.fields
        assert form.is_valid()
        assert form.verification == "passed"

    def test_staff_are_not_held_back_by_the_flood_limit(self, editor):
        article = make_article()
        for _ in range(3):
            form = from_request({"body": "More."}, posted(editor), article)
            assert form.is_valid(), form.errors


class PostingLimitTests:
    FLOOD = (
        "Please wait a few seconds before posting again. Your comment is kept below."
    )

    def test_a_second_comment_within_seconds_is_refused(self, recaptcha_passes):
        article = make_article()
        assert from_request(VALID, posted(), article).is_valid()
        again = from_request(VALID | {"body": "And another."}, posted(), article)
        assert again.non_field_errors() == [self.FLOOD]
        assert again["body"].value() == "And another."

    def test_another_address_may_post_at_once(self, recaptcha_passes):
        assert from_request(VALID, posted(ip="203.0.113.7")).is_valid()
        assert from_request(VALID, posted(ip="203.0.113.8")).is_valid()

    def test_the_flood_limit_can_be_turned_off(self, recaptcha_passes, settings):
        settings.COMMENTS_FLOOD_SECONDS = 0
        assert from_request(VALID, posted()).is_valid()
        assert from_request(VALID, posted()).is_valid()

    def test_a_mistake_does_not_count_as_a_comment(self, recaptcha_passes):
        assert not from_request(VALID | {"name": ""}, posted()).is_valid()
        assert from_request(VALID, posted()).is_valid()

    def test_over_the_rate_the_form_says_when_to_try_again(
        self, recaptcha_passes, settings
    ):
        settings.COMMENTS_FLOOD_SECONDS = 0
        settings.COMMENTS_RATE_POSTS = "2/h"
        for _ in range(2):
            assert from_request(VALID, posted()).is_valid()
        refused = from_request(VALID, posted())
        [message] = refused.non_field_errors()
        assert message.startswith(
            "You have posted 2 comments in an hour, the most we accept from one "
            "address. Your comment is kept below: please post it again in"
        )
        assert refused["body"].value() == VALID["body"]

    def test_without_a_request_nothing_is_limited(self, recaptcha_passes):
        assert bound().is_valid()
        assert bound().is_valid()
