"""Revisions of articles, kept by django-reversion.

An article's revision holds the article and what is edited with it on its
page: its byline, analysis entries, tags and corrections. The admin keeps one
per save (RevisionAdminMixin, in revision_admin), the publishing services one
per change of state; editors list them, compare any two field by field
(revision_compare), and restore the content of one (article_restore, here)
without touching the publication state.

django-reversion's own VersionAdmin is not used: its "revert" screen brings
back a whole revision, status and corrections included, and checks the
writer's rights against the old copy rather than the article as it is now.
"""

from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from reversion.models import Version

from newsroom.pagecache import purge_pages

FOLLOWED = ("bylines", "analysis_entries", "tagged_items", "corrections")
# A restore brings these back; the picture and its texts go together.
TEXT_FIELDS = ("headline", "standfirst", "body", "meta_description")
PICTURE_FIELDS = (
    "image",
    "image_width",
    "image_height",
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
    from .renditions import refresh_renditions

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
    # The copies of a picture replaced since were deleted: make them again
    # (kept ones are reused).
    refresh_renditions(locked)
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
