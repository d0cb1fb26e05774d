from datetime import timedelta
from functools import cache
from html.parser import HTMLParser

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django_prose_editor.config import allowlist_from_extensions, expand_extensions
from django_prose_editor.fields import ProseEditorField, create_sanitizer
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from newsroom.addresses import slug_url

from .querysets import ArticleQuerySet
from .tags import tag_slug

# What an article body may hold: what the article page styles, no more.
# The editor offers only these, and the same list is the allow-list nh3
# sanitizes every saved body with, whatever was POSTed.
BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Image": True,
    "Caption": True,
    "History": True,
}

BODY_PICTURE_WITHOUT_ALT_TEXT = (
    "A picture in the body has no alt text: click it in the editor, describe "
    "it for readers who cannot see it, then publish."
)
MISSING_ALT_TEXT = (
    "Describe the picture for readers who cannot see it: an article with a "
    "picture is published only with its alt text."
)
# Where an article's byline authors are kept when fetched ahead
# (querysets.published_teasers(), fetch_byline_authors()).
FETCHED_AUTHORS = "fetched_authors"


def _links_without_opener(html):
    """The body as the editor's allow-list left it, but no link can give the
    page it opens a hold on the reader's tab (`rel` is ours to set)."""
    return _link_cleaner().clean(html)


@cache
def _link_cleaner():
    allowed = allowlist_from_extensions(expand_extensions(BODY_EXTENSIONS))
    allowed["attributes"]["a"] = allowed["attributes"]["a"] - {"rel"}
    return nh3.Cleaner(**allowed | {"link_rel": "noopener"})


def pictures_without_alt_text(html):
    """How many pictures in the body HTML `html` lack alt text."""
    finder = _PictureFinder()
    finder.feed(html or "")
    return finder.missing


class _PictureFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.missing = 0

    def handle_starttag(self, tag, attrs):
        if tag == "img" and not (dict(attrs).get("alt") or "").strip():
            self.missing += 1


class Section(models.Model):
    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text="Sections are listed in the navigation in this order."
    )

    class Meta:
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("articles:section", self.slug)


class Lens(models.Model):
    """One point of view in an article's analysis box: Political, Economic…"""

    name = models.CharField(max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name_plural = "lenses"

    def __str__(self):
        return self.name


class Tag(TagBase):
    class Meta:
        ordering = ["name"]

    def slugify(self, tag, i=None):
        return tag_slug(tag, i)

    def get_absolute_url(self):
        return slug_url("articles:tag", self.slug)


class TaggedArticle(TaggedItemBase):
    # A real foreign key rather than a generic relation: joins stay cheap and
    # a deleted article takes its tagging with it. Each column leads one of
    # the two pairs below, so neither needs an index of its own.
    content_object = models.ForeignKey(
        "Article",
        on_delete=models.CASCADE,
        related_name="tagged_items",
        db_index=False,
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles", db_index=False
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            )
        ]
        indexes = [
            # A tag's articles, read from the index alone.
            models.Index(
                fields=["tag", "content_object"], name="tagged_article_tag_idx"
            )
        ]


