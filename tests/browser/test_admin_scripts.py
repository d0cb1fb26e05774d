import pytest
from django.contrib.auth import get_user_model
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from tests.factories import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page):
    get_user_model().objects.create_superuser("editor", "ed@example.org", "pw-123456")
    browser = page("/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("editor")
    browser.find_element(By.NAME, "password").send_keys("pw-123456", Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda b: "/admin/login/" not in b.current_url)
    return browser


class ArticleFormBrowserTests:
    def test_rich_text_editor_writes_html_into_the_body(self, page):
        browser = sign_in(page)
        browser.get(
            browser.current_url.split("/admin/")[0] + "/admin/articles/article/add/"
        )
        editor = WebDriverWait(browser, 10).until(
            lambda b: b.find_element(
                By.CSS_SELECTOR, ".ProseMirror[contenteditable=true]"
            )
        )
        editor.click()
        editor.send_keys("The council met at noon.")
        html = browser.execute_script(
            "return document.querySelector('textarea[name=body]').value"
        )
        assert "<p>The council met at noon.</p>" in html

    def test_tag_box_suggests_existing_tags(self, page):
        make_article(tags=["floods", "flood barriers", "council"])
        browser = sign_in(page)
        browser.get(
            browser.current_url.split("/admin/")[0] + "/admin/articles/article/add/"
        )
        box = browser.find_element(By.NAME, "tags")
        box.send_keys("council, flo")
        suggestions = WebDriverWait(browser, 5).until(
            lambda b: [
                item.text
                for item in b.find_elements(By.CSS_SELECTOR, ".tag-suggest-list li")
            ]
        )
        assert sorted(suggestions) == ["flood barriers", "floods"]
