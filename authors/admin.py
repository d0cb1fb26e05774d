from django.contrib import admin
from django.db import models
from django.db.models import Count
from django.utils.html import format_html

from articles.images import PictureField
from newsroom.pagecache import PurgePagesMixin

from .models import Author


@admin.register(Author)
class AuthorAdmin(PurgePagesMixin, admin.ModelAdmin):
    list_display = ["thumbnail", "name", "job_title", "article_count", "user"]
    list_display_links = ["thumbnail", "name"]
    list_select_related = ["user"]
    search_fields = ["name"]
    # The article count groups rows, and grouped queries drop Meta.ordering.
    ordering = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]
    show_full_result_count = False
    fields = ["name", "slug", "job_title", "photo", "bio", "beats", "user"]
    # Photos are checked and rewritten like article pictures: only the
    # pixels are kept, never the camera's metadata.
    formfield_overrides = {models.ImageField: {"form_class": PictureField}}

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("bylines"))

    @admin.display(description="photo")
    def thumbnail(self, author):
        if not author.photo:
            return ""
        return format_html(
            '<img class="author-thumbnail" src="{}" alt="" width="40" height="40">',
            author.photo.url,
        )

    @admin.display(description="articles", ordering="article_count")
    def article_count(self, author):
        return author.article_count
