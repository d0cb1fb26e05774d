from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Upper
from django.utils import timezone


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """What every reader may see."""
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def visible_on_article(self, article, own_ids=()):
        """Approved comments, plus the reader's own still pending, oldest first.

        `own_ids` are the comments this browser posted (kept in its session):
        a reader sees their own comment awaiting moderation, nobody else does.
        """
        return self._on_article(article, own_ids, [Comment.Status.APPROVED])

    def thread_on_article(self, article, own_ids=()):
        """What an article's thread is made of: `visible_on_article`, and the
        deleted comments, shown as placeholders where visible replies hang on
        them (comments.threads drops the others)."""
        shown = [Comment.Status.APPROVED, Comment.Status.DELETED]
        return self._on_article(article, own_ids, shown)

    def _on_article(self, article, own_ids, shown):
        own_pending = Q(pk__in=list(own_ids), status=Comment.Status.PENDING)
        return (
            self.filter(article=article)
            .filter(Q(status__in=shown) | own_pending)
            .order_by("created_at", "id")
        )

    def for_thread(self):
        """Only what a comment thread shows (comments.threads), as rows with
        those attributes rather than Comment objects: the address, e-mail and
        browser are never printed, and a long thread loads in half the time
        without building a model for each comment."""
        return self.values_list(
            "pk",
            "parent_id",
            "name",
            "body",
            "status",
            "created_at",
            "by_staff",
            "edited_at",
            named=True,
        )

    def on_published_articles(self):
        """Comments under an article readers may see."""
        from articles.models import Article

        return self.filter(article__in=Article.objects.published())


# 0 for a comment awaiting moderation, 1 for any other: the moderation queue
# sorts on it, and an index holds it.
PENDING_FIRST = Case(When(status="pending", then=Value(0)), default=Value(1))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"
        # Removed by its author or erased on request: a placeholder where
        # replies hang on it.
        DELETED = "deleted", "Deleted"

    class Reason(models.TextChoices):
        """The moderation rule that decided a new comment's status."""

        HOLD_ALL = "hold-all", "Every comment is held"
        FIRST_COMMENT = "first-comment", "First comment from this address"
        LINKS = "links", "Too many links"
        BLOCKLIST = "blocklist", "Blocked word"
        DUPLICATE = "duplicate", "Duplicate of a recent comment"
        BANNED = "banned", "Banned address"
        HONEYPOT = "honeypot", "Hidden field filled in"
        LOW_SCORE = "low-score", "Low reCAPTCHA score"
        UNVERIFIED = "unverified", "Verification unavailable"

    # Indexed as the first column of comment_article_idx.
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="comments",
        db_index=False,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    name = models.CharField(max_length=80)
    email = models.EmailField(max_length=254)
    body = models.TextField("comment", max_length=5000)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        help_text="The signed-in person who posted it.",
    )
    by_staff = models.BooleanField(
        "staff reply", default=False, help_text="Shown to readers as a staff reply."
    )
    hold_reason = models.CharField(
        "decided by",
        max_length=24,
        choices=Reason.choices,
        blank=True,
        help_text="The rule that held it, or sent it to spam.",
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    notify_replies = models.BooleanField(
        "email me replies",
        default=False,
        help_text="The commenter asked to be told of replies.",
    )
    flag_count = models.PositiveIntegerField(
        "reports", default=0, help_text="Addresses that reported it."
    )
    moderators_notified = models.BooleanField(default=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # An article's thread, and its approved count from the index alone.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_idx"
            ),
            # A commenter's comments by status: "approve known addresses",
            # duplicates, exports and erasures. Addresses are matched in any
            # case (email__iexact compares UPPER() on PostgreSQL).
            models.Index(Upper("email"), F("status"), name="comment_email_idx"),
            # Comments of one status, oldest first; counts of a status.
            models.Index(fields=["status", "created_at"], name="comment_status_idx"),
            # The moderation queue: what waits for a decision first, oldest
            # first (the admin's ordering, expression for expression).
            models.Index(
                PENDING_FIRST, F("created_at"), F("id").desc(), name="comment_queue_idx"
            ),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING


class CommentFlag(models.Model):
    """A reader's report of a comment; one per comment and address."""

    class Reason(models.TextChoices):
        SPAM = "spam", "Spam or advertising"
        ABUSE = "abuse", "Abusive or hateful"
        OFF_TOPIC = "off-topic", "Off topic"
        OTHER = "other", "Something else"

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(max_length=16, choices=Reason.choices)
    details = models.CharField(max_length=500, blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "ip_address"], name="one_flag_per_address"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment}"


class BlockedWord(models.Model):
    """A word or phrase that sends a comment containing it to spam."""

    word = models.CharField(max_length=100, unique=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["word"]

    def __str__(self):
        return self.word


class BanQuerySet(models.QuerySet):
    def in_force(self, now=None):
        now = now or timezone.now()
        return self.filter(Q(until__isnull=True) | Q(until__gt=now))


class Ban(models.Model):
    """An email address or an IP address whose comments go to spam."""

    email = models.EmailField(blank=True)
    ip_address = models.GenericIPAddressField("IP address", null=True, blank=True)
    reason = models.CharField(max_length=300)
    until = models.DateTimeField(
        null=True, blank=True, help_text="Empty: until lifted by hand."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = BanQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(email="") & Q(ip_address__isnull=False))
                | (~Q(email="") & Q(ip_address__isnull=True)),
                name="ban_email_or_ip",
                violation_error_message="Ban either an email address or an IP address.",
            )
        ]

    def __str__(self):
        return self.email or str(self.ip_address)


class MailRecipient(models.Model):
    """An address Newsroom mails: when it last did, and whether it may."""

    email = models.EmailField(unique=True)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.email
