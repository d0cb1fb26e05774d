"""Revisions of articles, kept by django-reversion.

An article's revision holds the article and what is edited with it on its
page: its byline, analysis entries, tags and corrections.
"""

import reversion

FOLLOWED = ("bylines", "analysis_entries", "tagged_items", "corrections")


def register_models():
    from .models import AnalysisEntry, Article, Byline, Correction, TaggedArticle

    if reversion.is_registered(Article):
        return
    reversion.register(Article, follow=FOLLOWED)
    for model in (Byline, AnalysisEntry, TaggedArticle, Correction):
        reversion.register(model)


class RevisionAdminMixin:
    """History, compare and restore for the article admin."""
