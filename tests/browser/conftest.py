"""Headless Debian Chromium driven through chromedriver, for what only a real
browser shows: our scripts running against the pages."""

import shutil
import warnings

import pytest

CHROMIUM = shutil.which("chromium")
CHROMEDRIVER = shutil.which("chromedriver")

# Every host but the test server resolves to nothing, so pages that ask for
# Google's reCAPTCHA script fail fast instead of waiting on a closed network.
OFFLINE_RULES = "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"


def pytest_collection_modifyitems(config, items):
    if CHROMIUM and CHROMEDRIVER:
        return
    message = (
        "Chromium or chromedriver is not installed: browser tests are SKIPPED. "
        "Install Debian's chromium and chromium-driver packages to run them."
    )
    warnings.warn(message, stacklevel=1)
    for item in items:
        if "tests/browser/" in str(item.path):
            item.add_marker(pytest.mark.skip(reason=message))


def start_chromium():
    """Headless Chromium, offline but for the test server; quit() it when done."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1000",
        f"--host-resolver-rules={OFFLINE_RULES}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def browser(live_server):
    # Asking for the server first makes the browser close before the server
    # stops, so no request thread outlives the connections it shares.
    driver = start_chromium()
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, live_server):
    """The browser, with cookies cleared, and a way to open a path."""
    browser.delete_all_cookies()

    def open_path(path):
        browser.get(live_server.url + path)
        return browser

    yield open_path
    browser.get("about:blank")
