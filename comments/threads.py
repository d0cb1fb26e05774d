"""Arrange a flat, oldest-first list of comments into reply threads, and
write the threads' markup for the article page."""

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from django.conf import settings
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from newsroom.addresses import around

from .models import Comment
from .reader import CHANGEABLE

APPROVED, DELETED = Comment.Status.APPROVED, Comment.Status.DELETED


@dataclass
class CommentNode:
    comment: Comment
    replies: list["CommentNode"] = field(default_factory=list)


def comment_threads(comments, *, newest_first=False) -> list[CommentNode]:
    """Top-level comments with their replies nested under them.

    `comments` come oldest first. A reply whose parent is not in `comments`
    (still pending, rejected) stands at the top level rather than
    disappearing. A deleted comment stays only as the placeholder its
    remaining replies hang on. Replies deeper than COMMENTS_MAX_DEPTH levels
    are shown at that level, in the order they were posted: narrow screens stay
    readable and the markup never nests deeply. `newest_first` turns the
    order of the top-level comments only: replies still follow the comment
    they answer, oldest first.
    """
    comments = list(comments)
    depth = max_depth()
    nodes = {comment.pk: CommentNode(comment) for comment in comments}
    roots = []
    for comment in comments:
        # One level only: every comment stands on its own.
        parent = nodes.get(comment.parent_id) if depth > 1 else None
        (parent.replies if parent else roots).append(nodes[comment.pk])
    if any(comment.status == DELETED for comment in comments):
        roots = _without_empty_placeholders(roots)
    order = {comment.pk: position for position, comment in enumerate(comments)}
    for root in roots:
        # The comments one level above the deepest hold every reply below.
        _flatten_below(root, depth - 1, order)
    if newest_first:
        roots.reverse()
    return roots


def max_depth() -> int:
    """The levels a thread shows, its top-level comments included
    (COMMENTS_MAX_DEPTH): 3 is a comment, replies, and replies to those."""
    return max(1, settings.COMMENTS_MAX_DEPTH)


def _without_empty_placeholders(roots):
    """`roots` less every deleted comment that has no reply left to show.

    Children are seen before their parents (reversed pre-order, without
    recursion: a long chain of replies must not reach Python's limit), so a
    deleted comment whose only replies were deleted too goes as well.
    """
    preorder, stack = [], list(roots)
    while stack:
        node = stack.pop()
        preorder.append(node)
        stack.extend(node.replies)
    dropped = set()
    for node in reversed(preorder):
        node.replies = [reply for reply in node.replies if id(reply) not in dropped]
        if node.comment.status == DELETED and not node.replies:
            dropped.add(id(node))
    return [root for root in roots if id(root) not in dropped]


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


# The markup of one comment, written here rather than in a template included
# once per comment: a long thread spent most of the article page's time in the
# template engine. f-strings rather than str.format with named fields: a
# sixth of the time. Every value is escaped before it goes in. A comment's
# replies go in its article, before COMMENT_END. Names are isolated in <bdi>: a
# right-to-left name cannot reorder the words printed after it.
def _comment_markup(pk, classes, name, staff, iso_date, shown_date, edited, body):
    return f"""<li>
  <article id="comment-{pk}" class="comment{classes}">
    <header class="comment-meta">
      <p class="comment-author"><bdi>{name}</bdi>{staff}</p>
      <p class="comment-date"><a href="#comment-{pk}"><time datetime="{iso_date}">{shown_date}</time></a>{edited}</p>
    </header>
{body}"""  # noqa: E501


def _body_markup(body, awaiting=""):
    return f'{awaiting}    <div class="comment-body">{body}</div>\n'


def _actions_markup(links):
    return f'    <p class="comment-actions">{links}</p>\n'


def _reply_link(reply_url, pk, name):
    return f'<a class="comment-reply" href="{reply_url}?replyto={pk}#respond" data-reply-to="{pk}" data-reply-name="{name}">Reply<span class="visually-hidden"> to <bdi>{name}</bdi></span></a>'  # noqa: E501


def _report_link(report, pk, name):
    return f'<a class="comment-report" href="{report(pk)}" rel="nofollow">Report<span class="visually-hidden"> the comment by <bdi>{name}</bdi></span></a>'  # noqa: E501


def _own_links(edit, delete):
    return f'<a class="comment-edit" href="{edit}" rel="nofollow">Edit<span class="visually-hidden"> your comment</span></a> <a class="comment-delete" href="{delete}" rel="nofollow">Delete<span class="visually-hidden"> your comment</span></a>'  # noqa: E501


STAFF_HTML = ' <span class="comment-badge">Staff</span>'
EDITED_HTML = ' <span class="comment-edited">(edited)</span>'
AWAITING_HTML = (
    '    <p class="comment-awaiting">Your comment is awaiting moderation.</p>\n'
)
# What stays of a deleted comment that others answered: no name, no text.
DELETED_HTML = """<li>
  <article id="comment-{id}" class="comment comment--deleted">
    <p class="comment-deleted">This comment was deleted.</p>
"""
REPLIES_START = '    <ol class="comment-replies">\n'
REPLIES_END = "    </ol>\n"
COMMENT_END = "  </article>\n</li>\n"

# How the page shows when a comment was posted (Django date format).
SHOWN_DATE_FORMAT = r"F j, Y \a\t g:i a"


class _Address:
    """A comment page's address, split around the comment's id once
    (newsroom.addresses), its parts escaped once: not per comment."""

    __slots__ = ("url_name", "parts")

    def __init__(self, url_name):
        self.url_name = url_name
        found = around(url_name, "pk")
        self.parts = found and tuple(html.escape(part) for part in found)

    def __call__(self, pk):
        if self.parts is None:
            return html.escape(reverse(self.url_name, kwargs={"pk": pk}))
        start, end = self.parts
        return f"{start}{pk}{end}"


