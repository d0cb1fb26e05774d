"""The reCAPTCHA v2 checkbox, with messages a reader can act on.

django-recaptcha gives one message for every failure and lets a network error
other than HTTPError escape as a server error; this field tells an expired
token apart from a failed check and keeps the reader's comment when Google
cannot be reached.
"""

import logging
from http.client import HTTPException

from django import forms
from django.core.exceptions import ValidationError
from django_recaptcha import client
from django_recaptcha.fields import ReCaptchaField
from django_recaptcha.widgets import ReCaptchaV2Checkbox

logger = logging.getLogger(__name__)

# Google's code for a token that lived past its two minutes or was sent twice.
EXPIRED_CODE = "timeout-or-duplicate"

# Everything that can go wrong between us and siteverify: the network
# (URLError, HTTPError and timeouts are OSErrors), a broken HTTP exchange,
# and an answer that is not the JSON object we expect.
UNREACHABLE = (OSError, HTTPException, ValueError, KeyError, TypeError, AttributeError)


class CaptchaWidget(ReCaptchaV2Checkbox):
    """The checkbox, wired to the callbacks in static/js/comments.js."""

    def __init__(self, attrs=None, **kwargs):
        callbacks = {
            "data-callback": "newsroomCaptchaPassed",
            "data-expired-callback": "newsroomCaptchaExpired",
            "data-error-callback": "newsroomCaptchaFailed",
        }
        super().__init__(attrs=callbacks | (attrs or {}), **kwargs)


class CaptchaField(ReCaptchaField):
    widget = CaptchaWidget
    default_error_messages = {
        "required": "Please tick “I’m not a robot” before posting.",
        "captcha_expired": "The verification expired. Please tick "
        "“I’m not a robot” again.",
        "captcha_invalid": "The check that you are not a robot did not pass. "
        "Please tick the box and try again.",
        "captcha_error": "We could not reach the verification service. "
        "Your comment is kept below; please try again in a moment.",
    }

    def validate(self, value):
        # The parent's validate() would call siteverify itself; only the
        # "required" check of CharField is wanted before our own call.
        forms.CharField.validate(self, value)
        try:
            answer = client.submit(
                recaptcha_response=value,
                private_key=self.private_key,
                remoteip=self.get_remote_ip(),
            )
        except UNREACHABLE:
            logger.warning("reCAPTCHA siteverify could not be reached", exc_info=True)
            raise ValidationError(
                self.error_messages["captcha_error"], code="captcha_error"
            ) from None
        if answer.is_valid:
            return
        codes = answer.error_codes or []
        logger.info("reCAPTCHA verification failed: %s", codes)
        if EXPIRED_CODE in codes:
            raise ValidationError(
                self.error_messages["captcha_expired"], code="captcha_expired"
            )
        raise ValidationError(
            self.error_messages["captcha_invalid"], code="captcha_invalid"
        )
