import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_article, make_author, make_image_file

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:authors_author_changelist")


class AuthorChangelistTests:
    def test_shows_photo_thumbnail_and_article_count(self, admin_client):
        author = make_author(name="Mira Holt", photo=make_image_file())
        make_article(authors=[author])
        make_article(authors=[author, make_author()])

        content = admin_client.get(CHANGELIST).content.decode()

        assert f'class="author-thumbnail" src="{author.photo.url}"' in content
        assert "Mira Holt" in content
        assert '<td class="field-article_count">2</td>' in content

    def test_author_without_photo_shows_no_broken_image(self, admin_client):
        make_author(name="Mira Holt")

        content = admin_client.get(CHANGELIST).content.decode()

        assert "Mira Holt" in content
        assert "author-thumbnail" not in content

    def test_search_by_name_feeds_the_byline_autocomplete(self, admin_client):
        make_author(name="Mira Holt")
        make_author(name="Oskar Lind")
        url = reverse("admin:autocomplete")

        response = admin_client.get(
            url,
            {
                "term": "mira",
                "app_label": "articles",
                "model_name": "byline",
                "field_name": "author",
            },
        )

        names = [result["text"] for result in response.json()["results"]]
        assert names == ["Mira Holt"]

    def test_query_count_does_not_grow_with_rows(
        self, admin_client, django_assert_max_num_queries
    ):
        for _ in range(2):
            make_article(authors=[make_author()])
        with CaptureQueriesContext(connection) as few:
            assert admin_client.get(CHANGELIST).status_code == 200
        for _ in range(28):
            make_article(authors=[make_author()])

        with django_assert_max_num_queries(len(few)):
            response = admin_client.get(CHANGELIST)
        assert response.content.decode().count('class="field-article_count"') == 30
