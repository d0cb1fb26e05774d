"""What the article page needs to show its comments and the reply form."""

from django.urls import reverse

from .forms import CommentForm
from .models import Comment
from .reader import own_comment_ids, remembered_author
from .threads import comment_threads


def comment_section_context(request, article, form=None):
    """Context for templates/comments/_section.html, in one query.

    `form` is a bound form to show again with its errors; without it, a fresh
    form is pre-filled from the "remember me" cookie.
    """
    own_ids = own_comment_ids(request.session)
    comments = list(Comment.objects.visible_on_article(article, own_ids))
    return {
        "comments": comments,
        "comment_threads": comment_threads(comments),
        "comment_count": sum(1 for c in comments if not c.is_pending),
        "comment_form": form or _fresh_form(request, article),
        "comments_open": article.comments_enabled,
        "comment_post_url": reverse("comments:post", kwargs={"slug": article.slug}),
    }


def _fresh_form(request, article):
    author = remembered_author(request)
    initial = author | {"remember": True} if author else {}
    return CommentForm(initial=initial, comments_open=article.comments_enabled)
