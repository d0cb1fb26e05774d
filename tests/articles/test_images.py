"""Pictures editors upload: checked, cleaned, made into renditions, and
named on pages with srcset and sizes."""

import io
import re
import struct
import zlib
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms, ImageSequence

from articles import images
from articles.admin import PICTURE_NOT_KEPT
from articles.models import Article
from articles.renditions import refresh_renditions
from tests.articles.pages import block, page, query_count
from tests.articles.test_admin import ADD, article_form
from tests.articles.test_roles import edited
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

BOMB_WARNING = "ignore::PIL.Image.DecompressionBombWarning"


@pytest.fixture(autouse=True)
def _pillow_guard_as_configured():
    """A test that lowers IMAGE_MAX_PIXELS leaves Pillow's guard as it was."""
    yield
    images.apply_pixel_guard()


# Test pictures, made here and small.


def encoded(image, format, **options):
    buffer = io.BytesIO()
    image.save(buffer, format, **options)
    return buffer.getvalue()


def jpeg(size=(40, 30), colour="teal", **options):
    return encoded(Image.new("RGB", size, colour), "JPEG", **options)


def png(size=(40, 30), colour="teal"):
    return encoded(Image.new("RGB", size, colour), "PNG")


def noisy(format):
    """A picture whose data runs long enough to cut in half."""
    return encoded(Image.effect_noise((120, 90), 60).convert("RGB"), format)


def upload(name, data):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def camera_photo():
    """A JPEG as a phone writes it: sideways with an orientation tag, and the
    place it was taken, the camera, a comment, XMP and a colour profile."""
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneMaker"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (52.0, 22.0, 1.0)
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return jpeg(
        size=(40, 20),
        exif=exif,
        comment=b"home address",
        xmp=b"<x:xmpmeta>GPSLatitude</x:xmpmeta>",
        icc_profile=srgb,
    )


def png_claiming(width, height):
    """A PNG whose header claims `width` × `height` pixels, with almost no
    data behind it: a decompression bomb's shape, a few bytes long."""

    def chunk(kind, data):
        checksum = zlib.crc32(kind + data)
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def gif_js_polyglot():
    """A GIF that is also a script: its width bytes open a comment ("/*")
    that the code after the GIF's end closes."""
    gif = bytearray(encoded(Image.new("P", (1, 1), 0), "GIF"))
    gif[6:8] = b"/*"
    return bytes(gif) + b"*/=alert(document.domain);//"


def png_html_polyglot():
    """A PNG carrying a page: in a text chunk, and after its end."""
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<html><script>alert(document.domain)</script>")
    data = encoded(Image.new("RGB", (8, 8), "red"), "PNG", pnginfo=info)
    return data + b"<html><body><script>alert(document.domain)</script>"


