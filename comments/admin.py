from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.timezone import localtime
from django.utils.translation import ngettext

from newsroom.pagecache import PurgePagesMixin
from newsroom.pagination import CappedCountPaginator

from .models import PENDING_FIRST, Ban, BlockedWord, Comment
from .services import (
    ban_hide_comments,
    banned_comments,
    comment_approve,
    comment_hold,
    comment_mark_spam,
    comment_reject,
    unanswered_reports,
)

EXCERPT_LENGTH = 80
# A comment's page lists this many of its latest reports, and says so.
REPORTS_SHOWN = 50

# A status chosen in a comment's own form goes through the same service as
# the bulk actions, so the decision is recorded with who made it.
MODERATIONS = {
    Comment.Status.PENDING: comment_hold,
    Comment.Status.APPROVED: comment_approve,
    Comment.Status.REJECTED: comment_reject,
    Comment.Status.SPAM: comment_mark_spam,
}
# What readers can see or may yet see: reports on anything else are moot.
REPORTABLE = [Comment.Status.PENDING, Comment.Status.APPROVED]


def when(moment):
    return date_format(localtime(moment), "DATETIME_FORMAT")


class ReportedFilter(admin.SimpleListFilter):
    title = "reports"
    parameter_name = "reported"
    AWAITING = "awaiting"

    def lookups(self, request, model_admin):
        return [
            (self.AWAITING, "Awaiting a decision"),
            ("any", "Ever reported"),
        ]

    def queryset(self, request, queryset):
        if self.value() == self.AWAITING:
            return queryset.filter(unanswered_reports(), status__in=REPORTABLE)
        if self.value() == "any":
            return queryset.filter(flag_count__gt=0)
        return queryset


@admin.register(Comment)
class CommentAdmin(PurgePagesMixin, admin.ModelAdmin):
    list_display = [
        "status",
        "excerpt",
        "commenter",
        "ip",
        "article_link",
        "date",
        "hold_reason",
        "reports",
        "moderated",
    ]
    list_display_links = ["excerpt"]
    list_filter = ["status", "hold_reason", ReportedFilter, "article__section"]
    list_select_related = ["article", "moderated_by"]
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
    # Where and when a comment was posted, and who decided on it, are a
    # record, not something to edit.
    decision_fields = [
        "hold_reason",
        "moderated_by",
        "moderated_at",
        "flag_count",
        "report_list",
    ]
    origin_fields = [
        "created_at",
        "edited_at",
        "ip_address",
        "user_agent",
        "user",
        "by_staff",
    ]
    readonly_fields = ["article", "parent", *decision_fields, *origin_fields]
    fieldsets = [
        (None, {"fields": ["article", "parent", "name", "email", "body", "status"]}),
        ("Moderation", {"fields": decision_fields}),
        ("Posted", {"fields": origin_fields}),
    ]
    actions = ["approve", "reject", "mark_spam", "ban_email", "ban_ip"]
    show_full_result_count = False

    class Media:
        css = {"all": ["newsroom-admin/admin.css"]}

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def has_ban_permission(self, request):
        return request.user.has_perm("comments.add_ban")

    def changelist_view(self, request, extra_context=None):
        # One count, from the reports table: the queue says when readers
        # reported something nobody has decided on yet.
        if request.GET.get(ReportedFilter.parameter_name) != ReportedFilter.AWAITING:
            awaiting = Comment.objects.filter(
                unanswered_reports(), status__in=REPORTABLE
            ).count()
            query = {ReportedFilter.parameter_name: ReportedFilter.AWAITING}
            extra_context = (extra_context or {}) | {
                "reports_awaiting": awaiting,
                "reports_awaiting_url": f"?{urlencode(query)}",
            }
        return super().changelist_view(request, extra_context)

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
        moderate(comments=Comment.objects.filter(pk=obj.pk), by=request.user)
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
        return when(comment.created_at)

    @admin.display(description="article", ordering="article__headline")
    def article_link(self, comment):
        url = reverse("admin:articles_article_change", args=[comment.article_id])
        return format_html('<a href="{}">{}</a>', url, comment.article.headline)

    @admin.display(description="reports")
    def reports(self, comment):
        # Not sortable: sorting the queue by it would read the whole table.
        return comment.flag_count or ""

    @admin.display(description="moderated")
    def moderated(self, comment):
        if not comment.moderated_at:
            return None
        if not comment.moderated_by:
            return when(comment.moderated_at)
        return format_html(
            "{}<br>{}", comment.moderated_by.get_username(), when(comment.moderated_at)
        )

    @admin.display(description="what readers reported")
    def report_list(self, comment):
        flags = list(comment.flags.all()[: REPORTS_SHOWN + 1])
        if not flags:
            return None
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (flag.get_reason_display(), flag.details, when(flag.created_at))
                for flag in flags[:REPORTS_SHOWN]
            ),
        )
        more = ""
        if len(flags) > REPORTS_SHOWN:
            more = format_html("<p>Only the latest {} are shown.</p>", REPORTS_SHOWN)
        return format_html(
            "<table><thead><tr><th>Reason</th><th>Details</th><th>When</th></tr>"
            "</thead><tbody>{}</tbody></table>{}",
            rows,
            more,
        )

    def _report(self, request, changed, singular, plural):
        message = ngettext(singular, plural, changed) % {"count": changed}
        self.message_user(request, message, messages.SUCCESS)

    @admin.action(description="Approve selected comments", permissions=["moderate"])
    def approve(self, request, queryset):
        changed = comment_approve(comments=queryset, by=request.user)
        self._report(
            request,
            changed,
            "%(count)d comment approved.",
            "%(count)d comments approved.",
        )

    @admin.action(description="Reject selected comments", permissions=["moderate"])
    def reject(self, request, queryset):
        changed = comment_reject(comments=queryset, by=request.user)
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
        changed = comment_mark_spam(comments=queryset, by=request.user)
        self._report(
            request,
            changed,
            "%(count)d comment marked as spam.",
            "%(count)d comments marked as spam.",
        )

    @admin.action(
        description="Ban the email address of the selected comment",
        permissions=["ban"],
    )
    def ban_email(self, request, queryset):
        return self._ban_form(request, queryset, "email")

    @admin.action(
        description="Ban the IP address of the selected comment", permissions=["ban"]
    )
    def ban_ip(self, request, queryset):
        return self._ban_form(request, queryset, "ip_address")

    def _ban_form(self, request, queryset, field):
        """The ban form, filled in from one comment: the moderator still
        writes the reason, and may set an end date."""
        comments = list(queryset[:2])
        if len(comments) != 1:
            self.message_user(
                request,
                "Select exactly one comment to ban its author.",
                messages.WARNING,
            )
            return None
        value = getattr(comments[0], field)
        if not value:
            self.message_user(
                request,
                "That comment’s IP address is no longer stored.",
                messages.WARNING,
            )
            return None
        return redirect(
            f"{reverse('admin:comments_ban_add')}?{urlencode({field: value})}"
        )


