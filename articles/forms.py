"""Admin forms for articles and tags."""

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import time_format
from taggit.forms import TagWidget

from .images import PictureField, cleaned_upload
from .models import Article, Tag
from .tags import ArticleTagField, validate_tag_name

TAG_SUGGEST_URL_NAME = "admin:articles_tag_suggest"


class TagSuggestWidget(TagWidget):
    """A comma-separated text box that suggests existing tags as one types.

    Without JavaScript it stays a plain text box; the script only adds a list
    of suggestions under it, and new names are typed as before.
    """

    class Media:
        css = {"all": ["newsroom-admin/tag-suggest.css"]}
        js = ["newsroom-admin/tag-suggest.js"]

    def __init__(self, attrs=None):
        defaults = {"class": "vTextField tag-suggest", "autocomplete": "off"}
        super().__init__(attrs=defaults | (attrs or {}))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        try:
            url = reverse(TAG_SUGGEST_URL_NAME)
        except NoReverseMatch:
            # Outside the admin (no tag suggestions wired) the box still works.
            return context
        context["widget"]["attrs"]["data-suggest-url"] = url
        return context


class ArticleAdminForm(forms.ModelForm):
    tags = ArticleTagField(
        required=False,
        widget=TagSuggestWidget,
        help_text="Separate tags with commas. Existing tags are suggested as "
        "you type; a new name creates a new tag.",
    )
    mark_updated = forms.BooleanField(
        label="Show as updated",
        required=False,
        help_text="Tick for a change readers should know about: the article "
        "shows “Updated” with the time you save. Typo fixes need no tick.",
    )
    # The version the form was opened on: saving over a newer one would
    # silently undo someone else's work.
    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        # Django's ImageField would answer most bad files with its own
        # vague "Upload a valid image" before our check could explain.
        field_classes = {"image": PictureField}
        fields = [
            "headline",
            "slug",
            "standfirst",
            "body",
            "image",
            "image_alt",
            "image_caption",
            "image_credit",
            "section",
            "tags",
            "is_featured",
            "status",
            "published_at",
            "comments_enabled",
            "related_articles",
            "meta_description",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A read-only view of the article (for a writer) has no body field.
        if "body" in self.fields:
            body = self.fields["body"].widget
            # The editor turns the browser's spell checker off unless told
            # not to; reporters want their typos underlined before readers
            # see them.
            extensions = body.config["extensions"] | {"NoSpellCheck": False}
            body.config = body.config | {"extensions": extensions}
        self.fields["opened_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        self._check_version(cleaned.get("opened_version"))
        # Published with no date means "now". It is set here rather than left
        # to Article.save(): the model's constraint is checked before saving.
        published = cleaned.get("status") == Article.Status.PUBLISHED
        undated = not cleaned.get("published_at") and "published_at" not in self.errors
        if published and undated:
            cleaned["published_at"] = timezone.now()
        return cleaned

    def _check_version(self, version):
        """Stop a save over changes made since the form was opened.

        The row stays locked until the save's transaction ends, so nobody
        saves in between the check and the save.
        """
        if self.instance.pk is None:
            return
        current = (
            Article.objects.select_for_update(of=("self",))
            .select_related("updated_by")
            .filter(pk=self.instance.pk)
            .first()
        )
        if current is None or version == current.version:
            return
        # Sent back with the current number: saving again is a choice made
        # knowing what it overwrites.
        self.data = self.data.copy()
        self.data["opened_version"] = current.version
        self.add_error(None, _saved_meanwhile(current))

    def clean_image(self):
        # Django's ImageField reads only the header: the picture is decoded
        # in full and stored as we write it out again (articles/images.py).
        return cleaned_upload(self.cleaned_data.get("image"))

    def clean_related_articles(self):
        related = self.cleaned_data["related_articles"]
        if self.instance.pk and related.filter(pk=self.instance.pk).exists():
            raise forms.ValidationError("An article cannot be related to itself.")
        return related


def _saved_meanwhile(article):
    who = "Someone"
    if article.updated_by:
        who = article.updated_by.get_full_name() or article.updated_by.get_username()
    when = time_format(timezone.localtime(article.updated_at), "TIME_FORMAT")
    return forms.ValidationError(
        f"{who} saved this article at {when}, after you opened it. Nothing of "
        "yours is saved yet: your changes are still below. Open the article "
        "in another tab to see theirs, then save again to replace them with "
        "yours.",
        code="saved_meanwhile",
    )


class TagAdminForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["name", "slug"]
        help_texts = {"slug": "Leave empty to make one from the name."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        validate_tag_name(name)
        # Tags are matched case-insensitively when editors type them, so
        # "Housing" next to "housing" would be a tag nobody can pick.
        twins = Tag.objects.filter(name__iexact=name).exclude(pk=self.instance.pk)
        if twins.exists():
            raise forms.ValidationError("A tag with this name already exists.")
        return name

    def clean_slug(self):
        # An empty slug on a new tag is derived from the name when it is saved.
        return self.cleaned_data["slug"] or self.instance.slug
