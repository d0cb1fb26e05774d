"""The site chrome (navigation, recent posts) and small display helpers."""

from django import template
from django.utils.html import strip_tags

from articles.models import Article, Section

register = template.Library()

RECENT_POSTS = 5
EXCERPT_LENGTH = 110


@register.inclusion_tag("includes/section_nav.html", takes_context=True)
def section_nav(context):
    """The sections in editor order, in one query."""
    request = context.get("request")
    return {
        "sections": Section.objects.all(),
        "current_path": request.path if request else "",
    }


@register.inclusion_tag("includes/recent_posts.html")
def recent_posts(count=RECENT_POSTS):
    """The newest published articles for the footer, in one query."""
    posts = Article.objects.published().only(
        "headline", "slug", "standfirst", "published_at"
    )
    return {"posts": posts[:count]}


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full URL on this site, for canonical and OpenGraph links."""
    return context["request"].build_absolute_uri(path)


@register.filter
def excerpt(text, length=EXCERPT_LENGTH):
    """At most `length` characters cut at a word, always ending in "…"."""
    text = " ".join(strip_tags(text).split())
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0]
    return text.rstrip(" .,;:!?…") + "…"
