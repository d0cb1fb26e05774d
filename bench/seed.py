"""Seeds a large newsroom quickly: rows are generated in Python and streamed
into the tables with COPY on PostgreSQL (plain INSERTs elsewhere).

save() is bypassed, so every row is written as save() would have left it:
published articles with a date, bodies already sanitized.
"""

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.management.color import no_style
from django.db import connections, transaction
from django.utils.text import slugify

from articles.models import Article, Byline, Section, Tag, TaggedArticle
from articles.tags import tag_slug
from authors.models import Author
from comments.models import Comment

from .progress import Progress, counted
from .rows import write_rows
from .wording import Wording, tag_names

SECTIONS = [
    ("City", 22), ("Politics", 18), ("Economy", 15), ("Climate", 12),
    ("Culture", 10), ("Sport", 9), ("Health", 8), ("Education", 6),
]  # fmt: skip
TARGET_HIDDEN = {Comment.Status.PENDING: 5, Comment.Status.SPAM: 3}
COMMENT_STATUSES = [
    (Comment.Status.APPROVED, 88),
    (Comment.Status.PENDING, 6),
    (Comment.Status.SPAM, 4),
    (Comment.Status.REJECTED, 2),
]
REPLY_SHARE = 0.2
BROWSERS = [
    "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0",
]


@dataclass(frozen=True)
class Scale:
    articles: int
    comments: int
    tags: int
    authors: int
    sections: int = len(SECTIONS)
    target_comments: int = 200
    years: int = 10

    @property
    def label(self):
        return (
            f"{self.articles} articles, {self.comments} comments, {self.tags} tags, "
            f"{self.authors} authors, {self.sections} sections, "
            f"{self.target_comments} on the target, {self.years} years"
        )


FULL = Scale(articles=100_000, comments=1_000_000, tags=2_000, authors=200)
SMALL = Scale(articles=1_000, comments=10_000, tags=2_000, authors=200)


@dataclass(frozen=True)
class Seeded:
    """The pages the benchmark measures, by slug."""

    article: str
    section: str
    tag: str


def seed(scale: Scale, *, using="default", show=True) -> Seeded:
    """Write a newsroom of `scale` into empty tables, in one transaction."""
    connection = connections[using]
    if Article.objects.using(using).exists():
        raise RuntimeError("The benchmark seeds empty tables only.")
    seeder = _Seeder(scale, connection, show)
    with transaction.atomic(using=using):
        seeded = seeder.run()
        _reset_sequences(connection)
    return seeded


