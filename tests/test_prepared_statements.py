"""On PostgreSQL a reader page's statements are prepared once per connection,
so PostgreSQL stops planning them on every request
(DATABASE_PREPARED_STATEMENTS)."""

import pytest
from django.db import connection
from django.urls import reverse

from tests.factories import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="prepared statements are PostgreSQL's: run the suite with "
        "DATABASE_URL=postgres://… to check them",
    ),
]

# psycopg prepares a statement once it has run this many times.
PREPARE_THRESHOLD = 5


def prepared_statements():
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_pages_statements_are_prepared_after_a_few_requests(client):
    article = make_article(headline="Ferry timetable changes", tags=["ferry"])
    for _ in range(PREPARE_THRESHOLD + 1):
        response = client.get(reverse("articles:home"))
        assert "Ferry timetable changes" in response.content.decode()
    prepared = [sql for sql in prepared_statements() if "articles_article" in sql]
    # Parameters travel apart from the SQL: the text holds $1, not a date.
    assert prepared, "no statement of the home page was prepared"
    assert all("$1" in sql for sql in prepared if "published_at" in sql)
    assert article.headline not in " ".join(prepared)


def test_a_prepared_statement_answers_with_each_requests_values(client):
    first = make_article(headline="Harbour bridge reopens")
    second = make_article(headline="Library extends its hours")
    for _ in range(PREPARE_THRESHOLD + 1):
        for article in (first, second):
            html = client.get(article.get_absolute_url()).content.decode()
            assert f"<h1>{article.headline}</h1>" in html
