"""The admin index: what each person has to act on, linked to the lists."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment
from tests.articles.pages import query_count
from tests.factories import make_article, make_comment, make_user, signed_in

pytestmark = pytest.mark.django_db

Status = Article.Status
INDEX = reverse("admin:index")
ARTICLES = reverse("admin:articles_article_changelist")
QUEUE = reverse("admin:comments_comment_changelist")


def panel(html, key):
    """The inner HTML of the dashboard panel `key`, or None if not shown."""
    match = re.search(rf'<section [^>]*id="desk-{key}".*?</section>', html, re.S)
    return match.group(0) if match else None


def text(html):
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def dashboard(user):
    response = signed_in(user).get(INDEX)
    assert response.status_code == 200
    return response.content.decode()


def own(article, user):
    Article.objects.filter(pk=article.pk).update(created_by=user)
    return article


def in_review(**overrides):
    return make_article(status=Status.REVIEW, published_at=None, **overrides)


def draft(**overrides):
    return make_article(status=Status.DRAFT, published_at=None, **overrides)


def scheduled(hours=3, **overrides):
    later = timezone.now() + timedelta(hours=hours)
    return make_article(published_at=later, **overrides)


def waiting_comment(age):
    comment = make_comment(make_article(), status=Comment.Status.PENDING)
    Comment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - age)
    return comment


@pytest.fixture
def editor():
    return make_user(role="Editor")


@pytest.fixture
def writer():
    return make_user(role="Writer")


class WhoSeesWhichPanelTests:
    def test_editor_sees_the_article_panels_but_not_the_comment_queue(self, editor):
        html = dashboard(editor)
        assert panel(html, "review") and panel(html, "scheduled")
        assert panel(html, "drafts")
        assert panel(html, "comments") is None

    def test_writer_sees_article_panels_and_no_comment_panel(self, writer):
        html = dashboard(writer)
        assert panel(html, "review") and panel(html, "drafts")
        assert panel(html, "comments") is None

    def test_moderator_sees_only_the_comment_queue(self):
        html = dashboard(make_user(role="Moderator"))
        assert panel(html, "comments")
        for key in ("review", "scheduled", "drafts"):
            assert panel(html, key) is None

    def test_writer_who_may_moderate_sees_the_comment_queue_too(self, writer):
        from django.contrib.auth.models import Group

        writer.groups.add(Group.objects.get(name="Moderator"))
        html = dashboard(writer)
        assert panel(html, "comments") and panel(html, "drafts")

    def test_superuser_sees_every_panel(self):
        boss = get_user_model().objects.create_superuser("boss", "b@example.org", "x")
        html = dashboard(boss)
        for key in ("review", "scheduled", "drafts", "comments"):
            assert panel(html, key), key


class InReviewPanelTests:
    def test_editor_sees_every_article_in_review(self, editor, writer):
        own(in_review(headline="Tram fares rise"), writer)
        in_review(headline="School roof repaired")
        draft(headline="Not yet sent")
        section = panel(dashboard(editor), "review")
        assert "Tram fares rise" in section and "School roof repaired" in section
        assert "Not yet sent" not in section
        assert f'href="{ARTICLES}?state=review"' in section

    def test_writer_sees_only_their_own(self, writer):
        own(in_review(headline="Tram fares rise"), writer)
        in_review(headline="Someone else's story")
        section = panel(dashboard(writer), "review")
        assert "Tram fares rise" in section
        assert "Someone else" not in section
        assert f'href="{ARTICLES}?state=review&amp;writer=me"' in section

    def test_each_row_links_to_the_article_form(self, editor):
        article = in_review()
        change = reverse("admin:articles_article_change", args=[article.pk])
        assert f'href="{change}"' in panel(dashboard(editor), "review")

    def test_empty_panel_says_so(self, editor):
        assert "Nothing is waiting for review." in panel(dashboard(editor), "review")

    def test_list_is_capped_with_a_link_to_all(self, editor):
        for _ in range(13):
            in_review()
        section = panel(dashboard(editor), "review")
        assert section.count("<li>") == 10
        assert f'<a href="{ARTICLES}?state=review">All 13 →</a>' in section
        assert "13" in text(section.split("</h2>")[0])

    def test_filtered_list_the_panel_links_to_shows_the_same_articles(self, editor):
        in_review(headline="Tram fares rise")
        draft(headline="Not yet sent")
        client = signed_in(editor)
        listed = client.get(f"{ARTICLES}?state=review").content.decode()
        assert "Tram fares rise" in listed and "Not yet sent" not in listed


class ScheduledPanelTests:
    def test_shows_go_live_times_soonest_first(self, editor):
        later = scheduled(hours=30, headline="Budget day coverage")
        scheduled(hours=2, headline="Election night live")
        make_article(headline="Already out")
        section = panel(dashboard(editor), "scheduled")
        assert section.index("Election night") < section.index("Budget day")
        assert "Already out" not in section
        iso = timezone.localtime(later.published_at).isoformat()
        assert f'goes live <time datetime="{iso}">' in section
        assert f'href="{ARTICLES}?state=scheduled"' in section

    def test_writer_sees_only_their_own(self, writer):
        own(scheduled(headline="Mine, embargoed"), writer)
        scheduled(headline="Another desk's story")
        section = panel(dashboard(writer), "scheduled")
        assert "Mine, embargoed" in section
        assert "Another desk" not in section


class DraftsPanelTests:
    def test_shows_only_the_persons_own_drafts(self, editor):
        own(draft(headline="My half-written piece"), editor)
        draft(headline="A colleague's draft")
        own(in_review(headline="Already sent on"), editor)
        section = panel(dashboard(editor), "drafts")
        assert "My half-written piece" in section
        assert "colleague" not in section and "Already sent" not in section
        assert f'href="{ARTICLES}?state=draft&amp;writer=me"' in section

    def test_empty_panel_says_so(self, writer):
        assert "You have no drafts." in panel(dashboard(writer), "drafts")


class CommentPanelTests:
    def test_counts_waiting_comments_and_the_age_of_the_oldest(self):
        waiting_comment(timedelta(hours=3, minutes=10))
        waiting_comment(timedelta(minutes=5))
        make_comment(make_article(), status=Comment.Status.APPROVED)
        section = panel(dashboard(make_user(role="Moderator")), "comments")
        assert "2 waiting, the oldest for 3 hours." in text(section)
        assert f'href="{QUEUE}?status__exact=pending"' in section

    def test_empty_queue_says_so(self):
        section = panel(dashboard(make_user(role="Moderator")), "comments")
        assert "No comment is waiting for moderation." in section

    def test_the_queue_link_lists_the_waiting_comments(self):
        waiting = waiting_comment(timedelta(hours=1))
        approved = make_comment(make_article(), body="Already approved.")
        client = signed_in(make_user(role="Moderator"))
        listed = client.get(f"{QUEUE}?status__exact=pending").content.decode()
        assert waiting.body in listed
        assert approved.body not in listed


class DashboardQueryTests:
    def test_editor_dashboard_costs_the_same_however_much_is_waiting(self, editor):
        boss = get_user_model().objects.create_superuser("boss", "b@example.org", "x")
        client = signed_in(boss)
        quiet = query_count(client, INDEX)
        for _ in range(15):
            own(draft(), boss)
            own(in_review(), boss)
            scheduled()
            waiting_comment(timedelta(hours=2))
        busy = query_count(client, INDEX)
        assert busy == quiet
        html = client.get(INDEX).content.decode()
        assert html.count("All 15 →") == 3

    def test_writer_dashboard_costs_the_same_however_much_is_waiting(self, writer):
        client = signed_in(writer)
        quiet = query_count(client, INDEX)
        for _ in range(12):
            own(draft(), writer)
            own(in_review(), writer)
        assert query_count(client, INDEX) == quiet