class _Page:
    """What every comment of one page shares, worked out once."""

    __slots__ = ("editable", "depth", "language", "zone", "edit", "delete")
    __slots__ += ("report", "reply_url")

    def __init__(self, reply_url, editable):
        self.editable = frozenset(editable)
        self.depth = max_depth()
        self.language = get_language()
        self.zone = timezone.get_current_timezone()
        self.edit = _Address("comments:edit")
        self.delete = _Address("comments:delete")
        self.report = _Address("comments:report")
        # None when comments are closed: no "Reply" link.
        self.reply_url = None if reply_url is None else html.escape(reply_url)


def comment_list_html(
    threads: list[CommentNode], *, reply_url=None, editable=()
) -> SafeString:
    """The `<li>` of each comment in `threads`, each reply inside its parent's.

    `reply_url` is the article's address, for the "Reply" link of every
    approved comment above the deepest level; without it (comments closed)
    there is none. `editable` are the ids of this reader's own comments they
    may still change: those get "Edit" and "Delete" links.
    """
    page = _Page(reply_url, editable)
    parts = []
    _add_html(parts, threads, page, 1)
    return mark_safe("".join(parts))


def _add_html(parts, nodes, page, depth):
    for node in nodes:
        if node.comment.status == DELETED:
            parts.append(DELETED_HTML.format(id=node.comment.pk))
        else:
            parts.append(_comment_html(node.comment, page, depth))
        if node.replies:
            parts.append(REPLIES_START)
            _add_html(parts, node.replies, page, depth + 1)
            parts.append(REPLIES_END)
        parts.append(COMMENT_END)


def _comment_html(comment, page, depth):
    # Anything not approved here is the reader's own, waiting.
    pk = comment.pk
    approved = comment.status == APPROVED
    posted = comment.created_at.astimezone(page.zone)
    name = html.escape(comment.name)
    body = paragraphs(comment.body)
    head = _comment_markup(
        pk,
        "" if approved else " comment--pending",
        name,
        STAFF_HTML if comment.by_staff else "",
        posted.isoformat(),
        _shown_date(
            page.language, posted.replace(tzinfo=None, second=0, microsecond=0)
        ),
        EDITED_HTML if comment.edited_at else "",
        _body_markup(body) if approved else _body_markup(body, AWAITING_HTML),
    )
    return head + _actions(comment, page, depth, approved, name)


def _actions(comment, page, depth, approved, name):
    """The links under a comment: the reader's own get Edit and Delete,
    approved ones Reply (above the deepest level, while comments are open)
    and Report."""
    pk = comment.pk
    if pk in page.editable and comment.status in CHANGEABLE:
        return _actions_markup(_own_links(page.edit(pk), page.delete(pk)))
    if not approved:
        return ""
    report = _report_link(page.report, pk, name)
    if page.reply_url is not None and depth < page.depth:
        return _actions_markup(f"{_reply_link(page.reply_url, pk, name)} {report}")
    return _actions_markup(report)


@lru_cache(maxsize=4096)
def _shown_date(language, wall_clock):
    # Formatting a date is the dearest part of a long thread, and what it
    # prints depends only on the language and the local wall-clock minute
    # (not on the zone's name or offset, which the format leaves out).
    return conditional_escape(formats.date_format(wall_clock, SHOWN_DATE_FORMAT))


_PARAGRAPH_BREAK = re.compile("\n{2,}")
# A web address in a comment: http or https only, so that no other scheme
# (javascript:, data:) ever becomes a link. It ends at a space, a quote or an
# angle bracket; punctuation closing a sentence is left out of it.
_URL = re.compile(r"\bhttps?://[^\s<>\"'`]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?)]}*"
LINK_HTML = '<a href="{url}" rel="nofollow ugc noopener">{url}</a>'


def paragraphs(text: str) -> SafeString:
    """`text` escaped, a paragraph per blank-line-separated block, `<br>` for
    the other line breaks: exactly what Django's `linebreaks` filter makes of
    it with autoescaping, at a fraction of the cost (no lazy-string checks,
    not even mark_safe's, and most comments are one paragraph). Web addresses
    become links that pass on no ranking (rel="nofollow ugc") and no access to
    this page.
    """
    if "\n" not in text and "\r" not in text:
        return SafeString("<p>" + linked(text) + "</p>")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return SafeString(
        "\n\n".join(
            "<p>" + linked(block).replace("\n", "<br>") + "</p>"
            for block in _PARAGRAPH_BREAK.split(text)
        )
    )


def linked(text: str) -> str:
    """`text` escaped, with each http(s) address in it made a link."""
    # Most comments have no address: one scan for "://" settles it.
    match = _URL.search(text) if "://" in text else None
    if match is None:
        return html.escape(text)
    parts, done = [], 0
    while match is not None:
        url = _without_trailing_punctuation(match.group())
        start = match.start()
        if url.partition("://")[2]:
            parts.append(html.escape(text[done:start]))
            parts.append(LINK_HTML.format(url=html.escape(url)))
            done = start + len(url)
        match = _URL.search(text, match.end())
    parts.append(html.escape(text[done:]))
    return "".join(parts)


def _without_trailing_punctuation(url):
    while url and url[-1] in _URL_TRAILING:
        # A closing bracket that closes one in the address stays:
        # https://en.wikipedia.org/wiki/Bus_(disambiguation)
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url
