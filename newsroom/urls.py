from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from comments.unsubscribe import unsubscribe

from . import views
from .media import media_urlpatterns

admin.site.site_header = "Newsroom"
admin.site.site_title = "Newsroom"
admin.site.index_title = "Newsroom administration"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("authors/", include("authors.urls")),
    path(
        "comments/unsubscribe/<str:token>/",
        unsubscribe,
        name="comments_unsubscribe",
    ),
    path("comments/", include("comments.urls")),
    path("privacy/", views.PrivacyView.as_view(), name="privacy"),
    path(
        "cookie-notice/dismiss/",
        views.dismiss_cookie_notice,
        name="dismiss_cookie_notice",
    ),
    *media_urlpatterns(),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
