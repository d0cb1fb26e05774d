"""History, compare and restore screens for the article admin
(RevisionAdminMixin); see revisions for why reversion's VersionAdmin is not
used."""

import re
from contextlib import contextmanager

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version

from .revision_compare import compare
from .revisions import Names, article_restore, load_snapshots, restored_comment

HISTORY_PAGE_SIZE = 100
BEFORE_REVISIONS = "As it was before its revisions were kept."
UNREADABLE = (
    "That version was kept in a form this site can no longer read: it cannot "
    "be compared or restored."
)
VERSION_ID = re.compile(r"[0-9]{1,18}")


class RevisionAdminMixin:
    """History, compare and restore for the article admin: every save made
    through it is a revision, with the admin's own account of the change."""

    object_history_template = "admin/articles/article/object_history.html"
    compare_template = "admin/articles/article/revision_compare.html"

    def add_view(self, request, form_url="", extra_context=None):
        with _revision_by(request.user):
            return super().add_view(request, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "POST":
            self._keep_state_before_revisions(request, object_id)
        with _revision_by(request.user):
            return super().change_view(request, object_id, form_url, extra_context)

    def log_addition(self, request, obj, message):
        return _commented(super().log_addition(request, obj, message))

    def log_change(self, request, obj, message):
        return _commented(super().log_change(request, obj, message))

    def get_urls(self):
        opts = self.model._meta
        name = f"{opts.app_label}_{opts.model_name}"
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/history/compare/",
                view(self.compare_view),
                name=f"{name}_compare",
            ),
            path(
                "<path:object_id>/history/<int:version_id>/restore/",
                view(self.restore_view),
                name=f"{name}_restore",
            ),
            *super().get_urls(),
        ]

    def history_view(self, request, object_id, extra_context=None):
        """Every revision of the article, newest first, to compare or restore."""
        article = self._viewable(request, object_id)
        versions = self._versions(article).select_related("revision__user")
        page = self.get_paginator(request, versions, HISTORY_PAGE_SIZE).get_page(
            request.GET.get("p")
        )
        context = {
            **self._revision_context(request, article),
            "title": f"History: {article}",
            "versions": page,
            "newest": versions.values_list("pk", flat=True).first(),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request, object_id):
        """Two revisions of the article side by side, the older on the left."""
        article = self._viewable(request, object_id)
        pair, problem = self._chosen_versions(request, article)
        if not problem:
            try:
                snapshots = load_snapshots(article, pair)
            except RevertError:
                problem = UNREADABLE
        if problem:
            messages.error(request, problem)
            return HttpResponseRedirect(self._history_url(article))
        context = {
            **self._revision_context(request, article),
            "title": f"Compare versions: {article}",
            "old": pair[0],
            "new": pair[1],
            "newest": self._versions(article).values_list("pk", flat=True).first(),
            "rows": compare(*snapshots, Names(snapshots)),
        }
        return TemplateResponse(request, self.compare_template, context)

    def _chosen_versions(self, request, article):
        """The two versions picked on the history page, older first, or a
        plain reason why there are not two."""
        chosen = [request.GET.get("old", ""), request.GET.get("new", "")]
        if not all(VERSION_ID.fullmatch(value) for value in chosen):
            return None, "Pick two versions to compare: one in each column."
        if chosen[0] == chosen[1]:
            return None, "Pick two different versions to compare."
        found = self._versions(article).filter(pk__in=chosen)
        found = sorted(found.select_related("revision__user"), key=_pk)
        if len(found) < 2:
            return None, "One of the versions you picked is not in this history."
        return found, None

    def restore_view(self, request, object_id, version_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        article = self.get_object(request, unquote(object_id))
        if article is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, article):
            raise PermissionDenied
        version = get_object_or_404(
            self._versions(article).select_related("revision__user"), pk=version_id
        )
        try:
            notes = article_restore(article=article, version=version, by=request.user)
        except RevertError:
            messages.error(request, UNREADABLE)
            return HttpResponseRedirect(self._history_url(article))
        comment = restored_comment(version.revision)
        self.log_change(request, article, comment)
        messages.success(
            request, f"{comment} Its publication state is as it was before."
        )
        for note in notes:
            messages.warning(request, note)
        change = reverse(self._url_name("change"), args=[quote(article.pk)])
        return HttpResponseRedirect(change)

    def _keep_state_before_revisions(self, request, object_id):
        """An article saved before revisions were kept (imported, say) gets
        its current state kept first, so its first edit can be undone."""
        article = self.get_object(request, unquote(object_id))
        if article is None or self._versions(article).exists():
            return
        if not self.has_change_permission(request, article):
            return
        with reversion.create_revision():
            reversion.add_to_revision(article)
            reversion.set_user(article.updated_by)
            reversion.set_date_created(article.updated_at)
            reversion.set_comment(BEFORE_REVISIONS)

    def _viewable(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404("No such article.")
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        return article

    def _versions(self, article):
        return Version.objects.get_for_object(article).order_by("-pk")

    def _history_url(self, article):
        return reverse(self._url_name("history"), args=[quote(article.pk)])

    def _url_name(self, view):
        opts = self.model._meta
        return f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}_{view}"

    def _revision_context(self, request, article):
        request.current_app = self.admin_site.name
        return {
            **self.admin_site.each_context(request),
            "subtitle": None,
            "module_name": str(capfirst(self.opts.verbose_name_plural)),
            "object": article,
            "opts": self.opts,
            "may_restore": self.has_change_permission(request, article),
            "preserved_filters": self.get_preserved_filters(request),
        }


@contextmanager
def _revision_by(user):
    with reversion.create_revision():
        reversion.set_user(user)
        yield


def _commented(entry):
    """The admin's account of a change ("Changed headline. Added author …")
    is the revision's comment too."""
    if reversion.is_active():
        reversion.set_comment(entry.get_change_message())
    return entry


def _pk(version):
    return version.pk
