"""Listing pages: home, section and tag pages, and their pagination."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import views
from articles.models import Article, Tag
from articles.services import article_unpublish
from tests.articles.pages import block, headings, page, query_count
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_section,
)

pytestmark = pytest.mark.django_db


class HomeTests:
    def test_newest_featured_article_leads(self, client):
        make_article(headline="Newest plain story")
        make_article(headline="Older featured story", is_featured=True)
        make_article(headline="Oldest featured story", is_featured=True)
        lead = block(page(client, reverse("articles:home")), "lead-story")
        assert "Older featured story" in lead

    def test_newest_article_leads_without_a_featured_one(self, client):
        make_article(headline="Newest plain story")
        make_article(headline="Older plain story")
        lead = block(page(client, reverse("articles:home")), "lead-story")
        assert "Newest plain story" in lead

    def test_latest_leaves_out_the_lead_and_unpublished(self, client):
        make_article(headline="Lead story", is_featured=True)
        make_article(headline="Second story")
        make_article(headline="Hidden draft", status=Article.Status.DRAFT)
        html = page(client, reverse("articles:home"))
        latest = block(html, "latest")
        assert headings(latest, 3) == ["Second story"]
        assert html.count('class="teaser teaser-lead"') == 1

    @pytest.mark.parametrize("page_number", [1, 2])
    def test_footer_lists_the_five_newest_whatever_leads(
        self, client, monkeypatch, page_number
    ):
        monkeypatch.setattr(views.HomeView, "paginate_by", 3)
        now = timezone.now()
        for n in range(7):
            make_article(
                headline=f"Story {n}", published_at=now - timezone.timedelta(hours=n)
            )
        make_article(
            headline="Old featured story",
            is_featured=True,
            published_at=now - timezone.timedelta(days=3),
        )
        html = page(client, f"{reverse('articles:home')}?page={page_number}")
        recent = block(html, "recent-posts")
        assert re.findall(r'">([^<]+)</a>', recent) == [f"Story {n}" for n in range(5)]

    def test_a_lead_newer_than_the_rest_is_among_the_recent_posts(self, client):
        now = timezone.now()
        make_article(headline="Featured and newest", is_featured=True, published_at=now)
        for n in range(1, 6):
            make_article(
                headline=f"Story {n}", published_at=now - timezone.timedelta(hours=n)
            )
        recent = block(page(client, reverse("articles:home")), "recent-posts")
        assert re.findall(r'">([^<]+)</a>', recent) == [
            "Featured and newest",
            *[f"Story {n}" for n in range(1, 5)],
        ]

    def test_each_section_shows_its_newest_four(self, client):
        city = make_section(name="City", position=1)
        sport = make_section(name="Sport", position=2)
        for n in range(6):
            make_article(section=city, headline=f"City story {n}")
        make_article(section=sport, headline="Sport story")
        html = page(client, reverse("articles:home"))
        blocks = re.findall(r'<section class="section-block".*?</section>', html, re.S)
        assert [headings(b, 2) for b in blocks] == [["City"], ["Sport"]]
        assert headings(blocks[0], 3) == [f"City story {n}" for n in range(4)]
        assert headings(blocks[1], 3) == ["Sport story"]

    def test_site_name_is_the_one_h1(self, client):
        make_article()
        assert headings(page(client, reverse("articles:home")), 1) == ["Newsroom"]

    def test_empty_site_says_so(self, client):
        assert "No articles yet." in page(client, reverse("articles:home"))

    def test_teaser_shows_picture_date_byline_and_comment_count(self, client):
        make_article(is_featured=True)
        author = make_author(name="Ana Lima")
        article = make_article(
            authors=[author],
            standfirst="Buses run late again.",
            image=make_image_file(),
            image_alt="A bus stop",
        )
        make_comment(article)
        make_comment(article)
        make_comment(article, status="pending")
        teaser = block(page(client, reverse("articles:home")), "teaser-list")
        assert (
            f'<a href="{article.get_absolute_url()}">{article.headline}</a>' in teaser
        )
        assert "Buses run late again." in teaser
        assert f'src="{article.image.url}" alt="A bus stop"' in teaser
        date = timezone.localtime(article.published_at).isoformat()
        assert f'<time datetime="{date}">' in teaser
        assert f'href="{author.get_absolute_url()}"' in teaser
        assert "2 comments" in teaser


class PaginationTests:
    def test_second_page_lists_older_articles(self, client, settings):
        for n in range(30):
            make_article(headline=f"Story {n:02}")
        url = reverse("articles:home")
        first = block(page(client, url), "latest")
        second = block(page(client, f"{url}?page=2"), "latest")
        assert "Story 01" in first
        assert "Story 20" in second
        assert "Story 01" not in second
        assert 'rel="next"' in first

    @pytest.mark.parametrize("value", ["abc", "0", "-1", "99", "1.5", "9" * 40])
    def test_bad_page_is_not_found(self, client, value):
        section = make_article().section
        assert client.get(f"/?page={value}").status_code == 404
        url = f"{section.get_absolute_url()}?page={value}"
        assert client.get(url).status_code == 404


class HomeQueryCountTests:
    def test_fifty_articles_cost_no_more_queries_than_two(
        self, client, django_assert_max_num_queries
    ):
        for _ in range(2):
            make_article(tags=["x"])
        baseline = query_count(client, "/")
        for _ in range(48):
            make_article(tags=["x", "y"], image=make_image_file())
        with django_assert_max_num_queries(baseline):
            assert client.get("/").status_code == 200


class SectionPageTests:
    def test_lists_only_its_published_articles(self, client):
        section = make_section(name="Environment", description="Air, water, land.")
        make_article(section=section, headline="River cleanup begins")
        make_article(section=section, headline="Draft", status=Article.Status.DRAFT)
        make_article(headline="Elsewhere")
        html = page(client, section.get_absolute_url())
        assert headings(html, 1) == ["Environment"]
        assert headings(html, 2) == ["River cleanup begins", "About", "Recent posts"]
        assert "Air, water, land." in html

    def test_unknown_section_is_not_found(self, client):
        assert client.get("/section/nowhere/").status_code == 404

    def test_many_articles_cost_no_more_queries(
        self, client, django_assert_max_num_queries
    ):
        section = make_section()
        make_article(section=section)
        baseline = query_count(client, section.get_absolute_url())
        for _ in range(30):
            make_article(section=section, tags=["a", "b"], authors=[make_author()])
        with django_assert_max_num_queries(baseline):
            client.get(section.get_absolute_url())


class SectionsQueriedOnceTests:
    """The navigation and what the page itself needs of the sections come
    from one query on the sections table."""

    def sections_queries(self, client, url):
        with CaptureQueriesContext(connection) as queries:
            html = page(client, url)
        return html, [q for q in queries if 'FROM "articles_section"' in q["sql"]]

    def test_section_page(self, client):
        section = make_section(name="Environment")
        make_section(name="Sport")
        make_article(section=section, headline="River cleanup begins")
        html, queries = self.sections_queries(client, section.get_absolute_url())
        assert len(queries) == 1
        nav = block(html, "section-nav")
        assert f'<a href="{section.get_absolute_url()}" aria-current="page">' in nav
        assert "Sport" in nav

    def test_home_page(self, client):
        for name in ["Environment", "Sport"]:
            make_article(section=make_section(name=name), headline=f"{name} story")
        html, queries = self.sections_queries(client, "/")
        assert len(queries) == 1
        assert "Sport" in block(html, "section-nav")
        assert headings(html, 2).count("Sport") == 1


class TagPageTests:
    def test_unicode_tag_has_a_page(self, client):
        make_article(headline="Суд и права", tags=["Права человека"])
        tag = Tag.objects.get(name="Права человека")
        url = reverse("articles:tag", kwargs={"slug": tag.slug})
        assert url == tag.get_absolute_url()
        html = page(client, url)
        assert headings(html, 1) == ["Права человека"]
        assert "Суд и права" in html

    def test_tag_of_punctuation_falls_back_to_a_working_page(self, client):
        tag = Tag.objects.create(name="?!")
        other = Tag.objects.create(name="…")
        assert (tag.slug, other.slug) == ("tag", "tag_1")
        assert headings(page(client, tag.get_absolute_url()), 1) == ["?!"]
        assert headings(page(client, other.get_absolute_url()), 1) == ["…"]

    def test_tag_without_published_articles_says_so(self, client):
        make_article(tags=["quiet"], status=Article.Status.DRAFT)
        html = page(client, Tag.objects.get(name="quiet").get_absolute_url())
        assert "No articles yet." in html

    def test_unknown_tag_is_not_found(self, client):
        assert client.get("/tag/nothing-here/").status_code == 404

    def test_many_articles_cost_no_more_queries(
        self, client, django_assert_max_num_queries
    ):
        make_article(tags=["busy"])
        url = Tag.objects.get(name="busy").get_absolute_url()
        baseline = query_count(client, url)
        for _ in range(30):
            make_article(tags=["busy", "other"])
        with django_assert_max_num_queries(baseline):
            client.get(url)


class LongListingTests:
    """A long listing's length is remembered for a while (counting it reads
    every row); what was published since is still counted each time."""

    @pytest.fixture(autouse=True)
    def _counts_remembered_from_one(self, monkeypatch):
        monkeypatch.setattr(views, "COUNT_CACHED_FROM", 1)

    def test_a_story_published_after_counting_adds_a_page(self, client, settings):
        section = make_section()
        for n in range(settings.NEWSROOM_PAGE_SIZE):
            make_article(section=section, headline=f"Story {n:02}")
        first = page(client, section.get_absolute_url())
        assert 'class="pagination"' not in first
        make_article(section=section, headline="Breaking", published_at=timezone.now())
        html = page(client, section.get_absolute_url())
        assert "Page 1 of 2" in html
        assert "Breaking" in block(html, "teaser-list")
        assert (
            headings(page(client, f"{section.get_absolute_url()}?page=2"), 2)[0]
            == "Story 11"
        )

    def test_a_story_taken_down_after_counting_takes_its_page_away(
        self, client, settings, django_capture_on_commit_callbacks
    ):
        section = make_section()
        stories = [
            make_article(section=section)
            for _ in range(settings.NEWSROOM_PAGE_SIZE + 1)
        ]
        assert "Page 1 of 2" in page(client, section.get_absolute_url())
        with django_capture_on_commit_callbacks(execute=True):
            article_unpublish(article=stories[0])
        assert 'class="pagination"' not in page(client, section.get_absolute_url())

    def test_a_remembered_length_costs_no_extra_query(
        self, client, django_assert_max_num_queries
    ):
        section = make_section()
        for _ in range(3):
            make_article(section=section)
        url = section.get_absolute_url()
        counted = query_count(client, url)
        with django_assert_max_num_queries(counted):
            assert client.get(url).status_code == 200
