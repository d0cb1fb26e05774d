from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse
from django.utils import timezone

from articles.models import Article, Tag
from articles.views import TagView
from tests.factories import (
    make_analysis,
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_lens,
    make_section,
)

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")
SUGGEST = reverse("admin:articles_tag_suggest")


def article_form(section, authors=(), lenses=(), **overrides):
    """What the add-article page posts, inline management forms included."""
    data = {
        "headline": "Night buses return to the harbour route",
        "slug": "night-buses-return",
        "standfirst": "The transport board restores a service cut last winter.",
        "body": "<p>From Monday the buses run again.</p>",
        "image_alt": "",
        "image_caption": "",
        "image_credit": "",
        "section": section.pk,
        "tags": "",
        "status": Article.Status.DRAFT,
        "published_at_0": "",
        "published_at_1": "",
        "comments_enabled": "on",
        "meta_description": "",
    }
    data |= inline_management("bylines", len(authors))
    for position, author in enumerate(authors):
        data[f"bylines-{position}-author"] = author.pk
        data[f"bylines-{position}-position"] = position
    data |= inline_management("analysis_entries", len(lenses))
    for position, lens in enumerate(lenses):
        data[f"analysis_entries-{position}-lens"] = lens.pk
        data[f"analysis_entries-{position}-text"] = f"Seen through {lens.name}."
        data[f"analysis_entries-{position}-position"] = position
    data |= inline_management("corrections", 0)
    return data | overrides


def inline_management(prefix, total):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": 0,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


class ArticleChangelistTests:
    def test_lists_columns_authors_in_byline_order_and_the_state(self, admin_client):
        second, first = make_author(name="Zora Quill"), make_author(name="Ada Byrne")
        article = make_article(authors=[second, first])
        make_comment(article)
        make_comment(article, status="pending")

        response = admin_client.get(CHANGELIST)

        content = response.content.decode()
        assert response.status_code == 200
        assert article.headline in content
        assert article.section.name in content
        assert "Zora Quill, Ada Byrne" in content
        assert '<td class="field-state">Published</td>' in content
        for heading in ("Section", "Authors", "State", "Comments", "Pending"):
            assert f">{heading}<" in content
        assert '<td class="field-approved_comments">1</td>' in content
        assert '<td class="field-pending_comments">1</td>' in content

    def test_each_article_shows_where_it_is_in_its_life(self, admin_client):
        make_article(status=Article.Status.DRAFT, published_at=None)
        make_article(status=Article.Status.REVIEW, published_at=None)
        make_article(published_at=timezone.now() + timedelta(days=1))
        make_article(status=Article.Status.UNPUBLISHED)

        content = admin_client.get(CHANGELIST).content.decode()

        for state in ("Draft", "In review", "Scheduled", "Unpublished"):
            assert f'<td class="field-state">{state}</td>' in content
        assert '<td class="field-state">Published</td>' not in content

    def test_query_count_does_not_grow_with_rows(
        self, admin_client, django_assert_max_num_queries
    ):
        def add_articles(number):
            for _ in range(number):
                article = make_article(
                    authors=[make_author(), make_author()], tags=["transport"]
                )
                make_comment(article)
                make_comment(article, status="pending")

        add_articles(2)
        with CaptureQueriesContext(connection) as few:
            assert admin_client.get(CHANGELIST).status_code == 200
        add_articles(28)

        with django_assert_max_num_queries(len(few)):
            response = admin_client.get(CHANGELIST)
        assert response.content.decode().count('class="field-headline"') == 30


