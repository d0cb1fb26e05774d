"""The site's URLs plus the benchmark's ceiling page."""

from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns

from . import views

urlpatterns = [
    path("bench/ceiling/<int:size>/", views.ceiling, name="bench-ceiling"),
    *site_urlpatterns,
]
