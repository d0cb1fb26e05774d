"""The pages readers see: home, article, section and tag listings; and the
preview of an article not yet (or no longer) before readers."""

import secrets
from contextlib import suppress

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max, Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET
from django.views.generic import ListView, View

from comments.context import comment_section_context
from newsroom.cache import STORE_ERRORS
from newsroom.pagecache import LISTINGS_EPOCH_KEY

from .models import AnalysisEntry, Article, Section, Tag
from .querysets import (
    all_sections,
    fetch_article_tags,
    fetch_byline_authors,
    latest_ids_per_section,
    lead_id,
    listing_count_since,
    listing_page_ids,
    published_article,
    published_teasers,
    related_ids,
)
from .templatetags.newsroom_tags import RECENT_POSTS
from .workflow import can_preview

RELATED_COUNT = 4
SECTION_TEASERS = 4

# Fetched only for an article that has some (for_article_page() tells).
ANALYSIS = Prefetch(
    "analysis_entries", queryset=AnalysisEntry.objects.select_related("lens")
)
CORRECTIONS = "corrections"


# A listing at least this long has its length remembered for COUNT_TIMEOUT
# seconds (plus what was published since, counted each time): counting a
# listing reads every one of its rows, and a tag's or an author's through a
# join. Taking a story down purges the pages, which forgets every length.
COUNT_CACHED_FROM = 200
COUNT_TIMEOUT = 60


