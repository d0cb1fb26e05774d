"""Every write to comments goes through here: views, admin actions, commands
and the demo loader call the same functions."""

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from newsroom.pagecache import purge_pages

from . import notifications, rules
from .models import Ban, Comment, CommentFlag

PUBLIC = Comment.Status.APPROVED


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
    user=None,
    notify_replies: bool = False,
    verification: str = "passed",
    honeypot_filled: bool = False,
) -> Comment:
    """Store a reader's comment with the status the moderation rules give it.

    A held comment tells the moderators once the transaction commits; one
    approved at once (staff, a known address) is on the page at once."""
    by_staff = bool(user and user.is_staff)
    candidate = rules.Candidate(
        article=article,
        name=name.strip(),
        email=email.strip(),
        body=body.strip(),
        ip_address=ip_address or None,
        by_staff=by_staff,
        verification=verification,
        honeypot_filled=honeypot_filled,
    )
    decision = rules.decide(candidate)
    comment = Comment.objects.create(
        article=article,
        parent=parent,
        name=candidate.name,
        email=candidate.email,
        body=candidate.body,
        ip_address=candidate.ip_address,
        user_agent=user_agent[: Comment._meta.get_field("user_agent").max_length],
        user=user if user and user.is_authenticated else None,
        by_staff=by_staff,
        notify_replies=notify_replies,
        status=decision.status,
        hold_reason=decision.reason,
    )
    _after_decision(comment)
    return comment


def _after_decision(comment):
    if comment.status == PUBLIC:
        purge_pages()
        transaction.on_commit(lambda: notifications.comments_approved([comment.pk]))
    elif comment.status == Comment.Status.PENDING:
        transaction.on_commit(notifications.queue_grew)


def double_submission(*, article, email: str, body: str) -> Comment | None:
    """The comment this same post stored moments ago (a double click, a
    resent form), so that it is answered as a success and not stored twice."""
    since = timezone.now() - timedelta(seconds=max(settings.COMMENTS_FLOOD_SECONDS, 60))
    return (
        Comment.objects.filter(
            article=article,
            email__iexact=email.strip(),
            body=body.strip(),
            created_at__gte=since,
        )
        .exclude(status=Comment.Status.DELETED)
        .order_by("-created_at")
        .first()
    )


@transaction.atomic
def comment_edit(*, comment: Comment, body: str) -> Comment:
    """The author's correction within the editing window: it goes through the
    rules again, so an approved comment may be held again."""
    was_public = comment.status == PUBLIC
    comment.body = body.strip()
    decision = rules.decide(
        rules.Candidate(
            article=comment.article,
            name=comment.name,
            email=comment.email,
            body=comment.body,
            ip_address=comment.ip_address,
            by_staff=comment.by_staff,
            verification=_verification_of(comment),
            comment_pk=comment.pk,
        )
    )
    comment.status, comment.hold_reason = decision.status, decision.reason
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "status", "hold_reason", "edited_at"])
    if was_public or comment.status == PUBLIC:
        purge_pages()
    if comment.status == Comment.Status.PENDING:
        transaction.on_commit(notifications.queue_grew)
    return comment


# A comment still held because its reCAPTCHA check could not vouch for it
# keeps that doubt through an edit; once a moderator approved it, it is gone.
_DOUBTS = {
    Comment.Reason.UNVERIFIED: "unavailable",
    Comment.Reason.LOW_SCORE: "low-score",
}


def _verification_of(comment):
    if comment.status != Comment.Status.PENDING:
        return "passed"
    return _DOUBTS.get(comment.hold_reason, "passed")


@transaction.atomic
def comment_delete_by_author(*, comment: Comment) -> None:
    """Taken back by its author: a placeholder where replies hang on it."""
    was_public = comment.status == PUBLIC
    comment.status = Comment.Status.DELETED
    comment.save(update_fields=["status"])
    if was_public:
        purge_pages()


def comment_flag(*, comment: Comment, reason: str, details="", ip_address=None) -> bool:
    """A reader's report. Returns False when this address had already
    reported the comment: repeated reports from one address count once."""
    try:
        with transaction.atomic():
            CommentFlag.objects.create(
                comment=comment,
                reason=reason,
                details=details.strip(),
                ip_address=ip_address or None,
            )
            Comment.objects.filter(pk=comment.pk).update(flag_count=F("flag_count") + 1)
    except IntegrityError:
        return False
    transaction.on_commit(notifications.queue_grew)
    return True


def unanswered_reports() -> Q:
    """Comments readers reported since a moderator last decided on them (or
    that no moderator ever decided on): the queue's "Reported" filter.

    Read from the reports, a small table, so that it never walks all the
    comments."""
    reports = CommentFlag.objects.filter(
        Q(comment__moderated_at__isnull=True)
        | Q(created_at__gt=F("comment__moderated_at"))
    )
    return Q(pk__in=reports.values("comment_id"))


def _set_status(comments, status, by=None) -> int:
    with transaction.atomic():
        # A reported comment is decided again even when its status stays the
        # same: approving a reported, approved comment answers the reports.
        changing = comments.filter(~Q(status=status) | unanswered_reports())
        moving = changing.exclude(status=status)
        # Only approved comments are on public pages: filing a pending one as
        # spam leaves every cached page as it was.
        if status == PUBLIC:
            approved_now = list(moving.values_list("pk", flat=True))
            public = bool(approved_now)
        else:
            approved_now = []
            public = moving.filter(status=PUBLIC).exists()
        changed = changing.update(
            status=status,
            moderated_by=by if by and by.is_authenticated else None,
            moderated_at=timezone.now(),
        )
        if changed and public:
            purge_pages()
        if approved_now:
            transaction.on_commit(lambda: notifications.comments_approved(approved_now))
    return changed


def comment_approve(*, comments, by=None) -> int:
    """Make comments public (or keep reported ones public). Returns how many
    were decided."""
    return _set_status(comments, Comment.Status.APPROVED, by)


def comment_hold(*, comments, by=None) -> int:
    """Put comments back in the queue, off the public pages. Returns how many
    changed."""
    return _set_status(comments, Comment.Status.PENDING, by)


def comment_reject(*, comments, by=None) -> int:
    """Hide comments from readers for good. Returns how many changed."""
    return _set_status(comments, Comment.Status.REJECTED, by)


def comment_mark_spam(*, comments, by=None) -> int:
    """File comments as spam: never shown. Returns how many changed."""
    return _set_status(comments, Comment.Status.SPAM, by)


def banned_comments(bans: Iterable[Ban]):
    """Every comment from the banned email or IP addresses, whatever its
    date: a ban's end date limits new comments, not the past."""
    match = Q(pk__in=[])
    for ban in bans:
        if ban.email:
            match |= Q(email__iexact=ban.email)
        if ban.ip_address:
            match |= Q(ip_address=ban.ip_address)
    return Comment.objects.filter(match)


def ban_hide_comments(*, bans: Iterable[Ban], by=None) -> int:
    """File the banned commenters' comments as spam, in one go. Comments
    their authors deleted stay as they are. Returns how many changed."""
    comments = banned_comments(bans).exclude(status=Comment.Status.DELETED)
    return comment_mark_spam(comments=comments, by=by)
