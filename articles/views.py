"""The pages readers see: home, article, section and tag listings."""

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.generic import DetailView, ListView

from comments.context import comment_section_context

from .models import AnalysisEntry, Article, Byline, Section, Tag

RELATED_COUNT = 4
SECTION_TEASERS = 4

ARTICLE_PAGE_PREFETCHES = (
    Prefetch("bylines", queryset=Byline.objects.select_related("author")),
    "tags",
    Prefetch("analysis_entries", queryset=AnalysisEntry.objects.select_related("lens")),
)


class ListingMixin:
    """A paginated list of published teasers; a bad ?page= is a 404."""

    paginate_by = settings.NEWSROOM_PAGE_SIZE
    context_object_name = "articles"

    def listing(self):
        # Teasers never show the body, the one field that can be large.
        return Article.objects.published().for_listing().defer("body")


class OwnerListingMixin(ListingMixin):
    """The published articles of one section, tag or author, found by slug."""

    owner_model = None
    owner_lookup = None

    def get_queryset(self):
        self.owner = get_object_or_404(self.owner_model, slug=self.kwargs["slug"])
        return self.listing().filter(**{self.owner_lookup: self.owner})

    def get_context_data(self, **kwargs):
        kwargs[self.owner_model._meta.model_name] = self.owner
        return super().get_context_data(**kwargs)


class HomeView(ListingMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self):
        # The newest featured story leads; without one, the newest of all.
        self.lead = (
            self.listing().order_by("-is_featured", "-published_at", "-id").first()
        )
        latest = self.listing()
        return latest.exclude(pk=self.lead.pk) if self.lead else latest

    def get_context_data(self, **kwargs):
        context = super().get_context_data(lead=self.lead, **kwargs)
        if context["page_obj"].number == 1:
            context["by_section"] = self.listing().latest_per_section(SECTION_TEASERS)
        return context


class SectionView(OwnerListingMixin, ListView):
    template_name = "articles/section.html"
    owner_model = Section
    owner_lookup = "section"


class TagView(OwnerListingMixin, ListView):
    template_name = "articles/tag.html"
    owner_model = Tag
    owner_lookup = "tags"


class ArticleDetailView(DetailView):
    def get_queryset(self):
        # Built per request: published() compares with the current time, so a
        # class-level queryset would hide everything published after start-up.
        return Article.objects.published().select_related("section")

    def get(self, request, *args, **kwargs):
        return render_article(request, self.get_object())


def render_article(request, article, *, comment_form=None):
    """The full article page; `comment_form` re-shows a bound, invalid form."""
    prefetch_related_objects([article], *ARTICLE_PAGE_PREFETCHES)
    context = {
        "article": article,
        "related": related_articles(article),
        **comment_section_context(request, article, form=comment_form),
    }
    return TemplateResponse(request, "articles/article_detail.html", context)


def related_articles(article, limit=RELATED_COUNT):
    """Editor-picked published articles first, then the closest by tags."""
    picked = list(
        article.related_articles.published()
        .for_listing()
        .defer("body")
        .exclude(pk=article.pk)[:limit]
    )
    if len(picked) < limit:
        found = (
            Article.objects.published()
            .exclude(pk__in=[a.pk for a in picked])
            .for_listing()
            .defer("body")
            .related_to(article, limit - len(picked))
        )
        picked.extend(found)
    return picked