def _reset_sequences(connection):
    models = [Section, Author, Tag, Article, Byline, TaggedArticle, Comment]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class _Seeder:
    def __init__(self, scale, connection, show):
        self.scale, self.connection, self.show = scale, connection, show
        self.random = random.Random(2024)
        self.words = Wording()
        self.now = datetime.now(UTC).replace(microsecond=0)
        self.target_id = scale.articles // 2 + 1
        self.published = []

    def run(self):
        sections = self._sections()
        self._authors()
        self._tags()
        slugs = self._articles()
        self._comments()
        return Seeded(
            article=slugs[self.target_id],
            section=sections[0],
            tag=tag_slug(tag_names(1)[0]),
        )

    def _progress(self, label, total, rows):
        if not self.show:
            return rows
        progress = Progress(label, total)
        return _closing(counted(rows, progress), progress)

    def _write(self, model, fields, rows):
        write_rows(self.connection, model, fields, rows)

    def _sections(self):
        chosen = SECTIONS[: self.scale.sections]
        self.section_weights = [weight for _, weight in chosen]
        rows = [
            (n, name, slugify(name), f"News and analysis: {name.lower()}.", n)
            for n, (name, _) in enumerate(chosen, start=1)
        ]
        fields = ["id", "name", "slug", "description", "position"]
        self._write(Section, fields, rows)
        return [row[2] for row in rows]

    def _authors(self):
        r = self.random
        pairs = sorted({self.words.person(r) for _ in range(self.scale.authors * 4)})
        names = r.sample(pairs, self.scale.authors)
        rows = [
            (n, name, slugify(name), "Correspondent", "", _bio(name), "news", None)
            for n, name in enumerate(names, start=1)
        ]
        fields = ["id", "name", "slug", "job_title", "photo", "bio", "beats", "user"]
        self._write(Author, fields, rows)
        # A few reporters write most stories, as in a real newsroom.
        self.author_weights = _cumulative(
            1 / (rank + 1) ** 0.7 for rank in range(len(rows))
        )

    def _tags(self):
        names = tag_names(self.scale.tags)
        rows = [(n, name, tag_slug(name)) for n, name in enumerate(names, start=1)]
        self._write(Tag, ["id", "name", "slug"], rows)
        self.tag_weights = _cumulative(
            1 / (rank + 1) ** 0.9 for rank in range(len(rows))
        )

    def _articles(self):
        slugs = {}
        bylines, taggings = [], []
        rows = self._article_rows(slugs, bylines, taggings)
        fields = [
            "id", "headline", "slug", "standfirst", "body", "image", "image_alt",
            "image_caption", "image_credit", "section", "status", "published_at",
            "created_at", "updated_at", "is_featured", "comments_enabled",
            "meta_description", "version", "image_renditions",
        ]  # fmt: skip
        total = self.scale.articles
        self._write(Article, fields, self._progress("articles", total, rows))
        self._write(Byline, ["article", "author", "position"], bylines)
        self._write(TaggedArticle, ["content_object", "tag"], taggings)
        return slugs

    def _article_rows(self, slugs, bylines, taggings):
        r, words, total = self.random, self.words, self.scale.articles
        span = timedelta(days=365 * self.scale.years) - timedelta(hours=1)
        start = self.now - timedelta(days=365 * self.scale.years)
        sections = range(1, len(self.section_weights) + 1)
        for n in range(1, total + 1):
            published = start + span * ((n - 1 + r.random()) / total)
            headline = words.headline(r)
            slugs[n] = f"{slugify(headline)[:180]}-{n}"
            self.published.append(published.replace(microsecond=0))
            section = r.choices(sections, self.section_weights)[0]
            yield (
                n, headline, slugs[n], words.standfirst(r), words.body(r), "", "",
                "", "", section, Article.Status.PUBLISHED, self.published[-1],
                self.published[-1], self.published[-1], n % 997 == 0, True, "",
                1, "[]",
            )  # fmt: skip
            bylines.extend(self._bylines(n))
            taggings.extend((n, tag) for tag in self._pick(self.tag_weights, 2, 4))

    def _bylines(self, article):
        authors = self._pick(
            self.author_weights, 1, 1 if self.random.random() < 0.75 else 2
        )
        return [(article, author, position) for position, author in enumerate(authors)]

    def _pick(self, cumulative, low, high):
        """`low` to `high` distinct ids (from 1), drawn by weight."""
        wanted = self.random.randint(low, high)
        picked = []
        while len(picked) < wanted:
            n = self.random.choices(
                range(1, len(cumulative) + 1), cum_weights=cumulative
            )[0]
            if n not in picked:
                picked.append(n)
        return picked

    def _comments(self):
        counts = self._comment_counts()
        rows = self._comment_rows(counts)
        fields = [
            "id", "article", "parent", "name", "email", "body", "status",
            "created_at", "ip_address", "user_agent", "hold_reason", "by_staff",
            "notify_replies", "flag_count", "moderators_notified",
        ]  # fmt: skip
        total = self.scale.comments
        self._write(Comment, fields, self._progress("comments", total, rows))

    def _comment_counts(self):
        """How many comments each article gets: a long tail, most have a few."""
        target = self.scale.target_comments + sum(TARGET_HIDDEN.values())
        others = max(self.scale.comments - target, 0)
        weights = [self.random.lognormvariate(0, 1.2) for _ in self.published]
        weights[self.target_id - 1] = 0
        whole = sum(weights)
        counts = [int(others * weight / whole) for weight in weights]
        for _ in range(others - sum(counts)):
            n = self.random.randrange(len(counts))
            counts[n if n != self.target_id - 1 else 0] += 1
        counts[self.target_id - 1] = target
        return counts

    def _comment_rows(self, counts):
        comment_id = 0
        for article, count in enumerate(counts, start=1):
            statuses = self._statuses(article, count)
            times = self._comment_times(article, count)
            approved = []
            for status, created in zip(statuses, times, strict=True):
                comment_id += 1
                parent = None
                if approved and self.random.random() < REPLY_SHARE:
                    parent = self.random.choice(approved)
                if status == Comment.Status.APPROVED:
                    approved.append(comment_id)
                yield self._comment_row(comment_id, article, parent, status, created)

    def _statuses(self, article, count):
        if article == self.target_id:
            hidden = [s for s, n in TARGET_HIDDEN.items() for _ in range(n)]
            statuses = [Comment.Status.APPROVED] * self.scale.target_comments + hidden
            self.random.shuffle(statuses)
            return statuses
        names, weights = zip(*COMMENT_STATUSES, strict=True)
        return self.random.choices(names, weights, k=count)

    def _comment_times(self, article, count):
        published = self.published[article - 1]
        offsets = sorted(self.random.expovariate(1 / 36_000) for _ in range(count))
        return [
            min(published + timedelta(seconds=int(s) + 60), self.now) for s in offsets
        ]

    def _comment_row(self, comment_id, article, parent, status, created):
        r = self.random
        name = self.words.person(r)
        email = f"{name.replace(' ', '.').lower()}{comment_id % 89}@readers.example.com"
        address = (
            f"203.0.113.{comment_id % 254 + 1}"
            if comment_id % 5
            else f"2001:db8::{comment_id % 65535:x}"
        )
        body = r.choice(self.words.comments)
        browser = BROWSERS[comment_id % len(BROWSERS)]
        return (
            comment_id,
            article,
            parent,
            name,
            email,
            body,
            status,
            created,
            address,
            browser,
            Comment.Reason.HOLD_ALL if status == Comment.Status.PENDING else "",
            False,
            False,
            0,
            # The moderators' digest is about new arrivals, not the seeded past.
            True,
        )


def _closing(rows, progress):
    yield from rows
    progress.close()


def _cumulative(weights):
    total, sums = 0.0, []
    for weight in weights:
        total += weight
        sums.append(total)
    return sums


def _bio(name):
    return f"{name} reports on the city and the people who run it."
