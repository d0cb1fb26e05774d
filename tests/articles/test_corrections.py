"""Corrections and clarifications at the foot of the article page, and the
"Updated" date they set."""

import re
from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Correction
from tests.articles.pages import page
from tests.articles.test_roles import edited
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def correct(article, text, *, when, kind=Correction.Kind.CORRECTION):
    return Correction.objects.create(
        article=article, kind=kind, text=text, published_at=when
    )


def corrections_section(html):
    match = re.search(r'<section class="corrections".*?</section>', html, re.S)
    assert match, "no corrections section"
    return match.group(0)


def at(day, month=3, year=2026, hour=12):
    return timezone.make_aware(datetime(year, month, day, hour))


class CorrectionsOnTheArticlePageTests:
    def test_correction_is_shown_dated_under_a_heading(self, client):
        article = make_article(published_at=at(1))
        correct(article, "The bridge is 40 metres long, not 400.", when=at(3))
        section = corrections_section(page(client, article.get_absolute_url()))
        assert "<h2" in section and "Corrections and clarifications" in section
        text = re.sub(r"<[^>]+>", "", section)
        assert "Correction, March 3, 2026: The bridge is 40 metres long" in text
        assert '<time datetime="2026-03-03T12:00:00' in section

    def test_clarification_is_named_as_such(self, client):
        article = make_article(published_at=at(1))
        correct(
            article,
            "The mayor spoke for the council.",
            when=at(2),
            kind=Correction.Kind.CLARIFICATION,
        )
        text = re.sub(r"<[^>]+>", "", page(client, article.get_absolute_url()))
        assert "Clarification, March 2, 2026: The mayor spoke" in text

    def test_newest_comes_first(self, client):
        article = make_article(published_at=at(1))
        correct(article, "Older note.", when=at(2))
        correct(article, "Newest note.", when=at(9))
        correct(article, "Middle note.", when=at(5))
        section = corrections_section(page(client, article.get_absolute_url()))
        order = [section.index(n) for n in ("Newest", "Middle", "Older")]
        assert order == sorted(order)

    def test_they_follow_the_story_inside_the_article(self, client):
        article = make_article(body="<p>The story itself.</p>", published_at=at(1))
        correct(article, "A name was misspelled.", when=at(2))
        html = page(client, article.get_absolute_url())
        story = html[html.index('<article class="story">') : html.index("</article>")]
        assert story.index("The story itself.") < story.index("A name was misspelled")
        assert story.index("A name was misspelled") < story.index("story-footer")

    def test_text_is_escaped(self, client):
        article = make_article(published_at=at(1))
        correct(article, "<script>alert(1)</script> was wrong.", when=at(2))
        html = page(client, article.get_absolute_url())
        assert "<script>alert(1)" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt; was wrong." in html

    def test_article_without_corrections_has_no_section(self, client):
        html = page(client, make_article().get_absolute_url())
        assert 'class="corrections"' not in html


class UpdatedDateTests:
    def test_header_and_meta_use_the_marked_update_not_the_last_save(self, client):
        article = make_article(published_at=at(1))
        Article.objects.filter(pk=article.pk).update(
            revised_at=at(4), updated_at=at(20)
        )
        html = page(client, article.get_absolute_url())
        iso = timezone.localtime(at(4)).isoformat()
        assert f'Updated <time datetime="{iso}">March 4, 2026' in html
        assert f'<meta property="article:modified_time" content="{iso}">' in html
        assert timezone.localtime(at(20)).isoformat() not in html

    def test_no_updated_date_or_modified_time_without_a_marked_update(self, client):
        article = make_article(published_at=at(1))
        Article.objects.filter(pk=article.pk).update(updated_at=at(20))
        html = page(client, article.get_absolute_url())
        assert "Updated" not in html
        assert "article:modified_time" not in html

    def test_correction_added_in_the_admin_shows_and_dates_the_update(self):
        article = make_article(published_at=timezone.now() - timedelta(days=2))
        when = timezone.localtime(timezone.now() - timedelta(hours=1))

        response = correct_in_the_admin(
            article, "The vote was 7 to 2, not 2 to 7.", when=when
        )

        assert response.status_code == 302, response.content.decode()[:3000]
        html = page(Client(), article.get_absolute_url())
        assert "The vote was 7 to 2, not 2 to 7." in corrections_section(html)
        iso = when.replace(microsecond=0).isoformat()
        assert f'Updated <time datetime="{iso}">' in html

    def test_a_correction_dated_in_the_future_is_refused_by_its_date(self):
        article = make_article(published_at=timezone.now() - timedelta(days=2))
        when = timezone.localtime(timezone.now() + timedelta(days=30))

        response = correct_in_the_admin(article, "The vote was 7 to 2.", when=when)

        assert response.status_code == 200
        assert "cannot be dated in the future" in response.content.decode()
        assert not article.corrections.exists()
        article.refresh_from_db()
        assert article.revised_at is None


def correct_in_the_admin(article, text, *, when):
    """An editor adds a correction dated `when` on the article's change page."""
    published = timezone.localtime(article.published_at)
    form = edited(article) | {
        "published_at_0": published.date(),
        "published_at_1": published.time(),
        "corrections-TOTAL_FORMS": 1,
        "corrections-0-kind": "correction",
        "corrections-0-published_at_0": when.strftime("%Y-%m-%d"),
        "corrections-0-published_at_1": when.strftime("%H:%M:%S"),
        "corrections-0-text": text,
    }
    client = Client()
    client.force_login(make_user(role="Editor"))
    url = reverse("admin:articles_article_change", args=[article.pk])
    return client.post(url, form)