def swapped_primaries_profile():
    """An RGB colour profile whose red is sRGB's green (and green its red):
    a stand-in for a wide-gamut profile, whose conversion shows plainly."""

    def tag_xyz(x, y, z):
        return b"XYZ \0\0\0\0" + struct.pack(
            ">3i", *(round(v * 65536) for v in (x, y, z))
        )

    linear = b"curv\0\0\0\0" + struct.pack(">IH", 1, 0x0100) + b"\0\0"
    name = b"Swapped primaries\0"
    desc = (
        b"desc\0\0\0\0"
        + struct.pack(">I", len(name))
        + name
        + b"\0" * 8
        + b"\0" * 3
        + b"\0" * 67
    )
    tags = [
        (b"desc", desc),
        (b"wtpt", tag_xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", tag_xyz(0.3851, 0.7169, 0.0971)),
        (b"gXYZ", tag_xyz(0.4361, 0.2225, 0.0139)),
        (b"bXYZ", tag_xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"\0\0\0\0"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + b"\0\0\0\0"
        + struct.pack(">3i", 63190, 65536, 54061)
        + b"\0" * 48
    )
    return header + struct.pack(">I", len(tags)) + table + data


def animated_gif():
    frames = [Image.new("RGB", (20, 10), colour) for colour in ("red", "blue", "lime")]
    return encoded(
        frames[0],
        "GIF",
        save_all=True,
        append_images=frames[1:],
        duration=[100, 250, 400],
        loop=0,
    )


def opened(data):
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def cleaned(name, data):
    """What clean_picture() makes of a file: its name and its bytes."""
    result = images.clean_picture(upload(name, data))
    return result.name, result.read()


def refused(name, data):
    """The message clean_picture() refuses a file with."""
    with pytest.raises(ValidationError) as caught:
        images.clean_picture(upload(name, data))
    return " ".join(caught.value.messages)


def stored(article):
    with default_storage.open(article.image.name, "rb") as stored_file:
        return stored_file.read()


class UploadCleaningTests:
    def test_camera_photo_is_turned_upright_and_keeps_no_metadata(self):
        name, data = cleaned("holiday.jpeg", camera_photo())

        picture = opened(data)
        assert name == "holiday.jpg"
        assert picture.format == "JPEG"
        assert picture.size == (20, 40)
        assert not picture.getexif()
        assert "icc_profile" not in picture.info
        assert "progressive" in picture.info
        for secret in (b"Exif", b"GPS", b"PhoneMaker", b"home address", b"xmpmeta"):
            assert secret not in data

    def test_png_named_jpg_is_stored_as_png(self):
        name, data = cleaned("chart.jpg", png())

        assert name == "chart.png"
        assert opened(data).format == "PNG"

    @pytest.mark.parametrize(
        ("name", "format", "extension"),
        [("a.gif", "GIF", ".gif"), ("a.webp", "WEBP", ".webp"), ("a", "JPEG", ".jpg")],
    )
    def test_each_format_we_take_is_rewritten_in_kind(self, name, format, extension):
        data = encoded(Image.new("RGB", (12, 8), "navy"), format)

        new_name, new_data = cleaned(name, data)

        assert new_name == "a" + extension
        assert opened(new_data).format == format

    def test_wide_gamut_photo_is_brought_to_srgb(self):
        data = jpeg(colour=(255, 0, 0), icc_profile=swapped_primaries_profile())

        _, new_data = cleaned("red.jpg", data)

        picture = opened(new_data)
        assert "icc_profile" not in picture.info
        red, green, blue = picture.getpixel((5, 5))
        assert green > 200 and red < 60 and blue < 60

    def test_cmyk_print_photo_becomes_rgb(self):
        data = encoded(Image.new("CMYK", (10, 10), (0, 255, 255, 0)), "JPEG")

        _, new_data = cleaned("print.jpg", data)

        assert opened(new_data).mode == "RGB"

    def test_sixteen_bit_greys_are_scaled_not_clipped(self):
        data = encoded(Image.new("I;16", (10, 10), 32768), "PNG")

        _, new_data = cleaned("scan.png", data)

        picture = opened(new_data)
        assert picture.mode == "L"
        assert 120 <= picture.getpixel((0, 0)) <= 136

    def test_animated_gif_keeps_its_frames_and_timing(self):
        _, data = cleaned("loop.gif", animated_gif())

        picture = Image.open(io.BytesIO(data))
        shown = [
            (frame.convert("RGB").getpixel((0, 0)), frame.info["duration"])
            for frame in ImageSequence.Iterator(picture)
        ]
        assert shown == [((255, 0, 0), 100), ((0, 0, 255), 250), ((0, 255, 0), 400)]
        assert picture.info["loop"] == 0

    def test_gif_js_polyglot_comes_out_a_plain_gif(self):
        _, data = cleaned("funny.gif", gif_js_polyglot())

        assert opened(data).format == "GIF"
        assert b"alert" not in data

    def test_png_html_polyglot_comes_out_a_plain_png(self):
        _, data = cleaned("chart.png", png_html_polyglot())

        assert opened(data).format == "PNG"
        assert b"<script" not in data and b"<html" not in data

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("empty.jpg", b"", "This file is empty"),
            ("notes.jpg", b"Meeting notes, not a photo.\n" * 20, "not a picture"),
            (
                "logo.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)'
                b"</script></svg>",
                "SVG drawings cannot be uploaded",
            ),
            ("photo.jpg", b"\0\0\0\x18ftypheic" + b"\0" * 64, "HEIC photos"),
            ("cut.png", noisy("PNG")[:1500], "damaged or incomplete"),
            ("cut.jpg", noisy("JPEG")[:1500], "damaged or incomplete"),
            ("bomb.png", png_claiming(100_000, 100_000), "far more than 40 megapixels"),
            # What Pillow, left to itself, would only warn about.
            ("pano.png", png_claiming(10_000, 9_000), "far more than 40 megapixels"),
            # Above our cap, below Pillow's own refusal.
            ("huge.png", png_claiming(7_000, 7_000), "7,000 × 7,000 pixels (49"),
        ],
    )
    @pytest.mark.filterwarnings(BOMB_WARNING)
    def test_what_we_do_not_take_is_refused_in_plain_words(self, name, data, message):
        assert message in refused(name, data)

    @pytest.mark.filterwarnings(BOMB_WARNING)
    def test_pillow_guard_follows_the_pixel_cap(self, settings):
        settings.IMAGE_MAX_PIXELS = 1_000

        assert "40 × 30 pixels" in refused("small.png", png())
        assert Image.MAX_IMAGE_PIXELS == 1_000

    def test_file_over_the_size_limit_is_refused_before_reading(self, settings):
        settings.IMAGE_MAX_UPLOAD_MB = 1

        message = refused("big.png", b"\x89PNG" + b"\0" * (1024 * 1024 + 1))

        assert "This file is 1.0 MB; a picture can be at most 1 MB" in message

    def test_animation_over_the_pixel_cap_is_refused(self, settings):
        settings.IMAGE_MAX_PIXELS = 500

        assert "frames add up to more than" in refused("loop.gif", animated_gif())

    def test_stored_picture_is_not_cleaned_again(self):
        assert images.cleaned_upload(False) is False
        clean = images.clean_picture(upload("a.png", png()))
        assert images.cleaned_upload(clean) is clean


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def add_article(admin_client, image, **overrides):
    data = article_form(make_section(), authors=[make_author()], image=image)
    return admin_client.post(ADD, data | overrides)


