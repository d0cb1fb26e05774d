"""The article page: every element of anatomy.md, and what stays hidden."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Tag
from articles.services import article_publish
from articles.views import render_article
from comments.forms import CommentForm
from tests.articles.pages import block, headings, page, query_count
from tests.factories import (
    make_analysis,
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_lens,
)

pytestmark = pytest.mark.django_db


class ArticleHeaderTests:
    def test_headline_is_the_one_h1_and_the_title(self, client):
        article = make_article(headline="Harbour bridge reopens after repairs")
        html = page(client, article.get_absolute_url())
        assert headings(html, 1) == ["Harbour bridge reopens after repairs"]
        assert "<title>Harbour bridge reopens after repairs | Newsroom</title>" in html

    def test_standfirst_is_shown_and_is_the_meta_description(self, client):
        article = make_article(standfirst="Traffic returns to the old crossing.")
        html = page(client, article.get_absolute_url())
        assert '<p class="standfirst">Traffic returns to the old crossing.</p>' in html
        assert (
            '<meta name="description" content="Traffic returns to the old crossing.">'
            in html
        )

    def test_meta_description_wins_over_the_standfirst(self, client):
        article = make_article(meta_description="Bridge open again.")
        html = page(client, article.get_absolute_url())
        assert '<meta name="description" content="Bridge open again.">' in html
        assert '<meta property="og:description" content="Bridge open again.">' in html

    def test_publication_time_is_a_time_element(self, client):
        published = timezone.now() - timedelta(minutes=1)
        article = make_article(published_at=published)
        html = page(client, article.get_absolute_url())
        iso = timezone.localtime(published).isoformat()
        assert f'Published <time datetime="{iso}">' in html
        assert "Updated" not in html

    def test_marked_update_shows_its_date(self, client):
        article = make_article(published_at=timezone.now() - timedelta(days=3))
        revised = article.published_at + timedelta(hours=2)
        Article.objects.filter(pk=article.pk).update(revised_at=revised)
        html = page(client, article.get_absolute_url())
        iso = timezone.localtime(revised).isoformat()
        assert f'Updated <time datetime="{iso}">' in html

    def test_publishing_now_shows_no_update(self, client):
        article = make_article(published_at=None)
        html = page(client, article.get_absolute_url())
        assert "Published <time" in html
        assert "Updated" not in html

    def test_plain_edits_after_publication_show_no_update(self, client):
        article = make_article(published_at=timezone.now() - timedelta(days=1))
        Article.objects.filter(pk=article.pk).update(
            updated_at=article.published_at + timedelta(hours=5)
        )
        assert "Updated" not in page(client, article.get_absolute_url())

    def test_draft_edited_then_published_shows_no_update(self, client):
        article = make_article(status=Article.Status.DRAFT, published_at=None)
        Article.objects.filter(pk=article.pk).update(
            updated_at=timezone.now() - timedelta(days=1)
        )
        article_publish(article=article)
        assert "Updated" not in page(client, article.get_absolute_url())

    def test_byline_links_every_author_in_byline_order(self, client):
        first = make_author(name="Ana Lima")
        second = make_author(name="Ben Ode")
        article = make_article(authors=[second, first])
        byline = block(page(client, article.get_absolute_url()), "byline")
        assert byline.index("Ben Ode") < byline.index("Ana Lima")
        assert f'href="{first.get_absolute_url()}"' in byline
        assert f'href="{second.get_absolute_url()}"' in byline
        assert " and " in byline


class ArticleBodyTests:
    def test_picture_is_a_figure_with_alt_size_caption_and_credit(self, client):
        article = make_article(
            image=make_image_file(),
            image_alt="Cars crossing the bridge at dusk",
            image_caption="The bridge on its first evening.",
            image_credit="Photo: Mara Quist",
        )
        figure = block(page(client, article.get_absolute_url()), "story-figure")
        assert f'src="{article.image.url}"' in figure
        assert 'alt="Cars crossing the bridge at dusk"' in figure
        assert 'width="40" height="30"' in figure
        caption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
        assert "The bridge on its first evening." in caption
        assert block(caption, "credit") == "Photo: Mara Quist"

    def test_credit_alone_is_still_shown(self, client):
        article = make_article(
            image=make_image_file(), image_alt="A bridge", image_credit="City archive"
        )
        figure = block(page(client, article.get_absolute_url()), "story-figure")
        assert block(figure, "credit") == "City archive"

    def test_missing_picture_file_does_not_break_the_page(self, client):
        article = make_article(image=make_image_file(), image_alt="A bridge")
        article.image.storage.delete(article.image.name)
        figure = block(page(client, article.get_absolute_url()), "story-figure")
        assert 'alt="A bridge"' in figure

    def test_body_html_is_rendered(self, client):
        article = make_article(
            body="<h2>What changed</h2><blockquote>Open</blockquote>"
        )
        html = page(client, article.get_absolute_url())
        assert "<h2>What changed</h2><blockquote>Open</blockquote>" in html

    def test_analysis_box_has_one_heading_per_lens_in_order(self, client):
        article = make_article()
        economic = make_lens(name="Economic")
        political = make_lens(name="Political")
        make_analysis(article, economic, "Tolls pay for it.", position=2)
        make_analysis(article, political, "The council takes credit.", position=1)
        analysis = block(page(client, article.get_absolute_url()), "analysis")
        assert headings(analysis, 2) == ["Analysis"]
        assert headings(analysis, 3) == ["Political", "Economic"]
        assert "<p>The council takes credit.</p>" in analysis

    def test_no_analysis_box_without_entries(self, client):
        html = page(client, make_article().get_absolute_url())
        assert 'class="analysis"' not in html

    def test_tags_link_to_their_pages(self, client):
        article = make_article(tags=["transport", "council"])
        tags = block(page(client, article.get_absolute_url()), "tags")
        for tag in Tag.objects.all():
            assert (
                f'<a href="{tag.get_absolute_url()}" rel="tag">{tag.name}</a>' in tags
            )

    def test_author_box_shows_the_profile_and_links_to_all_articles(self, client):
        author = make_author(
            name="Ana Lima",
            job_title="Transport reporter",
            beats="roads, rail and ferries",
            bio="Ana has covered the harbour since 2019.",
            photo=make_image_file("ana.png"),
        )
        article = make_article(authors=[author])
        box = block(page(client, article.get_absolute_url()), "author-box")
        assert f'src="{author.photo.url}"' in box
        assert "About Ana Lima" in box
        assert "Transport reporter" in box
        assert "roads, rail and ferries" in box
        assert "Ana has covered the harbour since 2019." in box
        assert f'<a href="{author.get_absolute_url()}">All articles by' in box

    def test_comment_section_is_included(self, client):
        html = page(client, make_article().get_absolute_url())
        assert 'id="comments"' in html


class RelatedArticlesTests:
    def test_picks_come_first_never_itself_nor_unpublished(self, client):
        article = make_article(tags=["floods"])
        picked = make_article(headline="Picked by an editor")
        draft = make_article(headline="Draft pick", status=Article.Status.DRAFT)
        scheduled = make_article(
            headline="Scheduled story",
            tags=["floods"],
            published_at=timezone.now() + timedelta(days=1),
        )
        article.related_articles.add(article, picked, draft, scheduled)
        by_tag = make_article(headline="Shares a tag", tags=["floods"])
        related = block(page(client, article.get_absolute_url()), "related")
        titles = headings(related, 3)
        assert titles[:2] == ["Picked by an editor", "Shares a tag"]
        assert article.headline not in titles
        assert "Draft pick" not in titles
        assert "Scheduled story" not in titles
        assert by_tag.get_absolute_url() in related

    def test_picks_stand_newest_first_whatever_tags_they_share(self, client):
        article = make_article(tags=["floods", "council"])
        now = timezone.now()
        older = make_article(
            headline="Older pick",
            tags=["floods", "council"],
            published_at=now - timedelta(days=2),
        )
        newer = make_article(headline="Newer pick", published_at=now - timedelta(1))
        make_article(headline="Shares both tags", tags=["floods", "council"])
        make_article(headline="Shares one tag", tags=["floods"])
        article.related_articles.add(older, newer)
        related = block(page(client, article.get_absolute_url()), "related")
        assert headings(related, 3) == [
            "Newer pick",
            "Older pick",
            "Shares both tags",
            "Shares one tag",
        ]

    def test_filled_up_to_four(self, client):
        article = make_article(tags=["floods"])
        for _ in range(6):
            make_article(tags=["floods"])
        related = block(page(client, article.get_absolute_url()), "related")
        assert len(headings(related, 3)) == 4


class ArticleMetaTests:
    def test_opengraph_and_canonical_tags(self, client):
        article = make_article(
            headline="Ferry fares fall", image=make_image_file(), image_alt="A ferry"
        )
        html = page(client, article.get_absolute_url())
        url = f"http://testserver{article.get_absolute_url()}"
        published = timezone.localtime(article.published_at).isoformat()
        assert f'<link rel="canonical" href="{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:title" content="Ferry fares fall">' in html
        assert f'<meta property="og:url" content="{url}">' in html
        assert (
            f'<meta property="og:image" content="http://testserver{article.image.url}">'
            in html
        )
        assert f'<meta property="article:published_time" content="{published}">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html

    def test_no_og_image_without_a_picture(self, client):
        html = page(client, make_article().get_absolute_url())
        assert "og:image" not in html
        assert '<meta name="twitter:card" content="summary">' in html


class ArticleNotFoundTests:
    def test_draft_is_not_found(self, client):
        article = make_article(status=Article.Status.DRAFT)
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_scheduled_article_is_not_found_before_its_time(self, client):
        article = make_article(published_at=timezone.now() + timedelta(hours=1))
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_scheduled_article_appears_when_its_time_comes(self, client):
        article = make_article(published_at=timezone.now() + timedelta(hours=1))
        later = timezone.now() + timedelta(hours=2)
        with mock.patch("django.utils.timezone.now", return_value=later):
            html = page(client, article.get_absolute_url())
        assert article.headline in html

    def test_unknown_slug_is_not_found(self, client):
        url = reverse("articles:detail", kwargs={"slug": "no-such-story"})
        response = client.get(url)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


class RenderArticleTests:
    def test_shows_the_form_it_is_given(self, rf):
        article = make_article(headline="Council votes on the budget")
        request = rf.post(article.get_absolute_url())
        request.session = {}
        form = CommentForm({"body": "A half-typed thought"}, article=article)
        response = render_article(request, article, comment_form=form).render()
        html = response.content.decode()
        assert response.context_data["comment_form"] is form
        assert "<h1>Council votes on the budget</h1>" in html
        assert "A half-typed thought</textarea>" in html


class ArticleQueryCountTests:
    def test_comments_tags_and_authors_do_not_add_queries(
        self, client, django_assert_max_num_queries
    ):
        article = make_article(tags=["a"], image=make_image_file())
        make_analysis(article, make_lens())
        article.related_articles.add(make_article(tags=["a"]))
        make_article(tags=["a"])
        for _ in range(2):
            make_comment(article)
        baseline = query_count(client, article.get_absolute_url())

        for position in range(1, 3):
            author = make_author(photo=make_image_file())
            Byline.objects.create(article=article, author=author, position=position)
        article.tags.add("b", "c", "d", "e")
        for _ in range(3):
            make_analysis(article, make_lens())
        for _ in range(48):
            make_comment(article)
        for _ in range(6):
            make_article(tags=["b", "c"], authors=[make_author()])
        with django_assert_max_num_queries(baseline):
            assert client.get(article.get_absolute_url()).status_code == 200

    def test_analysis_and_corrections_cost_queries_only_where_there_are_some(
        self, client
    ):
        plain = make_article(headline="A story with nothing added")
        annotated = make_article(headline="A story put right")
        make_analysis(annotated, make_lens(name="Context"), text="Why it matters.")
        annotated.corrections.create(text="The vote was on Tuesday, not Monday.")

        plain_queries = query_count(client, plain.get_absolute_url())
        annotated_queries = query_count(client, annotated.get_absolute_url())

        assert annotated_queries == plain_queries + 2
        html = page(client, annotated.get_absolute_url())
        assert "Why it matters." in html
        assert "The vote was on Tuesday, not Monday." in html
        assert 'class="analysis"' not in page(client, plain.get_absolute_url())
