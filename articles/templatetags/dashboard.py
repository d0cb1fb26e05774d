"""Template tags of the admin's own pages: the dashboard on the admin index
(templates/admin/index.html) and the article form's Preview button."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django import template
from django.db.models import Count, Min, Window
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince

from articles.models import Article
from articles.workflow import can_preview, can_publish
from comments.models import Comment

register = template.Library()

# Rows listed per panel; the panel links to the full list.
SHOWN = 10
# Only what a panel row shows is read.
ROW_FIELDS = ("headline", "status", "published_at", "updated_at")


@dataclass
class ArticlePanel:
    key: str
    title: str
    # The admin's article list, filtered to what the panel counts.
    url: str
    articles: list
    total: int
    empty: str

    @property
    def more(self):
        return self.total > len(self.articles)


@dataclass
class CommentPanel:
    url: str
    waiting: int
    oldest_age: str


@register.simple_tag(takes_context=True)
def dashboard(context):
    """The panels `request.user` may act on: articles in review, scheduled
    and their own drafts, for those who may see articles; the comments
    waiting for moderation, for those who may moderate.

    One query per panel shown, however many articles or comments there are.
    """
    user = context["request"].user
    panels = []
    if user.has_perm("articles.view_article"):
        panels += _article_panels(user)
    comments = _comment_panel() if user.has_perm("comments.moderate_comment") else None
    return {"articles": panels, "comments": comments}


def _article_panels(user):
    every = can_publish(user)
    # Editors see the whole newsroom's; anyone else, their own.
    visible = Article.objects.all() if every else Article.objects.written_by(user)
    mine = {} if every else {"writer": "me"}
    panels = [
        _article_panel(
            "review",
            "In review",
            visible.in_review().order_by("updated_at", "pk"),
            {"state": "review", **mine},
            "Nothing is waiting for review.",
        ),
        _article_panel(
            "scheduled",
            "Scheduled",
            visible.scheduled().order_by("published_at", "pk"),
            {"state": "scheduled", **mine},
            "Nothing is scheduled.",
        ),
    ]
    if user.has_perm("articles.add_article"):
        drafts = Article.objects.written_by(user).filter(status=Article.Status.DRAFT)
        panels.append(
            _article_panel(
                "drafts",
                "My drafts",
                drafts.order_by("-updated_at", "-pk"),
                {"state": "draft", "writer": "me"},
                "You have no drafts.",
            )
        )
    return panels


def _article_panel(key, title, articles, filters, empty):
    # The total rides along with the first rows (a window over the whole
    # result): one query for the list and its count.
    rows = list(articles.only(*ROW_FIELDS).annotate(total=Window(Count("*")))[:SHOWN])
    return ArticlePanel(
        key=key,
        title=title,
        url=f"{reverse('admin:articles_article_changelist')}?{urlencode(filters)}",
        articles=rows,
        total=rows[0].total if rows else 0,
        empty=empty,
    )


def _comment_panel():
    found = Comment.objects.pending().aggregate(
        waiting=Count("*"), oldest=Min("created_at")
    )
    oldest = found["oldest"]
    queue = reverse("admin:comments_comment_changelist")
    return CommentPanel(
        url=f"{queue}?{urlencode({'status__exact': Comment.Status.PENDING})}",
        waiting=found["waiting"],
        oldest_age=timesince(oldest, timezone.now(), depth=1) if oldest else "",
    )


@register.simple_tag(takes_context=True)
def preview_url(context, article):
    """Where the article form's Preview button leads, or "" when the button
    is not shown: for a live article ("View on site" is there instead) or
    for someone who may not preview it."""
    user = context["request"].user
    if article is None or article.is_published or not can_preview(user, article):
        return ""
    return reverse("articles:preview", args=[article.pk])
