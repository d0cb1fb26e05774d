"""Arrange a flat, oldest-first list of comments into reply threads, and
write the threads' markup for the article page."""

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from .models import Comment

# Replies deeper than this are shown at this depth, in the order they were
# posted: narrow screens stay readable and the markup never nests deeply.
MAX_DEPTH = 4


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


def comment_threads(comments) -> list[CommentNode]:
    """Top-level comments with their replies nested under them.

    A reply whose parent is not in `comments` (still pending, rejected)
    stands at the top level rather than disappearing.
    """
    comments = list(comments)
    nodes = {comment.pk: CommentNode(comment) for comment in comments}
    roots = []
    for comment in comments:
        parent = nodes.get(comment.parent_id)
        (parent.replies if parent else roots).append(nodes[comment.pk])
    order = {comment.pk: position for position, comment in enumerate(comments)}
    for root in roots:
        _flatten_below(root, MAX_DEPTH, order)
    return roots


def _flatten_below(node, depth, order):
    if depth > 1:
        for reply in node.replies:
            _flatten_below(reply, depth - 1, order)
        return
    descendants, stack = [], list(node.replies)
    while stack:
        reply = stack.pop()
        descendants.append(reply)
        stack.extend(reply.replies)
        reply.replies = []
    node.replies = sorted(descendants, key=lambda n: order[n.comment.pk])


# The markup of one comment. It is written here rather than in a template
# included once per comment: a long thread spent most of the article page's
# time in the template engine. A comment's replies go in its article, before
# COMMENT_END.
COMMENT_HTML = """<li>
  <article id="comment-{id}" class="comment{pending_class}">
    <header class="comment-meta">
      <p class="comment-author">{name}</p>
      <p class="comment-date"><a href="#comment-{id}"><time datetime="{iso_date}">{shown_date}</time></a></p>
    </header>
{awaiting}    <div class="comment-body">{body}</div>
{reply}"""  # noqa: E501
AWAITING_HTML = (
    '    <p class="comment-awaiting">Your comment is awaiting moderation.</p>\n'
)
REPLY_HTML = """\
    <p class="comment-reply"><a href="{url}?replyto={id}#respond" data-reply-to="{id}" data-reply-name="{name}">Reply<span class="visually-hidden"> to {name}</span></a></p>
"""  # noqa: E501
REPLIES_START = '    <ol class="comment-replies">\n'
REPLIES_END = "    </ol>\n"
COMMENT_END = "  </article>\n</li>\n"

# How the page shows when a comment was posted (Django date format).
SHOWN_DATE_FORMAT = r"F j, Y \a\t g:i a"


@dataclass(frozen=True, slots=True)
class _Page:
    # The article's address for "Reply" links; None when comments are closed.
    reply_url: str | None
    language: str
    zone: object


def comment_list_html(threads: list[CommentNode], *, reply_url=None) -> SafeString:
    """The `<li>` of each comment in `threads`, each reply inside its parent's.

    `reply_url` is the article's address, for the "Reply" link of every
    approved comment; without it (comments closed) there is none.
    """
    if reply_url is not None:
        reply_url = html.escape(reply_url)
    page = _Page(reply_url, get_language(), timezone.get_current_timezone())
    parts = []
    _add_html(parts, threads, page)
    return mark_safe("".join(parts))


def _add_html(parts, nodes, page):
    for node in nodes:
        parts.append(_comment_html(node.comment, page))
        if node.replies:
            parts.append(REPLIES_START)
            _add_html(parts, node.replies, page)
            parts.append(REPLIES_END)
        parts.append(COMMENT_END)


def _comment_html(comment, page):
    # Plain str.format: format_html's escaping of each value cost as much as
    # everything else here. Every value is escaped before it goes in.
    pending = comment.is_pending
    posted = timezone.localtime(comment.created_at, page.zone)
    name = html.escape(comment.name)
    reply = ""
    if page.reply_url is not None and not pending:
        reply = REPLY_HTML.format(url=page.reply_url, id=comment.pk, name=name)
    return COMMENT_HTML.format(
        # An int, so never localized as a number in a template is ("1,234").
        id=comment.pk,
        pending_class=" comment--pending" if pending else "",
        name=name,
        iso_date=posted.isoformat(),
        shown_date=_shown_date(
            page.language, posted.replace(tzinfo=None, second=0, microsecond=0)
        ),
        awaiting=AWAITING_HTML if pending else "",
        body=paragraphs(comment.body),
        reply=reply,
    )


@lru_cache(maxsize=4096)
def _shown_date(language, wall_clock):
    # Formatting a date is the dearest part of a long thread, and what it
    # prints depends only on the language and the local wall-clock minute
    # (not on the zone's name or offset, which the format leaves out).
    return conditional_escape(formats.date_format(wall_clock, SHOWN_DATE_FORMAT))


_PARAGRAPH_BREAK = re.compile("\n{2,}")


def paragraphs(text: str) -> SafeString:
    """`text` escaped, a paragraph per blank-line-separated block, `<br>` for
    the other line breaks: exactly what Django's `linebreaks` filter makes of
    it with autoescaping, at a fraction of the cost (no lazy-string checks,
    and most comments are one paragraph).
    """
    if "\n" not in text and "\r" not in text:
        return mark_safe("<p>" + html.escape(text) + "</p>")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return mark_safe(
        "\n\n".join(
            "<p>" + html.escape(block).replace("\n", "<br>") + "</p>"
            for block in _PARAGRAPH_BREAK.split(text)
        )
    )
