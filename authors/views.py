from django.views.generic import ListView

from articles.views import OwnerListingMixin

from .models import Author


class AuthorDetailView(OwnerListingMixin, ListView):
    """An author's profile above their published articles, newest first."""

    template_name = "authors/author_detail.html"
    owner_model = Author
    owner_lookup = "authors"
