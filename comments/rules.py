"""The moderation rules: what happens to a new or edited comment.

Rules are tried in order and the first that speaks decides: first those that
send a comment to spam (never shown, never mailed about), then those that hold
it for a moderator, then the site's moderation setting (COMMENTS_MODERATION):
"all" holds everything, "first" approves an address that already has an
approved comment, "none" approves what no rule stopped. The reason is stored
with the comment so the moderation queue shows which rule decided.

Refusals a reader is told about at once (flood, rate limits, reCAPTCHA) are
the form's business, before anything is stored.
"""

import re
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Ban, BlockedWord, Comment

Status, Reason = Comment.Status, Comment.Reason

# A link is counted once whether it is written "https://www.…", "https://…"
# or "www.…".
LINK = re.compile(r"(?i)\b(?:https?://(?:www\.)?|www\.)")


@dataclass(frozen=True)
class Candidate:
    """A comment about to be stored (or stored again after an edit)."""

    article: object
    name: str
    email: str
    body: str
    ip_address: str | None = None
    by_staff: bool = False
    verification: str = "passed"
    honeypot_filled: bool = False
    # An edited comment is not a duplicate of itself.
    comment_pk: int | None = None


@dataclass(frozen=True)
class Decision:
    status: str
    reason: str = ""


def decide(candidate: Candidate) -> Decision:
    if candidate.by_staff:
        return Decision(Status.APPROVED)
    for status, rules in [(Status.SPAM, SPAM_RULES), (Status.PENDING, HOLD_RULES)]:
        for reason, applies in rules:
            if applies(candidate):
                return Decision(status, reason)
    return _by_moderation_setting(candidate)


def _by_moderation_setting(candidate):
    mode = settings.COMMENTS_MODERATION
    if mode == "none":
        return Decision(Status.APPROVED)
    if mode == "first" and _is_known(candidate.email):
        return Decision(Status.APPROVED)
    reason = Reason.FIRST_COMMENT if mode == "first" else Reason.HOLD_ALL
    return Decision(Status.PENDING, reason)


def _is_known(email):
    return Comment.objects.filter(email__iexact=email, status=Status.APPROVED).exists()


def _honeypot(candidate):
    return candidate.honeypot_filled


def is_banned(email, ip_address):
    match = Q(email__iexact=email) if email else Q(pk__in=[])
    if ip_address:
        match |= Q(ip_address=ip_address)
    return Ban.objects.in_force().filter(match).exists()


def _banned(candidate):
    return is_banned(candidate.email, candidate.ip_address)


def _blocklisted(candidate):
    words = [w.strip() for w in BlockedWord.objects.values_list("word", flat=True)]
    # An empty alternative would match between any two words.
    words = [word for word in words if word]
    if not words:
        return False
    text = "\n".join([candidate.name, candidate.email, candidate.body])
    # Whole words only, so that a blocked "ass" leaves "class" alone.
    alternatives = "|".join(re.escape(word) for word in words)
    pattern = rf"(?<!\w)(?:{alternatives})(?!\w)"
    return re.search(pattern, text, re.IGNORECASE) is not None


def _duplicate(candidate):
    """The same text again from the same email or IP address, on any article.

    Not from anyone on the same article: two readers may both write "Thank
    you." under a story, and spam is never shown nor its author told. A text
    its author deleted may be posted again."""
    since = timezone.now() - timedelta(hours=settings.COMMENTS_DUPLICATE_HOURS)
    same_source = Q(email__iexact=candidate.email)
    if candidate.ip_address:
        same_source |= Q(ip_address=candidate.ip_address)
    return (
        Comment.objects.filter(same_source, body=candidate.body, created_at__gte=since)
        .exclude(status=Status.DELETED)
        .exclude(pk=candidate.comment_pk)
        .exists()
    )


def _unverified(candidate):
    return candidate.verification == "unavailable"


def _low_score(candidate):
    return candidate.verification == "low-score"


def _too_many_links(candidate):
    return len(LINK.findall(candidate.body)) > settings.COMMENTS_MAX_LINKS


SPAM_RULES = [
    (Reason.HONEYPOT, _honeypot),
    (Reason.BANNED, _banned),
    (Reason.BLOCKLIST, _blocklisted),
    (Reason.DUPLICATE, _duplicate),
]
HOLD_RULES = [
    (Reason.UNVERIFIED, _unverified),
    (Reason.LOW_SCORE, _low_score),
    (Reason.LINKS, _too_many_links),
]
