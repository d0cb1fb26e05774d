"""What the article page needs to show its comments and the reply form."""

from django.urls import reverse

from articles.statements import CompiledOnce

from .forms import CommentForm
from .models import Comment
from .reader import editable_ids, own_comment_ids, remembered_author
from .threads import comment_list_html, comment_threads

APPROVED = Comment.Status.APPROVED
# The query parameter of a comment's "Reply" link.
REPLY_TO_PARAM = "replyto"
# ?order=newest puts the newest conversations first; oldest first otherwise.
ORDER_PARAM, NEWEST = "order", "newest"


def comment_section_context(request, article, form=None):
    """Context for templates/comments/_section.html, in one query.

    `form` is a bound form to show again with its errors; without it, a fresh
    form is pre-filled from the "remember me" cookie (or, for staff, their
    account).
    """
    own_ids = own_comment_ids(request.session)
    comments = thread_rows(article.pk, own_ids)
    form = form or _fresh_form(request, article)
    newest_first = request.GET.get(ORDER_PARAM) == NEWEST
    threads = comment_threads(comments, newest_first=newest_first)
    comments_open = article.comments_open
    article_url = article.get_absolute_url()
    # "Reply" links only while a reply can be posted.
    reply_url = article_url if comments_open else None
    editable = editable_ids(request.session) if own_ids else set()
    return {
        "comments": comments,
        "comment_threads": threads,
        "comment_list": comment_list_html(
            threads, reply_url=reply_url, editable=editable
        ),
        "comment_count": sum(1 for c in comments if c.status == APPROVED),
        "comment_form": form,
        "comments_open": comments_open,
        "comment_post_url": reverse("comments:post", kwargs={"slug": article.slug}),
        "article_url": article_url,
        "newest_first": newest_first,
        "reply_to": _reply_to(request, form, comments),
    }


def thread_rows(article_id, own_ids):
    """The rows of Comment.objects.thread_on_article(), for_thread(): one
    query compiled once per number of the reader's own comments (at most
    OWN_COMMENTS_LIMIT)."""
    return _THREAD.fetch(
        Comment.objects.db, article=article_id, own=sorted(set(own_ids))
    )


def _thread_query(*, article, own):
    return Comment.objects.thread_on_article(article, own).for_thread()


_THREAD = CompiledOnce(_thread_query)


def _fresh_form(request, article):
    author = remembered_author(request)
    initial = author | {"remember": True} if author else {}
    return CommentForm(initial=initial, article=article, request=request)


def _reply_to(request, form, comments):
    """The approved comment the form answers, or None.

    A re-shown form answers the comment it was posted for, if that is still
    valid; a fresh one the comment whose "Reply" link was followed.
    """
    if form.is_bound:
        return getattr(form, "cleaned_data", {}).get("parent")
    try:
        wanted = int(request.GET.get(REPLY_TO_PARAM, ""))
    except ValueError:
        return None
    return next(
        (c for c in comments if c.pk == wanted and c.status == APPROVED),
        None,
    )
