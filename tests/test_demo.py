import functools
import io
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from articles.demo import loader
from articles.models import AnalysisEntry, Article, Lens, Section, Tag
from authors.models import Author
from comments.models import Comment
from tests.factories import sign_in

pytestmark = pytest.mark.django_db

DEMO_PASSWORD = "newsroom-demo"


@pytest.fixture(autouse=True, scope="module")
def _draw_each_picture_once():
    """A picture depends only on its seed: drawing each one once per module
    keeps these tests quick while still running the real drawing code."""
    with (
        mock.patch.object(loader, "illustration", functools.cache(loader.illustration)),
        mock.patch.object(loader, "portrait", functools.cache(loader.portrait)),
    ):
        yield


def load_demo():
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def snapshot(media_root):
    """Everything a second run could add to or change."""
    models = [Section, Lens, Author, Article, Tag, AnalysisEntry, Comment]
    return {
        "counts": {model.__name__: model.objects.count() for model in models},
        "users": list(get_user_model().objects.values_list("username", "password")),
        "articles": list(
            Article.objects.values_list("slug", "image", "updated_at", "body")
        ),
        "photos": list(Author.objects.values_list("slug", "photo")),
        "comments": list(Comment.objects.values_list("pk", "status", "created_at")),
        "files": sorted(str(path) for path in media_root.rglob("*")),
    }


class LoadDemoTests:
    def test_sections_and_authors_with_photos(self):
        load_demo()
        assert Section.objects.count() >= 3
        authors = list(Author.objects.all())
        assert len(authors) >= 3
        for author in authors:
            assert author.photo.storage.exists(author.photo.name)
            assert author.bio and author.job_title and author.beats

    def test_published_articles_have_pictures_alt_text_and_bylines(self):
        load_demo()
        published = list(Article.objects.published())
        assert len(published) >= 12
        for article in published:
            assert article.image.storage.exists(article.image.name)
            assert article.image_alt and article.image_credit
            assert article.byline_authors
            assert "<h2>" in article.body
        assert [a.is_featured for a in published].count(True) == 1

    def test_draft_and_scheduled_articles_stay_hidden(self):
        load_demo()
        hidden = Article.objects.exclude(pk__in=Article.objects.published())
        assert {article.state for article in hidden} == {
            "Draft",
            "In review",
            "Scheduled",
        }

    def test_each_role_has_an_account_and_the_writer_owns_the_unpublished(self):
        load_demo()
        for username, role in (
            ("editor", "Editor"),
            ("writer", "Writer"),
            ("moderator", "Moderator"),
        ):
            user = get_user_model().objects.get(username=username)
            assert user.is_staff and user.check_password(DEMO_PASSWORD)
            assert list(user.groups.values_list("name", flat=True)) == [role]
        writer = get_user_model().objects.get(username="writer")
        created = Article.objects.filter(created_by=writer)
        assert {article.status for article in created} == {"draft", "review"}
        assert writer.author_profile.slug == "ines-haddad"

    def test_tags_are_shared_and_one_is_not_latin(self):
        load_demo()
        tags = Tag.objects.all()
        assert any(tag.tagged_articles.count() >= 3 for tag in tags)
        non_latin = [tag for tag in tags if not tag.name.isascii()]
        assert non_latin
        assert reverse("articles:tag", kwargs={"slug": non_latin[0].slug})

    def test_several_articles_carry_an_analysis(self):
        load_demo()
        analysed = Article.objects.filter(analysis_entries__isnull=False).distinct()
        assert analysed.count() >= 5

    def test_comments_include_a_reply_and_a_moderation_queue(self):
        load_demo()
        assert Comment.objects.approved().filter(parent__isnull=False).exists()
        assert Comment.objects.pending().count() >= 3
        published = Article.objects.published()
        assert not Comment.objects.exclude(article__in=published).exists()

    def test_the_desk_answers_a_reader_as_staff(self, client):
        load_demo()
        reply = Comment.objects.get(by_staff=True)
        assert reply.status == Comment.Status.APPROVED
        assert reply.parent.name == "Lena Sørensen"
        assert reply.user.username == "admin"

    def test_admin_signs_in_with_the_demo_password(self, client):
        load_demo()
        assert sign_in(client, "admin", DEMO_PASSWORD)
        assert client.get("/admin/").status_code == 200

    def test_summary_gives_the_counts(self):
        output = load_demo()
        assert "4 sections" in output
        assert (
            "17 articles (14 published, 1 scheduled, 1 in review, 1 in draft)" in output
        )
        assert "3 waiting for moderation" in output

    def test_moderators_see_where_each_comment_came_from(self, client):
        load_demo()
        sign_in(client, "admin", DEMO_PASSWORD)

        queue = client.get(reverse("admin:comments_comment_changelist"))

        assert not Comment.objects.filter(ip_address__isnull=True).exists()
        assert "203.0.113." in queue.content.decode()


class LoadDemoAgainTests:
    def test_second_run_changes_nothing(self, settings):
        load_demo()
        before = snapshot(settings.MEDIA_ROOT)
        load_demo()
        assert snapshot(settings.MEDIA_ROOT) == before

    def test_second_run_restores_the_admin_account(self, client):
        load_demo()
        admin = get_user_model().objects.get(username="admin")
        admin.set_password("forgotten")
        admin.is_superuser = False
        admin.save()
        load_demo()
        assert sign_in(client, "admin", DEMO_PASSWORD)
        assert get_user_model().objects.get(username="admin").is_superuser

    def test_second_run_redraws_only_a_missing_picture(self):
        load_demo()
        lost, kept = Article.objects.all()[:2]
        lost.image.storage.delete(lost.image.name)
        load_demo()
        lost.refresh_from_db()
        assert lost.image.storage.exists(lost.image.name)
        assert Article.objects.get(pk=kept.pk).image.name == kept.image.name
