"""Author photos go through the same check and rewriting as article
pictures, through the author admin."""

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from articles import images
from authors.models import Author
from tests.articles.test_images import (
    BOMB_WARNING,
    camera_photo,
    encoded,
    gif_js_polyglot,
    noisy,
    opened,
    png,
    png_claiming,
    upload,
)

pytestmark = pytest.mark.django_db

ADD = reverse("admin:authors_author_add")


@pytest.fixture(autouse=True)
def _pillow_guard_as_configured():
    yield
    images.apply_pixel_guard()


def add_author(admin_client, photo, **overrides):
    data = {
        "name": "Mira Holt",
        "slug": "mira-holt",
        "job_title": "",
        "bio": "",
        "beats": "",
        "user": "",
        "photo": photo,
    }
    return admin_client.post(ADD, data | overrides)


def photo_errors(response):
    assert response.status_code == 200
    return " ".join(response.context["adminform"].form.errors.get("photo", []))


def stored_photo():
    author = Author.objects.get()
    with default_storage.open(author.photo.name, "rb") as photo:
        return author.photo.name, photo.read()


class AuthorPhotoTests:
    def test_photo_is_stored_upright_without_its_metadata(self, admin_client):
        response = add_author(admin_client, upload("mira.jpeg", camera_photo()))

        assert response.status_code == 302
        name, data = stored_photo()
        assert name == "authors/mira.jpg"
        assert opened(data).size == (20, 40)
        assert not opened(data).getexif()
        for secret in (b"GPS", b"PhoneMaker", b"home address", b"xmpmeta"):
            assert secret not in data

    def test_png_named_jpg_is_stored_as_png(self, admin_client):
        add_author(admin_client, upload("mira.jpg", png()))

        name, data = stored_photo()
        assert name == "authors/mira.png"
        assert opened(data).format == "PNG"

    def test_gif_js_polyglot_is_stored_as_a_plain_gif(self, admin_client):
        add_author(admin_client, upload("mira.gif", gif_js_polyglot()))

        _, data = stored_photo()
        assert opened(data).format == "GIF"
        assert b"alert" not in data

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("mira.jpg", b"", "This file is empty"),
            ("mira.jpg", b"Not a photo at all.\n" * 20, "not a picture"),
            (
                "mira.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"/>',
                "SVG drawings cannot be uploaded",
            ),
            ("mira.png", noisy("PNG")[:1500], "damaged or incomplete"),
            ("mira.jpg", noisy("JPEG")[:1500], "damaged or incomplete"),
            ("mira.png", png_claiming(100_000, 100_000), "far more than 40"),
            ("mira.png", png_claiming(7_000, 7_000), "(49 megapixels)"),
        ],
    )
    @pytest.mark.filterwarnings(BOMB_WARNING)
    def test_bad_file_is_refused_in_plain_words_and_nothing_is_saved(
        self, admin_client, name, data, message
    ):
        response = add_author(admin_client, upload(name, data))

        assert message in photo_errors(response)
        assert not Author.objects.exists()

    def test_photo_over_the_size_limit_is_refused(self, admin_client, settings):
        settings.IMAGE_MAX_UPLOAD_MB = 1
        data = encoded(Image.effect_noise((700, 700), 90).convert("RGB"), "PNG")

        response = add_author(admin_client, upload("mira.png", data))

        assert "a picture can be at most 1 MB" in photo_errors(response)

    def test_file_chooser_offers_the_four_formats(self, admin_client):
        content = admin_client.get(ADD).content.decode()

        assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in content

    def test_author_without_a_photo_saves(self, admin_client):
        response = add_author(admin_client, "")

        assert response.status_code == 302
        assert not Author.objects.get().photo
