import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for(browser, condition, timeout=5):
    return WebDriverWait(browser, timeout).until(condition)


class CookieNoticeBrowserTests:
    def test_got_it_hides_the_notice_for_good(self, page):
        make_article()
        browser = page("/")
        notice = browser.find_element(By.CSS_SELECTOR, "[data-cookie-notice]")
        browser.execute_script("window.stillTheSamePage = true")
        notice.find_element(By.TAG_NAME, "button").click()
        wait_for(browser, expected_conditions.invisibility_of_element(notice))
        # The script dismissed it in place; no round trip through the form.
        assert browser.execute_script("return window.stillTheSamePage") is True

        browser.refresh()
        assert not browser.find_elements(By.CSS_SELECTOR, "[data-cookie-notice]")


class CaptchaExpiryBrowserTests:
    def test_expired_tick_is_explained_and_the_comment_is_kept(self, page):
        article = make_article()
        browser = page(article.get_absolute_url())
        comment = browser.find_element(By.NAME, "body")
        comment.send_keys("The bridge toll should pay for the repairs.")

        # What Google's widget calls when the two-minute tick runs out.
        browser.execute_script("window.newsroomCaptchaExpired()")

        status = browser.find_element(By.CSS_SELECTOR, "[data-captcha-status]")
        assert "expired" in status.text
        assert "tick" in status.text
        assert comment.get_attribute("value") == (
            "The bridge toll should pay for the repairs."
        )

        browser.execute_script("window.newsroomCaptchaPassed()")
        assert status.text == ""