class ListingPaginator(Paginator):
    """Pages of a published listing, each as cheap as the first.

    A page's ids are read from the index alone, then only those rows are
    fetched: the teaser extras (comment counts) are never computed for the
    rows an OFFSET skips. `count_key` names the listing for remembering its
    length; `listing` (its view) finds a page's ids (page_ids()) and what
    was published since its length was remembered (count_since()), each by
    a query compiled once; `rows` readies a page's ids for showing (teasers
    in the ids' order by default), or is IDS_ONLY for a page of ids, whose
    view fetches the rows itself.
    """

    IDS_ONLY = "ids only"

    def __init__(self, *args, count_key, listing, rows=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_key = f"listing-count:{count_key}"
        self.listing = listing
        self.rows = rows or teasers_in_order

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.listing.page_ids(bottom, top)
        if self.rows != self.IDS_ONLY:
            # By id alone: the ids are the listing's already, and repeating
            # its conditions (a tag's join) cost compiling and running them
            # twice.
            ids = self.rows(ids)
        return self._get_page(ids, number, self)

    @cached_property
    def count(self):
        try:
            found = cache.get_many([self.count_key, LISTINGS_EPOCH_KEY])
        except STORE_ERRORS:
            # A cache that is down costs a full count, not the page.
            return super().count
        epoch = found.get(LISTINGS_EPOCH_KEY)
        remembered = found.get(self.count_key)
        if epoch and remembered and remembered[2] == epoch:
            counted, newest, _ = remembered
            return counted + self.listing.count_since(newest)
        totals = self.object_list.order_by().aggregate(
            counted=Count("*"), newest=Max("published_at")
        )
        if totals["counted"] >= COUNT_CACHED_FROM:
            self._remember(totals, epoch)
        return totals["counted"]

    def _remember(self, totals, epoch):
        """File the count under the epoch read before counting: a purge made
        meanwhile drops that epoch, and with it this count."""
        with suppress(*STORE_ERRORS):
            if epoch is None:
                epoch = secrets.token_hex(8)
                if not cache.add(LISTINGS_EPOCH_KEY, epoch, timeout=None):
                    return
            remembered = (totals["counted"], totals["newest"], epoch)
            cache.set(self.count_key, remembered, COUNT_TIMEOUT)


class ListingMixin:
    """A paginated list of published teasers; a bad ?page= is a 404."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    paginator_class = ListingPaginator
    context_object_name = "articles"

    def listing(self):
        # Plain: the teaser extras go only on the rows fetched (rows),
        # never on the subqueries and counts built from this one, where
        # Django would copy the comment-count subquery each time.
        return Article.objects.published()

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset,
            per_page,
            count_key=self.count_key(),
            listing=self,
            rows=self.rows,
            **kwargs,
        )

    rows = None

    def count_key(self):
        raise NotImplementedError

    def listing_of(self):
        """Which listing this is, as listing_page_ids() takes it."""
        raise NotImplementedError

    def page_ids(self, bottom, top):
        """The ids of the listing's articles [bottom:top], in its order."""
        return listing_page_ids(bottom, top, **self.listing_of())

    def count_since(self, moment):
        """How many of the listing's articles were published after `moment`."""
        return listing_count_since(moment, **self.listing_of())


class OwnerListingMixin(ListingMixin):
    """The published articles of one section, tag or author, found by slug."""

    owner_model = None
    owner_lookup = None

    def get_queryset(self):
        self.owner = self.get_owner()
        return self.listing().filter(**{self.owner_lookup: self.owner})

    def get_owner(self):
        return get_object_or_404(self.owner_model, slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        kwargs[self.owner_model._meta.model_name] = self.owner
        return super().get_context_data(**kwargs)

    def count_key(self):
        return f"{self.owner_model._meta.label_lower}:{self.owner.pk}"

    def listing_of(self):
        return {"owner_lookup": self.owner_lookup, "owner": self.owner.pk}


class HomeView(ListingMixin, ListView):
    """The lead story, the latest, and the newest of each section.

    The stories' ids are found first, then every teaser of the page is
    fetched in one query: fetching the lead, the latest and the sections'
    stories apart built and compiled the teaser query three times, the
    dearest part of the page.
    """

    template_name = "articles/home.html"

    def get_queryset(self):
        latest = self.listing()
        self.lead_id = lead_id()
        return latest.exclude(pk=self.lead_id) if self.lead_id else latest

    # A page's ids only: get_context_data() fetches its teasers.
    rows = ListingPaginator.IDS_ONLY

    def count_key(self):
        # The lead is left out of the count, so it names the listing too.
        return f"home:{self.lead_id or ''}"

    def listing_of(self):
        # All but the lead.
        return {"owner": self.lead_id}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # One query for the sections, for their stories and the navigation.
        sections = context["all_sections"] = all_sections()
        latest_ids = list(context["articles"])
        section_ids, lead_ids = [], []
        page = context["page_obj"]
        if page.number == 1:
            section_ids = latest_ids_per_section(SECTION_TEASERS, sections)
            lead_ids = [self.lead_id] if self.lead_id else []
        found = teasers_by_id([*latest_ids, *section_ids, *lead_ids], sections)
        context["articles"] = [found[pk] for pk in latest_ids if pk in found]
        context["by_section"] = [found[pk] for pk in section_ids if pk in found]
        context["lead"] = found.get(self.lead_id) if lead_ids else None
        every_newest = len(latest_ids) >= RECENT_POSTS or not page.has_next()
        if lead_ids and every_newest:
            # The lead and the first page hold the newest articles of all:
            # the footer's recent posts need no query of their own.
            context["recent_articles"] = newest_of([*lead_ids, *latest_ids], found)
        return context


def teasers_by_id(ids, sections=None):
    """{id: article} of the published articles under `ids`, with everything
    their teasers show. Their sections, when among `sections` (all of them,
    at hand already), need no join."""
    found = published_teasers(ids, with_sections=sections is None)
    if sections is not None:
        by_id = {section.pk: section for section in sections}
        missing = []
        for article in found.values():
            if article.section_id in by_id:
                article.section = by_id[article.section_id]
            else:
                # Added since `sections` were read.
                missing.append(article)
        prefetch_related_objects(missing, "section")
    return found


def teasers_in_order(ids):
    """The published teasers of `ids`, in their order."""
    found = teasers_by_id(ids)
    return [found[pk] for pk in ids if pk in found]


def newest_of(ids, found, count=RECENT_POSTS):
    """The `count` newest of the articles `found` under `ids`, newest first."""
    articles = [found[pk] for pk in ids if pk in found]
    articles.sort(key=lambda article: (article.published_at, article.pk), reverse=True)
    return articles[:count]


class SectionView(OwnerListingMixin, ListView):
    template_name = "articles/section.html"
    owner_model = Section
    owner_lookup = "section"

    def get_queryset(self):
        # A newsroom has a few dozen sections at most: all of them, for the
        # navigation, in the one query that finds this one.
        self.sections = all_sections()
        return super().get_queryset()

    def get_owner(self):
        for section in self.sections:
            if section.slug == self.kwargs["slug"]:
                return section
        raise Http404("No section found matching the query")

    def get_context_data(self, **kwargs):
        return super().get_context_data(all_sections=self.sections, **kwargs)


class TagView(OwnerListingMixin, ListView):
    template_name = "articles/tag.html"
    owner_model = Tag
    owner_lookup = "tags"


class ArticleDetailView(View):
    def get(self, request, slug):
        article = published_article(slug)
        if article is None:
            raise Http404("No article found matching the query")
        return render_article(request, article)


@require_GET
def article_preview(request, pk):
    """An article that readers cannot see (a draft, one in review, scheduled
    or unpublished) as it would look, for editors and its own writers only.

    Anyone else gets the same 404 as for an article that does not exist.
    """
    article = get_object_or_404(Article.objects.for_article_page(), pk=pk)
    if not can_preview(request.user, article):
        raise Http404("No article found matching the query")
    if article.is_published:
        return redirect(article)
    response = render_article(request, article, preview=True)
    # Not for search engines, and never kept by a browser or a proxy: a
    # preview may change or vanish at any moment.
    response["X-Robots-Tag"] = "noindex"
    patch_cache_control(response, private=True, no_store=True)
    return response


def render_article(request, article, *, comment_form=None, preview=False):
    """The full article page; `comment_form` re-shows a bound, invalid form.

    An article fetched without for_article_page() has its analysis and
    corrections looked for all the same.

    A preview shows no comments: readers cannot comment on an article they
    cannot see, and its page must not offer them a form.
    """
    has_analysis = getattr(article, "has_analysis", True)
    has_corrections = getattr(article, "has_corrections", True)
    optional = [(ANALYSIS, has_analysis), (CORRECTIONS, has_corrections)]
    fetch_byline_authors(article)
    fetch_article_tags(article)
    prefetch_related_objects(
        [article], *(lookup for lookup, wanted in optional if wanted)
    )
    context = {
        "article": article,
        "analysis_entries": article.analysis_entries.all() if has_analysis else (),
        "corrections": article.corrections.all() if has_corrections else (),
        "related": related_articles(article),
        "preview": preview,
    }
    if not preview:
        context |= comment_section_context(request, article, form=comment_form)
    return TemplateResponse(request, "articles/article_detail.html", context)


def related_articles(article, limit=RELATED_COUNT):
    """Editor-picked published articles first, then the closest by tags.

    Ranked by id first: that query is compiled once (related_ids()), and the
    teasers of four ids cost less to fetch apart than to rank with."""
    # Still published: one may have been taken down since it was ranked.
    return teasers_in_order(related_ids(article, limit))
