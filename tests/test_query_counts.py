"""Every reader page costs a fixed number of queries, however much it shows.

Each ceiling is the page's whole cost (the site chrome included) with every
part of it present; a page with one story and a page with a crowded archive
must both stay within it.
"""

import pytest
from django.urls import reverse

from articles.models import Byline, Correction, Tag
from tests.articles.pages import query_count
from tests.factories import (
    make_analysis,
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_lens,
    make_section,
)

pytestmark = pytest.mark.django_db

# The lead (two queries when no story is featured); the listing's length;
# its page; the sections (for the navigation too) and the newest of each;
# the bylines of all those teasers at once; the footer.
HOME = 8
# The owner; the listing's length; its page's ids, then their teasers and
# their bylines; the navigation (a section page finds its section in the
# same query); the footer.
LISTING = 7
# The article; its bylines, tags, analysis and corrections; the related
# articles' ids, ranked, then their teasers and their bylines; the comments;
# the navigation; the footer.
ARTICLE = 11


def little():
    """One story, its author, one tag, one comment."""
    article = make_article(tags=["floods"])
    make_comment(article)
    return article


def lots(section, author):
    """A crowded newsroom: several sections, many stories, each with two
    authors, pictures, several tags and comments; an article with a full
    analysis box, corrections, picked related stories and a long thread. No story is
    featured, so the home page looks for one and then takes the newest."""
    sections = [section, make_section(), make_section()]
    stories = []
    for n in range(40):
        story = make_article(
            section=sections[n % 3],
            authors=[author, make_author()],
            tags=["floods", f"tag {n % 7}", f"tag {n % 5}"],
            image=make_image_file() if n % 4 == 0 else "",
            image_alt="A picture",
        )
        for _ in range(n % 3):
            make_comment(story)
        stories.append(story)
    article = stories[5]
    for position, writer in enumerate([make_author(photo=make_image_file())], 2):
        Byline.objects.create(article=article, author=writer, position=position)
    for _ in range(3):
        make_analysis(article, make_lens())
        Correction.objects.create(article=article, text="A figure was wrong.")
    article.related_articles.add(*stories[10:12])
    for _ in range(60):
        make_comment(article)
    make_comment(article, status="pending")
    return article


def owner_pages(article):
    section = article.section
    tag = Tag.objects.get(name="floods")
    author = article.byline_authors[0]
    return {
        reverse("articles:home"): HOME,
        article.get_absolute_url(): ARTICLE,
        section.get_absolute_url(): LISTING,
        tag.get_absolute_url(): LISTING,
        author.get_absolute_url(): LISTING,
    }


def assert_within_ceilings(client, pages, assert_max):
    for url, ceiling in pages.items():
        with assert_max(ceiling):
            assert client.get(url).status_code == 200, url


class ReaderPageQueryTests:
    def test_a_small_newsroom_stays_within_each_ceiling(
        self, client, django_assert_max_num_queries
    ):
        pages = owner_pages(little())
        assert_within_ceilings(client, pages, django_assert_max_num_queries)

    def test_a_crowded_newsroom_stays_within_each_ceiling(
        self, client, django_assert_max_num_queries
    ):
        article = little()
        crowded = lots(article.section, article.byline_authors[0])
        pages = owner_pages(article) | {crowded.get_absolute_url(): ARTICLE}
        assert_within_ceilings(client, pages, django_assert_max_num_queries)

    def test_second_pages_stay_within_the_listing_ceiling(
        self, client, django_assert_max_num_queries
    ):
        article = little()
        lots(article.section, article.byline_authors[0])
        pages = {
            f"{url}?page=2": ceiling
            for url, ceiling in owner_pages(article).items()
            if ceiling != ARTICLE
        }
        for url in pages:
            assert "Older" in client.get(url.replace("?page=2", "")).content.decode()
        assert_within_ceilings(client, pages, django_assert_max_num_queries)


class ArticlePageQueryTests:
    def test_corrections_cost_the_same_however_many_there_are(self, client):
        article = little()
        url = article.get_absolute_url()
        Correction.objects.create(article=article, text="Correction 0.")
        with_one = query_count(client, url)
        for n in range(1, 5):
            Correction.objects.create(article=article, text=f"Correction {n}.")
        html = client.get(url).content.decode()
        assert all(f"Correction {n}." in html for n in range(5))
        assert query_count(client, url) == with_one
