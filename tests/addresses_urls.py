"""The site under /news/, for tests of addresses under another URL
configuration."""

from django.urls import include, path

urlpatterns = [path("news/", include("newsroom.urls"))]
