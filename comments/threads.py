"""Arrange a flat, oldest-first list of comments into reply threads."""

from dataclasses import dataclass, field
from functools import lru_cache

from django.utils import formats, timezone
from django.utils.html import conditional_escape, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import Comment

# Replies deeper than this are shown at this depth, in the order they were
# posted: narrow screens stay readable and the template never recurses deeply.
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


# How the page shows when a comment was posted (Django date format).
SHOWN_DATE_FORMAT = r"F j, Y \a\t g:i a"


@dataclass(slots=True)
class CommentRow:
    """One comment in reading order, with what the page prints ready-made.

    The page nests each comment's replies in a list inside it; with rows the
    template draws that nesting in one flat loop: a row that `opens_replies`
    starts its replies' list, and the last row inside one or more lists
    closes them (`closes`).
    """

    comment: Comment
    id: str
    name: str
    body: str
    iso_date: str
    shown_date: str
    opens_replies: bool
    closes: int = 0

    @property
    def closing(self):
        return range(self.closes)


def comment_rows(threads: list[CommentNode]) -> list[CommentRow]:
    """The comments of `threads` in reading order, for the flat template loop."""
    rows = []
    _add_rows(rows, threads, (get_language(), timezone.get_current_timezone()))
    return rows


def _add_rows(rows, nodes, locale):
    for node in nodes:
        rows.append(_row(node.comment, locale, opens_replies=bool(node.replies)))
        if node.replies:
            _add_rows(rows, node.replies, locale)
            rows[-1].closes += 1


def _row(comment, locale, *, opens_replies):
    language, zone = locale
    posted = timezone.localtime(comment.created_at, zone)
    return CommentRow(
        comment=comment,
        # Digits only, and never localized as a number in a template is:
        # that costs time and would read "1,234" with a thousands separator.
        id=mark_safe(str(comment.pk)),
        # Escaped here once rather than wherever the template prints them.
        name=conditional_escape(comment.name),
        body=mark_safe(linebreaks(comment.body, autoescape=True)),
        iso_date=mark_safe(posted.isoformat()),
        shown_date=_shown_date(
            language, posted.replace(tzinfo=None, second=0, microsecond=0)
        ),
        opens_replies=opens_replies,
    )


@lru_cache(maxsize=4096)
def _shown_date(language, wall_clock):
    # Formatting a date is the dearest part of a long thread, and what it
    # prints depends only on the language and the local wall-clock minute
    # (not on the zone's name or offset, which the format leaves out).
    return conditional_escape(formats.date_format(wall_clock, SHOWN_DATE_FORMAT))
