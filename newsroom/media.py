"""Uploaded files from the filesystem, served so that none can act as a page.

An upload is whatever an editor's file claimed to be. Served as it is, an HTML
or SVG file would run its scripts with the site's cookies; here every answer
forbids sniffing another type, carries a Content-Security-Policy that lets
nothing run (and sandboxes the document even when opened directly), and
anything but a plain picture is a download. When MEDIA_URL names another
host, uploads are served only on that host, never on the site's own origin.
"""

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.urls import re_path
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe
from django.views.static import serve

# Raster formats a browser shows inline and cannot script; SVG is not one.
INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"}
MEDIA_POLICY = "default-src 'none'; sandbox"
MAX_AGE = 365 * 24 * 3600


@require_safe
def serve_media(request, path):
    """One uploaded file, or 404."""
    media_host = urlsplit(settings.MEDIA_URL).netloc
    if media_host and request.get_host() != media_host:
        raise Http404("Uploads are served on their own host.")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = MEDIA_POLICY
    if response.get("Content-Type", "").split(";")[0] not in INLINE_TYPES:
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=PurePosixPath(path).name
        )
    # Stored names are never reused (a new upload gets a new name), so a
    # browser or CDN may keep a file for as long as it likes.
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def media_urlpatterns():
    """The route for uploads at MEDIA_URL's path, or none when not serving them."""
    if not settings.NEWSROOM_SERVE_MEDIA:
        return []
    prefix = urlsplit(settings.MEDIA_URL).path.strip("/")
    pattern = rf"^{re.escape(prefix)}/(?P<path>.+)$"
    return [re_path(pattern, serve_media, name="media")]
