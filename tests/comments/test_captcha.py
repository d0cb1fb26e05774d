"""reCAPTCHA verification through django-recaptcha's real client, against a
local double of Google's siteverify (tests/conftest.py: siteverify)."""

import socket

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from comments.forms import CommentForm
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TEXT = "The harbour wall needs repairing before winter."
VALID = {
    "body": TEXT,
    "name": "Ada Reader",
    "email": "ada@example.org",
    "g-recaptcha-response": "token-from-the-widget",
}
UNAVAILABLE = (
    "We could not reach the verification service. "
    "Your comment is kept below; please try again in a moment."
)


def posted(data=VALID, **meta):
    return RequestFactory().post("/", data, **({"REMOTE_ADDR": "203.0.113.7"} | meta))


def checked_form(data=VALID, **meta):
    form = CommentForm(data, article=make_article(), request=posted(data, **meta))
    form.is_valid()
    return form


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SiteverifyRequestTests:
    def test_token_and_secret_go_to_siteverify(self, siteverify):
        assert checked_form().verification == "passed"
        [sent] = siteverify.requests
        assert sent["path"] == "/recaptcha/api/siteverify"
        assert sent["response"] == "token-from-the-widget"
        assert sent["secret"] == django_settings.RECAPTCHA_PRIVATE_KEY

    def test_reader_address_is_sent_not_a_forwarded_one(self, siteverify):
        checked_form(HTTP_X_FORWARDED_FOR="198.51.100.99")
        assert siteverify.requests[0]["remoteip"] == "203.0.113.7"

    def test_behind_a_trusted_proxy_the_forwarded_address_is_sent(
        self, siteverify, settings
    ):
        settings.NEWSROOM_PROXY_COUNT = 1
        checked_form(HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.99")
        assert siteverify.requests[0]["remoteip"] == "198.51.100.99"

    def test_without_a_request_no_address_is_guessed(self, siteverify):
        form = CommentForm(VALID, article=make_article())
        assert form.is_valid()
        assert siteverify.requests[0]["remoteip"] == ""


class SiteverifyAnswerTests:
    def test_success_passes(self, siteverify):
        form = checked_form()
        assert form.is_valid()
        assert form.verification == "passed"

    @pytest.mark.parametrize(
        "code", ["missing-input-response", "invalid-input-response"]
    )
    def test_a_wrong_answer_is_refused_and_the_text_kept(self, siteverify, code):
        siteverify.fails_with(code)
        form = checked_form()
        assert form.errors["captcha"] == [
            "The check that you are not a robot did not pass. "
            "Please tick the box and try again."
        ]
        assert form["body"].value() == TEXT

    def test_an_expired_token_says_so_and_keeps_the_text(self, siteverify):
        siteverify.fails_with("timeout-or-duplicate")
        form = checked_form()
        assert form.errors["captcha"] == [
            "The verification expired. Please tick “I’m not a robot” again."
        ]
        assert form["body"].value() == TEXT

    @pytest.mark.parametrize(
        "code", ["missing-input-secret", "invalid-input-secret", "bad-request"]
    )
    def test_our_own_configuration_error_holds_the_comment(
        self, siteverify, code, caplog
    ):
        siteverify.fails_with(code)
        form = checked_form()
        assert form.is_valid()
        assert form.verification == "unavailable"
        assert code in caplog.text

    def test_a_failure_without_codes_is_refused(self, siteverify):
        siteverify.answer = {"success": False}
        assert "captcha" in checked_form().errors

    def test_success_must_be_true_not_just_truthy(self, siteverify):
        siteverify.answer = {"success": "false"}
        assert "captcha" in checked_form().errors


class SiteverifyUnavailableTests:
    """Nothing is lost when siteverify cannot answer: by default the comment
    is kept for moderation; with RECAPTCHA_UNAVAILABLE=refuse the form says so
    and keeps the text. Never a server error."""

    @pytest.fixture(params=["error-500", "html", "not-an-object", "slow", "refused"])
    def broken(self, request, siteverify, settings):
        if request.param == "error-500":
            siteverify.status = 500
        elif request.param == "html":
            siteverify.body = b"<html>Bad gateway</html>"
        elif request.param == "not-an-object":
            siteverify.body = b"[]"
        elif request.param == "slow":
            # django-recaptcha's client reads its timeout under this name.
            settings.RECAPTCHA_VERIFY_REQUEST_TIMEOUT = 0.2
            siteverify.delay = 1
        else:
            settings.RECAPTCHA_DOMAIN = f"127.0.0.1:{closed_port()}"
        return request.param

    def test_the_comment_is_held(self, broken):
        form = checked_form()
        assert form.is_valid()
        assert form.verification == "unavailable"

    def test_or_refused_with_the_text_kept(self, broken, settings):
        settings.RECAPTCHA_UNAVAILABLE = "refuse"
        form = checked_form()
        assert form.errors["captcha"] == [UNAVAILABLE]
        assert form["body"].value() == TEXT

    def test_the_timeout_setting_reaches_the_client(self):
        timeout = getattr(django_settings, "RECAPTCHA_VERIFY_REQUEST_TIMEOUT", 10)
        assert timeout == django_settings.RECAPTCHA_TIMEOUT


class ScoreTests:
    """reCAPTCHA v3: a score; a low one holds the comment instead of refusing."""

    @pytest.fixture(autouse=True)
    def version_3(self, settings):
        settings.RECAPTCHA_VERSION = 3
        settings.RECAPTCHA_SCORE_THRESHOLD = 0.5

    def data(self):
        return VALID | {"captcha": "v3-token"}

    @pytest.mark.parametrize("score", [0.5, 0.9])
    def test_a_score_at_or_over_the_threshold_passes(self, siteverify, score):
        siteverify.scores(score)
        form = checked_form(self.data())
        assert form.is_valid()
        assert form.verification == "passed"
        assert siteverify.requests[0]["response"] == "v3-token"

    @pytest.mark.parametrize("score", [0.1, 0.49, None])
    def test_a_low_score_is_held_not_refused(self, siteverify, score):
        siteverify.scores(score)
        form = checked_form(self.data())
        assert form.is_valid()
        assert form.verification == "low-score"

    def test_a_token_made_for_another_action_is_refused(self, siteverify):
        siteverify.scores(0.9, action="login")
        form = checked_form(self.data())
        assert form.errors["captcha"] == [
            "The spam check did not pass. Please post your comment again; "
            "it is kept below."
        ]

    def test_no_token_says_javascript_is_needed(self, siteverify):
        form = checked_form(VALID)
        assert "needs JavaScript" in form.errors["captcha"][0]
        assert siteverify.requests == []

    def test_an_expired_token_asks_to_post_again(self, siteverify):
        siteverify.fails_with("timeout-or-duplicate")
        form = checked_form(self.data())
        assert form.errors["captcha"][0].startswith("The spam check expired.")
        assert form["body"].value() == TEXT

    def test_siteverify_down_holds_the_comment(self, siteverify):
        siteverify.status = 503
        form = checked_form(self.data())
        assert form.verification == "unavailable"


class CaptchaWidgetTests:
    def html(self):
        return str(CommentForm(article=make_article())["captcha"])

    def test_the_checkbox_names_googles_script_but_does_not_load_it(self):
        html = self.html()
        assert "<script" not in html
        assert (
            'data-captcha-script="https://www.google.com/recaptcha/api.js?'
            "render=explicit&amp;onload=newsroomCaptchaLoaded"
        ) in html

    def test_the_checkbox_names_its_callbacks(self):
        html = self.html()
        assert 'data-callback="newsroomCaptchaPassed"' in html
        assert 'data-expired-callback="newsroomCaptchaExpired"' in html
        assert 'data-error-callback="newsroomCaptchaFailed"' in html
        assert "The verification expired. Please tick the box again." in html

    def test_another_recaptcha_domain_is_used(self, settings):
        settings.RECAPTCHA_DOMAIN = "www.recaptcha.net"
        assert "https://www.recaptcha.net/recaptcha/api.js?" in self.html()

    def test_v3_is_an_invisible_field_with_its_action(self, settings):
        settings.RECAPTCHA_VERSION = 3
        html = self.html()
        assert "<script" not in html
        assert '<input type="hidden" name="captcha"' in html
        assert 'data-captcha-action="comment"' in html
        assert (
            "https://www.google.com/recaptcha/api.js?render="
            + django_settings.RECAPTCHA_PUBLIC_KEY
        ) in html
        assert "Privacy Policy" in html

    @pytest.mark.parametrize("version", [2, 3])
    def test_without_javascript_the_form_says_what_is_needed(self, settings, version):
        settings.RECAPTCHA_VERSION = version
        assert "<noscript>" in self.html()
        assert "needs JavaScript" in self.html()
