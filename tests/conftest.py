from unittest import mock

import pytest
from django.core.cache import caches
from django_recaptcha.client import RecaptchaResponse


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Nothing a test remembers in the process's cache (listing lengths, say)
    leaks into the next test, whose rows may reuse the same ids."""
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _no_recaptcha_network():
    """Nothing in the suite may reach Google: an unpatched verification fails."""

    def refuse(params):
        raise AssertionError("a test tried to call reCAPTCHA's siteverify")

    with mock.patch("django_recaptcha.client.recaptcha_request", refuse):
        yield


def _siteverify_answers(response):
    return mock.patch("django_recaptcha.client.submit", return_value=response)


@pytest.fixture
def recaptcha_passes():
    """Google's siteverify answers success."""
    with _siteverify_answers(RecaptchaResponse(is_valid=True)) as submit:
        yield submit


@pytest.fixture
def recaptcha_fails():
    """Google's siteverify answers that the response was wrong."""
    answer = RecaptchaResponse(is_valid=False, error_codes=["invalid-input-response"])
    with _siteverify_answers(answer) as submit:
        yield submit


@pytest.fixture
def recaptcha_expired():
    """Google's siteverify answers that the token expired (or was used twice)."""
    answer = RecaptchaResponse(is_valid=False, error_codes=["timeout-or-duplicate"])
    with _siteverify_answers(answer) as submit:
        yield submit
