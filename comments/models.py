from django.db import models
from django.db.models import Case, F, Q, Value, When


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
        own_pending = Q(pk__in=list(own_ids), status=Comment.Status.PENDING)
        return (
            self.filter(article=article)
            .filter(Q(status=Comment.Status.APPROVED) | own_pending)
            .order_by("created_at", "id")
        )

    def for_thread(self):
        """Only the columns a comment thread shows (comments.threads): the
        address, e-mail and browser are never printed, and skipping them
        makes a long thread cheaper to load."""
        return self.only("parent_id", "name", "body", "status", "created_at")


# 0 for a comment awaiting moderation, 1 for any other: the moderation queue
# sorts on it, and an index holds it.
PENDING_FIRST = Case(When(status="pending", then=Value(0)), default=Value(1))


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

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

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            # An article's thread, and its approved count from the index alone.
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_idx"
            ),
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
