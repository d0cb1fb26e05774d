"""Pictures for the demo, drawn rather than shipped: a portrait placeholder per
author and an abstract illustration per article, the same every time for the
same seed."""

import io
import math
import random
import zlib
from typing import NamedTuple

from PIL import Image, ImageDraw, ImageFont

PORTRAIT_SIZE = (400, 400)
ILLUSTRATION_SIZE = (1600, 900)


class Palette(NamedTuple):
    sky: tuple[int, int, int]
    ground: tuple[int, int, int]
    sky_name: str
    ground_name: str


class Illustration(NamedTuple):
    jpeg: bytes
    description: str


# Each article picks one palette and shifts it a little; the names go into the
# alt text, so they say what a reader would see.
PALETTES = [
    Palette((250, 196, 140), (46, 64, 120), "peach", "deep blue"),
    Palette((160, 214, 220), (24, 82, 96), "pale blue", "teal"),
    Palette((244, 162, 170), (70, 40, 96), "pink", "plum"),
    Palette((210, 230, 170), (40, 96, 70), "pale green", "green"),
    Palette((255, 222, 150), (150, 60, 50), "golden", "rust"),
    Palette((190, 200, 245), (36, 44, 90), "lavender", "indigo"),
    Palette((236, 210, 236), (90, 60, 130), "lilac", "violet"),
    Palette((200, 235, 215), (20, 110, 110), "mint", "sea-green"),
]
SUNS = [
    ((255, 240, 200), "cream"),
    ((255, 210, 160), "peach"),
    ((255, 255, 235), "white"),
]


def seed_for(text: str) -> int:
    """A stable number for a slug, so a picture never changes between runs."""
    return zlib.crc32(text.encode())


def portrait(initials: str, seed: int) -> bytes:
    """A 400×400 JPEG: soft shapes on a coloured ground and the initials."""
    rng = random.Random(seed)
    light, dark, _, _ = rng.choice(PALETTES)
    image = _gradient(PORTRAIT_SIZE, _shift(dark, rng), _shift(light, rng), angle=1)
    draw = ImageDraw.Draw(image, "RGBA")
    width, height = PORTRAIT_SIZE
    for _ in range(3):
        radius = rng.randint(90, 180)
        x, y = rng.randint(0, width), rng.randint(0, height)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), (*light, 60))
    font = ImageFont.load_default(size=150)
    draw.text((200, 190), initials, font=font, fill="white", anchor="mm")
    return _jpeg(image)


def illustration(seed: int, size: tuple[int, int] = ILLUSTRATION_SIZE) -> Illustration:
    """A JPEG landscape of sky, sun and river bands in colours picked by
    `seed`, with a sentence saying what it shows."""
    rng = random.Random(seed)
    palette = rng.choice(PALETTES)
    ground = _shift(palette.ground, rng)
    image = _gradient(size, _shift(palette.sky, rng), ground, rng.choice([0, 1]))
    draw = ImageDraw.Draw(image, "RGBA")
    sun_name = _draw_sun(draw, size, rng)
    has_skyline = rng.random() < 0.6
    if has_skyline:
        _draw_skyline(draw, size, rng, ground)
    for band in range(4):
        _draw_wave(draw, size, rng, band, ground)
    _draw_lines(draw, size, rng)
    city = " behind a city skyline" if has_skyline else ""
    description = (
        f"Abstract illustration: a {sun_name} sun{city} in a {palette.sky_name} "
        f"sky, above rolling {palette.ground_name} hills and water."
    )
    return Illustration(_jpeg(image), description)


def _shift(colour, rng):
    return tuple(max(0, min(255, c + rng.randint(-24, 24))) for c in colour)


def _gradient(size, top, bottom, angle):
    """A vertical (angle 0) or diagonal (angle 1) blend from `top` to `bottom`."""
    mask = Image.linear_gradient("L")
    if angle:
        mask = mask.rotate(45, expand=True, fillcolor=0).crop((90, 90, 272, 272))
    mask = mask.resize(size)
    return Image.composite(
        Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask
    )


def _draw_sun(draw, size, rng):
    width, height = size
    radius = int(height * rng.uniform(0.12, 0.22))
    x = int(width * rng.uniform(0.15, 0.85))
    y = int(height * rng.uniform(0.18, 0.4))
    warm, name = rng.choice(SUNS)
    for step in range(4, 0, -1):
        halo = radius + step * radius // 3
        draw.ellipse((x - halo, y - halo, x + halo, y + halo), (*warm, 18))
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), (*warm, 230))
    return name


def _draw_skyline(draw, size, rng, ground):
    """A row of blocks behind the first band: the city across the river."""
    width, height = size
    horizon = int(height * 0.55)
    x = int(width * rng.uniform(0.05, 0.3))
    end = int(width * rng.uniform(0.6, 0.95))
    tint = (*_clamp(tuple(int(c * 1.4) for c in ground)), 150)
    while x < end:
        block = int(width * rng.uniform(0.02, 0.05))
        top = horizon - int(height * rng.uniform(0.06, 0.22))
        draw.rectangle((x, top, x + block, horizon), tint)
        x += block + int(width * rng.uniform(0, 0.012))


def _draw_wave(draw, size, rng, band, ground):
    """One hill or river band; later bands sit lower and darker."""
    width, height = size
    base = height * (0.5 + band * 0.13)
    amplitude = height * rng.uniform(0.03, 0.08)
    length = width / rng.uniform(0.6, 1.8)
    phase = rng.uniform(0, math.tau)
    step = max(width // 80, 1)
    points = [
        (x, base + amplitude * math.sin(x / length * math.tau + phase))
        for x in range(0, width + step, step)
    ]
    shade = tuple(int(c * (1.25 - band * 0.2)) for c in ground)
    draw.polygon([*points, (width, height), (0, height)], (*_clamp(shade), 170))


def _draw_lines(draw, size, rng):
    """Thin light strokes on the lowest band, like light on water."""
    width, height = size
    for _ in range(rng.randint(5, 9)):
        y = int(height * rng.uniform(0.82, 0.97))
        x = int(width * rng.uniform(0, 0.9))
        length = int(width * rng.uniform(0.04, 0.14))
        draw.line(
            (x, y, x + length, y), (255, 255, 255, 90), width=max(height // 300, 1)
        )


def _clamp(colour):
    return tuple(max(0, min(255, c)) for c in colour)


def _jpeg(image):
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()