class ArticleAddTests:
    def test_saves_sanitized_body_bylines_analysis_and_tags(self, admin_client):
        section = make_section()
        reporter, photographer = make_author(), make_author()
        economic, social = make_lens(name="Economic"), make_lens(name="Social")
        data = article_form(
            section,
            authors=[photographer, reporter],
            lenses=[social, economic],
            body='<p onclick="steal()">Buses<script>alert(1)</script></p>',
            tags="transport, night life",
        )

        response = admin_client.post(ADD, data)

        assert response.status_code == 302
        article = Article.objects.get(slug="night-buses-return")
        assert "script" not in article.body
        assert "onclick" not in article.body
        assert "Buses" in article.body
        assert article.byline_authors == [photographer, reporter]
        assert [e.lens for e in article.analysis_entries.all()] == [social, economic]
        assert sorted(tag.name for tag in article.tags.all()) == [
            "night life",
            "transport",
        ]

    def test_without_an_author_shows_an_error_and_saves_nothing(self, admin_client):
        response = admin_client.post(ADD, article_form(make_section()))

        assert response.status_code == 200
        assert "An article needs at least one author" in response.content.decode()
        assert not Article.objects.exists()

    def test_same_author_or_lens_twice_gets_a_plain_message(self, admin_client):
        author, lens = make_author(), make_lens()
        data = article_form(
            make_section(), authors=[author, author], lenses=[lens, lens]
        )

        response = admin_client.post(ADD, data)

        content = response.content.decode()
        assert "An author can appear only once in the byline." in content
        assert "Each lens can be used once per article" in content
        assert not Article.objects.exists()

    @pytest.mark.parametrize(
        ("tags", "message"),
        [
            ("x" * 101, "a tag can be at most 100"),
            ("housing, ?!…", "has no letters or numbers"),
        ],
    )
    def test_bad_tag_shows_a_message_and_saves_nothing(
        self, admin_client, tags, message
    ):
        data = article_form(make_section(), authors=[make_author()], tags=tags)

        response = admin_client.post(ADD, data)

        assert response.status_code == 200
        assert message in response.content.decode()
        assert not Article.objects.exists()
        assert not Tag.objects.exists()

    def test_picture_sent_with_another_error_asks_to_choose_it_again(
        self, admin_client
    ):
        data = article_form(
            make_section(),
            image=make_image_file(),
            status=Article.Status.PUBLISHED,
        )

        response = admin_client.post(ADD, data)

        errors = response.context["adminform"].form.errors
        assert "choose it again" in errors["image"][0]
        assert "Describe the picture" in errors["image_alt"][0]

    def test_non_latin_tag_saves_and_its_page_resolves(self, admin_client):
        data = article_form(make_section(), authors=[make_author()], tags="Αθήνα, 東京")

        response = admin_client.post(ADD, data)

        assert response.status_code == 302
        tag = Tag.objects.get(name="Αθήνα")
        assert tag.slug == "αθήνα"
        url = reverse("articles:tag", kwargs={"slug": tag.slug})
        # The browser sends the percent-encoded path; Django decodes it first.
        match = resolve(unquote(url))
        assert match.func.view_class is TagView
        assert match.kwargs == {"slug": "αθήνα"}
        assert admin_client.get(url).status_code == 200
        assert Tag.objects.filter(name="東京").exists()

    def test_published_without_a_date_goes_live_now(self, admin_client, client):
        data = article_form(
            make_section(), authors=[make_author()], status=Article.Status.PUBLISHED
        )

        response = admin_client.post(ADD, data)

        assert response.status_code == 302
        article = Article.objects.get()
        assert article.published_at <= timezone.now()
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_published_with_a_future_date_stays_scheduled(self, admin_client, client):
        later = timezone.localtime() + timedelta(days=3)
        data = article_form(
            make_section(),
            authors=[make_author()],
            status=Article.Status.PUBLISHED,
            published_at_0=later.strftime("%Y-%m-%d"),
            published_at_1="09:00:00",
        )

        admin_client.post(ADD, data)

        article = Article.objects.get()
        assert article.published_at.date() == later.date()
        assert client.get(article.get_absolute_url()).status_code == 404

    def test_bad_publication_date_is_reported_next_to_the_field(self, admin_client):
        data = article_form(
            make_section(),
            authors=[make_author()],
            status=Article.Status.PUBLISHED,
            published_at_0="next tuesday",
            published_at_1="09:00",
        )

        response = admin_client.post(ADD, data)

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert list(errors) == ["published_at"]
        assert not Article.objects.exists()

    def test_body_editor_keeps_the_browsers_spell_checker(self, admin_client):
        widget = admin_client.get(ADD).context["adminform"].form["body"]

        assert "NoSpellCheck" not in str(widget)
        assert "Blockquote" in str(widget)

    def test_add_page_offers_tag_suggestions_in_a_plain_text_box(self, admin_client):
        content = admin_client.get(ADD).content.decode()

        assert f'data-suggest-url="{SUGGEST}"' in content
        assert 'type="text" name="tags"' in content
        assert "newsroom-admin/tag-suggest.js" in content


class ArticleChangeFormTests:
    def test_byline_follows_the_headline_and_analysis_follows_the_body(
        self, admin_client
    ):
        article = make_article()
        url = reverse("admin:articles_article_change", args=[article.pk])

        content = admin_client.get(url).content.decode()

        landmarks = [
            "Headline &amp; slug",
            'id="bylines-group"',
            "Standfirst &amp; body",
            'id="analysis_entries-group"',
            ">Picture<",
            ">Placement<",
            ">Publishing<",
            ">SEO<",
        ]
        positions = [content.index(landmark) for landmark in landmarks]
        assert positions == sorted(positions)

    def test_article_cannot_be_related_to_itself(self, admin_client):
        article = make_article(status=Article.Status.DRAFT, published_at=None)
        byline = article.bylines.get()
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = article_form(
            article.section,
            related_articles=[article.pk],
            opened_version=article.version,
        )
        data |= {
            "bylines-TOTAL_FORMS": 1,
            "bylines-INITIAL_FORMS": 1,
            "bylines-0-id": byline.pk,
            "bylines-0-article": article.pk,
            "bylines-0-author": byline.author_id,
            "bylines-0-position": 0,
        }

        response = admin_client.post(url, data)

        assert response.status_code == 200
        assert "An article cannot be related to itself." in response.content.decode()
        assert not article.related_articles.exists()

    def test_new_byline_row_defaults_to_the_end(self, admin_client):
        article = make_article(authors=[make_author(), make_author()])
        url = reverse("admin:articles_article_change", args=[article.pk])

        content = admin_client.get(url).content.decode()

        assert 'name="bylines-2-position" value="2"' in content
        assert 'name="bylines-__prefix__-position" value="2"' in content
        # Rows added in the browser count on from the highest position.
        assert "newsroom-admin/inline-order.js" in content

    def test_view_on_site_only_for_articles_readers_can_see(self, admin_client):
        live = make_article()
        draft = make_article(status=Article.Status.DRAFT, published_at=None)

        def change_page(article):
            url = reverse("admin:articles_article_change", args=[article.pk])
            return admin_client.get(url).content.decode()

        assert 'class="viewsitelink"' in change_page(live)
        assert 'class="viewsitelink"' not in change_page(draft)

    def test_query_count_does_not_grow_with_analysis_rows(
        self, admin_client, django_assert_max_num_queries
    ):
        def analysed(entries):
            article = make_article()
            for position in range(entries):
                make_analysis(article, make_lens(), position=position)
            return reverse("admin:articles_article_change", args=[article.pk])

        with CaptureQueriesContext(connection) as few:
            assert admin_client.get(analysed(2)).status_code == 200
        many = analysed(8)

        with django_assert_max_num_queries(len(few)):
            response = admin_client.get(many)
        assert response.content.decode().count('name="analysis_entries-') >= 8