class StoredSizeImageField(models.ImageField):
    """An ImageField that, when an instance is loaded, leaves its file alone
    where there is nothing to measure: no picture, or its width and height
    stored already.

    Django's own makes the instance's FieldFile first, to ask whether there
    is a picture. That file refers back to the instance, so every article
    loaded became a reference cycle, freed only by Python's cycle collector:
    a listing page left some three hundred objects for it, and each sweep
    paused a page for about 10 ms.
    """

    def update_dimension_fields(self, instance, force=False, *args, **kwargs):
        if not force and self._nothing_to_measure(instance):
            return
        super().update_dimension_fields(instance, force, *args, **kwargs)

    def _nothing_to_measure(self, instance):
        loaded = instance.__dict__
        stored = loaded.get(self.attname, "")
        if not isinstance(stored, str | None):
            # A file being assigned: Django measures it.
            return False
        if not stored:
            # No picture, or the field deferred: Django leaves both alone.
            return True
        sizes = [loaded.get(f) for f in (self.width_field, self.height_field) if f]
        return all(sizes)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        REVIEW = "review", "In review"
        # Published with a future date is "scheduled": see state.
        PUBLISHED = "published", "Published"
        UNPUBLISHED = "unpublished", "Unpublished"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=400,
        help_text="One or two sentences under the headline. Also the summary "
        "search engines and social networks show, unless a meta description "
        "is set.",
    )
    body = ProseEditorField(
        extensions=BODY_EXTENSIONS, sanitize=[_links_without_opener, create_sanitizer]
    )
    # Dimensions are stored on upload: reading them back from the file would
    # fetch it (from S3, say) on every render of the page.
    image = StoredSizeImageField(
        upload_to="articles/%Y/%m/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
    )
    image_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    image_caption = models.CharField("caption", max_length=300, blank=True)
    image_credit = models.CharField("credit", max_length=150, blank=True)
    # The smaller copies made at upload, so pages name them without asking
    # the storage (articles/renditions.py): each names its file, size, format
    # and the picture it was made from ("source"), so copies of a replaced
    # picture are never shown.
    image_renditions = models.JSONField(default=list, blank=True, editable=False)
    # Indexed as the first column of article_section_idx.
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles", db_index=False
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    authors = models.ManyToManyField(
        "authors.Author", through="Byline", related_name="articles"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        "publication date",
        null=True,
        blank=True,
        help_text="Filled in when the article is published. A future date "
        "keeps it hidden until then.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The "Updated" date readers see: set when an editor marks a change as
    # material or adds a correction, never by any save.
    revised_at = models.DateTimeField("updated", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    # Raised by every save through the admin and every service that changes
    # the article: a form sent with an older number would overwrite someone.
    version = models.PositiveIntegerField(default=1, editable=False)
    is_featured = models.BooleanField(
        "lead story",
        default=False,
        help_text="The newest featured article leads the home page.",
    )
    comments_enabled = models.BooleanField(default=True)
    related_articles = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Shown first under “Related articles”; the rest are found "
        "by shared tags and section.",
    )
    meta_description = models.CharField(
        max_length=300,
        blank=True,
        help_text="For search engines and link previews. Empty: the standfirst.",
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        # Each reader listing is a range of one index, in Meta.ordering, and
        # its page of ids is read from the index alone.
        indexes = [
            models.Index(
                fields=["status", "-published_at", "-id"],
                name="article_published_idx",
            ),
            models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_idx",
            ),
            # The lead story: the newest featured one.
            models.Index(
                fields=["-published_at", "-id"],
                condition=Q(is_featured=True),
                name="article_featured_idx",
            ),
            # The admin's list of every article, drafts too, newest first.
            models.Index(fields=["-published_at", "-id"], name="article_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_date",
            )
        ]
        permissions = [
            ("publish_article", "Can publish, schedule and unpublish articles")
        ]

    def __str__(self):
        return self.headline

    def save(self, *args, **kwargs):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        # The admin sanitizes on clean(); this covers every other writer
        # (imports, the shell, the demo) with the same allow-list.
        self.body = self._meta.get_field("body").sanitize(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("articles:detail", self.slug)

    def clean(self):
        if self.status != self.Status.PUBLISHED:
            return
        errors = {}
        if self.missing_alt_text:
            errors["image_alt"] = MISSING_ALT_TEXT
        if pictures_without_alt_text(self.body):
            errors["body"] = BODY_PICTURE_WITHOUT_ALT_TEXT
        if errors:
            raise ValidationError(errors)

    @property
    def missing_alt_text(self):
        return bool(self.image) and not self.image_alt.strip()

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state(self):
        """Where the article is in its life, as the admin names it."""
        if self.is_scheduled:
            return "Scheduled"
        return self.get_status_display()

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def comments_open(self):
        """Whether readers may comment now: the editor's switch, and closing
        COMMENTS_CLOSE_AFTER_DAYS after publication when that is set."""
        closes_at = self.comments_close_at
        return self.comments_enabled and (
            closes_at is None or timezone.now() < closes_at
        )

    @property
    def comments_close_at(self):
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if days is None or self.published_at is None:
            return None
        return self.published_at + timedelta(days=days)

    @property
    def was_updated(self):
        """Marked as materially changed (or corrected) after it went live."""
        if not self.published_at or not self.revised_at:
            return False
        return self.revised_at > self.published_at

    def is_written_by(self, user):
        """Whether `user` created the article or is one of its bylined
        authors: its writers may edit and preview it before publication."""
        if not user.is_authenticated:
            return False
        if self.created_by_id == user.pk:
            return True
        return self.bylines.filter(author__user=user).exists()

    @property
    def description(self):
        return self.meta_description or self.standfirst

    @property
    def byline_authors(self):
        """Authors in byline order; uses those fetched ahead
        (FETCHED_AUTHORS) or the `bylines` prefetch when present."""
        authors = getattr(self, FETCHED_AUTHORS, None)
        if authors is None:
            authors = [byline.author for byline in self.bylines.all()]
        return authors


class Byline(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        "authors.Author", on_delete=models.PROTECT, related_name="bylines"
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "author"], name="byline_unique_author"
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class AnalysisEntry(models.Model):
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="analysis_entries"
    )
    lens = models.ForeignKey(Lens, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "analysis entries"
        constraints = [
            models.UniqueConstraint(
                fields=["article", "lens"], name="analysis_unique_lens"
            )
        ]

    def __str__(self):
        return f"{self.lens}: {self.article}"


class Correction(models.Model):
    """A dated note at the foot of a published article owning up to an error
    (a correction) or making something clearer (a clarification)."""

    class Kind(models.TextChoices):
        CORRECTION = "correction", "Correction"
        CLARIFICATION = "clarification", "Clarification"

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        max_length=16, choices=Kind.choices, default=Kind.CORRECTION
    )
    text = models.TextField(help_text="What was wrong and what is right.")
    published_at = models.DateTimeField("date", default=timezone.now)

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.published_at:%Y-%m-%d}"

    def clean(self):
        # Readers see the date as when the article was put right.
        if self.published_at and self.published_at > timezone.now() + timedelta(
            minutes=5
        ):
            raise ValidationError(
                {"published_at": "A correction cannot be dated in the future."}
            )
