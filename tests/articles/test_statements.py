from datetime import timedelta

import pytest
from django.utils import timezone

from articles import querysets, views
from articles.models import FETCHED_AUTHORS, Article
from articles.querysets import (
    _RELATED,
    _TEASERS,
    fetch_article_tags,
    latest_ids_per_section,
    published_teasers,
    related_ids,
)
from articles.statements import CompiledOnce
from comments import context as comments_context
from tests.factories import make_article, make_author, make_comment, make_section

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


def with_sections(*, ids, now):
    articles = Article.objects.published(at=now).filter(pk__in=ids)
    return articles.select_related("section").with_comment_counts()


class FetchTests:
    def test_gives_what_the_queryset_gives_but_builds_once(
        self, django_assert_num_queries
    ):
        first = make_article()
        second = make_article()
        make_comment(first)
        build = Counted(with_sections)
        statement = CompiledOnce(build)
        now = timezone.now()

        [found] = statement.fetch("default", ids=[first.pk], now=now)
        built = build.calls
        with django_assert_num_queries(1):
            [again] = statement.fetch("default", ids=[second.pk], now=now)

        assert build.calls == built
        assert (found.pk, found.comment_count) == (first.pk, 1)
        assert (again.pk, again.comment_count) == (second.pk, 0)
        # Related objects, and values converted as the ORM converts them.
        assert again.section.name == second.section.name
        assert again.published_at == second.published_at

    def test_values_rows_and_prefetches_too(self):
        article = make_article(tags=["floods"])

        def build(*, pk):
            return Article.objects.filter(pk=pk).prefetch_related("tags")

        def values(*, pk):
            return Article.objects.filter(pk=pk).values_list("published_at")

        [found] = CompiledOnce(build).fetch("default", pk=article.pk)
        assert [tag.name for tag in found.tags.all()] == ["floods"]
        rows = CompiledOnce(values).fetch("default", pk=article.pk)
        assert rows == [(article.published_at,)]

    def test_text_is_put_in_its_place_and_text_made_into_a_pattern_is_not(self):
        first, second = make_article(), make_article()

        def exact(*, slug):
            return Article.objects.filter(slug=slug)

        def containing(*, slug):
            # Sent as "%slug%": no stand-in matches, so built every time.
            return Article.objects.filter(slug__contains=slug)

        for build in (exact, containing):
            statement = CompiledOnce(build)
            for article in (first, second):
                [found] = statement.fetch("default", slug=article.slug)
                assert found == article

    def test_a_query_that_cannot_be_reused_is_still_right(self):
        first, second, third = make_article(), make_article(), make_article()

        def build(*, pk):
            return Article.objects.filter(pk__gte=pk, pk__lte=pk + 1).order_by("pk")

        statement = CompiledOnce(build)
        assert [a.pk for a in statement.fetch("default", pk=first.pk)] == [
            first.pk,
            second.pk,
        ]
        assert [a.pk for a in statement.fetch("default", pk=second.pk)] == [
            second.pk,
            third.pk,
        ]


class ShapesTests:
    def test_an_empty_slice_gives_no_rows(self):
        make_article()
        statement = CompiledOnce(lambda: Article.objects.values_list("pk")[0:0])
        assert statement.rows("default") == []
        assert statement.fetch("default") == []

    def test_keeps_at_most_so_many_shapes_the_oldest_forgotten(self):
        articles = [make_article() for _ in range(3)]

        def build(bottom, *, now):
            newest = Article.objects.published(at=now).values_list("pk")
            return newest[bottom : bottom + 1]

        statement = CompiledOnce(build, most=2)
        now = timezone.now()
        pages = [statement.rows("default", (n,), now=now) for n in range(3)]

        assert pages == [[(article.pk,)] for article in articles]
        assert [key[1] for key in statement.compiled] == [(1,), (2,)]


class ReaderPagesTests:
    def test_every_query_of_the_reader_pages_is_compiled_once(
        self, client, monkeypatch
    ):
        # A query the ORM compiles in a way its stand-ins cannot follow is
        # still right, but built anew on every request: this names it.
        # Listings' lengths are remembered, so that the second visit counts
        # only what was published since.
        monkeypatch.setattr(views, "COUNT_CACHED_FROM", 1)
        article = make_article(tags=["floods"], is_featured=True)
        make_article(section=article.section, tags=["floods"])
        make_comment(article)
        statements = {
            name: getattr(querysets, name)
            for name in dir(querysets)
            if isinstance(getattr(querysets, name), CompiledOnce)
        }
        statements["comments thread"] = comments_context._THREAD
        for statement in statements.values():
            statement.compiled.clear()
        pages = [
            "/",
            article.get_absolute_url(),
            article.section.get_absolute_url(),
            article.tags.get().get_absolute_url(),
        ]
        for url in pages * 2:
            assert client.get(url).status_code == 200

        for name, statement in statements.items():
            assert statement.compiled, f"{name} was not used"
            assert None not in statement.compiled.values(), f"{name} is rebuilt"


class PublishedTeasersTests:
    def test_published_only_with_their_bylines_in_order(self):
        lead, second = make_author(), make_author()
        article = make_article(authors=[lead, second])
        draft = make_article(status=Article.Status.DRAFT)

        found = published_teasers([article.pk, draft.pk])

        assert list(found) == [article.pk]
        authors = getattr(found[article.pk], FETCHED_AUTHORS)
        assert [author.name for author in authors] == [lead.name, second.name]
        assert authors[1].get_absolute_url() == second.get_absolute_url()

    def test_pages_of_as_many_teasers_share_one_compiled_query(
        self, monkeypatch, django_assert_num_queries
    ):
        first, second = make_article(), make_article()
        build = Counted(_TEASERS.build)
        monkeypatch.setattr(_TEASERS, "build", build)
        monkeypatch.setattr(_TEASERS, "compiled", {})

        published_teasers([first.pk])
        built = build.calls
        # The teasers, then their bylines.
        with django_assert_num_queries(2):
            found = published_teasers([second.pk])
        assert build.calls == built
        assert found[second.pk].headline == second.headline
        [author] = second.byline_authors
        assert found[second.pk].byline_authors == [(author.name, author.slug)]


class ArticleTagsTests:
    def test_its_own_tags_by_name_with_no_query_after(self, django_assert_num_queries):
        article = make_article(tags=["schools", "floods", "council"])
        make_article(tags=["housing", "floods"])
        article = Article.objects.get(pk=article.pk)

        with django_assert_num_queries(1):
            fetch_article_tags(article)
            names = [tag.name for tag in article.tags.all()]
            slugs = {tag.slug for tag in article.tags.all()}
        assert names == ["council", "floods", "schools"]
        assert slugs == {"council", "floods", "schools"}

    def test_an_article_without_tags_has_none(self, django_assert_num_queries):
        article = make_article()
        with django_assert_num_queries(1):
            fetch_article_tags(article)
            assert list(article.tags.all()) == []


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
