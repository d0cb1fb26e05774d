"""Who may do what to an article in the admin, and the admin's part in the
article's life (draft → in review → scheduled / published → unpublished).

Roles are groups of permissions (articles/migrations/0005_roles.py); this
module asks for permissions only. Whoever holds `articles.publish_article`
(editors) may do everything; anyone else who may change articles (writers)
changes only the articles they wrote, while unpublished, and only between
draft and in review. The admin hides the rest, and refuses it when POSTed.
"""

import json
from datetime import timedelta

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import ngettext

from .models import Article
from .services import article_publish, article_submit, article_unpublish

Status = Article.Status
PUBLISH_PERMISSION = "articles.publish_article"
# What a writer may set an article to.
WRITER_STATUSES = (Status.DRAFT, Status.REVIEW)
# Fields only an editor sets: each publishes, schedules or places a story.
EDITOR_FIELDS = ("published_at", "is_featured", "mark_updated")
PUBLISHING_ACTIONS = ("publish", "unpublish")


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)


def can_preview(user, article):
    """Editors preview every article; other staff only those they wrote."""
    if not (user.is_active and user.is_staff):
        return False
    return can_publish(user) or article.is_written_by(user)


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Status.DRAFT, "Draft"),
            (Status.REVIEW, "In review"),
            ("scheduled", "Scheduled"),
            (Status.PUBLISHED, "Published"),
            (Status.UNPUBLISHED, "Unpublished"),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == Status.PUBLISHED:
            return queryset.published()
        if value in Status.values:
            return queryset.filter(status=value)
        return queryset


class WriterFilter(admin.SimpleListFilter):
    title = "writer"
    parameter_name = "writer"

    def lookups(self, request, model_admin):
        return [("me", "Mine")]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.written_by(request.user)
        return queryset


class WorkflowAdminMixin:
    """Permissions, actions and record keeping of the article admin."""

    def has_publish_permission(self, request):
        return can_publish(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or can_publish(request.user):
            return allowed
        return obj.status != Status.PUBLISHED and self._wrote(request, obj)

    def _wrote(self, request, article):
        # Asked several times a request: the answer is kept on the request.
        known = request.__dict__.setdefault("_articles_written", {})
        if article.pk not in known:
            known[article.pk] = article.is_written_by(request.user)
        return known[article.pk]

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj)]
        if not can_publish(request.user):
            fields += EDITOR_FIELDS
        return fields

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if can_publish(request.user) and obj and obj.status == Status.PUBLISHED:
            return fieldsets
        # "Show as updated" is for an editor changing a published article.
        return [
            (name, {**options, "fields": _without(options["fields"], "mark_updated")})
            for name, options in fieldsets
        ]

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not can_publish(request.user):
            kwargs["choices"] = [(s.value, s.label) for s in WRITER_STATUSES]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and not can_publish(request.user):
            self._refuse_editor_fields(request)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _refuse_editor_fields(self, request):
        """A writer's form has no way to send these; a POST that does was
        made by hand, and gets a 403 rather than a form error."""
        status = request.POST.get("status")
        if status is not None and status not in WRITER_STATUSES:
            raise PermissionDenied("Only editors publish, schedule or unpublish.")
        sent = {name.rsplit("_", 1)[0] for name in request.POST} | set(request.POST)
        if sent.intersection(EDITOR_FIELDS):
            raise PermissionDenied("Only editors set publication dates or leads.")

    def changelist_view(self, request, extra_context=None):
        action = request.POST.get("action") if request.method == "POST" else None
        if action in PUBLISHING_ACTIONS and not can_publish(request.user):
            raise PermissionDenied("Only editors publish or unpublish.")
        return super().changelist_view(request, extra_context)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            # The form checked the version it was opened with is current.
            obj.version += 1
        obj.updated_by = request.user
        if form.cleaned_data.get("mark_updated") and can_publish(request.user):
            obj.revised_at = timezone.now()
        super().save_model(request, obj, form, change)

    def construct_change_message(self, request, form, formsets, add=False):
        """The admin's account of the save, led by the move in the article's
        life it made ("Published.", "Scheduled for …"), as the services word
        it: the history then reads the same whichever way it was done."""
        message = super().construct_change_message(request, form, formsets, add)
        moved = _state_change(form)
        if not moved:
            return message
        details = LogEntry(change_message=json.dumps(message)).get_change_message()
        return f"{moved} {details}".strip()

    @admin.action(description="Publish selected articles", permissions=["publish"])
    def publish(self, request, queryset):
        published, refused = 0, []
        for article in queryset:
            # A scheduled article published from the list goes live now.
            at = timezone.now() if article.is_scheduled else None
            try:
                published += article_publish(article=article, by=request.user, at=at)
            except ValidationError:
                refused.append(article.headline)
        message = ngettext(
            "%(count)d article published.", "%(count)d articles published.", published
        )
        self.message_user(request, message % {"count": published}, messages.SUCCESS)
        if refused:
            names = "; ".join(refused)
            self.message_user(
                request,
                f"Not published, their pictures have no alt text: {names}.",
                messages.ERROR,
            )

    @admin.action(description="Unpublish selected articles", permissions=["publish"])
    def unpublish(self, request, queryset):
        changed = sum(
            article_unpublish(article=article, by=request.user) for article in queryset
        )
        message = ngettext(
            "%(count)d article taken off the site.",
            "%(count)d articles taken off the site.",
            changed,
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)

    @admin.action(description="Submit selected articles for review")
    def submit_for_review(self, request, queryset):
        changed = sum(
            article_submit(article=article, by=request.user)
            for article in queryset
            if self.has_change_permission(request, article)
        )
        message = ngettext(
            "%(count)d article sent to the editors for review.",
            "%(count)d articles sent to the editors for review.",
            changed,
        )
        self.message_user(request, message % {"count": changed}, messages.SUCCESS)


def _state_change(form):
    """What the save does to the article's place in its life, in words, or
    "" when it stays where it was."""
    new = form.cleaned_data.get("status")
    old = form.initial.get("status") if form.instance._state.adding is False else None
    if new == Status.PUBLISHED:
        when = form.cleaned_data.get("published_at")
        if old == Status.PUBLISHED and _same_second(when, form.initial):
            return ""
        if when and when > timezone.now():
            shown = date_format(timezone.localtime(when), "DATETIME_FORMAT")
            return f"Scheduled for {shown}."
        return "Published."
    if new == old:
        return ""
    return {
        Status.REVIEW: "Submitted for review.",
        Status.UNPUBLISHED: "Unpublished.",
        Status.DRAFT: "Moved back to draft." if old else "",
    }.get(new, "")


def _same_second(when, initial):
    # The form shows dates to the second: an unchanged one comes back
    # without its microseconds.
    before = initial.get("published_at")
    return bool(when and before) and abs(when - before) < timedelta(seconds=1)


def _without(fields, name):
    return [field for field in fields if field != name]
