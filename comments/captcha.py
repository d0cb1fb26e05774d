"""reCAPTCHA for the comment form, with an answer for every way it can go.

The v2 checkbox by default, v3 (invisible, scored) with RECAPTCHA_VERSION=3.
django-recaptcha gives one message for every failure, reads X-Forwarded-For
blindly and lets network errors other than HTTPError escape as server errors.
Here the form hands the field the client address, and the field cleans to how
verification went:

- PASSED: Google vouched for the reader.
- LOW_SCORE: v3 scored the reader under RECAPTCHA_SCORE_THRESHOLD; the comment
  is held for moderation rather than refused.
- UNAVAILABLE: siteverify could not give an answer (down, slow, an error page,
  a broken answer, or our own secret refused) and RECAPTCHA_UNAVAILABLE is
  "hold"; with "refuse" the form says so and keeps the text.

An expired token (`timeout-or-duplicate`) and a failed check are form errors
with their own messages. Google's script itself is loaded by
static/js/comments.js once the reader starts a comment, not by the widget.
"""

import logging
from http.client import HTTPException

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django_recaptcha import client
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox, ReCaptchaV3

logger = logging.getLogger(__name__)

PASSED, LOW_SCORE, UNAVAILABLE = "passed", "low-score", "unavailable"
# Not a field's answer: the form's, for staff, who are not asked.
SKIPPED = "skipped"

# Google's code for a token that lived past its two minutes or was sent twice.
EXPIRED_CODE = "timeout-or-duplicate"
# Codes that blame our request, not the reader's answer: a missing or wrong
# secret is a configuration error, and the reader should not pay for it.
OUR_FAULT_CODES = {"missing-input-secret", "invalid-input-secret", "bad-request"}

# Everything that can go wrong between us and siteverify: the network
# (URLError, HTTPError and timeouts are OSErrors), a broken HTTP exchange,
# and an answer that is not the JSON object we expect.
UNREACHABLE = (OSError, HTTPException, ValueError, KeyError, TypeError, AttributeError)

# The action a v3 token must have been made for (static/js/comments.js).
V3_ACTION = "comment"

UNAVAILABLE_MESSAGE = (
    "We could not reach the verification service. "
    "Your comment is kept below; please try again in a moment."
)


class CheckboxWidget(ReCaptchaV2Checkbox):
    """The v2 checkbox, drawn by static/js/comments.js with these callbacks."""

    def __init__(self, attrs=None, **kwargs):
        callbacks = {
            "data-callback": "newsroomCaptchaPassed",
            "data-expired-callback": "newsroomCaptchaExpired",
            "data-error-callback": "newsroomCaptchaFailed",
        }
        # Rendered on demand: Google's script calls newsroomCaptchaLoaded.
        api_params = {"render": "explicit", "onload": "newsroomCaptchaLoaded"}
        super().__init__(
            attrs=callbacks | (attrs or {}), api_params=api_params, **kwargs
        )


class ScoreWidget(ReCaptchaV3):
    """v3: invisible; static/js/comments.js asks Google for a token on submit."""

    def __init__(self, attrs=None, **kwargs):
        super().__init__(attrs=attrs, action=V3_ACTION, **kwargs)


class CaptchaField(ReCaptchaField):
    """Cleans to PASSED, LOW_SCORE or UNAVAILABLE; see the module docstring.

    `remote_ip` is the reader's address as newsroom.clientip reads it; the
    parent class would take X-Forwarded-For from whoever sent it.
    """

    widget = CheckboxWidget
    default_error_messages = {
        "required": "Please tick “I’m not a robot” before posting.",
        "captcha_expired": "The verification expired. Please tick "
        "“I’m not a robot” again.",
        "captcha_invalid": "The check that you are not a robot did not pass. "
        "Please tick the box and try again.",
        "captcha_error": UNAVAILABLE_MESSAGE,
    }

    def __init__(self, *args, remote_ip="", **kwargs):
        super().__init__(*args, **kwargs)
        self.remote_ip = remote_ip

    def get_remote_ip(self):
        return self.remote_ip

    def validate(self, value):
        # The parent's validate() would call siteverify; clean() does.
        forms.CharField.validate(self, value)

    def clean(self, value):
        value = self.to_python(value)
        self.validate(value)
        self.run_validators(value)
        return self.verify(value)

    def verify(self, token):
        try:
            answer = client.submit(
                recaptcha_response=token,
                private_key=self.private_key,
                remoteip=self.get_remote_ip() or "",
            )
            codes = set(answer.error_codes or [])
        except UNREACHABLE:
            logger.warning("reCAPTCHA siteverify could not be reached", exc_info=True)
            return self.unavailable()
        if answer.is_valid is True:
            return self.judge(answer)
        if codes & OUR_FAULT_CODES:
            logger.error("reCAPTCHA siteverify refused our request: %s", codes)
            return self.unavailable()
        logger.info("reCAPTCHA verification failed: %s", codes)
        if EXPIRED_CODE in codes:
            raise self.error("captcha_expired")
        raise self.error("captcha_invalid")

    def judge(self, answer):
        """What a successful answer means: always a pass for the checkbox."""
        return PASSED

    def unavailable(self):
        if settings.RECAPTCHA_UNAVAILABLE == "refuse":
            raise self.error("captcha_error")
        return UNAVAILABLE

    def error(self, code):
        return ValidationError(self.error_messages[code], code=code)


class ScoreField(CaptchaField):
    """reCAPTCHA v3: a score, not a question. A low one holds the comment."""

    widget = ScoreWidget
    default_error_messages = {
        "required": "The spam check did not run: it needs JavaScript. Please "
        "turn JavaScript on and post again; your comment is kept below.",
        "captcha_expired": "The spam check expired. Please post your comment "
        "again; it is kept below.",
        "captcha_invalid": "The spam check did not pass. Please post your "
        "comment again; it is kept below.",
        "captcha_error": UNAVAILABLE_MESSAGE,
    }

    def judge(self, answer):
        if answer.action != V3_ACTION:
            # A token made for another page or form.
            logger.info("reCAPTCHA token for action %r", answer.action)
            raise self.error("captcha_invalid")
        try:
            score = float(answer.extra_data.get("score", 0))
        except (TypeError, ValueError):
            score = 0.0
        if score < settings.RECAPTCHA_SCORE_THRESHOLD:
            return LOW_SCORE
        return PASSED


def captcha_field(*, remote_ip="") -> CaptchaField:
    """The field RECAPTCHA_VERSION asks for."""
    field_class = ScoreField if settings.RECAPTCHA_VERSION == 3 else CaptchaField
    return field_class(label="Spam check", remote_ip=remote_ip)
