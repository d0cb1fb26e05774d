"""Uploads served from the filesystem in production: as files, never as pages."""

import re

import pytest

from newsroom.media import media_urlpatterns
from tests.factories import make_article, make_image_file

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


def upload(settings, name, content):
    path = settings.MEDIA_ROOT / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return f"/media/{name}"


class MediaTests:
    def test_an_articles_picture_is_shown_inline_and_cannot_be_sniffed(self, client):
        article = make_article(image=make_image_file(), image_alt="A quay at dawn")
        page = client.get(article.get_absolute_url()).content.decode()
        src = re.search(r'<img src="([^"]+)" alt="A quay at dawn"', page).group(1)

        picture = client.get(src)
        assert picture.status_code == 200
        assert picture["Content-Type"] == "image/png"
        assert picture["X-Content-Type-Options"] == "nosniff"
        assert picture["Content-Security-Policy"] == SANDBOX
        assert picture["Content-Disposition"].startswith("inline")
        assert "max-age=31536000" in picture["Cache-Control"]

    @pytest.mark.parametrize(
        "name, content",
        [
            ("files/notice.html", b"<script>alert(document.cookie)</script>"),
            ("files/logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>'),
            ("files/report.pdf", b"%PDF-1.4"),
        ],
    )
    def test_anything_but_a_plain_picture_is_a_download(
        self, client, settings, name, content
    ):
        answer = client.get(upload(settings, name, content))
        assert answer.status_code == 200
        filename = name.split("/")[-1]
        assert answer["Content-Disposition"] == f'attachment; filename="{filename}"'
        assert answer["Content-Security-Policy"] == SANDBOX
        assert answer["X-Content-Type-Options"] == "nosniff"

    def test_a_missing_file_is_not_found(self, client):
        assert client.get("/media/articles/gone.png").status_code == 404

    def test_no_path_leads_out_of_the_media_folder(self, client, settings):
        (settings.MEDIA_ROOT.parent / "secret.txt").write_text("keep out")
        settings.MEDIA_ROOT.mkdir(exist_ok=True)
        for path in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
            answer = client.get(path)
            assert answer.status_code in {400, 404}
            assert b"keep out" not in answer.content

    def test_only_reading_is_allowed(self, client, settings):
        url = upload(settings, "files/a.png", make_image_file().read())
        assert client.post(url).status_code == 405

    def test_with_a_media_host_uploads_are_served_on_it_only(self, client, settings):
        settings.MEDIA_URL = "https://media.example.org/media/"
        settings.ALLOWED_HOSTS = ["testserver", "media.example.org"]
        url = upload(settings, "files/a.png", make_image_file().read())
        assert client.get(url, HTTP_HOST="media.example.org").status_code == 200
        assert client.get(url).status_code == 404

    def test_no_route_when_the_web_server_in_front_serves_them(self, settings):
        settings.NEWSROOM_SERVE_MEDIA = False
        assert media_urlpatterns() == []
