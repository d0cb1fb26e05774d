"""Arrange a flat, oldest-first list of comments into reply threads."""

from dataclasses import dataclass, field

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
