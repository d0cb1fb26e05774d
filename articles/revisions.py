"""Revisions of articles, kept by django-reversion.

An article's revision holds the article and what is edited with it on its
page: its byline, analysis entries, tags and corrections. The admin keeps one
per save (RevisionAdminMixin), the publishing services one per change of
state; editors list them, compare any two field by field, and restore the
content of one (article_restore) without touching the publication state.

django-reversion's own VersionAdmin is not used: its "revert" screen brings
back a whole revision, status and corrections included, and checks the
writer's rights against the old copy rather than the article as it is now.
"""

import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from html.parser import HTMLParser

import reversion
from django.contrib import messages
from django.contrib.admin.utils import quote, unquote
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from reversion.errors import RevertError
from reversion.models import Version

from newsroom.pagecache import purge_pages

FOLLOWED = ("bylines", "analysis_entries", "tagged_items", "corrections")
HISTORY_PAGE_SIZE = 100
BEFORE_REVISIONS = "As it was before its revisions were kept."
UNREADABLE = (
    "That version was kept in a form this site can no longer read: it cannot "
    "be compared or restored."
)
VERSION_ID = re.compile(r"[0-9]{1,18}")
# A restore brings these back; the picture and its texts go together.
TEXT_FIELDS = ("headline", "standfirst", "body", "meta_description")
PICTURE_FIELDS = (
    "image",
    "image_width",
    "image_height",
    "image_renditions",
    "image_alt",
    "image_caption",
    "image_credit",
)


def register_models():
    from .models import AnalysisEntry, Article, Byline, Correction, TaggedArticle

    if reversion.is_registered(Article):
        return
    reversion.register(Article, follow=FOLLOWED)
    for model in (Byline, AnalysisEntry, TaggedArticle, Correction):
        reversion.register(model)


# What an article looked like in one revision.


@dataclass
class Snapshot:
    """An article as one of its versions saw it, with its byline, analysis,
    tags and corrections of the same revision (field values by attname)."""

    version: Version
    fields: dict
    bylines: list = field(default_factory=list)
    analysis: list = field(default_factory=list)
    tagged: list = field(default_factory=list)
    corrections: list = field(default_factory=list)


def load_snapshots(article, versions):
    """A Snapshot of `article` for each of `versions` (its own), in one query."""
    from .models import AnalysisEntry, Byline, Correction, TaggedArticle

    children = {
        Byline: ("bylines", "article_id"),
        AnalysisEntry: ("analysis", "article_id"),
        TaggedArticle: ("tagged", "content_object_id"),
        Correction: ("corrections", "article_id"),
    }
    snapshots = {v.revision_id: Snapshot(v, v.field_dict) for v in versions}
    rows = Version.objects.filter(revision_id__in=snapshots).exclude(
        pk__in=[v.pk for v in versions]
    )
    for row in rows:
        kind = children.get(row._model)
        if kind is None:
            continue
        name, parent = kind
        data = row.field_dict
        if data.get(parent) == article.pk:
            getattr(snapshots[row.revision_id], name).append(data)
    for snapshot in snapshots.values():
        snapshot.bylines.sort(key=_in_position)
        snapshot.analysis.sort(key=_in_position)
        snapshot.corrections.sort(key=lambda row: (row["published_at"], row["id"]))
        snapshot.corrections.reverse()
    return [snapshots[v.revision_id] for v in versions]


def _in_position(row):
    return (row["position"], row["id"])


class Names:
    """Names of the authors, lenses, tags, sections and articles the
    snapshots point to, one query each; gone ones are named as such."""

    def __init__(self, snapshots):
        from authors.models import Author

        from .models import Article, Lens, Section, Tag

        def ids(pick):
            return {pk for snapshot in snapshots for pk in pick(snapshot)}

        self._names = {
            "author": _names_of(Author, "name", ids(_author_ids)),
            "lens": _names_of(Lens, "name", ids(_lens_ids)),
            "tag": _names_of(Tag, "name", ids(_tag_ids)),
            "section": _names_of(Section, "name", ids(_section_ids)),
            "article": _names_of(Article, "headline", ids(_related_ids)),
        }

    def __call__(self, kind, pk):
        if pk is None:
            return "none"
        return self._names[kind].get(pk, f"(deleted {kind} #{pk})")

    def exists(self, kind, pk):
        return pk in self._names[kind]


def _names_of(model, name, pks):
    if not pks:
        return {}
    return dict(model._base_manager.filter(pk__in=pks).values_list("pk", name))


def _author_ids(snapshot):
    return [row["author_id"] for row in snapshot.bylines]


