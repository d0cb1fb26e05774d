"""Writes the demo newsroom to the database.

Every step looks its rows up by slug or name first and only creates what is
missing, so a second run changes nothing: an editor's changes to demo
content survive, and pictures are drawn only when their file is absent.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from articles.models import AnalysisEntry, Article, Byline, Lens, Section
from articles.renditions import refresh_renditions
from authors.models import Author
from comments.models import Comment
from comments.services import comment_approve, comment_create

from . import stories_city, stories_climate, stories_economy, stories_politics
from .conversations import COMMENTS
from .people import AUTHORS, LENSES, SECTIONS
from .pictures import illustration, portrait, seed_for

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "newsroom-demo"
# One account per role, to try what each may do; all share ADMIN_PASSWORD.
# The writer signs the demo's unpublished stories.
STAFF = {"editor": "Editor", "writer": "Writer", "moderator": "Moderator"}
WRITER_AUTHOR = "ines-haddad"
PICTURE_CREDIT = "Illustration: Newsroom demo"
READER_BROWSER = (
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"
)

STORIES = [
    *stories_climate.STORIES,
    *stories_politics.STORIES,
    *stories_city.STORIES,
    *stories_economy.STORIES,
]


@dataclass(frozen=True)
class Summary:
    sections: int
    authors: int
    articles: int
    published: int
    scheduled: int
    in_review: int
    drafts: int
    approved_comments: int
    pending_comments: int

    def __str__(self):
        return (
            f"{self.sections} sections, {self.authors} authors, "
            f"{self.articles} articles ({self.published} published, "
            f"{self.scheduled} scheduled, {self.in_review} in review, "
            f"{self.drafts} in draft), "
            f"{self.approved_comments} approved comments, "
            f"{self.pending_comments} waiting for moderation"
        )


def load_demo() -> Summary:
    """Create whatever part of the demo newsroom is missing; return the counts."""
    now = timezone.now()
    with transaction.atomic():
        sections = _load_sections()
        _load_lenses()
        authors = _load_authors()
        articles, created = _load_articles(sections, authors, now)
        _link_related(articles, created)
        admin = _ensure_admin()
        _ensure_staff(authors[WRITER_AUTHOR], articles)
        _load_comments(articles, now, admin)
    return _summary()


def _load_sections():
    sections = {}
    for position, record in enumerate(SECTIONS, start=1):
        sections[record.slug], _ = Section.objects.get_or_create(
            slug=record.slug,
            defaults={
                "name": record.name,
                "description": record.description,
                "position": position,
            },
        )
    return sections


def _load_lenses():
    for position, name in enumerate(LENSES, start=1):
        Lens.objects.get_or_create(name=name, defaults={"position": position})


def _load_authors():
    authors = {}
    for record in AUTHORS:
        author = Author.objects.filter(slug=record.slug).first() or Author(
            slug=record.slug,
            name=record.name,
            job_title=record.job_title,
            bio=record.bio,
            beats=record.beats,
        )
        if author.pk is None or not _has_file(author.photo):
            picture = portrait(record.initials, seed_for(record.slug))
            author.photo.save(f"{record.slug}.jpg", ContentFile(picture), save=False)
            author.save()
        authors[record.slug] = author
    return authors


def _load_articles(sections, authors, now):
    """Return every demo article by slug, and the slugs created by this run."""
    articles, created = {}, set()
    for story in STORIES:
        article = Article.objects.filter(slug=story.slug).first()
        if article is None:
            article = _new_article(story, sections[story.section], now)
            created.add(story.slug)
        if article.pk is None or not _has_file(article.image):
            _draw_article_picture(article)
        if story.slug in created:
            _add_article_details(article, story, authors)
        articles[story.slug] = article
    return articles, created


def _new_article(story, section, now):
    return Article(
        slug=story.slug,
        headline=story.headline,
        standfirst=story.standfirst,
        body=" ".join(story.body.split()),
        section=section,
        status=_status(story),
        published_at=None if story.is_draft else _publication_time(story, now),
        is_featured=story.is_featured,
        image_caption=story.image_caption,
        image_credit=PICTURE_CREDIT,
    )


def _status(story):
    if story.in_review:
        return Article.Status.REVIEW
    return Article.Status.DRAFT if story.is_draft else Article.Status.PUBLISHED


def _publication_time(story, now):
    day = timezone.localdate(now) - timedelta(days=story.days_ago)
    return timezone.make_aware(datetime.combine(day, time(story.hour)))


def _draw_article_picture(article):
    picture = illustration(seed_for(article.slug))
    # A named file: Django reads the picture's dimensions only from one.
    name = f"{article.slug}.jpg"
    article.image.save(name, ContentFile(picture.jpeg, name=name), save=False)
    article.image_alt = article.image_alt or picture.description
    article.save()
    refresh_renditions(article)
    if article.published_at:
        # Saving stamps updated_at with today, which readers would see as an
        # "Updated" label on every demo story.
        Article.objects.filter(pk=article.pk).update(updated_at=article.published_at)


def _add_article_details(article, story, authors):
    for position, slug in enumerate(story.authors):
        Byline.objects.create(article=article, author=authors[slug], position=position)
    article.tags.add(*story.tags)
    lenses = {lens.name: lens for lens in Lens.objects.all()}
    for position, (name, text) in enumerate(story.analysis.items()):
        AnalysisEntry.objects.create(
            article=article, lens=lenses[name], text=text, position=position
        )


def _link_related(articles, created):
    for story in STORIES:
        if story.slug in created and story.related:
            articles[story.slug].related_articles.add(
                *(articles[slug] for slug in story.related)
            )


def _load_comments(articles, now, admin):
    for slug, records in COMMENTS.items():
        article = articles[slug]
        thread = []
        for record in records:
            thread.append(_load_comment(article, record, thread, now, admin))


def _load_comment(article, record, thread, now, admin):
    existing = Comment.objects.filter(
        article=article, name=record.name, body=record.body
    ).first()
    if existing:
        return existing
    comment = comment_create(
        article=article,
        name=record.name,
        email=record.email,
        body=record.body,
        ip_address=record.ip_address,
        user_agent=READER_BROWSER,
        parent=None if record.reply_to is None else thread[record.reply_to],
        user=admin if record.staff else None,
    )
    posted_at = min(article.published_at + timedelta(hours=record.hours_after), now)
    just_this = Comment.objects.filter(pk=comment.pk)
    # The demo's conversations happened over days; the service stamps "now".
    just_this.update(created_at=posted_at)
    if record.approved:
        comment_approve(comments=just_this)
    return comment


def _ensure_admin():
    """The account the README announces, whatever an earlier run left."""
    user, _ = get_user_model().objects.get_or_create(
        username=ADMIN_USERNAME, defaults={"email": "admin@example.org"}
    )
    needs_saving = not (user.is_staff and user.is_superuser and user.is_active)
    user.is_staff = user.is_superuser = user.is_active = True
    if not user.check_password(ADMIN_PASSWORD):
        user.set_password(ADMIN_PASSWORD)
        needs_saving = True
    if needs_saving:
        user.save()
    return user


def _ensure_staff(writer_author, articles):
    """An editor, a writer and a moderator, to sign in as; the writer is the
    author of the demo's unpublished stories and their creator."""
    users = get_user_model().objects
    for username, role in STAFF.items():
        user, created = users.get_or_create(
            username=username,
            defaults={"email": f"{username}@example.org", "is_staff": True},
        )
        if created:
            user.set_password(ADMIN_PASSWORD)
            user.save()
            user.groups.add(Group.objects.get(name=role))
        if role == "Writer" and writer_author.user_id is None:
            writer_author.user = user
            writer_author.save(update_fields=["user"])
            unpublished = [a.pk for a in articles.values() if a.published_at is None]
            Article.objects.filter(pk__in=unpublished).update(created_by=user)


def _has_file(field_file):
    return bool(field_file) and field_file.storage.exists(field_file.name)


def _summary():
    published = Article.objects.published()
    waiting = Article.objects.filter(status=Article.Status.PUBLISHED).exclude(
        pk__in=published
    )
    return Summary(
        sections=Section.objects.count(),
        authors=Author.objects.count(),
        articles=Article.objects.count(),
        published=published.count(),
        scheduled=waiting.count(),
        in_review=Article.objects.in_review().count(),
        drafts=Article.objects.filter(status=Article.Status.DRAFT).count(),
        approved_comments=Comment.objects.approved().count(),
        pending_comments=Comment.objects.pending().count(),
    )
