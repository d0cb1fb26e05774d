"""Addresses of pages known by a slug, reversed once per URL name
(newsroom/addresses.py), are reverse()'s own."""

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from newsroom.addresses import around, slug_url

URL_NAMES = [
    "articles:detail",
    "articles:section",
    "articles:tag",
    "authors:detail",
    "comments:post",
]
SLUGS = ["harbour-bridge-reopens", "a", "under_score-2026", "café-culture", "東京"]


def test_every_slug_gets_reverses_address():
    for url_name in URL_NAMES:
        for slug in SLUGS:
            if url_name != "articles:tag" and not slug.isascii():
                continue  # only tags take slugs in other scripts
            assert slug_url(url_name, slug) == reverse(url_name, kwargs={"slug": slug})


def test_comment_pages_split_around_their_id_give_reverses_address():
    for url_name in ["comments:edit", "comments:delete", "comments:report"]:
        start, end = around(url_name, "pk")
        assert f"{start}4711{end}" == reverse(url_name, kwargs={"pk": 4711})


def test_a_tag_in_another_script_is_quoted_as_reverse_quotes_it():
    assert slug_url("articles:tag", "東京") == "/tag/%E6%9D%B1%E4%BA%AC/"


def test_a_script_prefix_is_followed():
    assert slug_url("articles:detail", "ferry") == "/articles/ferry/"
    set_script_prefix("/newsroom/")
    try:
        assert slug_url("articles:detail", "ferry") == "/newsroom/articles/ferry/"
    finally:
        set_script_prefix("/")
    assert slug_url("articles:detail", "ferry") == "/articles/ferry/"


def test_a_slug_that_is_not_a_whole_segment_is_reversed_every_time():
    with override_settings(ROOT_URLCONF="tests.addresses_urls"):
        assert slug_url("story-page", "ferry") == "/story-ferry.html"
        assert slug_url("story-page", "ferry-2") == "/story-ferry-2.html"


def test_another_url_configuration_is_followed():
    assert slug_url("authors:detail", "ines-ruiz") == "/authors/ines-ruiz/"
    with override_settings(ROOT_URLCONF="tests.addresses_urls"):
        assert slug_url("authors:detail", "ines-ruiz") == "/news/authors/ines-ruiz/"
    assert slug_url("authors:detail", "ines-ruiz") == "/authors/ines-ruiz/"


@pytest.mark.django_db
def test_pages_link_their_articles_sections_and_authors(client):
    from tests.factories import make_article

    article = make_article(headline="Harbour bridge reopens", tags=["harbour"])
    home = client.get("/").content.decode()
    assert f'href="/articles/{article.slug}/"' in home
    assert f'href="/section/{article.section.slug}/"' in home
    author = article.byline_authors[0]
    assert f'href="/authors/{author.slug}/"' in home
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/tag/harbour/"' in page
    assert f'action="/comments/post/{article.slug}/#respond"' in page
