"""Google's reCAPTCHA script is fetched only once a reader starts a comment.

RECAPTCHA_DOMAIN points at a local listener (and the page's policy allows
it), which counts the connections the browser opens to it: none while the
reader only reads, one once they click into the form.
"""

import socket
import threading

import pytest
from django.conf import settings as django_settings
from selenium.webdriver.common.by import By
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)

SCRIPT = "script[src*='/recaptcha/api.js']"


class Listener:
    """Accepts and counts connections on 127.0.0.1, answering nothing."""

    def __init__(self):
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.domain = f"127.0.0.1:{self.socket.getsockname()[1]}"
        self.connections = 0
        threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.connections += 1
            connection.close()

    def close(self):
        self.socket.close()


@pytest.fixture
def recaptcha_host(settings):
    listener = Listener()
    settings.RECAPTCHA_DOMAIN = listener.domain
    policy = settings.CONTENT_SECURITY_POLICY
    directives = policy["DIRECTIVES"]
    script_src = [*directives["script-src"], f"https://{listener.domain}/recaptcha/"]
    settings.CONTENT_SECURITY_POLICY = policy | {
        "DIRECTIVES": directives | {"script-src": script_src}
    }
    yield listener
    listener.close()


def loaded(browser):
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    return browser


def wait_for(browser, condition):
    return WebDriverWait(browser, 10).until(condition)


@pytest.mark.parametrize("version", [2, 3])
class LazyCaptchaBrowserTests:
    def test_reading_makes_no_request_to_google(
        self, page, recaptcha_host, settings, version
    ):
        settings.RECAPTCHA_VERSION = version
        browser = loaded(page(make_article().get_absolute_url()))
        browser.find_element(By.CSS_SELECTOR, "[data-captcha-script]")
        assert not browser.find_elements(By.CSS_SELECTOR, SCRIPT)
        assert recaptcha_host.connections == 0
        resources = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => e.name)"
        )
        assert not [url for url in resources if recaptcha_host.domain in url]

    def test_starting_a_comment_loads_googles_script(
        self, page, recaptcha_host, settings, version
    ):
        settings.RECAPTCHA_VERSION = version
        browser = loaded(page(make_article().get_absolute_url()))
        browser.find_element(By.NAME, "body").click()

        script = wait_for(browser, lambda b: b.find_element(By.CSS_SELECTOR, SCRIPT))
        assert script.get_attribute("src").startswith(
            f"https://{recaptcha_host.domain}/recaptcha/api.js?"
        )
        wait_for(browser, lambda b: recaptcha_host.connections >= 1)
        # Focusing again does not ask twice.
        browser.find_element(By.NAME, "name").click()
        assert len(browser.find_elements(By.CSS_SELECTOR, SCRIPT)) == 1

    def test_a_script_that_cannot_load_is_explained(
        self, page, recaptcha_host, settings, version
    ):
        settings.RECAPTCHA_VERSION = version
        browser = loaded(page(make_article().get_absolute_url()))
        browser.find_element(By.NAME, "body").send_keys("Hello")
        status = browser.find_element(By.CSS_SELECTOR, "[data-captcha-status]")
        wait_for(browser, lambda b: "could not load" in status.text)
        assert browser.find_element(By.NAME, "body").get_attribute("value") == "Hello"

    def test_a_form_shown_again_loads_it_at_once(
        self, page, recaptcha_host, settings, version
    ):
        settings.RECAPTCHA_VERSION = version
        browser = loaded(page(make_article().get_absolute_url()))
        browser.find_element(By.NAME, "body").send_keys("Not checked yet.")
        browser.find_element(By.NAME, "name").send_keys("Ada")
        browser.find_element(By.NAME, "email").send_keys("ada@example.org")
        # Sent without a reCAPTCHA token: the form comes back asking for one.
        browser.find_element(By.CSS_SELECTOR, ".comment-form button").click()
        wait_for(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".errorlist"))

        loaded(browser)
        assert browser.find_elements(By.CSS_SELECTOR, SCRIPT)
        assert browser.find_element(By.NAME, "body").get_attribute("value") == (
            "Not checked yet."
        )


# Stands in for Google's script once loaded: records what our code asks of it.
FAKE_GRECAPTCHA = """
window.drawn = [];
window.resets = [];
window.grecaptcha = {
  render: function (box, params) { window.drawn.push(params); return 7; },
  reset: function (id) { window.resets.push(id); },
  ready: function (callback) { callback(); },
  execute: function (key, options) {
    return { then: function (ok) { ok("token-for-" + options.action); } };
  },
};
"""


class CaptchaCallbackBrowserTests:
    def test_the_checkbox_is_drawn_with_the_callbacks_the_widget_names(self, page):
        browser = loaded(page(make_article().get_absolute_url()))
        browser.execute_script(FAKE_GRECAPTCHA + "window.newsroomCaptchaLoaded();")
        assert browser.execute_script(
            """return window.drawn.map(function (p) { return [
                p.sitekey,
                p.callback === window.newsroomCaptchaPassed,
                p["expired-callback"] === window.newsroomCaptchaExpired,
                p["error-callback"] === window.newsroomCaptchaFailed,
            ]; });"""
        ) == [[django_settings.RECAPTCHA_PUBLIC_KEY, True, True, True]]

    def test_an_expired_tick_is_explained_and_the_box_rearmed(self, page):
        browser = loaded(page(make_article().get_absolute_url()))
        browser.find_element(By.NAME, "body").send_keys("Keep this.")
        browser.execute_script(FAKE_GRECAPTCHA + "window.newsroomCaptchaLoaded();")
        browser.execute_script("window.newsroomCaptchaExpired()")

        status = browser.find_element(By.CSS_SELECTOR, "[data-captcha-status]")
        assert status.text == "The verification expired. Please tick the box again."
        assert browser.execute_script("return window.resets") == [7]
        assert browser.find_element(By.NAME, "body").get_attribute("value") == (
            "Keep this."
        )

    def test_v3_sends_a_token_for_the_comment_action(
        self, page, settings, recaptcha_passes
    ):
        settings.RECAPTCHA_VERSION = 3
        browser = loaded(page(make_article().get_absolute_url()))
        browser.execute_script(FAKE_GRECAPTCHA)
        browser.find_element(By.NAME, "body").send_keys("Scored, not ticked.")
        browser.find_element(By.NAME, "name").send_keys("Ada")
        browser.find_element(By.NAME, "email").send_keys("ada@example.org")
        browser.find_element(By.CSS_SELECTOR, ".comment-form button").click()

        wait_for(browser, lambda b: recaptcha_passes.called)
        assert recaptcha_passes.call_args.kwargs["recaptcha_response"] == (
            "token-for-comment"
        )