def picture_errors(response):
    """The errors by the picture, less the admin's "choose it again"."""
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.get("image", [])
    return " ".join(error for error in errors if error != PICTURE_NOT_KEPT)


class ArticleAdminUploadTests:
    def test_stored_picture_is_the_cleaned_one_with_its_real_size(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            response = add_article(admin_client, upload("holiday.jpeg", camera_photo()))

        assert response.status_code == 302
        article = Article.objects.get()
        assert article.image.name.endswith("/holiday.jpg")
        assert (article.image_width, article.image_height) == (20, 40)
        data = stored(article)
        assert b"GPS" not in data and b"home address" not in data
        assert not opened(data).getexif()
        assert article.image_renditions

    def test_png_named_jpg_is_stored_as_png(self, admin_client):
        add_article(admin_client, upload("chart.jpg", png()))

        article = Article.objects.get()
        assert article.image.name.endswith("/chart.png")
        assert opened(stored(article)).format == "PNG"

    @pytest.mark.parametrize(
        ("name", "data"),
        [("funny.gif", gif_js_polyglot()), ("chart.png", png_html_polyglot())],
    )
    def test_polyglot_is_stored_rewritten_and_harmless(self, admin_client, name, data):
        add_article(admin_client, upload(name, data))

        data = stored(Article.objects.get())
        assert b"alert" not in data and b"<script" not in data

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("empty.jpg", b"", "This file is empty"),
            ("notes.jpg", b"Meeting notes, not a photo.\n" * 20, "not a picture"),
            ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG drawings"),
            ("cut.png", noisy("PNG")[:1500], "damaged or incomplete"),
            ("bomb.png", png_claiming(100_000, 100_000), "far more than 40"),
            ("cut.jpg", noisy("JPEG")[:1500], "damaged or incomplete"),
            ("huge.png", png_claiming(7_000, 7_000), "a picture can have at most 40"),
        ],
    )
    @pytest.mark.filterwarnings(BOMB_WARNING)
    def test_bad_file_gets_an_error_by_the_picture_and_nothing_is_saved(
        self, admin_client, name, data, message
    ):
        response = add_article(admin_client, upload(name, data))

        errors = picture_errors(response)
        assert message in errors
        assert not Article.objects.exists()
        assert not default_storage.exists("articles")

    def test_picture_over_the_size_limit_gets_an_error(self, admin_client, settings):
        settings.IMAGE_MAX_UPLOAD_MB = 1
        data = encoded(Image.effect_noise((700, 700), 90).convert("RGB"), "PNG")

        response = add_article(admin_client, upload("scan.png", data))

        assert "a picture can be at most 1 MB" in picture_errors(response)
        assert not Article.objects.exists()

    def test_good_picture_sent_with_another_error_is_asked_for_again(
        self, admin_client
    ):
        response = add_article(
            admin_client, upload("a.png", png()), status=Article.Status.PUBLISHED
        )

        errors = response.context["adminform"].form.errors
        assert errors["image"] == [PICTURE_NOT_KEPT]
        assert "Describe the picture" in errors["image_alt"][0]

    def test_replacing_the_picture_deletes_the_old_renditions(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            add_article(admin_client, upload("first.jpg", jpeg(size=(900, 600))))
        article = Article.objects.get()
        old = [entry["name"] for entry in article.image_renditions]
        replaced = article.image.name
        data = edited(article, image=upload("second.jpg", jpeg(size=(600, 400))))

        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(change_url(article), data)

        assert response.status_code == 302
        article.refresh_from_db()
        assert "second" in article.image.name
        assert all("second" in e["name"] for e in article.image_renditions)
        copies = [name for name in old if "-480w" in name or "-900w" in name]
        assert copies and not any(default_storage.exists(n) for n in copies)
        # The replaced picture itself stays: a revision may bring it back.
        assert replaced in old and default_storage.exists(replaced)

    def test_removing_the_picture_deletes_its_renditions(
        self, admin_client, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            add_article(admin_client, upload("first.jpg", jpeg(size=(900, 600))))
        article = Article.objects.get()
        copies = [e["name"] for e in article.image_renditions if e["width"] < 900]
        data = edited(article, **{"image-clear": "on"})

        with django_capture_on_commit_callbacks(execute=True):
            admin_client.post(change_url(article), data)

        article.refresh_from_db()
        assert not article.image and article.image_renditions == []
        assert not any(default_storage.exists(name) for name in copies)


def article_with_picture(data=None, name="bridge.jpg", **overrides):
    """A published article whose picture was stored as uploads are."""
    clean = images.clean_picture(upload(name, data or jpeg(size=(1000, 500))))
    fields = {"image_alt": "The bridge at dusk", "image": clean}
    return make_article(**fields | overrides)


def files_in(folder):
    _, names = default_storage.listdir(folder)
    return sorted(names)


class RenditionTests:
    def test_copies_at_each_narrower_width_in_its_format_and_webp(self):
        article = article_with_picture()

        renditions = refresh_renditions(article)

        folder, picture = article.image.name.rsplit("/", 1)
        assert [(e["format"], e["width"], e["height"]) for e in renditions] == [
            ("jpeg", 480, 240),
            ("webp", 480, 240),
            ("jpeg", 800, 400),
            ("webp", 800, 400),
            ("jpeg", 1000, 500),
            ("webp", 1000, 500),
        ]
        assert files_in(folder) == sorted(
            [
                picture,
                "bridge-480w.jpg",
                "bridge-480w.webp",
                "bridge-800w.jpg",
                "bridge-800w.webp",
                "bridge-1000w.webp",
            ]
        )
        for entry in renditions:
            with default_storage.open(entry["name"], "rb") as copy:
                made = opened(copy.read())
            assert made.size == (entry["width"], entry["height"])
            assert made.format.lower() == entry["format"]
            assert entry["source"] == article.image.name
        article.refresh_from_db()
        assert article.image_renditions == renditions

    def test_made_once(self):
        article = article_with_picture()
        refresh_renditions(article)
        folder = article.image.name.rsplit("/", 1)[0]
        before = files_in(folder)

        refresh_renditions(Article.objects.get(pk=article.pk))

        assert files_in(folder) == before

    def test_only_the_renditions_column_is_saved(self):
        article = article_with_picture()
        row = Article.objects.get(pk=article.pk)
        Article.objects.filter(pk=article.pk).update(headline="Changed elsewhere")

        refresh_renditions(row)

        article.refresh_from_db()
        assert article.headline == "Changed elsewhere"
        assert article.updated_at == row.updated_at
        assert article.version == row.version

    def test_picture_narrower_than_every_width_gets_a_webp_copy_only(self):
        article = article_with_picture(jpeg(size=(300, 200)))

        renditions = refresh_renditions(article)

        assert [(e["format"], e["width"]) for e in renditions] == [
            ("jpeg", 300),
            ("webp", 300),
        ]
        assert renditions[0]["name"] == article.image.name

    def test_webp_picture_has_one_set_of_copies(self):
        data = encoded(Image.new("RGB", (900, 300), "navy"), "WEBP")
        article = article_with_picture(data, name="river.webp")

        renditions = refresh_renditions(article)

        assert [(e["format"], e["width"]) for e in renditions] == [
            ("webp", 480),
            ("webp", 800),
            ("webp", 900),
        ]

    def test_animated_gif_copies_stay_animated(self):
        frames = [Image.new("RGB", (600, 300), c) for c in ("red", "blue")]
        data = encoded(frames[0], "GIF", save_all=True, append_images=frames[1:])
        article = article_with_picture(data, name="loop.gif")

        renditions = refresh_renditions(article)

        for entry in renditions:
            with default_storage.open(entry["name"], "rb") as copy:
                assert Image.open(io.BytesIO(copy.read())).n_frames == 2

    def test_widths_follow_the_setting(self, settings):
        settings.IMAGE_RENDITION_WIDTHS = [200, 600]
        article = article_with_picture()

        renditions = refresh_renditions(article)

        assert sorted({e["width"] for e in renditions}) == [200, 600, 1000]

    def test_unreadable_picture_gets_none_and_its_page_shows_it_alone(self, client):
        article = article_with_picture()
        default_storage.delete(article.image.name)

        assert refresh_renditions(article) == []

        figure = block(page(client, article.get_absolute_url()), "story-figure")
        assert f'src="{article.image.url}"' in figure
        assert "srcset" not in figure


class SignedAddressStorage(FileSystemStorage):
    """A storage whose addresses do not end with the file's name."""

    def url(self, name):
        return f"{super().url(name)}?signed={len(name)}"


def with_renditions(**overrides):
    article = article_with_picture(**overrides)
    refresh_renditions(article)
    return article


def media(name):
    return default_storage.url(name)


class PictureMarkupTests:
    def test_article_page_offers_webp_and_its_own_format_in_every_width(self, client):
        article = with_renditions(
            image_caption="The bridge on its first evening.",
            image_credit="Photo: Mara Quist",
        )
        stem = article.image.name.rsplit(".", 1)[0]

        figure = block(page(client, article.get_absolute_url()), "story-figure")

        sizes = 'sizes="(min-width: 42rem) 42rem, 100vw"'
        webp = ", ".join(f"{media(f'{stem}-{w}w.webp')} {w}w" for w in (480, 800, 1000))
        own = (
            f"{media(stem + '-480w.jpg')} 480w, {media(stem + '-800w.jpg')} 800w, "
            f"{media(article.image.name)} 1000w"
        )
        assert f'<source type="image/webp" srcset="{webp}" {sizes}>' in figure
        assert (
            f'<img src="{media(article.image.name)}" srcset="{own}" {sizes} '
            'width="1000" height="500" alt="The bridge at dusk">'
        ) in figure
        assert figure.index("<source") < figure.index("<img")
        assert "The bridge on its first evening." in figure
        assert block(figure, "credit") == "Photo: Mara Quist"

    def test_src_is_the_widest_copy_up_to_1200_pixels(self, client):
        article = with_renditions(data=jpeg(size=(2000, 1000)))
        stem = article.image.name.rsplit(".", 1)[0]

        figure = block(page(client, article.get_absolute_url()), "story-figure")

        assert f'<img src="{media(stem + "-1200w.jpg")}"' in figure
        assert 'width="2000" height="1000"' in figure

    def test_teaser_offers_every_width_at_its_size_and_loads_lazily(self, client):
        article = with_renditions()
        stem = article.image.name.rsplit(".", 1)[0]

        html = page(client, article.section.get_absolute_url())

        teaser = re.search(r'<img class="teaser-image"[^>]*>', html).group(0)
        own = (
            f"{media(stem + '-480w.jpg')} 480w, {media(stem + '-800w.jpg')} 800w, "
            f"{media(article.image.name)} 1000w"
        )
        assert teaser == (
            f'<img class="teaser-image" src="{media(article.image.name)}" '
            f'srcset="{own}" '
            'sizes="(min-width: 72rem) 17rem, (min-width: 40rem) 50vw, 6.5rem" '
            'width="1000" height="500" alt="The bridge at dusk" loading="lazy">'
        )

    def test_teaser_offers_the_webp_copies_first(self, client):
        article = with_renditions()
        stem = article.image.name.rsplit(".", 1)[0]

        html = page(client, article.section.get_absolute_url())

        picture = re.search(r'<picture class="teaser-picture">.*?</picture>', html)
        assert picture, "no <picture> around the teaser's image"
        webp = f"{media(stem + '-480w.webp')} 480w, {media(stem + '-800w.webp')} 800w"
        source = re.search(r'<source type="image/webp" srcset="([^"]*)"', picture[0])
        assert source[1].startswith(webp)
        assert picture[0].index("<source") < picture[0].index("<img")

    def test_lead_teaser_picture_loads_at_once_at_lead_size(self, client):
        make_article(headline="Other story")
        with_renditions(is_featured=True)

        html = block(page(client, reverse("articles:home")), "lead-story")

        teaser = re.search(r'<img class="teaser-image"[^>]*>', html).group(0)
        assert 'sizes="(min-width: 72rem) 43rem, (min-width: 64rem) 60vw, 100vw"' in (
            teaser
        )
        assert "loading" not in teaser

    def test_renditions_of_another_picture_are_not_shown(self, client):
        # As a restored revision can leave them: the stored picture is shown.
        article = with_renditions()
        Article.objects.filter(pk=article.pk).update(image="articles/other.jpg")
        article = Article.objects.get(pk=article.pk)

        html = page(client, article.get_absolute_url())

        figure = block(html, "story-figure")
        assert 'src="/media/articles/other.jpg"' in figure
        assert "srcset" not in figure

    def test_storage_with_signed_addresses_is_asked_for_each_copy(
        self, client, settings
    ):
        settings.STORAGES = settings.STORAGES | {
            "default": {"BACKEND": f"{__name__}.SignedAddressStorage"}
        }
        article = with_renditions()
        stem = article.image.name.rsplit(".", 1)[0]

        figure = block(page(client, article.get_absolute_url()), "story-figure")

        for name in (f"{stem}-480w.webp", f"{stem}-800w.jpg", article.image.name):
            assert f"{name}?signed={len(name)}" in figure

    def test_pages_never_ask_the_storage(self, client):
        article = with_renditions()
        with_renditions(is_featured=True)

        def refuse(*args, **kwargs):
            raise AssertionError("a page asked the storage")

        with mock.patch.multiple(
            FileSystemStorage, exists=refuse, size=refuse, open=refuse, listdir=refuse
        ):
            for url in (
                reverse("articles:home"),
                article.get_absolute_url(),
                article.section.get_absolute_url(),
            ):
                assert "srcset" in page(client, url)

    def test_renditions_cost_no_query(self, client):
        plain = [article_with_picture(), article_with_picture(is_featured=True)]
        urls = [reverse("articles:home"), plain[0].get_absolute_url()]
        before = [query_count(client, url) for url in urls]

        for article in plain:
            refresh_renditions(article)

        assert [query_count(client, url) for url in urls] == before


class MakeRenditionsCommandTests:
    def run(self, *args):
        out, err = io.StringIO(), io.StringIO()
        call_command("make_renditions", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_fills_the_pictures_without_renditions_once(self):
        lacking = article_with_picture()
        done = with_renditions()
        make_article()
        kept = Article.objects.get(pk=done.pk).image_renditions

        first, _ = self.run()
        second, _ = self.run()

        assert "Renditions made for 1 pictures; 0 failed." in first
        assert "Renditions made for 0 pictures; 0 failed." in second
        assert Article.objects.get(pk=lacking.pk).image_renditions
        assert Article.objects.get(pk=done.pk).image_renditions == kept

    def test_names_the_article_whose_picture_cannot_be_read(self):
        article = article_with_picture()
        default_storage.delete(article.image.name)

        out, err = self.run()

        assert "0 pictures; 1 failed" in out
        assert f"{article.slug}: its picture {article.image.name} could not" in err

    def test_all_makes_them_again_and_deletes_the_old_copies(
        self, settings, django_capture_on_commit_callbacks
    ):
        article = with_renditions()
        old = [e["name"] for e in article.image_renditions if e["width"] < 1000]
        settings.IMAGE_RENDITION_WIDTHS = [600]

        with django_capture_on_commit_callbacks(execute=True):
            out, _ = self.run("--all")

        assert "Renditions made for 1 pictures" in out
        article.refresh_from_db()
        assert sorted({e["width"] for e in article.image_renditions}) == [600, 1000]
        assert not any(default_storage.exists(name) for name in old)


class S3RenditionTests:
    """The same through django-storages' S3 backend (moto's S3 in process)."""

    @pytest.fixture
    def bucket(self, settings, monkeypatch):
        from moto import mock_aws

        for key in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
            monkeypatch.setenv(key, "testing")
        with mock_aws():
            import boto3

            s3 = boto3.client("s3", region_name="us-east-1")
            s3.create_bucket(Bucket="pictures")
            settings.STORAGES = settings.STORAGES | {
                "default": {
                    "BACKEND": "storages.backends.s3.S3Storage",
                    "OPTIONS": {
                        "bucket_name": "pictures",
                        "region_name": "us-east-1",
                        "custom_domain": "media.example.org",
                        "querystring_auth": False,
                        "file_overwrite": False,
                    },
                },
            }
            yield s3

    def keys(self, s3):
        listing = s3.list_objects_v2(Bucket="pictures").get("Contents", [])
        return sorted(item["Key"] for item in listing)

    def test_copies_are_stored_named_and_deleted_in_the_bucket(
        self, bucket, client, django_capture_on_commit_callbacks
    ):
        article = with_renditions()
        stem = article.image.name.rsplit(".", 1)[0]
        assert f"{stem}-800w.webp" in self.keys(bucket)

        html = page(client, article.get_absolute_url())
        assert f"https://media.example.org/{stem}-800w.webp 800w" in html

        article.image = images.clean_picture(upload("new.png", png()))
        article.save()
        with django_capture_on_commit_callbacks(execute=True):
            refresh_renditions(article)
        assert f"{stem}-800w.webp" not in self.keys(bucket)
        assert article.image_renditions[1]["name"] in self.keys(bucket)
