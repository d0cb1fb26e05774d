"""Helpers for the page-cache tests."""

from django.urls import reverse

from tests.factories import make_article


def state(response):
    """hit, miss or bypass, as the page cache reports it."""
    return response.get("X-Page-Cache")


def warm(client, url):
    """Visit `url` twice, so the second visit comes from the cache; its body."""
    first, second = client.get(url), client.get(url)
    assert (state(first), state(second)) == ("miss", "hit")
    return second.content.decode()


def reader_urls():
    """One of every cached reader page, with something on it."""
    article = make_article(tags=["ferry"])
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        reverse("articles:tag", kwargs={"slug": "ferry"}),
        article.byline_authors[0].get_absolute_url(),
        reverse("privacy"),
    ]
