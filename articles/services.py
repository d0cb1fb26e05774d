"""Every change of an article's place in its life goes through here: admin
actions, the change form, management commands and importers call the same
functions.

draft → in review → published (scheduled while its date is ahead) →
unpublished. Each change locks the article's row, raises its version (an
editor's open form then knows it is out of date), keeps a revision and
purges the cached pages.
"""

from datetime import datetime

import reversion
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from newsroom.pagecache import purge_pages

from .models import (
    BODY_PICTURE_WITHOUT_ALT_TEXT,
    MISSING_ALT_TEXT,
    Article,
    pictures_without_alt_text,
)

Status = Article.Status


@transaction.atomic
def article_publish(*, article: Article, by=None, at: datetime | None = None) -> bool:
    """Publish `article`, or schedule it when its date is ahead. Returns
    whether anything changed.

    `at` sets the publication date; without it an article keeps the date it
    has (republishing restores the original date) or gets the current time.
    The row stays locked until the transaction ends, so two publishes of one
    article run one after the other, and the second finds it published.
    """
    locked = _lock(article)
    when = at or locked.published_at or timezone.now()
    if locked.status == Status.PUBLISHED and locked.published_at == when:
        return False
    if locked.missing_alt_text:
        raise ValidationError(MISSING_ALT_TEXT, code="missing_alt_text")
    if pictures_without_alt_text(locked.body):
        raise ValidationError(BODY_PICTURE_WITHOUT_ALT_TEXT, code="missing_alt_text")
    locked.status = Status.PUBLISHED
    locked.published_at = when
    _save(article, locked, by=by, comment=_published_comment(locked))
    return True


@transaction.atomic
def article_submit(*, article: Article, by=None) -> bool:
    """Send a draft (or an unpublished article) to the editors for review."""
    locked = _lock(article)
    if locked.status not in (Status.DRAFT, Status.UNPUBLISHED):
        return False
    locked.status = Status.REVIEW
    _save(article, locked, by=by, comment="Submitted for review.")
    return True


@transaction.atomic
def article_unpublish(*, article: Article, by=None) -> bool:
    """Take a published or scheduled article off the site.

    The publication date is kept, so publishing again restores it.
    """
    locked = _lock(article)
    if locked.status != Status.PUBLISHED:
        return False
    locked.status = Status.UNPUBLISHED
    _save(article, locked, by=by, comment="Unpublished.")
    return True


def _lock(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def _save(article, locked, *, by, comment):
    """Save the locked row as one revision, and bring `article` (the caller's
    copy) up to date with it."""
    locked.version += 1
    if by is not None:
        locked.updated_by = by
    with reversion.create_revision(atomic=False):
        locked.save()
        reversion.set_user(by)
        reversion.set_comment(comment)
    for field in ("status", "published_at", "version", "updated_by_id", "updated_at"):
        setattr(article, field, getattr(locked, field))
    # Every change shows on some page, or moves when a scheduled one will.
    purge_pages()


def _published_comment(article):
    if article.is_scheduled:
        when = date_format(timezone.localtime(article.published_at), "DATETIME_FORMAT")
        return f"Scheduled for {when}."
    return "Published."
