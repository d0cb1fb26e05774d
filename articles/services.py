"""Every change of an article's publication state goes through here: admin
actions, management commands and importers call the same functions."""

from django.db import transaction
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsroom.pagecache import purge_pages

from .models import Article


@transaction.atomic
def article_publish(*, articles: QuerySet[Article]) -> int:
    """Publish `articles`. Returns how many changed.

    An article without a publication date gets the current time; one that
    already has a date keeps it, so a future date schedules it and a
    republished article keeps its original date.
    """
    changed = (
        articles.exclude(status=Article.Status.PUBLISHED)
        .order_by()
        .update(
            status=Article.Status.PUBLISHED,
            published_at=Coalesce(F("published_at"), Value(timezone.now())),
        )
    )
    if changed:
        # A scheduled one changes no page yet, but moves when pages expire.
        purge_pages()
    return changed


@transaction.atomic
def article_unpublish(*, articles: QuerySet[Article]) -> int:
    """Take `articles` back to draft. Returns how many changed.

    The publication date is kept, so publishing again restores it.
    """
    changed = (
        articles.exclude(status=Article.Status.DRAFT)
        .order_by()
        .update(status=Article.Status.DRAFT)
    )
    if changed:
        purge_pages()
    return changed
