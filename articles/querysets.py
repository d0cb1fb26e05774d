"""What readers may see of articles, and what their pages fetch with them.

The models are looked up from the models module when a method runs: that
module defines Article with this QuerySet as its manager.
"""

from functools import lru_cache
from typing import NamedTuple

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.utils import timezone

from newsroom.addresses import slug_url

from . import models as m
from .statements import CompiledOnce


class ArticleQuerySet(models.QuerySet):
    def published(self, at=None):
        """What a reader may see at `at` (now): published, and not scheduled
        for later."""
        return self.filter(
            status=m.Article.Status.PUBLISHED, published_at__lte=at or timezone.now()
        )

    def for_article_page(self):
        """With the section, and whether the article has analysis entries and
        corrections at all: most have neither, and their page then spends no
        query looking for them (render_article())."""
        return self.select_related("section").annotate(
            has_analysis=_exists_for_article(m.AnalysisEntry),
            has_corrections=_exists_for_article(m.Correction),
        )

    def with_comment_counts(self):
        """With how many approved comments each article has (comment_count)."""
        return self.annotate(comment_count=_approved_comment_count())

    def latest_per_section(self, per_section, section_ids=None):
        """The newest `per_section` articles of every section (or of those
        under `section_ids`), by section.

        One short index scan per section, joined in one query: a window over
        every published article would grow with the archive.
        """
        if section_ids is None:
            section_ids = m.Section.objects.values_list("pk", flat=True)
        newest = self.order_by("-published_at", "-id").values("pk")
        parts = [newest.filter(section=pk)[:per_section] for pk in section_ids]
        return self.filter(pk__in=_union_of(parts, using=self.db)).order_by(
            "section__position", "section__name", "-published_at", "-id"
        )

    def written_by(self, user):
        """Articles `user` created or is bylined on."""
        mine = Q(created_by=user) | Q(
            pk__in=m.Byline.objects.filter(author__user=user).values("article")
        )
        return self.filter(mine)

    def in_review(self):
        return self.filter(status=m.Article.Status.REVIEW)

    def scheduled(self):
        return self.filter(
            status=m.Article.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def related_to(self, article, limit):
        """Up to `limit` of these articles to read after `article`, best first,
        in one query: those its editors picked (newest first), then those
        sharing the most tags with it, then those of its section, then the
        newest; never `article` itself.

        Only a bounded few are ranked: the picks, the latest tagged with each
        of the article's tags (a popular tag has thousands), the newest of its
        section, and the newest of all.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        return self.related_by(article.pk, article.section_id, tag_ids, limit)

    def related_by(self, article_id, section_id, tag_ids, limit):
        """related_to() for the article `article_id`, of section `section_id`
        and tagged `tag_ids`."""
        others = self.exclude(pk=article_id)
        picks = m.Article.related_articles.through.objects.filter(
            from_article_id=article_id
        )
        candidates = _related_candidates(
            others, article_id, section_id, picks, tag_ids, limit
        )
        same_section = models.Case(
            models.When(section_id=section_id, then=Value(1)),
            default=Value(0),
        )
        # A pick outranks any number of shared tags; among the rest, one
        # shared tag outweighs a shared section.
        rank = models.Case(
            models.When(
                models.Exists(picks.filter(to_article=OuterRef("pk"))),
                then=Value(PICKED_RANK),
            ),
            default=_shared_tag_count(tag_ids) * 2 + same_section,
        )
        ranked = others.filter(pk__in=candidates).alias(rank=rank)
        return ranked.order_by("-rank", "-published_at", "-id")[:limit]


def related_ids(article, limit, *, using=None):
    """The ids of Article.objects.published().related_to(article, limit), best
    first: the same query, built and compiled once per number of tags."""
    tag_ids = [tag.pk for tag in article.tags.all()]
    rows = _RELATED.rows(
        using or m.Article.objects.db,
        shape=(limit,),
        article=article.pk,
        section=article.section_id,
        tags=tag_ids,
        now=timezone.now(),
    )
    return [pk for (pk,) in rows]


def _related_ids_query(limit, *, article, section, tags, now):
    published = m.Article.objects.published(at=now)
    return published.related_by(article, section, tags, limit).values_list("pk")


_RELATED = CompiledOnce(_related_ids_query)


def latest_ids_per_section(per_section, sections, *, using=None):
    """The ids of Article.objects.published().latest_per_section() for
    `sections`, in its order: the same query, built and compiled once per
    number of sections."""
    if not sections:
        return []
    rows = _LATEST_PER_SECTION.rows(
        using or m.Article.objects.db,
        shape=(per_section,),
        sections=[section.pk for section in sections],
        now=timezone.now(),
    )
    return [pk for (pk,) in rows]


def _latest_per_section_query(per_section, *, sections, now):
    published = m.Article.objects.published(at=now)
    return published.latest_per_section(per_section, sections).values_list("pk")


_LATEST_PER_SECTION = CompiledOnce(_latest_per_section_query)


def published_teasers(ids, *, with_sections=True, using=None):
    """{id: article} of the published articles under `ids`, with everything
    their teasers show but the body (teasers show no tags: fetching them cost
    more than showing forty teasers), in two queries each built and compiled
    once per number of ids. Without `with_sections`, each
    article's section is left for the caller to set from those it has at
    hand."""
    ids = list(dict.fromkeys(ids))
    if not ids:
        return {}
    using = using or m.Article.objects.db
    shape = (with_sections,)
    articles = _TEASERS.fetch(using, shape, ids=ids, now=timezone.now())
    found = {article.pk: article for article in articles}
    if found:
        _set_teaser_authors(found, using)
    return found


def _set_teaser_authors(articles_by_id, using):
    """Each article's byline authors, as much of them as a teaser shows."""
    authors = {pk: [] for pk in articles_by_id}
    for article_id, name, slug in _TEASER_AUTHORS.rows(using, ids=list(authors)):
        authors[article_id].append(TeaserAuthor(name, slug))
    for pk, article in articles_by_id.items():
        setattr(article, m.FETCHED_AUTHORS, authors[pk])


class TeaserAuthor(NamedTuple):
    """What a teaser shows of an author: the name, linked to their page.
    A home page names some fifty; a model for each cost a twentieth of its
    time."""

    name: str
    slug: str

    def get_absolute_url(self):
        return slug_url("authors:detail", self.slug)


def _teasers_query(with_sections, *, ids, now):
    articles = m.Article.objects.published(at=now).filter(pk__in=ids)
    if with_sections:
        articles = articles.select_related("section")
    return articles.with_comment_counts().defer("body")


def _teaser_authors_query(*, ids):
    bylines = m.Byline.objects.filter(article_id__in=ids).order_by("position", "id")
    return bylines.values_list("article_id", "author__name", "author__slug")


def fetch_byline_authors(article, using=None):
    """The article's byline authors, all of each (their box shows the
    biography and photo), fetched ahead: one query, compiled once."""
    using = using or m.Article.objects.db
    bylines = _PAGE_BYLINES.fetch(using, article=article.pk)
    setattr(article, m.FETCHED_AUTHORS, [byline.author for byline in bylines])


def _page_bylines_query(*, article):
    return m.Byline.objects.select_related("author").filter(article_id=article)


def fetch_article_tags(article, using=None):
    """The article's tags, by name, fetched ahead as prefetch_related("tags")
    would: one query, compiled once. taggit's own prefetch built its query
    anew each time, at three times the cost of running it."""
    tags = m.Tag.objects.all()
    tags._result_cache = _ARTICLE_TAGS.fetch(
        using or m.Article.objects.db, article=article.pk
    )
    tags._prefetch_done = True
    # Where article.tags.all() looks first, as after prefetch_related().
    cache = article.__dict__.setdefault("_prefetched_objects_cache", {})
    cache["tags"] = tags


def _article_tags_query(*, article):
    return m.Tag.objects.filter(tagged_articles__content_object_id=article)


_TEASERS = CompiledOnce(_teasers_query)
_PAGE_BYLINES = CompiledOnce(_page_bylines_query)
_ARTICLE_TAGS = CompiledOnce(_article_tags_query)
_TEASER_AUTHORS = CompiledOnce(_teaser_authors_query)


def published_article(slug, using=None):
    """The published article at `slug` as for_article_page() gives it, or
    None: one query, compiled once."""
    found = _ARTICLE_PAGE.fetch(
        using or m.Article.objects.db, slug=slug, now=timezone.now()
    )
    return found[0] if found else None


def _article_page_query(*, slug, now):
    return m.Article.objects.published(at=now).for_article_page().filter(slug=slug)


_ARTICLE_PAGE = CompiledOnce(_article_page_query)


def lead_id(using=None):
    """The id of the story that leads the home page: the newest featured
    one, or without one the newest of all; None when nothing is published.
    Each query compiled once."""
    using = using or m.Article.objects.db
    now = timezone.now()
    for featured_only in (True, False):
        found = _LEAD.rows(using, (featured_only,), now=now)
        if found:
            return found[0][0]
    return None


def _lead_query(featured_only, *, now):
    published = m.Article.objects.published(at=now)
    if featured_only:
        published = published.filter(is_featured=True)
    return published.values_list("pk")[:1]


_LEAD = CompiledOnce(_lead_query)


# Pages of each listing whose query is kept compiled: readers mostly read
# the first few, and a crawler walking the archive must not fill memory.
LISTING_PAGES_KEPT = 200


def listing_page_ids(bottom, top, *, owner_lookup=None, owner=None, using=None):
    """The ids of published articles [bottom:top], in listing order: of
    those whose `owner_lookup` is `owner` (a section's, tag's or author's id),
    or without a lookup of all but the article `owner` (the home page's lead,
    or None). Compiled once per listing and page."""
    if top <= bottom:
        return []
    using = using or m.Article.objects.db
    shape = (bottom, top, owner_lookup, owner is None)
    values = {} if owner is None else {"owner": owner}
    rows = _LISTING_PAGE.rows(using, shape, now=timezone.now(), **values)
    return [pk for (pk,) in rows]


def listing_count_since(moment, *, owner_lookup=None, owner=None, using=None):
    """How many of listing_page_ids()'s articles were published after
    `moment`: compiled once per listing."""
    using = using or m.Article.objects.db
    shape = (owner_lookup, owner is None)
    values = {"since": moment, "now": timezone.now()}
    if owner is not None:
        values["owner"] = owner
    # One row per status, and only "published" is counted; none when nothing
    # was published since.
    return sum(count for (count,) in _LISTING_SINCE.rows(using, shape, **values))


def _listing_query(owner_lookup, no_owner, now, owner):
    published = m.Article.objects.published(at=now)
    if owner_lookup:
        return published.filter(**{owner_lookup: owner})
    if not no_owner:
        return published.exclude(pk=owner)
    return published


def _listing_page_query(bottom, top, owner_lookup, no_owner, *, now, owner=None):
    listing = _listing_query(owner_lookup, no_owner, now, owner)
    return listing.values_list("pk")[bottom:top]


def _listing_since_query(owner_lookup, no_owner, *, since, now, owner=None):
    listing = _listing_query(owner_lookup, no_owner, now, owner)
    later = listing.filter(published_at__gt=since).order_by()
    return later.values("status").annotate(count=Count("*")).values_list("count")


_LISTING_SINCE = CompiledOnce(_listing_since_query)
_LISTING_PAGE = CompiledOnce(_listing_page_query, most=LISTING_PAGES_KEPT)


def all_sections(using=None):
    """Every section, in editor order (for the navigation): one query,
    compiled once."""
    return _SECTIONS.fetch(using or m.Section.objects.db)


def newest_published(count, using=None):
    """(headline, slug, standfirst, published_at) of the `count` newest
    published articles, newest first, for the footer."""
    return _NEWEST.fetch(using or m.Article.objects.db, (count,), now=timezone.now())


def _newest_query(count, *, now):
    fields = ("headline", "slug", "standfirst", "published_at")
    return m.Article.objects.published(at=now).values_list(*fields)[:count]


_SECTIONS = CompiledOnce(lambda: m.Section.objects.all())
_NEWEST = CompiledOnce(_newest_query)


# How many of a tag's newest articles are weighed for "related articles".
RELATED_POOL = 50
# Above any rank shared tags and section can give.
PICKED_RANK = 1_000_000


def _related_candidates(others, article_id, section_id, picks, tag_ids, limit):
    """The ids related_to() ranks, as one subquery."""
    newest = others.order_by("-published_at", "-id").values("pk")
    # A tag's latest taggings come straight off the (tag, article) index;
    # walking published articles by date to find a popular tag's newest
    # probed thousands of rows. Unpublished ones drop out in the ranking.
    tagged = m.TaggedArticle.objects.exclude(content_object_id=article_id)
    latest_tagged = tagged.order_by("-content_object_id").values("content_object_id")
    return _union_of(
        [
            picks.values("to_article"),
            *(latest_tagged.filter(tag_id=pk)[:RELATED_POOL] for pk in tag_ids),
            newest.filter(section_id=section_id)[:limit],
            newest[:limit],
        ],
        using=others.db,
    )


def _shared_tag_count(tag_ids):
    """How many of `tag_ids` each article has."""
    if not tag_ids:
        return Value(0)
    shared = m.TaggedArticle.objects.filter(
        content_object=OuterRef("pk"), tag_id__in=tag_ids
    )
    return _count_per_article(shared, "content_object")


def _union_of(parts, *, using):
    """The ids of several sliced `values("pk")` querysets, as one subquery.

    Each part is wrapped as `SELECT * FROM (…)`: SQLite allows no LIMIT
    directly inside a UNION, and PostgreSQL plans the wrapped form as it
    would the plain one.
    """
    compiled = [part.query.get_compiler(using).as_sql() for part in parts]
    if not compiled:
        return m.Article.objects.none().values("pk")
    sql = " UNION ALL ".join(
        f"SELECT * FROM ({part_sql}) AS part{number}"
        for number, (part_sql, _) in enumerate(compiled)
    )
    return RawSQL(sql, [param for _, params in compiled for param in params])


# Built once, as _approved_comment_count() is.
@lru_cache(maxsize=8)
def _exists_for_article(model):
    """Whether the article has any `model` rows, as an annotation."""
    return models.Exists(model.objects.filter(article=OuterRef("pk")))


# Built once: a query that uses it resolves a copy, and building it anew
# cost a fifth of a millisecond on every listing query.
@lru_cache(maxsize=1)
def _approved_comment_count():
    from comments.models import Comment

    approved = Comment.objects.filter(
        article=OuterRef("pk"), status=Comment.Status.APPROVED
    )
    return _count_per_article(approved, "article")


def _count_per_article(rows, article_field):
    """How many of `rows` (filtered on OuterRef("pk")) each article has, as
    an annotation: 0 where it has none."""
    # COUNT(*) rather than of a column: counted from the index alone.
    counted = (
        rows.order_by().values(article_field).annotate(count=Count("*")).values("count")
    )
    return Coalesce(Subquery(counted), 0)
