"""The site chrome (navigation, recent posts), the teasers of listings, and
small display helpers."""

import html
from functools import lru_cache

from django import template
from django.utils import formats, timezone
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles.querysets import all_sections, newest_published
from articles.renditions import picture_name, picture_url
from articles.renditions import sources as picture_sources
from newsroom.addresses import SlugAddress

register = template.Library()

RECENT_POSTS = 5
EXCERPT_LENGTH = 110


# The site chrome is written here rather than in included templates: every
# page shows it, and the template engine took over a millisecond a page for
# eight links and five posts. Every value is escaped before it goes in.
NAV_HTML = """<nav class="section-nav" aria-label="Sections">
  <ul>
{}  </ul>
</nav>
"""
NAV_LINK_HTML = '    <li><a href="{url}"{current}>{name}</a></li>\n'
CURRENT = ' aria-current="page"'
RECENT_HTML = """<section class="recent-posts" aria-labelledby="footer-recent">
  <h2 id="footer-recent">Recent posts</h2>
  <ul>
{}  </ul>
</section>
"""
RECENT_POST_HTML = """    <li>
      <a href="{url}">{headline}</a>
      <p class="excerpt">{excerpt}</p>
      <time datetime="{iso_date}">{shown_date}</time>
    </li>
"""
NOTHING_RECENT_HTML = "    <li>Nothing published yet.</li>\n"


@register.simple_tag(takes_context=True)
def section_nav(context):
    """The sections in editor order, the current one marked: those the view
    fetched already (`all_sections`), or in one query."""
    sections = context.get("all_sections")
    if sections is None:
        sections = all_sections()
    request = context.get("request")
    current_path = request.path if request else ""
    address = SlugAddress("articles:section")
    links = []
    for section in sections:
        url = address(section.slug)
        links.append(
            NAV_LINK_HTML.format(
                url=html.escape(url),
                current=CURRENT if url == current_path else "",
                name=html.escape(section.name),
            )
        )
    return mark_safe(NAV_HTML.format("".join(links)) if links else "")


@register.simple_tag(takes_context=True)
def recent_posts(context, count=RECENT_POSTS):
    """The newest published articles for the footer: those the view has at
    hand already (`recent_articles`, newest first), or in one query."""
    at_hand = context.get("recent_articles")
    if at_hand is None:
        posts = newest_published(count)
    else:
        posts = [
            (post.headline, post.slug, post.standfirst, post.published_at)
            for post in at_hand[:count]
        ]
    address = SlugAddress("articles:detail")
    language, zone = get_language(), timezone.get_current_timezone()
    items = []
    for headline, slug, standfirst, published_at in posts:
        published = timezone.localtime(published_at, zone)
        items.append(
            RECENT_POST_HTML.format(
                url=html.escape(address(slug)),
                headline=html.escape(headline),
                excerpt=html.escape(excerpt(standfirst)),
                iso_date=published.isoformat(),
                shown_date=_shown_date(language, published.date()),
            )
        )
    return mark_safe(RECENT_HTML.format("".join(items) or NOTHING_RECENT_HTML))


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


# The markup of one teaser. It is written here rather than in a template
# included once per teaser: a home page of forty-one teasers spent most of
# its time in the template engine. An f-string: str.format with named fields
# took six times as long. Every value is escaped before it goes in.
def _teaser_markup(
    *,
    lead,
    image,
    section_url,
    section,
    level,
    url,
    headline,
    standfirst,
    byline,
    iso_date,
    shown_date,
    count,
    plural,
):
    return f"""<article class="teaser{lead}">
{image}  <div class="teaser-text">
    <p class="kicker"><a href="{section_url}">{section}</a></p>
    <h{level} class="teaser-headline"><a href="{url}">{headline}</a></h{level}>
    <p class="standfirst">{standfirst}</p>
    <p class="meta">
      {byline}
      <time datetime="{iso_date}">{shown_date}</time>
      <a class="comment-count" href="{url}#comments">{count} comment{plural}</a>
    </p>
  </div>
</article>
"""


IMAGE_HTML = '  <img class="teaser-image" src="{src}" alt="{alt}"{lazy}>\n'
# A picture with renditions: the browser takes the copy that fits the width
# the teaser gives it (site.css: a lead spans three fifths of the page from
# 64rem; other teasers a quarter of it, half from 40rem, 6.5rem below).
RESPONSIVE_IMAGE_HTML = (
    '  <picture class="teaser-picture">{webp}<img class="teaser-image" src="{src}"'
    ' srcset="{srcset}" sizes="{sizes}" width="{width}" height="{height}"'
    ' alt="{alt}"{lazy}></picture>\n'
)
WEBP_SOURCE_HTML = '<source type="image/webp" srcset="{srcset}" sizes="{sizes}">'
LEAD_SIZES = "(min-width: 72rem) 43rem, (min-width: 64rem) 60vw, 100vw"
TEASER_SIZES = "(min-width: 72rem) 17rem, (min-width: 40rem) 50vw, 6.5rem"
LAZY = ' loading="lazy"'
BYLINE_HTML = '<span class="byline">By {}</span>'
AUTHOR_HTML = '<a href="{url}" rel="author">{name}</a>'

