# Placeholder views so every URL name resolves; the reader pages replace them.
from django.views.generic import DetailView, ListView, TemplateView

from .models import Article, Section, Tag


class HomeView(TemplateView):
    template_name = "articles/home.html"


class ArticleDetailView(DetailView):
    queryset = Article.objects.published()


class SectionView(DetailView):
    model = Section


class TagView(DetailView):
    model = Tag


class _Unused(ListView):
    pass
