"""On PostgreSQL, timestamps are read by psycopg's C loader where it gives
what Django's own loader would (newsroom/db.py)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import psycopg
import pytest
from django.db import connection, connections

from comments.models import Comment
from newsroom.db import TIMESTAMPTZ, UTCTimestampLoader
from tests.factories import make_article, make_comment

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the loader is PostgreSQL's: run the suite with "
        "DATABASE_URL=postgres://… to check it",
    ),
]

MOMENTS = [
    datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=UTC),
    datetime(2026, 3, 29, 2, 30, tzinfo=ZoneInfo("Europe/London")),
    datetime(1901, 12, 13, 20, 45, 52, 1, tzinfo=ZoneInfo("Asia/Kolkata")),
    datetime(2187, 6, 5, 4, 3, 2, 100_000, tzinfo=ZoneInfo("America/St_Johns")),
]


def read_back(wrapper, moment):
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT %s::timestamptz", [moment])
        return cursor.fetchone()[0]


def loader_of(wrapper):
    return wrapper.connection.adapters.get_loader(TIMESTAMPTZ, psycopg.pq.Format.TEXT)


@pytest.mark.skipif(
    psycopg.pq.__impl__ == "python", reason="psycopg has no C loader here"
)
def test_a_utc_connection_reads_timestamps_in_c():
    connection.ensure_connection()
    assert loader_of(connection) is UTCTimestampLoader


@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_each_moment_comes_back_the_same_and_in_utc(moment):
    found = read_back(connection, moment)
    assert found == moment
    assert found.tzinfo is UTC
    assert found.microsecond == moment.microsecond


def test_a_comment_keeps_the_moment_it_was_posted(client):
    article = make_article(headline="Night buses return")
    posted = datetime(2026, 1, 9, 23, 41, 7, 250_000, tzinfo=UTC)
    comment = make_comment(article, name="Ines")
    Comment.objects.filter(pk=comment.pk).update(created_at=posted)
    comment.refresh_from_db()
    assert comment.created_at == posted
    assert comment.created_at.tzinfo is UTC
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'datetime="2026-01-09T23:41:07.250000+00:00"' in html


@pytest.fixture
def second_connection():
    """A second connection to the test database, made under the settings of
    the moment (as a new connection is, once settings change)."""
    made = []

    def connect(**settings_dict):
        default = connections["default"]
        wrapper = type(default)(default.settings_dict | settings_dict, alias="second")
        wrapper.ensure_connection()
        made.append(wrapper)
        return wrapper

    yield connect
    for wrapper in made:
        wrapper.close()


def test_a_database_in_another_zone_keeps_djangos_loader(second_connection):
    other_zone = second_connection(TIME_ZONE="America/New_York")
    assert loader_of(other_zone) is not UTCTimestampLoader
    for moment in MOMENTS:
        found = read_back(other_zone, moment)
        assert found == moment
        assert found.tzinfo == ZoneInfo("America/New_York")


def test_a_site_without_time_zones_keeps_djangos_naive_timestamps(
    second_connection, settings
):
    settings.USE_TZ = False
    naive = second_connection()
    assert loader_of(naive) is not UTCTimestampLoader
    found = read_back(naive, datetime(2026, 1, 9, 23, 41, 7, 250_000))
    assert found == datetime(2026, 1, 9, 23, 41, 7, 250_000)
    assert found.tzinfo is None