# How a teaser shows its publication date (Django date format).
SHOWN_DATE_FORMAT = "F j, Y"


@register.filter(name="picture_sources")
def article_picture_sources(article):
    """The srcset lists of `article`'s picture, for the article page's
    <picture>; None for a picture without renditions."""
    return picture_sources(article)


@register.simple_tag(takes_context=True)
def teasers(context, articles, level=2):
    """The teaser of each of `articles`, with an `h<level>` headline."""
    page = _teaser_page(context)
    return mark_safe("".join(page.teaser(article, level) for article in articles))


@register.simple_tag(takes_context=True)
def teaser(context, article, level=2, is_lead=False):
    """One teaser; `is_lead` makes it big and its picture load at once."""
    return mark_safe(_teaser_page(context).teaser(article, level, is_lead))


def _teaser_page(context):
    # One per rendering: the addresses, language and time zone are looked up
    # once for all the teasers of a page.
    page = context.render_context.get(_TeaserPage)
    if page is None:
        page = context.render_context[_TeaserPage] = _TeaserPage()
    return page


class _TeaserPage:
    """What every teaser of one page shares, worked out once."""

    __slots__ = ("article_url", "section_url", "author_url", "language", "zone")

    def __init__(self):
        self.article_url = SlugAddress("articles:detail")
        self.section_url = SlugAddress("articles:section")
        self.author_url = SlugAddress("authors:detail")
        self.language = get_language()
        self.zone = timezone.get_current_timezone()

    def teaser(self, article, level=2, is_lead=False):
        url = html.escape(self.article_url(article.slug))
        count = article.comment_count
        published = article.published_at
        if published is not None:
            published = timezone.localtime(published, self.zone)
        return _teaser_markup(
            lead=" teaser-lead" if is_lead else "",
            image=self.image(article, is_lead),
            section_url=html.escape(self.section_url(article.section.slug)),
            section=html.escape(article.section.name),
            # Whatever is not a level (a missing `level` in a template) is 2.
            level=level or 2,
            url=url,
            headline=html.escape(article.headline),
            standfirst=html.escape(article.standfirst),
            byline=self.byline(article.byline_authors),
            iso_date=published.isoformat() if published else "",
            shown_date=_shown_date(self.language, published.date())
            if published
            else "",
            # Plain digits, as the template showed them: the site does not
            # turn on USE_THOUSAND_SEPARATOR.
            count=count,
            plural="" if count == 1 else "s",
        )

    def image(self, article, is_lead):
        if not picture_name(article):
            return ""
        alt = html.escape(article.image_alt)
        lazy = "" if is_lead else LAZY
        # Read from the article's list of renditions: no storage call.
        found = picture_sources(article)
        if found is None:
            # Stored before renditions were made: the picture alone.
            src = html.escape(picture_url(article))
            return IMAGE_HTML.format(src=src, alt=alt, lazy=lazy)
        sizes = LEAD_SIZES if is_lead else TEASER_SIZES
        webp = ""
        if found.webp_srcset:
            webp = WEBP_SOURCE_HTML.format(
                srcset=html.escape(found.webp_srcset), sizes=sizes
            )
        return RESPONSIVE_IMAGE_HTML.format(
            webp=webp,
            src=html.escape(found.src),
            srcset=html.escape(found.srcset),
            sizes=sizes,
            width=found.width,
            height=found.height,
            alt=alt,
            lazy=lazy,
        )

    def byline(self, authors):
        """The byline: By A; By A and B; By A, B and C. None without authors."""
        links = [
            AUTHOR_HTML.format(
                url=html.escape(self.author_url(author.slug)),
                name=html.escape(author.name),
            )
            for author in authors
        ]
        if not links:
            return ""
        if len(links) > 1:
            links = [", ".join(links[:-1]), links[-1]]
        return BYLINE_HTML.format(" and ".join(links))


@lru_cache(maxsize=1024)
def _shown_date(language, day):
    # Formatting a date costs more than the rest of a teaser, and what it
    # prints depends only on the language and the day.
    return html.escape(formats.date_format(day, SHOWN_DATE_FORMAT))
