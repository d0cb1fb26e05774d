from django.conf import settings
from django.db import models

from newsroom.addresses import slug_url


class Author(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    job_title = models.CharField(
        max_length=120, blank=True, help_text="For example “Health correspondent”."
    )
    photo = models.ImageField(upload_to="authors/", blank=True)
    bio = models.TextField(blank=True, help_text="A few sentences about the author.")
    beats = models.CharField(
        max_length=250,
        blank=True,
        help_text="What they cover, for example “housing, transport and the "
        "city council”.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text="The staff account this author signs in with, if any.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("authors:detail", self.slug)
