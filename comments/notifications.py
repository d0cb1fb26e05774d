"""Mail about comments, always sent after the transaction commits.

queue_grew(): a comment was held or reported; moderators get one digest per
batch. comments_approved(pks): comments just went public; readers who asked
to hear of replies are told.

Both are called from transaction.on_commit in a reader's request or an admin
action: a mail server that is down is logged, never turned into an error page
for someone whose comment is already stored.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from . import mail
from .models import Comment, CommentFlag, MailRecipient

logger = logging.getLogger(__name__)

# The MailRecipient row whose last_sent_at is the time of the last moderators'
# digest. A reserved domain (RFC 2606): no mail can ever go to it.
DIGEST_KEY = "digest@moderators.invalid"
# A digest names this many comments and counts the rest.
DIGEST_LIST_LIMIT = 50
# At most one reply notice per address in this time; more are dropped.
REPLY_MAIL_INTERVAL = timedelta(hours=1)
# Held comments are marked as notified in batches of this many ids.
MARK_BATCH = 500


def queue_grew():
    try:
        send_digest()
    except Exception:
        logger.exception("moderators' digest not sent")


def comments_approved(pks):
    try:
        send_reply_notices(pks)
    except Exception:
        logger.exception("reply notices not sent")


# Moderators' digest


def moderator_addresses() -> list[str]:
    """COMMENTS_MODERATOR_EMAILS, else every active staff member who may
    moderate comments and has an email address."""
    if settings.COMMENTS_MODERATOR_EMAILS:
        return list(settings.COMMENTS_MODERATOR_EMAILS)
    may_moderate = Permission.objects.filter(
        codename="moderate_comment", content_type__app_label="comments"
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=may_moderate)
            | Q(groups__permissions__in=may_moderate)
        )
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def send_digest() -> int:
    """Mail the moderators about comments held or reported since the last
    digest, unless one went out in the last COMMENTS_DIGEST_MINUTES (what
    waits goes in the next one). Returns how many comments it named.

    Two processes may try at once: the one whose conditional update moves the
    digest time sends; the other finds it moved and stops."""
    recipients = moderator_addresses()
    if not recipients:
        logger.warning("comments wait for moderation but nobody is there to tell")
        return 0
    gate, _ = MailRecipient.objects.get_or_create(email=DIGEST_KEY)
    since, now = gate.last_sent_at, timezone.now()
    if since and since > now - timedelta(minutes=settings.COMMENTS_DIGEST_MINUTES):
        return 0
    held_ids = _held_since(since)
    reported = _reported_since(since, now)
    if not (held_ids or reported):
        return 0
    if not MailRecipient.objects.filter(pk=gate.pk, last_sent_at=since).update(
        last_sent_at=now
    ):
        return 0  # another process is sending this digest
    try:
        _digest_message(recipients, held_ids, reported).send()
    except Exception:
        # Give the time back, so that the next attempt sends at once.
        MailRecipient.objects.filter(pk=gate.pk, last_sent_at=now).update(
            last_sent_at=since
        )
        raise
    for start in range(0, len(held_ids), MARK_BATCH):
        batch = held_ids[start : start + MARK_BATCH]
        Comment.objects.filter(pk__in=batch).update(moderators_notified=True)
    return len(set(held_ids) | {c.pk for c in reported})


def _held_since(since) -> list[int]:
    """Held comments not mailed about yet, and those their authors changed
    since the last digest (an edit can put an approved comment back)."""
    news = Q(moderators_notified=False)
    if since:
        news |= Q(edited_at__gt=since)
    return list(Comment.objects.pending().filter(news).values_list("pk", flat=True))


def _reported_since(since, until) -> list[Comment]:
    """Comments reported between the last digest and now that a moderator
    may still want to act on (not spam, not already rejected or deleted)."""
    flags = CommentFlag.objects.filter(created_at__lte=until)
    if since:
        flags = flags.filter(created_at__gt=since)
    return list(
        Comment.objects.filter(
            pk__in=flags.values("comment_id"),
            status__in=[Comment.Status.PENDING, Comment.Status.APPROVED],
        )
        .select_related("article")
        .order_by("created_at", "id")[:DIGEST_LIST_LIMIT]
    )


def _digest_message(recipients, held_ids, reported):
    held = list(
        Comment.objects.filter(pk__in=held_ids[:DIGEST_LIST_LIMIT])
        .select_related("article")
        .order_by("created_at", "id")
    )
    reported = [c for c in reported if c.pk not in set(held_ids)]
    queue = reverse("admin:comments_comment_changelist")
    count = len(held_ids) + len(reported)
    return mail.message(
        to=recipients,
        subject=f"{count} comment{'' if count == 1 else 's'} to moderate",
        template="digest",
        context={
            "held": [_digest_entry(c) for c in held],
            "held_count": len(held_ids),
            "held_unlisted": len(held_ids) - len(held),
            "reported": [_digest_entry(c) for c in reported],
            "queue_url": mail.absolute(f"{queue}?status__exact=pending"),
            "all_url": mail.absolute(queue),
        },
    )


def _digest_entry(comment: Comment) -> dict:
    change = reverse("admin:comments_comment_change", args=[comment.pk])
    return {
        "name": mail.one_line(comment.name),
        "article": mail.one_line(comment.article.headline),
        "reason": comment.get_hold_reason_display(),
        "flag_count": comment.flag_count,
        "excerpt": mail.excerpt(comment.body),
        "url": mail.absolute(change),
    }


# Reply notices


def send_reply_notices(pks) -> int:
    """Tell the authors of the comments these approved comments answer, when
    they asked to be told. Returns how many mails went out.

    Mail never becomes a weapon: an address hears from Newsroom only after a
    moderator approved a comment from it, at most once per
    REPLY_MAIL_INTERVAL (further replies in that time are not mailed), and
    never after it unsubscribed. Several replies to one address in one batch
    make one mail."""
    replies = (
        Comment.objects.approved()
        .filter(pk__in=pks, parent__status=Comment.Status.APPROVED)
        .filter(parent__notify_replies=True)
        .select_related("article", "parent")
        .order_by("created_at", "id")
    )
    by_address = defaultdict(list)
    for reply in replies:
        address = reply.parent.email.lower()
        if address and address != reply.email.lower():
            by_address[address].append(reply)
    return sum(_notify(address, found) for address, found in by_address.items())


def _notify(address: str, replies: list[Comment]) -> bool:
    if not _vouched_for(address):
        return False
    recipient, _ = MailRecipient.objects.get_or_create(email=address)
    now, previous = timezone.now(), recipient.last_sent_at
    if not _claim(recipient, now):
        return False
    token_url = mail.unsubscribe_url(address)
    message = mail.message(
        to=[address],
        subject=_reply_subject(replies),
        template="reply",
        context={
            "name": mail.one_line(replies[0].parent.name),
            "replies": [_reply_entry(r) for r in replies],
            "unsubscribe_url": token_url,
        },
        headers={
            "List-Unsubscribe": f"<{token_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    try:
        message.send()
    except Exception:
        MailRecipient.objects.filter(pk=recipient.pk, last_sent_at=now).update(
            last_sent_at=previous
        )
        raise
    return True


def _vouched_for(address: str) -> bool:
    """A moderator approved a comment from this address (approvals by the
    rules alone, such as COMMENTS_MODERATION=none, do not count)."""
    return (
        Comment.objects.approved()
        .filter(email__iexact=address, moderated_at__isnull=False)
        .exists()
    )


def _claim(recipient: MailRecipient, now) -> bool:
    """Take this address's one mail per interval, unless it unsubscribed.
    A conditional update, so two processes cannot both take it."""
    allowed = Q(last_sent_at__isnull=True) | Q(
        last_sent_at__lte=now - REPLY_MAIL_INTERVAL
    )
    claimed = MailRecipient.objects.filter(
        allowed, pk=recipient.pk, unsubscribed_at__isnull=True
    ).update(last_sent_at=now)
    return bool(claimed)


def _reply_subject(replies) -> str:
    headline = replies[0].article.headline
    if len(replies) == 1:
        return f"{replies[0].name} replied to your comment on “{headline}”"
    return f"{len(replies)} new replies to your comments"


def _reply_entry(reply: Comment) -> dict:
    return {
        "name": mail.one_line(reply.name),
        "article": mail.one_line(reply.article.headline),
        "your_comment": mail.excerpt(reply.parent.body, 120),
        "excerpt": mail.excerpt(reply.body, 500),
        "url": mail.absolute(reply.get_absolute_url()),
    }
