"""The teasers of listing pages, whose markup is written in Python."""

import re
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from articles.models import Byline
from tests.articles.pages import block, page
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_section,
)

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 3, 5, 9, 30, tzinfo=UTC)


def teasers(html):
    """Each teaser's markup, its whitespace between tags collapsed."""
    found = re.findall(r'<article class="teaser[ "].*?</article>', html, re.S)
    return [re.sub(r">\s+<", "> <", teaser) for teaser in found]


class TeaserMarkupTests:
    def test_listing_teaser_in_full(self, client):
        section = make_section(name="City", slug="city")
        author = make_author(name="Ana Lima", slug="ana-lima")
        make_article(
            section=section,
            authors=[author],
            headline="Buses run late",
            slug="buses-run-late",
            standfirst="Again.",
            published_at=PUBLISHED,
        )
        [teaser] = teasers(page(client, section.get_absolute_url()))
        assert teaser == (
            '<article class="teaser"> <div class="teaser-text"> '
            '<p class="kicker"><a href="/section/city/">City</a></p> '
            '<h2 class="teaser-headline">'
            '<a href="/articles/buses-run-late/">Buses run late</a></h2> '
            '<p class="standfirst">Again.</p> <p class="meta"> '
            '<span class="byline">By '
            '<a href="/authors/ana-lima/" rel="author">Ana Lima</a></span> '
            '<time datetime="2026-03-05T09:30:00+00:00">March 5, 2026</time> '
            '<a class="comment-count" href="/articles/buses-run-late/#comments">'
            "0 comments</a> </p> </div> </article>"
        )

    def test_markup_in_text_is_shown_as_text(self, client):
        section = make_section(name="Arts & <i>Culture</i>")
        make_article(
            section=section,
            authors=[make_author(name='Jo "JJ" <Smith>')],
            headline="<script>alert(1)</script> & more",
            standfirst="<b>Bold</b> claims",
            image=make_image_file(),
            image_alt='A "quoted" <alt>',
        )
        [teaser] = teasers(page(client, section.get_absolute_url()))
        assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more</a></h2>" in teaser
        assert '<p class="standfirst">&lt;b&gt;Bold&lt;/b&gt; claims</p>' in teaser
        assert ">Arts &amp; &lt;i&gt;Culture&lt;/i&gt;</a>" in teaser
        assert ">Jo &quot;JJ&quot; &lt;Smith&gt;</a>" in teaser
        assert 'alt="A &quot;quoted&quot; &lt;alt&gt;" loading="lazy">' in teaser
        assert "<script>" not in teaser

    def test_lead_is_big_and_its_picture_loads_at_once(self, client):
        make_article(headline="Other story")
        lead = make_article(
            headline="Lead story",
            is_featured=True,
            image=make_image_file(),
            image_alt="A bridge",
        )
        html = page(client, reverse("articles:home"))
        [teaser] = teasers(block(html, "lead-story"))
        assert teaser.startswith(
            '<article class="teaser teaser-lead"> '
            f'<img class="teaser-image" src="{lead.image.url}" alt="A bridge">'
        )
        assert '<h2 class="teaser-headline">' in teaser
        latest = teasers(block(html, "latest"))
        assert ['<h3 class="teaser-headline">' in t for t in latest] == [True]

    def test_comment_count_says_comment_for_one(self, client):
        section = make_section()
        for approved in (0, 1, 2):
            article = make_article(section=section, headline=f"{approved} approved")
            for _ in range(approved):
                make_comment(article)
            make_comment(article, status="pending")
        counts = re.findall(
            r'class="comment-count"[^>]*>([^<]*)<',
            page(client, section.get_absolute_url()),
        )
        assert sorted(counts) == ["0 comments", "1 comment", "2 comments"]

    @pytest.mark.parametrize(
        ("names", "shown"),
        [
            (["Ana"], "By Ana"),
            (["Ana", "Ben"], "By Ana and Ben"),
            (["Ana", "Ben", "Cy"], "By Ana, Ben and Cy"),
        ],
    )
    def test_byline_names_every_author_in_order(self, client, names, shown):
        authors = [make_author(name=name) for name in names]
        article = make_article(authors=authors)
        html = page(client, article.section.get_absolute_url())
        byline = re.sub(r"<[^>]+>", "", block(html, "byline"))
        assert byline == shown

    def test_article_without_authors_has_no_byline(self, client):
        article = make_article()
        Byline.objects.filter(article=article).delete()
        html = page(client, article.section.get_absolute_url())
        assert 'class="byline"' not in html
        assert article.headline in html

    def test_author_page_teasers_have_third_level_headlines(self, client):
        author = make_author()
        make_article(authors=[author], headline="By the author")
        html = page(client, author.get_absolute_url())
        assert '<h3 class="teaser-headline">' in teasers(html)[0]


class HomeBylineTests:
    """The home page fetches the bylines of all its teasers at once."""

    def test_every_teaser_on_the_home_page_has_its_byline(self, client):
        section = make_section()
        for n in range(15):
            make_article(
                section=section,
                authors=[make_author(name=f"Writer {n}")],
                is_featured=n == 3,
            )
        html = page(client, reverse("articles:home"))
        shown = teasers(html)
        assert len(shown) == 1 + 12 + 4
        assert all('<span class="byline">By <a href=' in t for t in shown)
        assert "Writer 3</a>" in block(html, "lead-story")

    def test_second_page_teasers_have_their_bylines(self, client, settings):
        for n in range(settings.NEWSROOM_PAGE_SIZE + 3):
            make_article(authors=[make_author(name=f"Writer {n}")])
        html = page(client, reverse("articles:home") + "?page=2")
        shown = teasers(html)
        assert len(shown) == 2
        assert all('<span class="byline">By <a href=' in t for t in shown)
