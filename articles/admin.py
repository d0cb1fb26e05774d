from functools import partial

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import (
    Case,
    Count,
    Max,
    OuterRef,
    Prefetch,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.http import JsonResponse
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from taggit.models import Tag as TaggitTag

from comments.models import Comment
from newsroom.pagecache import PurgePagesMixin

from .forms import ArticleAdminForm, TagAdminForm
from .models import AnalysisEntry, Article, Byline, Correction, Lens, Section, Tag
from .renditions import refresh_renditions
from .revision_admin import RevisionAdminMixin
from .workflow import StateFilter, WorkflowAdminMixin, WriterFilter

TAG_SUGGESTIONS = 10
PICTURE_NOT_KEPT = (
    "The picture you chose was not kept because of the errors on this page: "
    "choose it again before saving."
)

# taggit's own tag model is unused here (articles have their own Tag); listing
# it would give editors two "Tags" that are not the same.
if admin.site.is_registered(TaggitTag):
    admin.site.unregister(TaggitTag)


def _comment_count(status):
    """Comments of one status per article, as a subquery: no join, no GROUP BY
    over the whole changelist."""
    counted = (
        Comment.objects.filter(article=OuterRef("pk"), status=status)
        .order_by()
        .values("article")
        .annotate(count=Count("*"))
        .values("count")
    )
    return Coalesce(Subquery(counted), 0)


class AppendingFormSet(BaseInlineFormSet):
    """New rows start after the existing ones: an editor who leaves the
    position alone adds to the end, not between the first two."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < self.initial_form_count():
            return kwargs
        positions = [row.position for row in self.get_queryset()]
        # Rows sharing a position keep the order they were added in.
        kwargs["initial"] = {"position": max(positions, default=-1) + 1}
        return kwargs


class BylineFormSet(AppendingFormSet):
    def get_unique_error_message(self, unique_check):
        return "An author can appear only once in the byline."

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("author") and not form.cleaned_data.get("DELETE")
        ]
        if not kept:
            raise ValidationError(
                "An article needs at least one author: add one to the byline.",
                code="no_author",
            )


class AnalysisFormSet(AppendingFormSet):
    def get_unique_error_message(self, unique_check):
        return "Each lens can be used once per article: merge the two entries."


class BylineInline(admin.TabularInline):
    model = Byline
    formset = BylineFormSet
    fields = ["author", "position"]
    autocomplete_fields = ["author"]
    ordering = ["position", "id"]
    extra = 1
    verbose_name = "author"
    verbose_name_plural = "byline"

    def get_queryset(self, request):
        # Each row's label names its author and article.
        return super().get_queryset(request).select_related("article", "author")


class AnalysisEntryInline(admin.TabularInline):
    model = AnalysisEntry
    formset = AnalysisFormSet
    fields = ["lens", "text", "position"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 4, "cols": 70})}
    }
    ordering = ["position", "id"]
    extra = 0
    verbose_name = "analysis entry"
    verbose_name_plural = "analysis"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article", "lens")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "lens":
            # Read the lenses once: every row's menu would query them again.
            field.choices = list(field.choices)
        return field


class CorrectionInline(admin.StackedInline):
    model = Correction
    fields = ["kind", "published_at", "text"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 70})}
    }
    extra = 0
    verbose_name = "correction or clarification"
    verbose_name_plural = "corrections and clarifications"


@admin.register(Article)
class ArticleAdmin(
    RevisionAdminMixin, WorkflowAdminMixin, PurgePagesMixin, admin.ModelAdmin
):
    form = ArticleAdminForm
    inlines = [BylineInline, AnalysisEntryInline, CorrectionInline]
    list_display = [
        "headline",
        "section",
        "byline",
        "state",
        "publication_date",
        "approved_comments",
        "pending_comments",
    ]
    list_filter = [StateFilter, WriterFilter, "section", "is_featured", "published_at"]
    list_select_related = ["section"]
    search_fields = ["headline", "standfirst"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["related_articles"]
    actions = ["publish", "unpublish", "submit_for_review"]
    show_full_result_count = False

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}
        js = ["newsroom-admin/inline-order.js"]

    fieldsets = [
        ("Headline & slug", {"fields": ["headline", "slug"]}),
        ("Standfirst & body", {"fields": ["standfirst", "body"]}),
        (
            "Picture",
            {"fields": ["image", "image_alt", "image_caption", "image_credit"]},
        ),
        ("Placement", {"fields": ["section", "tags", "is_featured"]}),
        (
            "Publishing",
            {
                "fields": [
                    "status",
                    "published_at",
                    "mark_updated",
                    "comments_enabled",
                    "opened_version",
                ]
            },
        ),
        ("Related", {"fields": ["related_articles"]}),
        ("SEO", {"fields": ["meta_description"], "classes": ["collapse"]}),
    ]

    def render_change_form(self, request, context, *args, **kwargs):
        form = context["adminform"].form
        picture_refused = "image" in form.errors
        if form.is_bound and "image" in request.FILES and not picture_refused:
            # Browsers never refill a file input, so a page sent back for
            # another error has silently lost the picture.
            form.add_error("image", PICTURE_NOT_KEPT)
        return super().render_change_form(request, context, *args, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "image" in form.changed_data:
            # After the commit: making the copies of a big picture takes
            # seconds, which the article's row lock need not wait for, and
            # copies of a save that failed would be left behind.
            transaction.on_commit(partial(refresh_renditions, obj))

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._date_update_by_corrections(form.instance)

    def _date_update_by_corrections(self, article):
        """A correction makes the article "Updated" as of its date."""
        newest = article.corrections.aggregate(newest=Max("published_at"))["newest"]
        if newest and (article.revised_at is None or newest > article.revised_at):
            article.revised_at = newest
            Article.objects.filter(pk=article.pk).update(revised_at=newest)

    def view_on_site(self, article):
        # A draft or scheduled article is a 404 for readers, so no link yet.
        return article.get_absolute_url() if article.is_published else None

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("bylines", queryset=Byline.objects.select_related("author"))
            )
            .annotate(
                approved_comment_count=_comment_count(Comment.Status.APPROVED),
                pending_comment_count=_comment_count(Comment.Status.PENDING),
            )
        )

    @admin.display(description="authors")
    def byline(self, article):
        return ", ".join(author.name for author in article.byline_authors)

    @admin.display(description="state", ordering="status")
    def state(self, article):
        return article.state

    @admin.display(description="date", ordering="published_at")
    def publication_date(self, article):
        if article.published_at is None:
            return None
        shown = date_format(localtime(article.published_at), "DATETIME_FORMAT")
        if article.published_at > timezone.now():
            return f"{shown} (scheduled)"
        return shown

    @admin.display(description="comments")
    def approved_comments(self, article):
        return article.approved_comment_count

    @admin.display(description="pending")
    def pending_comments(self, article):
        return article.pending_comment_count


@admin.register(Section)
class SectionAdmin(PurgePagesMixin, admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Lens)
class LensAdmin(PurgePagesMixin, admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(PurgePagesMixin, admin.ModelAdmin):
    form = TagAdminForm
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name"]
    # The article count groups rows, and grouped queries drop Meta.ordering.
    ordering = ["name"]
    show_full_result_count = False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count("tagged_articles"))
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, tag):
        return tag.article_count

    def get_urls(self):
        suggest = path(
            "suggest/",
            self.admin_site.admin_view(self.suggest_view),
            name="articles_tag_suggest",
        )
        return [suggest, *super().get_urls()]

    def suggest_view(self, request):
        """Names of existing tags matching `q`, those starting with it first."""
        # For the article form's tag box: whoever writes articles, even
        # without rights on tags themselves.
        writes = request.user.has_perm("articles.add_article") or (
            request.user.has_perm("articles.change_article")
        )
        if not (writes or self.has_view_permission(request)):
            raise PermissionDenied
        query = request.GET.get("q", "").strip()[:100]
        if not query:
            return JsonResponse({"results": []})
        names = (
            Tag.objects.filter(name__icontains=query)
            .annotate(
                starts=Case(
                    When(name__istartswith=query, then=Value(0)), default=Value(1)
                )
            )
            .order_by("starts", "name")
            .values_list("name", flat=True)[:TAG_SUGGESTIONS]
        )
        return JsonResponse({"results": list(names)})
