"""Reordering an article's analysis in the admin with the Move up / Move down
buttons (static/newsroom-admin/inline-order.js), by mouse and by keyboard; and
by typing the position numbers, as a browser without scripts does."""

import importlib

import pytest
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.wait import WebDriverWait

from articles.models import AnalysisEntry
from tests.articles.test_roles import edited
from tests.factories import make_analysis, make_article, make_lens, make_user

pytestmark = pytest.mark.django_db(transaction=True)

ROWS = "#analysis_entries-group tr.form-row:not(.empty-form)"


def editor(**fields):
    """A member of the Editor group. The flush after each transactional test
    empties the groups table, so the group is made again as the roles
    migration makes it."""
    roles = importlib.import_module("articles.migrations.0005_roles")
    group, created = Group.objects.get_or_create(name="Editor")
    if created:
        group.permissions.add(*roles._permissions(Permission, roles.ROLES["Editor"]))
    return make_user(role="Editor", **fields)


def sign_in_as_editor(page):
    editor(username="desk", password="pw-123456")
    browser = page("/admin/login/")
    browser.find_element(By.NAME, "username").send_keys("desk")
    browser.find_element(By.NAME, "password").send_keys("pw-123456", Keys.ENTER)
    WebDriverWait(browser, 5).until(lambda b: "/admin/login/" not in b.current_url)
    return browser


def article_with_analysis(*names):
    article = make_article()
    for position, name in enumerate(names):
        make_analysis(article, make_lens(name=name), f"Seen as {name}.", position)
    return article


def open_form(page, article):
    browser = sign_in_as_editor(page)
    page(f"/admin/articles/article/{article.pk}/change/")
    WebDriverWait(browser, 10).until(
        lambda b: b.find_elements(By.CSS_SELECTOR, f"{ROWS} .inline-order-button")
    )
    return browser


def rows(browser):
    return browser.find_elements(By.CSS_SELECTOR, ROWS)


def lenses_in_form(browser):
    return [
        row.find_element(By.CSS_SELECTOR, "select[name$='-lens'] option:checked").text
        for row in rows(browser)
    ]


def positions_in_form(browser):
    return [
        row.find_element(By.CSS_SELECTOR, "input[name$='-position']").get_attribute(
            "value"
        )
        for row in rows(browser)
    ]


def button(row, label):
    return row.find_element(By.XPATH, f".//button[normalize-space()='{label}']")


class MoveButtonTests:
    def test_moving_a_row_up_and_saving_reorders_the_article_page(self, page):
        article = article_with_analysis("Political", "Economic", "Social")
        browser = open_form(page, article)
        button(rows(browser)[2], "Move up").click()
        assert lenses_in_form(browser) == ["Political", "Social", "Economic"]
        assert positions_in_form(browser) == ["0", "1", "2"]

        browser.find_element(By.NAME, "_save").click()
        WebDriverWait(browser, 10).until(lambda b: "/change/" not in b.current_url)
        assert browser.find_elements(By.CSS_SELECTOR, ".messagelist .success")

        page(article.get_absolute_url())
        shown = [
            heading.text
            for heading in browser.find_elements(By.CSS_SELECTOR, ".analysis h3")
        ]
        assert shown == ["Political", "Social", "Economic"]
        saved = AnalysisEntry.objects.filter(article=article)
        assert [entry.lens.name for entry in saved] == shown

    def test_keyboard_moves_a_row_and_keeps_the_focus_on_its_button(self, page):
        article = article_with_analysis("Political", "Economic", "Social")
        browser = open_form(page, article)
        down = button(rows(browser)[0], "Move down")
        browser.execute_script("arguments[0].focus()", down)
        down.send_keys(Keys.ENTER)
        browser.switch_to.active_element.send_keys(Keys.SPACE)
        assert lenses_in_form(browser) == ["Economic", "Social", "Political"]
        assert positions_in_form(browser) == ["0", "1", "2"]
        focused = browser.switch_to.active_element
        assert focused == button(rows(browser)[2], "Move down")
        assert focused.get_attribute("aria-disabled") == "true"
        status = browser.find_element(By.CSS_SELECTOR, ".inline-order-status")
        assert status.get_attribute("textContent") == (
            "Political moved to position 3 of 3."
        )

    def test_ends_cannot_move_further(self, page):
        article = article_with_analysis("Political", "Economic")
        browser = open_form(page, article)
        first, last = rows(browser)
        assert button(first, "Move up").get_attribute("aria-disabled") == "true"
        assert button(last, "Move down").get_attribute("aria-disabled") == "true"
        button(first, "Move up").click()
        assert lenses_in_form(browser) == ["Political", "Economic"]

    def test_added_row_goes_last_and_can_be_moved(self, page):
        make_lens(name="Historical")
        article = article_with_analysis("Political", "Economic")
        browser = open_form(page, article)
        browser.find_element(
            By.CSS_SELECTOR, "#analysis_entries-group .add-row a"
        ).click()
        added = rows(browser)[-1]
        assert positions_in_form(browser) == ["0", "1", "2"]
        assert button(added, "Move down").get_attribute("aria-disabled") == "true"
        was_last = button(rows(browser)[1], "Move down")
        assert was_last.get_attribute("aria-disabled") == "false"
        button(added, "Move up").click()
        assert rows(browser)[1] == added
        assert positions_in_form(browser) == ["0", "1", "2"]


class WithoutScriptTests:
    def test_typed_positions_set_the_order(self):
        article = article_with_analysis("Political", "Economic", "Social")
        entries = list(AnalysisEntry.objects.filter(article=article))
        published = timezone.localtime(article.published_at)
        form = edited(article) | {
            "published_at_0": published.strftime("%Y-%m-%d"),
            "published_at_1": published.strftime("%H:%M:%S"),
            "analysis_entries-TOTAL_FORMS": 3,
            "analysis_entries-INITIAL_FORMS": 3,
        }
        for index, (entry, position) in enumerate(zip(entries, [2, 0, 1], strict=True)):
            form |= {
                f"analysis_entries-{index}-id": entry.pk,
                f"analysis_entries-{index}-lens": entry.lens_id,
                f"analysis_entries-{index}-text": entry.text,
                f"analysis_entries-{index}-position": position,
            }
        client = Client()
        client.force_login(editor())
        url = reverse("admin:articles_article_change", args=[article.pk])
        assert client.post(url, form).status_code == 302
        html = client.get(article.get_absolute_url()).content.decode()
        shown = [html.index(f"<h3>{name}</h3>") for name in ("Economic", "Social")]
        assert shown[0] < shown[1] < html.index("<h3>Political</h3>")
