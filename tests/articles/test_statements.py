from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from articles.querysets import _RELATED, latest_ids_per_section, related_ids
from articles.statements import CompiledOnce
from tests.factories import make_article, make_section

pytestmark = pytest.mark.django_db


class Counted:
    """A build function that counts how often it is called."""

    def __init__(self, build):
        self.build = build
        self.calls = 0

    def __call__(self, *shape, **values):
        self.calls += 1
        return self.build(*shape, **values)


def in_section(limit, *, section, now):
    articles = Article.objects.published(at=now).filter(section_id=section)
    return articles.order_by("-published_at").values_list("pk")[:limit]


def ids(rows):
    return [pk for (pk,) in rows]


class CompiledOnceTests:
    def test_runs_with_each_call_s_own_values_but_builds_once(self):
        news, sport = make_section(), make_section()
        older = make_article(section=news)
        newer = make_article(
            section=news, published_at=older.published_at + timedelta(minutes=1)
        )
        match = make_article(section=sport)
        build = Counted(in_section)
        statement = CompiledOnce(build)
        now = timezone.now()

        assert ids(statement.rows("default", (5,), section=news.pk, now=now)) == [
            newer.pk,
            older.pk,
        ]
        built = build.calls
        assert ids(statement.rows("default", (5,), section=sport.pk, now=now)) == [
            match.pk
        ]
        assert build.calls == built

    def test_a_moment_is_put_in_its_place_too(self):
        section = make_section()
        earlier = make_article(
            section=section, published_at=timezone.now() - timedelta(days=2)
        )
        make_article(section=section, published_at=timezone.now() - timedelta(hours=1))
        statement = CompiledOnce(in_section)
        now = timezone.now()

        assert len(statement.rows("default", (5,), section=section.pk, now=now)) == 2
        day_ago = now - timedelta(days=1)
        assert ids(
            statement.rows("default", (5,), section=section.pk, now=day_ago)
        ) == [earlier.pk]

    def test_a_value_used_twice_is_put_in_both_places(self):
        kept, other = make_article(), make_article()

        def build(*, pk):
            return Article.objects.filter(pk__gte=pk, pk__lte=pk).values_list("pk")

        statement = CompiledOnce(build)
        assert ids(statement.rows("default", pk=kept.pk)) == [kept.pk]
        assert ids(statement.rows("default", pk=other.pk)) == [other.pk]

    def test_a_value_used_with_something_added_is_built_every_time(self):
        # `pk + 1` is sent as a number no stand-in matches: reusing the SQL
        # would leave the first call's number there.
        first, second, third = make_article(), make_article(), make_article()

        def build(*, pk):
            upper = pk + 1
            return Article.objects.filter(pk__gte=pk, pk__lte=upper).values_list("pk")

        statement = CompiledOnce(build)
        both = ids(statement.rows("default", pk=first.pk))
        assert sorted(both) == [first.pk, second.pk]
        assert sorted(ids(statement.rows("default", pk=second.pk))) == [
            second.pk,
            third.pk,
        ]

    def test_a_new_shape_is_compiled_anew(self):
        section = make_section()
        for _ in range(3):
            make_article(section=section)
        build = Counted(in_section)
        statement = CompiledOnce(build)
        now = timezone.now()

        assert len(statement.rows("default", (2,), section=section.pk, now=now)) == 2
        built = build.calls
        assert len(statement.rows("default", (3,), section=section.pk, now=now)) == 3
        assert build.calls > built

    def test_a_value_that_is_not_sent_as_given_is_built_every_time(self):
        # The stand-in for `section` never reaches the parameters: the SQL
        # cannot be reused, so each call builds its own, and is still right.
        def build(*, section):
            return Article.objects.filter(section_id=section + 1).values_list("pk")

        news = make_section()
        next_one = make_section()
        assert next_one.pk == news.pk + 1
        story = make_article(section=next_one)
        counted = Counted(build)
        statement = CompiledOnce(counted)

        assert ids(statement.rows("default", section=news.pk)) == [story.pk]
        built = counted.calls
        assert ids(statement.rows("default", section=news.pk)) == [story.pk]
        assert counted.calls == built + 1


class RelatedIdsTests:
    def test_ranks_as_related_to_does(self):
        article = make_article(tags=["floods", "council"])
        both = make_article(tags=["floods", "council"])
        one = make_article(tags=["floods"])
        picked = make_article()
        article.related_articles.add(picked)
        same_section = make_article(section=article.section)
        make_article(tags=["floods"], status=Article.Status.DRAFT)
        make_article()

        expected = [picked.pk, both.pk, one.pk, same_section.pk]
        assert related_ids(article, 4) == expected
        ranked = Article.objects.published().related_to(article, 4)
        assert [found.pk for found in ranked] == expected

    def test_articles_with_as_many_tags_share_one_compiled_query(
        self, monkeypatch, django_assert_num_queries
    ):
        first = make_article(tags=["floods", "council"])
        second = make_article(tags=["housing", "schools"])
        neighbour = make_article(tags=["housing"])
        build = Counted(_RELATED.build)
        monkeypatch.setattr(_RELATED, "build", build)
        monkeypatch.setattr(_RELATED, "compiled", {})
        second = Article.objects.prefetch_related("tags").get(pk=second.pk)

        related_ids(first, 4)
        built = build.calls
        with django_assert_num_queries(1):
            assert related_ids(second, 4)[0] == neighbour.pk
        assert build.calls == built

    def test_leaves_out_what_is_scheduled(self):
        article = make_article(tags=["floods"])
        later = timezone.now() + timedelta(hours=1)
        make_article(tags=["floods"], published_at=later)
        kept = make_article(tags=["floods"])
        assert related_ids(article, 4) == [kept.pk]


class LatestIdsPerSectionTests:
    def test_the_newest_of_each_section_in_section_order(self):
        news, sport = make_section(position=1), make_section(position=2)
        newest = make_article(section=sport)
        older = make_article(section=sport)
        make_article(section=sport)
        lone = make_article(section=news)
        make_article(section=news, status=Article.Status.DRAFT)

        found = latest_ids_per_section(2, [sport, news])

        assert found == [lone.pk, newest.pk, older.pk]
        published = Article.objects.published()
        same = published.latest_per_section(2, [sport.pk, news.pk])
        assert [article.pk for article in same] == found

    def test_no_sections_no_stories(self):
        make_article()
        assert latest_ids_per_section(4, []) == []
