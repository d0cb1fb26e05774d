from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce, RowNumber
from django.urls import reverse
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TagBase, TaggedItemBase

from .tags import tag_slug

BODY_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Link": {"protocols": ["http", "https", "mailto"]},
    "Figure": True,
    "Image": True,
    "Caption": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "History": True,
}

# An edit this long after publication is shown to readers as "Updated".
UPDATE_GRACE = timedelta(minutes=5)


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
        return reverse("articles:section", kwargs={"slug": self.slug})


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
        return reverse("articles:tag", kwargs={"slug": self.slug})


class TaggedArticle(TaggedItemBase):
    # A real foreign key rather than a generic relation: joins stay cheap and
    # a deleted article takes its tagging with it.
    content_object = models.ForeignKey(
        "Article", on_delete=models.CASCADE, related_name="tagged_items"
    )
    tag = models.ForeignKey(
        Tag, on_delete=models.CASCADE, related_name="tagged_articles"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_object", "tag"], name="tagged_article_unique"
            )
        ]


class ArticleQuerySet(models.QuerySet):
    def published(self):
        """What a reader may see: published, and not scheduled for later."""
        return self.filter(
            status=Article.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def for_listing(self):
        """Everything a teaser shows, in a fixed number of queries."""
        return (
            self.select_related("section")
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author")),
                "tags",
            )
            .annotate(comment_count=_approved_comment_count())
        )

    def latest_per_section(self, per_section):
        """The newest `per_section` articles of every section, in one query."""
        return (
            self.annotate(
                section_rank=models.Window(
                    RowNumber(),
                    partition_by=F("section"),
                    order_by=F("published_at").desc(),
                )
            )
            .filter(section_rank__lte=per_section)
            .order_by("section__position", "section__name", "section_rank")
        )

    def related_to(self, article, limit):
        """Articles that share the most tags with `article`, then its section,
        then the newest; never `article` itself."""
        tag_ids = [tag.pk for tag in article.tags.all()]
        return (
            self.exclude(pk=article.pk)
            .annotate(
                shared_tags=Count(
                    "tagged_items", filter=Q(tagged_items__tag_id__in=tag_ids)
                ),
                same_section=models.Case(
                    models.When(section_id=article.section_id, then=Value(1)),
                    default=Value(0),
                ),
            )
            .order_by("-shared_tags", "-same_section", "-published_at")[:limit]
        )


def _approved_comment_count():
    from comments.models import Comment

    approved = (
        Comment.objects.filter(article=OuterRef("pk"), status=Comment.Status.APPROVED)
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(approved), 0)


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    standfirst = models.TextField(
        max_length=400,
        help_text="One or two sentences under the headline. Also the summary "
        "search engines and social networks show, unless a meta description "
        "is set.",
    )
    body = ProseEditorField(extensions=BODY_EXTENSIONS, sanitize=True)
    image = models.ImageField(upload_to="articles/%Y/%m/", blank=True)
    image_alt = models.CharField(
        "alt text",
        max_length=250,
        blank=True,
        help_text="What the picture shows, for readers who cannot see it.",
    )
    image_caption = models.CharField("caption", max_length=300, blank=True)
    image_credit = models.CharField("credit", max_length=150, blank=True)
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="articles"
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
        indexes = [
            models.Index(
                fields=["status", "-published_at"], name="article_published_idx"
            ),
            models.Index(
                fields=["section", "status", "-published_at"],
                name="article_section_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="article_published_has_date",
            )
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
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt:
            raise ValidationError(
                {"image_alt": "Describe the picture for readers who cannot see it."}
            )

    @property
    def is_published(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def was_updated(self):
        """Edited after it went live: a backdated article is not "updated"."""
        if not self.published_at:
            return False
        went_live = max(self.published_at, self.created_at)
        return self.updated_at - went_live > UPDATE_GRACE

    @property
    def description(self):
        return self.meta_description or self.standfirst

    @property
    def byline_authors(self):
        """Authors in byline order; uses the `bylines` prefetch when present."""
        return [byline.author for byline in self.bylines.all()]


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
