"""Each role does its work in the admin, and no more: what the admin hides,
the server refuses when it is POSTed anyway."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, Section
from comments.models import Comment
from tests.articles.test_admin import article_form
from tests.factories import (
    make_article,
    make_author,
    make_comment,
    make_image_file,
    make_section,
    make_user,
    signed_in,
)

pytestmark = pytest.mark.django_db

Status = Article.Status
CHANGELIST = reverse("admin:articles_article_changelist")
ADD = reverse("admin:articles_article_add")


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def own_draft(writer, **overrides):
    article = make_article(status=Status.DRAFT, published_at=None, **overrides)
    Article.objects.filter(pk=article.pk).update(created_by=writer)
    article.refresh_from_db()
    return article


def edited(article, **overrides):
    """The change form of `article` as its page posts it."""
    byline = article.bylines.get()
    data = article_form(
        article.section,
        authors=[byline.author],
        headline=article.headline,
        slug=article.slug,
        status=article.status,
        opened_version=article.version,
    )
    data |= {"bylines-INITIAL_FORMS": 1, "bylines-0-id": byline.pk}
    for field in ("published_at_0", "published_at_1"):
        data.pop(field)
    return data | overrides


@pytest.fixture
def writer():
    return make_user(role="Writer", first_name="Wren", last_name="Hale")


@pytest.fixture
def editor():
    return make_user(role="Editor", first_name="Ed", last_name="Stone")


class RoleGroupTests:
    def test_the_three_roles_exist_with_their_permissions(self):
        def perms(name):
            group = Group.objects.get(name=name)
            return {
                f"{p.content_type.app_label}.{p.codename}"
                for p in group.permissions.select_related("content_type")
            }

        writer, editor, moderator = perms("Writer"), perms("Editor"), perms("Moderator")
        assert "articles.publish_article" in editor
        assert "articles.publish_article" not in writer
        assert {"articles.add_article", "articles.change_article"} <= writer
        assert "articles.delete_article" not in writer
        assert {"articles.change_section", "authors.change_author"} <= editor
        assert {"articles.change_tag", "articles.change_lens"} <= editor
        assert "comments.moderate_comment" in moderator
        assert not any(p.startswith("articles.") for p in moderator)
        assert not any(p.startswith("comments.") for p in writer | editor)


class WriterTests:
    def test_writer_creates_a_draft_that_is_theirs(self, writer):
        client = signed_in(writer)
        data = article_form(make_section(), authors=[make_author()])
        data.pop("published_at_0"), data.pop("published_at_1")

        response = client.post(ADD, data)

        assert response.status_code == 302
        article = Article.objects.get()
        assert article.created_by == writer
        assert article.status == Status.DRAFT

    def test_add_page_offers_draft_or_review_and_no_publication_date(self, writer):
        content = signed_in(writer).get(ADD).content.decode()

        assert '<option value="review">In review</option>' in content
        assert 'value="published"' not in content
        assert 'name="published_at_0"' not in content
        assert 'name="is_featured"' not in content

    def test_writer_submits_their_draft_for_review(self, writer):
        article = own_draft(writer)

        response = signed_in(writer).post(
            change_url(article), edited(article, status=Status.REVIEW)
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.status == Status.REVIEW

    def test_a_bylined_writer_may_edit_the_draft(self, writer):
        article = make_article(
            status=Status.DRAFT,
            published_at=None,
            authors=[make_author(user=writer)],
        )

        response = signed_in(writer).post(
            change_url(article), edited(article, headline="Ferry fares frozen")
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Ferry fares frozen"

    @pytest.mark.parametrize(
        "forged",
        [
            {"status": Status.PUBLISHED},
            {"status": Status.UNPUBLISHED},
            {"published_at_0": "2030-01-01", "published_at_1": "09:00:00"},
            {"is_featured": "on"},
            {"mark_updated": "on"},
        ],
        ids=["publish", "unpublish", "schedule", "lead", "updated"],
    )
    def test_a_forged_publishing_post_is_refused(self, writer, forged):
        article = own_draft(writer)

        response = signed_in(writer).post(
            change_url(article), edited(article, **forged)
        )

        assert response.status_code == 403
        article.refresh_from_db()
        assert article.status == Status.DRAFT
        assert article.published_at is None
        assert not article.is_featured
        assert article.revised_at is None

    def test_a_forged_new_published_article_is_refused(self, writer):
        data = article_form(
            make_section(), authors=[make_author()], status=Status.PUBLISHED
        )

        response = signed_in(writer).post(ADD, data)

        assert response.status_code == 403
        assert not Article.objects.exists()

    def test_publish_action_is_hidden_and_refused(self, writer):
        article = own_draft(writer)
        client = signed_in(writer)

        content = client.get(CHANGELIST).content.decode()
        response = client.post(
            CHANGELIST, {"action": "publish", "_selected_action": [article.pk]}
        )

        assert 'value="publish"' not in content
        assert 'value="submit_for_review"' in content
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_someone_elses_published_article_is_read_only(self, writer):
        article = make_article(headline="Council budget passes")
        client = signed_in(writer)

        page = client.get(change_url(article))
        response = client.post(change_url(article), edited(article, headline="Hacked"))

        assert page.status_code == 200
        assert 'name="_save"' not in page.content.decode()
        assert 'name="bylines-0-author"' not in page.content.decode()
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline == "Council budget passes"

    def test_their_own_published_article_goes_through_an_editor(self, writer):
        article = make_article(headline="Council budget passes")
        Article.objects.filter(pk=article.pk).update(created_by=writer)

        response = signed_in(writer).post(
            change_url(article), edited(article, headline="Changed")
        )

        assert response.status_code == 403

    def test_another_writers_draft_cannot_be_changed(self, writer):
        article = own_draft(make_user(role="Writer"))

        response = signed_in(writer).post(
            change_url(article), edited(article, headline="Mine now")
        )

        assert response.status_code == 403

    def test_submit_action_sends_only_their_own_drafts(self, writer):
        mine, theirs = own_draft(writer), own_draft(make_user(role="Writer"))

        response = signed_in(writer).post(
            CHANGELIST,
            {"action": "submit_for_review", "_selected_action": [mine.pk, theirs.pk]},
            follow=True,
        )

        assert "1 article sent to the editors for review." in response.content.decode()
        mine.refresh_from_db(), theirs.refresh_from_db()
        assert mine.status == Status.REVIEW
        assert theirs.status == Status.DRAFT

    @pytest.mark.parametrize("action", ["unpublish", "delete_selected"])
    def test_other_forged_list_actions_are_refused(self, writer, action):
        article = make_article()
        Article.objects.filter(pk=article.pk).update(created_by=writer)

        response = signed_in(writer).post(
            CHANGELIST, {"action": action, "_selected_action": [article.pk]}
        )

        assert response.status_code in (302, 403)
        article.refresh_from_db()
        assert article.status == Status.PUBLISHED

    def test_sections_authors_tags_and_lenses_are_read_only(self, writer):
        client = signed_in(writer)
        section = make_section()
        changed = {"name": "Mine now", "slug": "mine-now", "position": 1}

        response = client.post(
            reverse("admin:articles_section_change", args=[section.pk]), changed
        )

        assert response.status_code == 403
        for model in ("articles_section", "articles_tag", "articles_lens"):
            assert client.get(reverse(f"admin:{model}_add")).status_code == 403
        assert client.get(reverse("admin:authors_author_add")).status_code == 403

    def test_writer_has_no_comment_moderation(self, writer):
        url = reverse("admin:comments_comment_changelist")
        assert signed_in(writer).get(url).status_code == 403


class EditorTests:
    def test_editor_publishes_from_the_change_form(self, editor, client):
        article = make_article(status=Status.REVIEW, published_at=None)

        response = signed_in(editor).post(
            change_url(article),
            edited(
                article,
                status=Status.PUBLISHED,
                published_at_0="",
                published_at_1="",
            ),
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.is_published
        assert article.updated_by == editor
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_editor_schedules_with_a_future_date(self, editor, client):
        article = make_article(status=Status.REVIEW, published_at=None)
        later = timezone.localtime() + timedelta(days=1)

        response = signed_in(editor).post(
            change_url(article),
            edited(
                article,
                status=Status.PUBLISHED,
                published_at_0=later.strftime("%Y-%m-%d"),
                published_at_1=later.strftime("%H:%M:%S"),
            ),
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.state == "Scheduled"
        assert client.get(article.get_absolute_url()).status_code == 404
        listed = signed_in(editor).get(CHANGELIST + "?state=scheduled")
        assert article.headline in listed.content.decode()

    def test_publish_action_on_a_scheduled_article_puts_it_live_now(
        self, editor, client
    ):
        article = make_article(published_at=timezone.now() + timedelta(days=2))

        response = signed_in(editor).post(
            CHANGELIST,
            {"action": "publish", "_selected_action": [article.pk]},
            follow=True,
        )

        assert "1 article published." in response.content.decode()
        article.refresh_from_db()
        assert article.is_published
        assert client.get(article.get_absolute_url()).status_code == 200

    def test_publishing_from_the_form_is_told_in_the_history(self, editor):
        article = make_article(status=Status.REVIEW, published_at=None)
        later = timezone.localtime() + timedelta(days=1)
        client = signed_in(editor)

        client.post(
            change_url(article),
            edited(
                article,
                status=Status.PUBLISHED,
                published_at_0=later.strftime("%Y-%m-%d"),
                published_at_1=later.strftime("%H:%M:%S"),
            ),
        )
        article.refresh_from_db()
        client.post(
            change_url(article),
            edited(
                article,
                status=Status.PUBLISHED,
                headline="Tram line opens",
                published_at_0=later.strftime("%Y-%m-%d"),
                published_at_1=later.strftime("%H:%M:%S"),
            ),
        )

        comments = [
            version.revision.comment
            for version in Version.objects.get_for_object(article)
        ]
        assert comments[1].startswith("Scheduled for ")
        assert "Changed" in comments[1]
        assert not comments[0].startswith("Scheduled")
        assert "Headline" in comments[0]

    def test_a_picture_in_the_body_without_alt_text_stops_publication(self, editor):
        article = make_article(
            status=Status.REVIEW,
            published_at=None,
            body='<p>Route</p><figure><img src="https://example.org/map.png" '
            'alt=""></figure>',
        )

        response = signed_in(editor).post(
            change_url(article),
            edited(
                article,
                body=article.body,
                status=Status.PUBLISHED,
                published_at_0="",
                published_at_1="",
            ),
        )

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "A picture in the body has no alt text" in errors["body"][0]
        article.refresh_from_db()
        assert article.status == Status.REVIEW

    def test_editor_edits_anyones_published_article(self, editor):
        article = make_article()

        response = signed_in(editor).post(
            change_url(article),
            edited(
                article,
                headline="Harbour reopens",
                published_at_0=timezone.localtime(article.published_at).strftime(
                    "%Y-%m-%d"
                ),
                published_at_1=timezone.localtime(article.published_at).strftime(
                    "%H:%M:%S"
                ),
            ),
        )

        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "Harbour reopens"

    def test_show_as_updated_dates_the_update(self, editor, client):
        article = make_article(published_at=timezone.now() - timedelta(days=2))
        published = timezone.localtime(article.published_at)
        form = edited(
            article,
            published_at_0=published.strftime("%Y-%m-%d"),
            published_at_1=published.strftime("%H:%M:%S"),
            mark_updated="on",
        )
        page = signed_in(editor).get(change_url(article)).content.decode()

        signed_in(editor).post(change_url(article), form)

        article.refresh_from_db()
        assert 'name="mark_updated"' in page
        assert article.was_updated
        assert (
            'class="updated"' in client.get(article.get_absolute_url()).content.decode()
        )

    def test_show_as_updated_is_only_offered_on_published_articles(self, editor):
        article = make_article(status=Status.DRAFT, published_at=None)
        page = signed_in(editor).get(change_url(article)).content.decode()
        assert 'name="mark_updated"' not in page

    def test_a_picture_without_alt_text_is_saved_as_a_draft_not_published(self, editor):
        client = signed_in(editor)
        section, author = make_section(), make_author()

        published = client.post(
            ADD,
            article_form(
                section,
                authors=[author],
                image=make_image_file(),
                status=Status.PUBLISHED,
            ),
        )
        drafted = client.post(
            ADD, article_form(section, authors=[author], image=make_image_file())
        )

        assert published.status_code == 200
        errors = published.context["adminform"].form.errors
        assert "alt text" in errors["image_alt"][0]
        assert drafted.status_code == 302
        assert Article.objects.get().status == Status.DRAFT

    def test_publish_action_refuses_a_picture_without_alt_text(self, editor):
        article = make_article(
            status=Status.DRAFT, published_at=None, image=make_image_file()
        )
        Article.objects.filter(pk=article.pk).update(image_alt="")

        response = signed_in(editor).post(
            CHANGELIST,
            {"action": "publish", "_selected_action": [article.pk]},
            follow=True,
        )

        content = response.content.decode()
        assert "0 articles published." in content
        assert "no alt text" in content
        article.refresh_from_db()
        assert article.status == Status.DRAFT

    def test_editor_manages_sections_authors_and_tags(self, editor):
        client = signed_in(editor)
        for model in ("articles_section", "articles_tag", "articles_lens"):
            assert client.get(reverse(f"admin:{model}_add")).status_code == 200
        assert client.get(reverse("admin:authors_author_add")).status_code == 200

        response = client.post(
            reverse("admin:articles_section_add"),
            {"name": "Culture", "slug": "culture", "position": 5},
        )

        assert response.status_code == 302
        assert Section.objects.filter(slug="culture").exists()


class ModeratorTests:
    def test_moderator_works_the_comment_queue_and_nothing_else(self):
        moderator = make_user(role="Moderator")
        comment = make_comment(make_article(), status=Comment.Status.PENDING)
        client = signed_in(moderator)

        queue = client.get(reverse("admin:comments_comment_changelist"))
        approved = client.post(
            reverse("admin:comments_comment_changelist"),
            {"action": "approve", "_selected_action": [comment.pk]},
        )

        assert queue.status_code == 200
        assert approved.status_code == 302
        comment.refresh_from_db()
        assert comment.status == Comment.Status.APPROVED
        assert client.get(CHANGELIST).status_code == 403
        assert (
            client.get(reverse("admin:articles_section_changelist")).status_code == 403
        )
        assert client.get(reverse("admin:authors_author_changelist")).status_code == 403
        suggest = reverse("admin:articles_tag_suggest")
        assert client.get(suggest, {"q": "tra"}).status_code == 403
