"""Chromium loads the reader pages and the admin under the enforced policy and
reports no violation: nothing the pages need is blocked."""

import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.browser.conftest import CHROMEDRIVER, CHROMIUM, start_chromium
from tests.factories import make_article, make_comment, make_image_file

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not (CHROMIUM and CHROMEDRIVER),
        reason="Chromium or chromedriver is not installed: the browser CSP test "
        "is SKIPPED. Install Debian's chromium and chromium-driver to run it.",
    ),
]

# Runs before any script of each page and records what the policy blocked.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}` +
    ` at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


@pytest.fixture(scope="module")
def chromium(live_server):
    driver = start_chromium()
    driver.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    yield driver
    driver.quit()


def visit(browser, live_server, path):
    browser.get(live_server.url + path)
    WebDriverWait(browser, 10).until(
        lambda b: b.execute_script("return document.readyState") == "complete"
    )
    return browser.execute_script("return window.cspViolations")


class BrowserPolicyTests:
    def test_reader_pages_run_without_a_violation(self, chromium, live_server):
        article = make_article(
            tags=["harbour"], image=make_image_file(), image_alt="The quay"
        )
        make_comment(article)
        for path in (
            "/",
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            "/tag/harbour/",
            article.authors.get().get_absolute_url(),
            "/privacy/",
        ):
            assert visit(chromium, live_server, path) == [], path

    def test_admin_and_its_editor_run_without_a_violation(self, chromium, live_server):
        get_user_model().objects.create_superuser("editor", "e@example.org", "pw-1")
        article = make_article()
        comment = make_comment(article, status="pending")
        assert visit(chromium, live_server, "/admin/login/") == []
        chromium.find_element(By.NAME, "username").send_keys("editor")
        chromium.find_element(By.NAME, "password").send_keys("pw-1", Keys.ENTER)
        WebDriverWait(chromium, 5).until(lambda b: "/login/" not in b.current_url)

        assert visit(chromium, live_server, "/admin/articles/article/add/") == []
        editor = WebDriverWait(chromium, 10).until(
            lambda b: b.find_element(By.CSS_SELECTOR, ".ProseMirror[contenteditable]")
        )
        editor.click()
        editor.send_keys("Fog closed the harbour.")
        assert chromium.execute_script("return window.cspViolations") == []
        for path in (
            "/admin/",
            "/admin/articles/article/",
            f"/admin/articles/article/{article.pk}/change/",
            "/admin/comments/comment/",
            f"/admin/comments/comment/{comment.pk}/change/",
        ):
            assert visit(chromium, live_server, path) == [], path
