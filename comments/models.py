from django.db import models
from django.db.models import Q


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


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        SPAM = "spam", "Spam"

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="comments"
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
            models.Index(
                fields=["article", "status", "created_at"], name="comment_article_idx"
            ),
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
        ]
        permissions = [("moderate_comment", "Can moderate comments")]

    def __str__(self):
        return f"{self.name} on {self.article}"

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