class PublishActionTests:
    def test_publish_changes_status_and_says_how_many(self, admin_client):
        drafts = [
            make_article(status=Article.Status.DRAFT, published_at=None)
            for _ in range(2)
        ]
        data = {"action": "publish", "_selected_action": [a.pk for a in drafts]}

        response = admin_client.post(CHANGELIST, data, follow=True)

        assert "2 articles published." in response.content.decode()
        assert Article.objects.published().count() == 2

    def test_unpublish_changes_status_and_says_how_many(self, admin_client):
        live = make_article()
        data = {"action": "unpublish", "_selected_action": [live.pk]}

        response = admin_client.post(CHANGELIST, data, follow=True)

        assert "1 article taken off the site." in response.content.decode()
        live.refresh_from_db()
        assert live.status == Article.Status.UNPUBLISHED


class TagSuggestTests:
    def test_staff_get_matching_names_starting_ones_first(self, admin_client):
        for name in ("public transport", "transport", "housing"):
            Tag.objects.create(name=name)

        response = admin_client.get(SUGGEST, {"q": "trans"})

        assert response.status_code == 200
        assert response.json() == {"results": ["transport", "public transport"]}

    def test_empty_query_suggests_nothing(self, admin_client):
        Tag.objects.create(name="transport")

        assert admin_client.get(SUGGEST, {"q": " "}).json() == {"results": []}

    def test_anonymous_visitor_is_sent_to_the_login_page(self, client):
        Tag.objects.create(name="transport")

        response = client.get(SUGGEST, {"q": "trans"})

        assert response.status_code == 302
        assert reverse("admin:login") in response["Location"]

    def test_logged_in_reader_without_staff_status_gets_no_names(self, client):
        Tag.objects.create(name="transport")
        client.force_login(User.objects.create_user("reader", password="x"))

        response = client.get(SUGGEST, {"q": "trans"})

        assert response.status_code == 302
        assert b"transport" not in response.content


class TagAdminTests:
    def test_lists_tags_with_their_article_count(self, admin_client):
        make_article(tags=["transport"])
        make_article(tags=["transport"])

        response = admin_client.get(reverse("admin:articles_tag_changelist"))

        content = response.content.decode()
        assert "transport" in content
        assert '<td class="field-article_count">2</td>' in content

    def test_punctuation_only_name_is_refused(self, admin_client):
        url = reverse("admin:articles_tag_add")

        response = admin_client.post(url, {"name": "?!", "slug": ""})

        assert response.status_code == 200
        assert "has no letters or numbers" in response.content.decode()
        assert not Tag.objects.exists()

    def test_empty_slug_is_made_from_the_name(self, admin_client):
        url = reverse("admin:articles_tag_add")

        admin_client.post(url, {"name": "Night life", "slug": ""})

        assert Tag.objects.get().slug == "night-life"


class SectionAdminTests:
    def test_positions_are_editable_in_the_list(self, admin_client):
        section = make_section(name="Culture")

        response = admin_client.get(reverse("admin:articles_section_changelist"))

        assert f'name="form-0-position" value="{section.position}"' in (
            response.content.decode()
        )


class AdminSiteTests:
    def test_index_says_newsroom(self, admin_client):
        response = admin_client.get(reverse("admin:index"))

        assert "Newsroom" in response.content.decode()

    def test_editor_without_tag_permissions_still_gets_suggestions(self, client):
        editor = User.objects.create_user("editor", password="x", is_staff=True)
        editor.user_permissions.add(
            *Permission.objects.filter(codename__in=["add_article", "view_article"])
        )
        Tag.objects.create(name="transport")
        client.force_login(editor)

        response = client.get(SUGGEST, {"q": "tra"})

        assert response.json() == {"results": ["transport"]}
