"""Small builders for test data: `make_article(**overrides)` and friends."""

from datetime import timedelta
from io import BytesIO
from itertools import count

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from articles.models import AnalysisEntry, Article, Byline, Lens, Section
from authors.models import Author
from comments.models import Comment

_numbers = count(1)


def make_section(**overrides):
    n = next(_numbers)
    fields = {"name": f"Section {n}", "slug": f"section-{n}", "position": n}
    return Section.objects.create(**fields | overrides)


def make_author(**overrides):
    n = next(_numbers)
    fields = {
        "name": f"Author {n}",
        "slug": f"author-{n}",
        "bio": f"Author {n} has reported from the city for years.",
        "beats": "housing and transport",
    }
    return Author.objects.create(**fields | overrides)


def make_article(*, authors=None, tags=(), **overrides):
    """A published article with one author, unless told otherwise."""
    n = next(_numbers)
    fields = {
        "headline": f"Headline number {n}",
        "slug": f"headline-number-{n}",
        "standfirst": f"Standfirst of article {n}.",
        "body": f"<p>Body of article {n}.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=n),
    }
    fields |= overrides
    if "section" not in fields:
        fields["section"] = make_section()
    article = Article.objects.create(**fields)
    for position, author in enumerate(authors or [make_author()]):
        Byline.objects.create(article=article, author=author, position=position)
    if tags:
        article.tags.add(*tags)
    return article


def make_lens(**overrides):
    n = next(_numbers)
    return Lens.objects.create(**{"name": f"Lens {n}", "position": n} | overrides)


def make_analysis(article, lens, text="A paragraph of analysis.", position=0):
    return AnalysisEntry.objects.create(
        article=article, lens=lens, text=text, position=position
    )


def make_comment(article, **overrides):
    n = next(_numbers)
    fields = {
        "name": f"Reader {n}",
        "email": f"reader{n}@example.org",
        "body": f"Comment number {n}.",
        "status": Comment.Status.APPROVED,
        "ip_address": "203.0.113.7",
    }
    return Comment.objects.create(article=article, **fields | overrides)


def make_image_file(name="picture.png", size=(40, 30), colour="teal"):
    """A small real PNG, as a browser would upload it."""
    buffer = BytesIO()
    Image.new("RGB", size, colour).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def sign_in(client, username, password):
    """Sign in through the admin's login form, as a person does (and as the
    password-guessing guard sees it). True when the form let them in."""
    response = client.post(
        "/admin/login/?next=/admin/", {"username": username, "password": password}
    )
    return response.status_code == 302


def make_user(*, role=None, **overrides):
    """A user; with `role` ("Writer", "Editor" or "Moderator") a member of
    that group, and staff, as the newsroom would set them up."""
    from django.contrib.auth.models import Group, User

    n = next(_numbers)
    fields = {"username": f"user{n}", "email": f"user{n}@example.org"}
    user = User.objects.create_user(**fields | overrides, is_staff=role is not None)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


def signed_in(user):
    """A test client signed in as `user`."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client
