"""Password guessing at the admin login: locked out after AXES_FAILURE_LIMIT
failures, for the cool-off, counted per client behind the proxies."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.db.models import F

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-passphrase"


@pytest.fixture(autouse=True)
def editor(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return get_user_model().objects.create_superuser(
        "editor", "editor@example.org", PASSWORD
    )


def sign_in(client, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": password},
        headers=headers,
    )


def guess_until_locked(client, **headers):
    answers = [sign_in(client, f"guess-{n}", **headers) for n in range(3)]
    assert [a.status_code for a in answers[:2]] == [200, 200]
    return answers[-1]


def rewind_attempts(by):
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - by)


class LockoutTests:
    def test_the_limit_th_failure_locks_the_login_with_a_page_saying_when(self, client):
        locked = guess_until_locked(client)
        assert locked.status_code == 429
        page = locked.content.decode()
        assert "Too many sign-in attempts" in page
        assert "Try again in 15 minutes" in page

    def test_the_right_password_is_refused_while_locked(self, client):
        guess_until_locked(client)
        answer = sign_in(client, PASSWORD)
        assert answer.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_after_the_cool_off_the_right_password_signs_in(self, client):
        guess_until_locked(client)
        rewind_attempts(timedelta(minutes=15, seconds=1))
        answer = sign_in(client, PASSWORD)
        assert answer.status_code == 302
        assert answer["Location"] == "/admin/"

    def test_not_yet_after_most_of_the_cool_off(self, client):
        guess_until_locked(client)
        rewind_attempts(timedelta(minutes=14))
        assert sign_in(client, PASSWORD).status_code == 429


class ProxyAwareLockoutTests:
    @pytest.fixture(autouse=True)
    def behind_one_proxy(self, settings):
        settings.NEWSROOM_PROXY_COUNT = 1

    def test_clients_behind_the_proxy_are_counted_apart(self, client):
        guess_until_locked(client, x_forwarded_for="198.51.100.1")
        answer = sign_in(client, PASSWORD, x_forwarded_for="198.51.100.2")
        assert answer.status_code == 302

    def test_a_spoofed_entry_on_the_left_does_not_escape_the_lock(self, client):
        guess_until_locked(client, x_forwarded_for="198.51.100.1")
        answer = sign_in(client, PASSWORD, x_forwarded_for="192.0.2.66, 198.51.100.1")
        assert answer.status_code == 429

    def test_spoofed_entries_do_not_spread_the_guesses(self, client):
        for n in range(3):
            sign_in(client, "guess", x_forwarded_for=f"192.0.2.{n}, 198.51.100.1")
        attempt = AccessAttempt.objects.get()
        assert attempt.ip_address == "198.51.100.1"
        assert attempt.failures_since_start == 3
