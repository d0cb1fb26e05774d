import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from tests.factories import make_article, make_author, make_image_file

pytestmark = pytest.mark.django_db


def headings(html, level):
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


class AuthorPageTests:
    def test_shows_the_profile_as_the_one_h1(self, client):
        author = make_author(
            name="Ana Lima",
            job_title="Transport reporter",
            beats="roads, rail and ferries",
            bio="Ana has covered the harbour since 2019.",
            photo=make_image_file(),
        )
        response = client.get(author.get_absolute_url())
        html = response.content.decode()
        assert response.status_code == 200
        assert headings(html, 1) == ["Ana Lima"]
        assert "<title>Ana Lima | Newsroom</title>" in html
        assert "Transport reporter" in html
        assert "roads, rail and ferries" in html
        assert "Ana has covered the harbour since 2019." in html
        assert f'src="{author.photo.url}"' in html

    def test_lists_only_their_published_articles(self, client):
        author = make_author()
        colleague = make_author()
        make_article(authors=[author], headline="Own story")
        make_article(authors=[colleague, author], headline="Shared story")
        make_article(authors=[author], headline="Draft", status=Article.Status.DRAFT)
        make_article(authors=[colleague], headline="Colleague's story")
        html = client.get(author.get_absolute_url()).content.decode()
        assert headings(html, 3) == ["Own story", "Shared story"]

    def test_author_without_articles_says_so(self, client):
        html = client.get(make_author().get_absolute_url()).content.decode()
        assert "No articles yet." in html

    def test_unknown_author_is_not_found(self, client):
        assert client.get("/authors/nobody/").status_code == 404

    def test_pages_through_many_articles(self, client, settings):
        author = make_author()
        for n in range(settings.NEWSROOM_PAGE_SIZE + 2):
            make_article(authors=[author], headline=f"Story {n:02}")
        second = client.get(f"{author.get_absolute_url()}?page=2").content.decode()
        assert headings(second, 3) == ["Story 12", "Story 13"]
        assert client.get(f"{author.get_absolute_url()}?page=3").status_code == 404
        assert client.get(f"{author.get_absolute_url()}?page=x").status_code == 404

    def test_many_articles_cost_no_more_queries(
        self, client, django_assert_max_num_queries
    ):
        author = make_author()
        make_article(authors=[author])
        with CaptureQueriesContext(connection) as baseline:
            client.get(author.get_absolute_url())
        for _ in range(30):
            make_article(authors=[author, make_author()], tags=["a", "b"])
        with django_assert_max_num_queries(len(baseline)):
            assert client.get(author.get_absolute_url()).status_code == 200