def _lens_ids(snapshot):
    return [row["lens_id"] for row in snapshot.analysis]


def _tag_ids(snapshot):
    return [row["tag_id"] for row in snapshot.tagged]


def _section_ids(snapshot):
    return [snapshot.fields.get("section_id")]


def _related_ids(snapshot):
    return snapshot.fields.get("related_articles") or []


# Comparing two snapshots.


def readable(snapshot, names):
    """The snapshot as the compare page shows it: label → plain text, one
    line per byline author, analysis entry, tag, correction…"""
    from .models import Article, Correction

    f = snapshot.fields
    status = dict(Article.Status.choices).get(f.get("status"), f.get("status"))
    if f.get("published_at"):
        status = f"{status}, {_when(f['published_at'])}"
    kinds = dict(Correction.Kind.choices)
    return {
        "headline": f.get("headline", ""),
        "slug": f.get("slug", ""),
        "standfirst": f.get("standfirst", ""),
        "body": body_text(f.get("body", "")),
        "picture": str(f.get("image") or "none"),
        "alt text": f.get("image_alt", ""),
        "caption": f.get("image_caption", ""),
        "credit": f.get("image_credit", ""),
        "section": names("section", f.get("section_id")),
        "tags": _lines(sorted(names("tag", pk) for pk in _tag_ids(snapshot))),
        "byline": _lines(names("author", pk) for pk in _author_ids(snapshot)),
        "analysis": _lines(
            f"{names('lens', row['lens_id'])}: {row['text']}"
            for row in snapshot.analysis
        ),
        "corrections": _lines(
            f"{kinds.get(row['kind'], row['kind'])} of "
            f"{_when(row['published_at'])}: {row['text']}"
            for row in snapshot.corrections
        ),
        "status and date": status,
        "lead story": _yes_no(f.get("is_featured")),
        "comments open": _yes_no(f.get("comments_enabled")),
        "related articles": _lines(
            names("article", pk) for pk in _related_ids(snapshot)
        ),
        "meta description": f.get("meta_description", ""),
    }


@dataclass
class Row:
    label: str
    old: str
    new: str
    changed: bool


def compare(old, new, names):
    """Rows of the compare page: each field of the two snapshots, escaped,
    with removed words in <del> on the old side and added ones in <ins>."""
    before, after = readable(old, names), readable(new, names)
    changed = {label: text != after[label] for label, text in before.items()}
    # Bold or italic added or taken away changes no word, but the body all
    # the same.
    changed["body"] |= old.fields.get("body") != new.fields.get("body")
    rows = []
    for label, old_text in before.items():
        old_html, new_html = text_diff(old_text, after[label])
        rows.append(Row(capfirst(label), old_html, new_html, changed[label]))
    return rows


WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def text_diff(old, new):
    """`old` and `new`, escaped, marked where they differ: whole lines where
    lines were added or removed, words within lines that changed."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    left, right = [], []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        if op == "replace":
            removed, added = _word_diff(removed, added)
        else:
            removed, added = _mark("del", removed, op), _mark("ins", added, op)
        if i2 > i1:
            left.append(removed)
        if j2 > j1:
            right.append(added)
    return mark_safe("\n".join(left)), mark_safe("\n".join(right))


def _mark(tag, text, op):
    if op == "equal" or not text:
        return escape(text)
    return format_html("<{}>{}</{}>", mark_safe(tag), text, mark_safe(tag))


def _word_diff(old, new):
    a, b = WORDS.findall(old), WORDS.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    chunks = [
        [op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])]
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    left, right = [], []
    for same, removed, added in _joined_changes(chunks):
        op = "equal" if same else "replace"
        left.append(_mark("del", removed, op))
        right.append(_mark("ins", added, op))
    return "".join(left), "".join(right)


def _joined_changes(chunks):
    """Changed words separated only by spaces read as one change: "put off"
    → "held on" rather than "put" → "held", "off" → "on"."""
    for before, chunk, after in zip(chunks, chunks[1:], chunks[2:], strict=False):
        if chunk[0] and chunk[1].isspace() and not before[0] and not after[0]:
            chunk[0] = False
    joined = []
    for chunk in chunks:
        if joined and not chunk[0] and not joined[-1][0]:
            joined[-1][1] += chunk[1]
            joined[-1][2] += chunk[2]
        else:
            joined.append(chunk)
    return joined


# Block elements start a new line of the readable body.
BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figure", "figcaption"}
BLOCKS |= {"tr", "br", "hr", "ul", "ol", "table"}


class _BodyText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self.links.append(attrs.get("href") or "")
        elif tag == "img":
            self.parts.append(f"[picture: {attrs.get('src') or ''}]")

    def handle_endtag(self, tag):
        if tag == "a" and self.links and (href := self.links.pop()):
            self.parts.append(f" [link: {href}]")
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def body_text(html):
    """The body as text to compare: a line per paragraph, heading or list
    item; links and pictures named by their addresses. Formatting (bold,
    italic) is left out."""
    parser = _BodyText()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _lines(items):
    return "\n".join(items)


def _yes_no(value):
    return "yes" if value else "no"


def _when(moment):
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _person(user):
    return (user.get_full_name() or user.get_username()) if user else ""


# Restoring.


def restored_comment(revision):
    by = f" by {_person(revision.user)}" if revision.user else ""
    return f"Restored the version of {_when(revision.date_created)}{by}."


@transaction.atomic
def article_restore(*, article, version: Version, by) -> list[str]:
    """Bring back what editors wrote in `version`, one of `article`'s
    versions: texts, picture, section, tags, byline, analysis, related
    articles. The publication state (status, date, lead story, comments
    switch) and the corrections stay as they are now.

    Saved as a new revision, so a restore can itself be undone. Returns
    notes, in plain words, on whatever could not come back.
    """
    from .models import Article, Tag

    locked = Article.objects.select_for_update().get(pk=article.pk)
    (snapshot,) = load_snapshots(locked, [version])
    names = Names([snapshot])
    notes = []
    _restore_fields(locked, snapshot, names, notes)
    with reversion.create_revision(atomic=False):
        _restore_byline(locked, snapshot, names, notes)
        _restore_analysis(locked, snapshot, names)
        # Tags deleted since are left out: the filter finds only those left.
        locked.tags.set(list(Tag.objects.filter(pk__in=_tag_ids(snapshot))))
        locked.related_articles.set(
            [pk for pk in _related_ids(snapshot) if names.exists("article", pk)]
        )
        locked.version += 1
        locked.updated_by = by
        locked.save()
        reversion.set_user(by)
        reversion.set_comment(restored_comment(version.revision))
    article.refresh_from_db()
    purge_pages()
    return notes


def _restore_fields(locked, snapshot, names, notes):
    old = snapshot.fields
    for name in TEXT_FIELDS:
        setattr(locked, name, old.get(name, getattr(locked, name)))
    _restore_slug(locked, old.get("slug"), notes)
    if names.exists("section", old.get("section_id")):
        locked.section_id = old["section_id"]
    else:
        notes.append("That version's section no longer exists: the section is kept.")
    _restore_picture(locked, old, notes)


def _restore_slug(locked, slug, notes):
    from .models import Article

    if not slug or slug == locked.slug:
        return
    if locked.is_published:
        notes.append(
            "The address (slug) is kept: the article is on the site, and "
            "links to it would stop working."
        )
    elif Article.objects.filter(slug=slug).exclude(pk=locked.pk).exists():
        notes.append(f"The address (slug) is kept: another article now uses “{slug}”.")
    else:
        locked.slug = slug


def _restore_picture(locked, old, notes):
    now = {name: getattr(locked, name) for name in PICTURE_FIELDS}
    image = old.get("image") or ""
    if image and not locked.image.storage.exists(str(image)):
        notes.append(
            "That version's picture file is no longer stored: the current "
            "picture is kept."
        )
        return
    for name in PICTURE_FIELDS:
        setattr(locked, name, old.get(name, now[name]))
    if locked.status == locked.Status.PUBLISHED and locked.missing_alt_text:
        for name, value in now.items():
            setattr(locked, name, value)
        notes.append(
            "That version's picture has no alt text, which a published "
            "article needs: the current picture is kept."
        )


def _restore_byline(locked, snapshot, names, notes):
    from .models import Byline

    kept = [row for row in snapshot.bylines if names.exists("author", row["author_id"])]
    if not kept:
        # An article always has an author: better the current byline.
        if snapshot.bylines:
            notes.append("None of that version's authors exist: the byline is kept.")
        return
    if len(kept) < len(snapshot.bylines):
        notes.append("Authors deleted since that version are left out of the byline.")
    locked.bylines.all().delete()
    for row in kept:
        Byline.objects.create(
            article=locked, author_id=row["author_id"], position=row["position"]
        )


def _restore_analysis(locked, snapshot, names):
    from .models import AnalysisEntry

    locked.analysis_entries.all().delete()
    for row in snapshot.analysis:
        if names.exists("lens", row["lens_id"]):
            AnalysisEntry.objects.create(
                article=locked,
                lens_id=row["lens_id"],
                text=row["text"],
                position=row["position"],
            )


# The admin.


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
