"""Reading rendered pages in the article tests."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def block(html, css_class):
    """The inner HTML of the first element whose class is `css_class`."""
    match = re.search(rf'<(\w+) class="{css_class}"[^>]*>(.*?)</\1>', html, re.S)
    assert match, f"no element with class {css_class}"
    return match.group(2)


def headings(html, level):
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)
