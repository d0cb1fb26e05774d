# Placeholder view so the URL name resolves; the reader pages replace it.
from django.views.generic import DetailView

from .models import Author


class AuthorDetailView(DetailView):
    model = Author
