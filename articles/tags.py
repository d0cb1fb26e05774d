"""Tags that cannot break a page.

django-taggit leaves three traps: a name longer than its 100-character column
(a database error on PostgreSQL), a name of punctuation only (an empty slug, so
its page cannot be linked) and a non-Latin name (a unicode slug that the
`<slug:>` converter rejects). Names are checked here before they are saved,
slugs always come out non-empty, and tag URLs accept unicode slugs.
"""

from django.core.exceptions import ValidationError
from django.utils.text import slugify
from taggit.forms import TagField

TAG_MAX_LENGTH = 100
# Room for taggit's "_N" suffix when two names slugify alike.
SLUG_ROOT_LENGTH = 90


def tag_slug(name: str, suffix: int | None = None) -> str:
    """A URL slug for a tag name: unicode letters kept, never empty."""
    slug = slugify(name, allow_unicode=True)[:SLUG_ROOT_LENGTH].strip("-_") or "tag"
    if suffix is not None:
        slug = f"{slug}_{suffix}"
    return slug


def tags_from_string(text: str) -> list[str]:
    """Tag names from the editor's box: commas separate, spaces do not.

    taggit's own parser splits on spaces when there is no comma, which would
    turn "night life" into two tags.
    """
    names = (part.strip().strip('"').strip() for part in text.split(","))
    return sorted({name for name in names if name})


def string_from_tags(tags) -> str:
    return ", ".join(sorted(tag.name for tag in tags))


def validate_tag_name(name: str) -> None:
    if len(name) > TAG_MAX_LENGTH:
        raise ValidationError(
            "The tag “%(start)s…” is %(length)d characters long; "
            "a tag can be at most %(limit)d.",
            code="tag_too_long",
            params={"start": name[:30], "length": len(name), "limit": TAG_MAX_LENGTH},
        )
    if not slugify(name, allow_unicode=True):
        raise ValidationError(
            "The tag “%(name)s” has no letters or numbers; a tag needs at least one.",
            code="tag_without_letters",
            params={"name": name},
        )


class ArticleTagField(TagField):
    """taggit's comma-separated tag input, with every name checked."""

    def clean(self, value):
        names = super().clean(value)
        errors = []
        for name in names:
            try:
                validate_tag_name(name)
            except ValidationError as error:
                errors.append(error)
        if errors:
            raise ValidationError(errors)
        return names


class UnicodeSlugConverter:
    """Like `<slug:>`, but letting through the unicode slugs tags may have."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value
