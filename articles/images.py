"""Pictures editors upload: checked and cleaned.

Nothing uploaded is stored as it came. Every file is decoded in full by
Pillow, turned upright, brought to sRGB and written out again by us, so what
is kept holds pixels only: no metadata, no trailing bytes, nothing a browser
could take for a page or a script, and an extension that says what it is.

The copies made of each stored picture are in renditions.py.
"""

import io
import logging
import os

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from PIL import Image, ImageCms, ImageOps, ImageSequence, UnidentifiedImageError

logger = logging.getLogger(__name__)

# The decoders Pillow may use: no other ever sees an upload.
OPENED = ["JPEG", "PNG", "WEBP", "GIF"]
# The format each opens as is written out as. Cameras' JPEGs often open as
# MPO (a JPEG with a second, preview image): only the first image is kept.
WRITTEN_AS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "GIF"}
EXTENSIONS = {"JPEG": ".jpg", "PNG": ".png", "WEBP": ".webp", "GIF": ".gif"}
CONTENT_TYPES = {
    "JPEG": "image/jpeg",
    "PNG": "image/png",
    "WEBP": "image/webp",
    "GIF": "image/gif",
}
ENCODING = {
    "JPEG": {"quality": 85, "progressive": True, "optimize": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 82},
    "GIF": {"optimize": True},
}
# Above this many pixels PNG and WebP are written with their quicker
# settings: the thorough ones take several seconds more on a big picture, to
# save a tenth of its size at most.
QUICK_ENCODING_PIXELS = 4_000_000
QUICK_ENCODING = {"PNG": {"compress_level": 6}, "WEBP": {"quality": 82, "method": 1}}
# WebP cannot be wider or taller than this.
WEBP_MAX_SIDE = 16383
# An animation is kept only if its frames, all decoded, stay under the pixel
# cap; this bounds the count too (a GIF frame can take twenty bytes).
MAX_FRAMES = 500
# Only the pixels' transparency survives from what Pillow read with a frame.
KEPT_INFO = ("transparency",)
MEGABYTE = 1024 * 1024

EMPTY = "This file is empty. Choose the picture again."
TOO_LARGE = (
    "This file is {size:.1f} MB; a picture can be at most {limit} MB. Save a "
    "smaller copy (a JPEG, for a photograph) and upload that."
)
TOO_MANY_PIXELS = (
    "This picture is {width:,} × {height:,} pixels ({megapixels:.0f} megapixels); "
    "a picture can have at most {limit:g} megapixels. Save a smaller copy and "
    "upload that."
)
FAR_TOO_MANY_PIXELS = (
    "This picture has far more than {limit:g} megapixels, the most a picture "
    "can have. Save a smaller copy and upload that."
)
NOT_A_PICTURE = (
    "This file is not a picture that can be used here. Upload a JPEG, PNG, WebP or GIF."
)
SVG = (
    "SVG drawings cannot be uploaded: they can carry scripts. Export the "
    "drawing as a PNG and upload that."
)
HEIC = (
    "HEIC photos (the iPhone's own format) cannot be uploaded. Export the "
    "photo as a JPEG and upload that."
)
DAMAGED = (
    "This picture could not be read to the end: the file is damaged or "
    "incomplete. Save or export it again and upload the new copy."
)
TOO_MANY_FRAMES = (
    "This animation has more than {limit} frames. Shorten it, or upload a "
    "still picture."
)
ANIMATION_TOO_LARGE = (
    "This animation is too large: its frames add up to more than {limit:g} "
    "megapixels. Make it shorter or smaller."
)


def apply_pixel_guard():
    """Set Pillow's decompression-bomb guard from IMAGE_MAX_PIXELS."""
    # Pillow refuses outright at twice this, and warns above it. Every file
    # we decode is measured against the cap before decoding (_check_pixels),
    # so nothing over the cap is decoded; Pillow's refusal is the backstop
    # for what opens a file before our check can (Django's ImageField).
    Image.MAX_IMAGE_PIXELS = settings.IMAGE_MAX_PIXELS