class BanInForceFilter(admin.SimpleListFilter):
    title = "in force"
    parameter_name = "in_force"

    def lookups(self, request, model_admin):
        return [("yes", "In force"), ("no", "Ended")]

    def queryset(self, request, queryset):
        in_force = Ban.objects.in_force()
        if self.value() == "yes":
            return queryset.filter(pk__in=in_force.values("pk"))
        if self.value() == "no":
            return queryset.exclude(pk__in=in_force.values("pk"))
        return queryset


class BanForm(forms.ModelForm):
    class Meta:
        model = Ban
        fields = ["email", "ip_address", "reason", "until"]
        help_texts = {
            "email": "Ban an email address, or an IP address, not both.",
            "reason": "Why: for the other moderators, and for lifting it later.",
        }

    def clean_ip_address(self):
        # The form gives "" for an empty address; the constraint that asks for
        # one of email or IP is checked before saving, and needs it as None.
        return self.cleaned_data["ip_address"] or None


@admin.register(Ban)
class BanAdmin(admin.ModelAdmin):
    form = BanForm
    list_display = ["banned", "reason", "until", "in_force", "created_by", "created_at"]
    list_filter = [BanInForceFilter]
    list_select_related = ["created_by"]
    search_fields = ["=email", "=ip_address"]
    search_help_text = "Search by an exact email or IP address."
    fields = ["email", "ip_address", "reason", "until", "created_by", "created_at"]
    readonly_fields = ["created_by", "created_at"]
    actions = ["hide_comments"]

    def has_moderate_permission(self, request):
        return request.user.has_perm("comments.moderate_comment")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            self._mention_past_comments(request, obj)

    def _mention_past_comments(self, request, ban):
        shown = banned_comments([ban]).filter(status__in=REPORTABLE).count()
        if shown:
            self.message_user(
                request,
                ngettext(
                    "Their %(count)d earlier comment is unchanged: choose “Hide "
                    "their comments” in the list to file it as spam.",
                    "Their %(count)d earlier comments are unchanged: choose “Hide "
                    "their comments” in the list to file them as spam.",
                    shown,
                )
                % {"count": shown},
                messages.INFO,
            )

    @admin.display(description="email or IP address")
    def banned(self, ban):
        return str(ban)

    @admin.display(description="in force", boolean=True)
    def in_force(self, ban):
        return ban.until is None or ban.until > timezone.now()

    @admin.action(description="Hide their comments", permissions=["moderate"])
    def hide_comments(self, request, queryset):
        changed = ban_hide_comments(bans=queryset, by=request.user)
        message = ngettext(
            "%(count)d comment filed as spam.",
            "%(count)d comments filed as spam.",
            changed,
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


class BlockedWordForm(forms.ModelForm):
    class Meta:
        model = BlockedWord
        fields = ["word"]
        help_texts = {
            "word": "A word or phrase. New comments containing it as a whole word, "
            "in any case, go to spam: “ass” does not block “class”."
        }

    def clean_word(self):
        word = self.cleaned_data["word"]
        taken = BlockedWord.objects.filter(word__iexact=word).exclude(
            pk=self.instance.pk
        )
        if taken.exists():
            raise forms.ValidationError("That word is already blocked.")
        return word


@admin.register(BlockedWord)
class BlockedWordAdmin(admin.ModelAdmin):
    form = BlockedWordForm
    list_display = ["word", "added_at"]
    search_fields = ["word"]
