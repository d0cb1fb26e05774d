"""The site under /news/, and a page whose slug is part of a segment, for
tests of addresses under another URL configuration."""

from django.http import HttpResponse
from django.urls import include, path

urlpatterns = [
    path("news/", include("newsroom.urls")),
    path("story-<slug:slug>.html", HttpResponse, name="story-page"),
]
