"""Every write to comments goes through here: views, admin actions and the demo
loader call the same functions."""

from django.db import transaction

from newsroom.pagecache import purge_pages

from .models import Comment


@transaction.atomic
def comment_create(
    *,
    article,
    name: str,
    email: str,
    body: str,
    ip_address: str | None = None,
    user_agent: str = "",
    parent: Comment | None = None,
) -> Comment:
    """Store a reader's comment; it waits in the moderation queue.

    No public page changes until it is approved, so no page is purged."""
    return Comment.objects.create(
        article=article,
        parent=parent,
        name=name.strip(),
        email=email.strip(),
        body=body.strip(),
        ip_address=ip_address or None,
        user_agent=user_agent[: Comment._meta.get_field("user_agent").max_length],
        status=Comment.Status.PENDING,
    )


def _set_status(comments, status) -> int:
    approved = Comment.Status.APPROVED
    with transaction.atomic():
        changing = comments.exclude(status=status)
        # Only approved comments are on public pages: filing a pending one as
        # spam leaves every cached page as it was.
        public = status == approved or changing.filter(status=approved).exists()
        changed = changing.update(status=status)
        if changed and public:
            purge_pages()
    return changed


def comment_approve(*, comments) -> int:
    """Make comments public. Returns how many changed."""
    return _set_status(comments, Comment.Status.APPROVED)


def comment_reject(*, comments) -> int:
    """Hide comments from readers for good. Returns how many changed."""
    return _set_status(comments, Comment.Status.REJECTED)


def comment_mark_spam(*, comments) -> int:
    """File comments as spam: never shown. Returns how many changed."""
    return _set_status(comments, Comment.Status.SPAM)