apply_pixel_guard()


class Picture:
    """A decoded picture: upright, in sRGB, without metadata, ready to be
    written as `format`."""

    __slots__ = ("format", "frames", "durations", "loop")

    def __init__(self, format, frames, durations, loop):
        self.format = format
        self.frames = frames
        self.durations = durations
        self.loop = loop

    @property
    def size(self):
        return self.frames[0].size

    def encoded(self, format=None, frames=None):
        """The picture (or `frames` of it) written as `format`, as bytes."""
        format = format or self.format
        frames = frames or self.frames
        width, height = frames[0].size
        options = dict(ENCODING[format])
        if width * height > QUICK_ENCODING_PIXELS:
            options = dict(QUICK_ENCODING.get(format, options))
        if len(frames) > 1:
            options |= {
                "save_all": True,
                "append_images": frames[1:],
                "duration": self.durations,
            }
            # No loop count in a GIF means "play once"; WebP and APNG say it
            # with a 1.
            if self.loop is not None:
                options["loop"] = self.loop
            elif format != "GIF":
                options["loop"] = 1
        buffer = io.BytesIO()
        _for_format(frames[0], format).save(buffer, format, **options)
        return buffer.getvalue()


# Checking and cleaning an upload.


def clean_picture(upload):
    """`upload` decoded, checked and written out again, as a new upload named
    for its real format. Raises ValidationError with a message in plain words
    for anything that is not a picture we take."""
    if not upload.size:
        raise ValidationError(EMPTY, code="empty")
    limit = settings.IMAGE_MAX_UPLOAD_MB
    if upload.size > limit * MEGABYTE:
        size = upload.size / MEGABYTE
        raise ValidationError(
            TOO_LARGE.format(size=size, limit=limit), code="file_too_large"
        )
    upload.seek(0)
    picture = decode(upload.read())
    stem = os.path.splitext(os.path.basename(upload.name or ""))[0] or "picture"
    return CleanedPicture(
        stem[:80] + EXTENSIONS[picture.format],
        picture.encoded(),
        CONTENT_TYPES[picture.format],
    )


class CleanedPicture(SimpleUploadedFile):
    """An upload clean_picture() wrote: never cleaned twice."""


def cleaned_upload(value):
    """For a form's clean_<field>(): a new upload cleaned by clean_picture();
    no upload, a cleared field or the stored picture as they are."""
    if isinstance(value, UploadedFile) and not isinstance(value, CleanedPicture):
        return clean_picture(value)
    return value


class PictureField(forms.ImageField):
    """An ImageField whose check is clean_picture(): the whole file decoded
    and rewritten, rather than Django's look at its header."""

    default_error_messages = {"empty": EMPTY}

    def to_python(self, data):
        # Django's own check opens the file with every decoder Pillow has;
        # clean_picture() lets only the four formats' decoders see it.
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        return clean_picture(upload)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = ",".join(CONTENT_TYPES.values())
        return attrs


def decode(data):
    """The Picture in `data`, checked against our limits before decoding."""
    if not data:
        raise ValidationError(EMPTY, code="empty")
    image = _open(data)
    format = WRITTEN_AS[image.format]
    try:
        frames, durations = _decoded_frames(image, animated=format != "JPEG")
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise _far_too_many_pixels() from None
    except Exception as error:
        # A damaged file makes Pillow raise whatever its decoder hit (OSError,
        # SyntaxError, EOFError, ValueError…).
        raise ValidationError(DAMAGED, code="damaged") from error
    frames = [_cleaned(frame) for frame in frames]
    loop = image.info.get("loop") if len(frames) > 1 else None
    return Picture(format, frames, durations, loop)


def _open(data):
    apply_pixel_guard()
    try:
        image = Image.open(io.BytesIO(data), formats=OPENED)
    except Image.DecompressionBombError:
        raise _far_too_many_pixels() from None
    except UnidentifiedImageError:
        raise ValidationError(_not_a_picture(data), code="not_a_picture") from None
    except Exception as error:
        raise ValidationError(DAMAGED, code="damaged") from error
    _check_pixels(*image.size)
    return image


