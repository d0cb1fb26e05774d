from django.contrib import admin, messages
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from newsroom.pagecache import PurgePagesMixin
from newsroom.pagination import CappedCountPaginator

from .models import PENDING_FIRST, Comment
from .services import comment_approve, comment_mark_spam, comment_reject

EXCERPT_LENGTH = 80

# A status chosen in a comment's own form goes through the same service as
# the bulk actions; putting one back in the queue has no side effects.
MODERATIONS = {
    Comment.Status.APPROVED: comment_approve,
    Comment.Status.REJECTED: comment_reject,
    Comment.Status.SPAM: comment_mark_spam,
}


@admin.register(Comment)
class CommentAdmin(PurgePagesMixin, admin.ModelAdmin):
    list_display = [
        "status",
        "excerpt",
        "commenter",
        "ip",
        "article_link",
        "date",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", "article__section"]
    list_select_related = ["article"]
    # Exact email and address, name by its start: these use indexes or stay
    # cheap; a substring search of every body would read the whole table.
    search_fields = ["^name", "=email", "=ip_address"]
    search_help_text = (
        "Search by the start of a name, or by an exact email or IP address."
    )
    # The same expression as the comment_queue_idx index, so the queue is read
    # from it.
    ordering = [PENDING_FIRST.asc(), "created_at"]
    paginator = CappedCountPaginator
    # Where and when a comment was posted is a record, not something to edit.
    readonly_fields = ["article", "parent", "created_at", "ip_address", "user_agent"]
    fields = [
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "ip_address",
        "user_agent",
    ]
    actions = ["approve", "reject", "mark_spam"]
    show_full_result_count = False

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def view_on_site(self, comment):
        # Only an approved comment on a live article can be seen there.
        approved = comment.status == Comment.Status.APPROVED
        visible = approved and comment.article.is_published
        return comment.get_absolute_url() if visible else None

    def has_add_permission(self, request):
        # Comments come from readers through the article page (and its
        # checks); the admin only moderates and corrects them.
        return False

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not self.has_moderate_permission(request):
            fields.append("status")
        return fields

    def save_model(self, request, obj, form, change):
        moderate = MODERATIONS.get(obj.status)
        if "status" not in form.changed_data or moderate is None:
            super().save_model(request, obj, form, change)
            return
        chosen, obj.status = obj.status, form.initial["status"]
        super().save_model(request, obj, form, change)
        moderate(comments=Comment.objects.filter(pk=obj.pk))
        obj.status = chosen

    @admin.display(description="comment")
    def excerpt(self, comment):
        return Truncator(comment.body).chars(EXCERPT_LENGTH)

    @admin.display(description="name and email", ordering="name")
    def commenter(self, comment):
        # One column for both keeps the queue narrow enough to show the
        # article and date without scrolling sideways.
        return format_html(
            '{}<br><span class="comment-email">{}</span>', comment.name, comment.email
        )

    @admin.display(description="IP address", ordering="ip_address")
    def ip(self, comment):
        # An IPv6 address may wrap after its colons instead of widening the
        # whole queue; an IPv4 one stays on one line.
        if not comment.ip_address:
            return None
        parts = comment.ip_address.split(":")
        return format_html_join(mark_safe(":<wbr>"), "{}", ((p,) for p in parts))

    @admin.display(description="date", ordering="created_at")
    def date(self, comment):
        # As text, so the admin lets it wrap like the other columns.
        return date_format(localtime(comment.created_at), "DATETIME_FORMAT")

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, comment):
        url = reverse("admin:articles_article_change", args=[comment.article_id])
        return format_html('<a href="{}">{}</a>', url, comment.article.headline)

    def _report(self, request, changed, singular, plural):
        message = ngettext(singular, plural, changed) % {"count": changed}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        changed = comment_approve(comments=queryset)
        self._report(
            request,
            changed,
            "%(count)d comment approved.",
            "%(count)d comments approved.",
        )

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject(self, request, queryset):
        changed = comment_reject(comments=queryset)
        self._report(
            request,
            changed,
            "%(count)d comment rejected.",
            "%(count)d comments rejected.",
        )

    @admin.action(
        description="Mark selected comments as spam", permissions=["moderate"]
    )
    def mark_spam(self, request, queryset):
        changed = comment_mark_spam(comments=queryset)
        self._report(
            request,
            changed,
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
        )
