"""Articles a page loads are freed as soon as the page is done with them, not
left to Python's cycle collector (whose sweeps paused listing pages)."""

import weakref

import pytest
from django.template import engines

from articles.models import Article
from articles.views import teasers_by_id
from tests.articles.test_images import article_with_picture, with_renditions

pytestmark = pytest.mark.django_db


def test_an_article_with_a_picture_is_freed_once_let_go(no_collector):
    pk = article_with_picture().pk
    article = Article.objects.get(pk=pk)
    assert article.image_width == 1000
    watched = weakref.ref(article)
    del article
    assert watched() is None


@pytest.mark.parametrize("made", [with_renditions, article_with_picture])
def test_teasers_with_pictures_leave_their_articles_to_be_freed(no_collector, made):
    pk = made().pk
    articles = list(teasers_by_id([pk]).values())
    watched = [weakref.ref(article) for article in articles]
    page = engines["django"].from_string(
        "{% load newsroom_tags %}{% teasers articles %}"
    )
    html = page.render({"articles": articles})
    del articles
    assert 'class="teaser-image"' in html
    assert [ref() for ref in watched] == [None]


def test_a_picture_without_its_size_stored_is_measured_when_loaded():
    pk = article_with_picture().pk
    Article.objects.filter(pk=pk).update(image_width=None, image_height=None)
    article = Article.objects.get(pk=pk)
    assert (article.image_width, article.image_height) == (1000, 500)