def _not_a_picture(data):
    head = data[:1024].lower()
    if b"<svg" in head or head.lstrip().startswith(b"<?xml"):
        return SVG
    if data[4:8] == b"ftyp" and data[8:12] in (b"heic", b"heix", b"mif1", b"msf1"):
        return HEIC
    return NOT_A_PICTURE


def _check_pixels(width, height):
    limit = settings.IMAGE_MAX_PIXELS
    if width * height > limit:
        message = TOO_MANY_PIXELS.format(
            width=width,
            height=height,
            megapixels=width * height / 1e6,
            limit=limit / 1e6,
        )
        raise ValidationError(message, code="too_many_pixels")


def _far_too_many_pixels():
    limit = settings.IMAGE_MAX_PIXELS / 1e6
    return ValidationError(
        FAR_TOO_MANY_PIXELS.format(limit=limit), code="too_many_pixels"
    )


def _decoded_frames(image, *, animated):
    """Every frame of an animation (each a whole picture, as shown), or the
    first frame only, decoded; and how long each is shown."""
    if not (animated and getattr(image, "is_animated", False)):
        image.load()
        return [image], [0]
    frames, durations = [], []
    budget = settings.IMAGE_MAX_PIXELS
    for index, frame in enumerate(ImageSequence.Iterator(image)):
        if index == MAX_FRAMES:
            message = TOO_MANY_FRAMES.format(limit=MAX_FRAMES)
            raise ValidationError(message, code="too_many_frames")
        budget -= frame.width * frame.height
        if budget < 0:
            message = ANIMATION_TOO_LARGE.format(limit=settings.IMAGE_MAX_PIXELS / 1e6)
            raise ValidationError(message, code="animation_too_large")
        frames.append(frame.copy())
        durations.append(round(frame.info.get("duration") or 100))
    return frames, durations


def _cleaned(frame):
    frame = _in_srgb(_upright(frame))
    frame = _eight_bit(frame)
    # Whatever else Pillow read (EXIF, XMP, comments, text chunks, the ICC
    # profile) stays behind: a frame carries its pixels only.
    frame.info = {key: frame.info[key] for key in KEPT_INFO if key in frame.info}
    return frame


def _upright(frame):
    try:
        # In place: a copy of a big picture would double its memory.
        ImageOps.exif_transpose(frame, in_place=True)
    except Exception:
        # An unreadable EXIF block cannot say how to turn the picture.
        logger.info("EXIF orientation unreadable; picture kept as stored")
    return frame


# Browsers take a picture with no profile as sRGB. Converting to sRGB and
# dropping the profile shows wide-gamut photos (a phone's Display P3, a
# camera's Adobe RGB) in colours close to their own, rather than washed out.
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(frame):
    profile = frame.info.get("icc_profile")
    if not profile or frame.mode not in ("RGB", "RGBA", "CMYK"):
        return frame
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if "sRGB" in ImageCms.getProfileDescription(source):
            return frame
        mode = "RGBA" if frame.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(frame, source, SRGB, outputMode=mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        # A broken profile: the pixels are shown as they are, as browsers
        # would show them anyway.
        return frame
    converted.info = frame.info
    return converted


def _eight_bit(frame):
    """`frame` in a mode every format and browser takes."""
    if frame.mode.startswith("I"):
        # 16-bit greys: scaled down, not clipped to white.
        return frame.convert("I").point(lambda value: value / 256).convert("L")
    if frame.mode in ("1", "F"):
        return frame.convert("L")
    if frame.mode in ("CMYK", "YCbCr", "LAB", "HSV", "RGBX"):
        return frame.convert("RGB")
    if frame.mode in ("PA", "La", "RGBa"):
        return frame.convert("RGBA")
    return frame


def _for_format(frame, format):
    if format == "JPEG" and frame.mode not in ("L", "RGB"):
        return frame.convert("RGB")
    return frame
