"""The renditions of article pictures, and naming them on pages.

Each stored picture gets copies at the widths in IMAGE_RENDITION_WIDTHS, in
its own format and in WebP, made once and listed in the article's
`image_renditions`, so that pages name them without asking the storage.
"""

import logging
import os
import re
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from .images import EXTENSIONS, WEBP_MAX_SIDE, decode

logger = logging.getLogger(__name__)


def refresh_renditions(article, *, remake=False):
    """Make the renditions of `article`'s picture, unless it has them, and
    record them in `image_renditions` (that column only). Deletes, once the
    transaction commits, the renditions of the picture it had before.

    Returns the renditions; none when there is no picture or it cannot be
    read (its page then shows the stored picture alone).
    """
    picture = article.image
    before = article.image_renditions or []
    if picture and not remake and renditions_of(article):
        return before
    made = make_renditions(picture) if picture else []
    article.image_renditions = made
    type(article)._default_manager.filter(pk=article.pk).update(image_renditions=made)
    kept = {entry["name"] for entry in made}
    stale = [
        entry["name"]
        for entry in before
        # The stored picture itself is listed too; it is never deleted here.
        if entry["name"] not in kept and entry["name"] != entry.get("source")
    ]
    if stale:
        storage = picture.storage
        transaction.on_commit(partial(_delete_quietly, storage, stale))
    return made


def renditions_of(article):
    """The article's renditions, if they were made from its current picture.

    A restored revision may carry the list of another picture; it is ignored
    rather than named on the page.
    """
    return _made_from(picture_name(article), article.image_renditions)


def _made_from(name, renditions):
    if not renditions or not name or renditions[0].get("source") != name:
        return []
    return renditions


def picture_name(article):
    """The stored name of `article`'s picture, "" for none.

    Read without `article.image`, where Django keeps a FieldFile on the
    article that refers back to it: a page of teasers left a reference cycle
    per article, freed only by Python's cycle collector, which paused a
    listing page for some 10 ms every fifty pages.
    """
    value = article.__dict__.get("image", _DEFERRED)
    if value is _DEFERRED:
        return article.image.name or ""
    return getattr(value, "name", value) or ""


def picture_url(article):
    """The URL of `article`'s stored picture (it must have one)."""
    return _picture_storage(article).url(picture_name(article))


def _picture_storage(article):
    return type(article)._meta.get_field("image").storage


_DEFERRED = object()


def make_renditions(picture):
    """Copies of `picture` (a stored FieldFile) at each rendition width
    narrower than it, in its own format and in WebP, plus a WebP copy at its
    own size; the stored picture itself is listed as its own-format copy at
    full size (it was written by clean_picture()).

    Each is {"width", "height", "format", "name", "source"}, "source" being
    the picture's name. Returns [] when the picture cannot be read.
    """
    storage = picture.storage
    try:
        with storage.open(picture.name, "rb") as stored:
            decoded = decode(stored.read())
    except Exception:
        # Missing, unreachable or not a picture we take (a file stored
        # before uploads were checked).
        logger.warning("no renditions for %s: unreadable", picture.name, exc_info=True)
        return []
    width, height = decoded.size
    widths = sorted({w for w in settings.IMAGE_RENDITION_WIDTHS if 0 < w < width})
    made = []
    try:
        for size in [*widths, width]:
            made += _renditions_at(decoded, picture.name, size, storage)
    except Exception:
        logger.exception("renditions of %s not made", picture.name)
        _delete_quietly(storage, [entry["name"] for entry in made])
        return []
    return made


def _renditions_at(decoded, name, width, storage):
    full_width, full_height = decoded.size
    height = max(1, round(full_height * width / full_width))
    own = decoded.format
    if width == full_width:
        # The stored picture is the copy at full size in its own format.
        entries = [_entry(width, height, own, name, name)]
        frames, formats = decoded.frames, []
    else:
        entries = []
        frames = [_resized(frame, width, height) for frame in decoded.frames]
        formats = [own]
    if own != "WEBP" and max(width, height) <= WEBP_MAX_SIDE:
        formats.append("WEBP")
    stem = os.path.splitext(name)[0]
    for format in formats:
        data = decoded.encoded(format, frames)
        saved = storage.save(f"{stem}-{width}w{EXTENSIONS[format]}", ContentFile(data))
        entries.append(_entry(width, height, format, saved, name))
    return entries


def _entry(width, height, format, name, source):
    return {
        "width": width,
        "height": height,
        "format": format.lower(),
        "name": name,
        "source": source,
    }


def _resized(frame, width, height):
    if frame.mode in ("P", "1"):
        frame = frame.convert("RGBA" if frame.has_transparency_data else "RGB")
    resized = frame.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    resized.info = {}
    return resized


def _delete_quietly(storage, names):
    """Delete `names` from `storage`; a failure is logged, never raised: a
    file left behind costs space, not a page."""
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            logger.warning("could not delete %s", name, exc_info=True)


# Naming the renditions on pages: only from the list, never asking the storage.


class Sources:
    """What an <img> (and a WebP <source>) of the picture say."""

    __slots__ = ("src", "srcset", "webp_srcset", "width", "height")

    def __init__(self, src, srcset, webp_srcset, width, height):
        self.src = src
        self.srcset = srcset
        self.webp_srcset = webp_srcset
        self.width = width
        self.height = height


# The copy named in src, for what reads no srcset (link previews, crawlers):
# the widest no wider than this.
SRC_WIDTH = 1200


def sources(article, *, webp=True):
    """The picture's renditions as srcset lists, or None when it has none
    (pictures stored before renditions were made, or unreadable ones)."""
    name = picture_name(article)
    renditions = _made_from(name, article.image_renditions)
    if not renditions:
        return None
    url = _RenditionUrls(_picture_storage(article), name)
    own = renditions[0]["format"]
    own_copies = [entry for entry in renditions if entry["format"] == own]
    src = own_copies[0]
    for entry in own_copies:
        if entry["width"] <= SRC_WIDTH:
            src = entry
    webp_srcset = ""
    if webp and own != "webp":
        webp_srcset = _srcset(url, renditions, "webp")
    full = own_copies[-1]
    return Sources(
        url(src["name"]),
        _srcset(url, own_copies, own),
        webp_srcset,
        full["width"],
        full["height"],
    )


def _srcset(url, renditions, format):
    return ", ".join(
        f"{url(entry['name'])} {entry['width']}w"
        for entry in renditions
        if entry["format"] == format
    )


# What the storage appends to a copy's name ("-800w.webp", "_AbC1234"): no
# character in it is quoted in a URL.
_PLAIN_TAIL = re.compile(r"[A-Za-z0-9_.-]+\Z")


class _RenditionUrls:
    """The URLs of a picture's copies, worked out from the picture's own.

    storage.url() is most of a teaser's cost when called for each copy. The
    copies are named after the picture, in its folder, so each URL is the
    picture's with the end of the name changed; a storage whose URLs do not
    end with the name (signed ones, say) is asked for each.
    """

    __slots__ = ("storage", "name", "stem", "url", "url_stem")

    def __init__(self, storage, name):
        self.storage = storage
        self.name = name
        self.stem, extension = os.path.splitext(name)
        self.url = storage.url(name)
        self.url_stem = None
        if extension and self.url.endswith(extension):
            self.url_stem = self.url[: -len(extension)]

    def __call__(self, name):
        if name == self.name:
            return self.url
        tail = name[len(self.stem) :]
        if (
            self.url_stem is not None
            and name.startswith(self.stem)
            and _PLAIN_TAIL.match(tail)
        ):
            return self.url_stem + tail
        return self.storage.url(name)
