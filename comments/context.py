"""What the article page needs to show its comments and the reply form."""

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles.statements import CompiledOnce
from newsroom.addresses import slug_url

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
    account), or is the blank form every anonymous reader first sees
    (blank_form_html()).
    """
    own_ids = own_comment_ids(request.session)
    comments = thread_rows(article.pk, own_ids)
    newest_first = request.GET.get(ORDER_PARAM) == NEWEST
    threads = comment_threads(comments, newest_first=newest_first)
    comments_open = article.comments_open
    article_url = article.get_absolute_url()
    post_url = slug_url("comments:post", article.slug)
    reply_to = _reply_to(request, form, comments)
    author = None if form else remembered_author(request)
    form_html = None
    if (
        form is None
        and comments_open
        and reply_to is None
        and _is_blank(request, author)
    ):
        form_html = blank_form_html(article, post_url, article_url)
    else:
        form = form or _fresh_form(request, article, author)
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
        "comment_form_html": form_html,
        "comments_open": comments_open,
        "comment_post_url": post_url,
        "article_url": article_url,
        "newest_first": newest_first,
        "reply_to": reply_to,
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


def _fresh_form(request, article, author):
    initial = author | {"remember": True} if author else {}
    return CommentForm(initial=initial, article=article, request=request)


# Put in the blank form where the addresses of its article go.
POST_URL_STAND_IN = "/blank-form/post-url/"
ARTICLE_URL_STAND_IN = "/blank-form/article-url/"
_blank_forms = {}


def _is_blank(request, author):
    """Whether this reader's form starts empty: not signed in (staff post as
    themselves, and a signed-in form carries a CSRF token) and no name
    remembered (`author`, from the "remember me" cookie)."""
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return not signed_in and author is None


def blank_form_html(article, post_url, article_url):
    """templates/comments/_form.html as every anonymous reader first sees it
    under an article open to comments, replying to no one.

    That form differs from one article to the next only by two addresses, so
    it is rendered once per process and the addresses put in: building and
    rendering it took a tenth of an article page. Settings change it (the
    captcha, the length limit): a change of setting renders it again, and
    with DEBUG on it is rendered every time, so edits to templates show."""
    html = _blank_forms.get("html")
    if html is None:
        html = _render_blank_form(article)
        if not settings.DEBUG:
            _blank_forms["html"] = html
    return mark_safe(
        html.replace(POST_URL_STAND_IN, escape(post_url)).replace(
            ARTICLE_URL_STAND_IN, escape(article_url)
        )
    )


def _render_blank_form(article):
    context = {
        "form": CommentForm(article=article),
        "comment_post_url": POST_URL_STAND_IN,
        "article_url": ARTICLE_URL_STAND_IN,
        "reply_to": None,
    }
    return render_to_string("comments/_form.html", context)


@receiver(setting_changed)
def _forget_blank_form(**kwargs):
    _blank_forms.clear()


def _reply_to(request, form, comments):
    """The approved comment the form answers, or None.

    A re-shown form answers the comment it was posted for, if that is still
    valid; a fresh one the comment whose "Reply" link was followed.
    """
    if form is not None and form.is_bound:
        return getattr(form, "cleaned_data", {}).get("parent")
    try:
        wanted = int(request.GET.get(REPLY_TO_PARAM, ""))
    except ValueError:
        return None
    return next(
        (c for c in comments if c.pk == wanted and c.status == APPROVED),
        None,
    )
