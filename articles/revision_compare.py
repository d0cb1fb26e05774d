"""Two snapshots of an article compared field by field, for the compare
page: each field as plain text, removed and added words marked."""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher
from html.parser import HTMLParser

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from .revisions import _author_ids, _related_ids, _tag_ids, _when


def readable(snapshot, names):
    """The snapshot as the compare page shows it: label → plain text, one
    line per byline author, analysis entry, tag, correction…"""
    from .models import Article, Correction

    f = snapshot.fields
    status = dict(Article.Status.choices).get(f.get("status"), f.get("status"))
    if f.get("published_at"):
        status = f"{status}, {_when(f['published_at'])}"
    kinds = dict(Correction.Kind.choices)
    return {
        "headline": f.get("headline", ""),
        "slug": f.get("slug", ""),
        "standfirst": f.get("standfirst", ""),
        "body": body_text(f.get("body", "")),
        "picture": str(f.get("image") or "none"),
        "alt text": f.get("image_alt", ""),
        "caption": f.get("image_caption", ""),
        "credit": f.get("image_credit", ""),
        "section": names("section", f.get("section_id")),
        "tags": _lines(sorted(names("tag", pk) for pk in _tag_ids(snapshot))),
        "byline": _lines(names("author", pk) for pk in _author_ids(snapshot)),
        "analysis": _lines(
            f"{names('lens', row['lens_id'])}: {row['text']}"
            for row in snapshot.analysis
        ),
        "corrections": _lines(
            f"{kinds.get(row['kind'], row['kind'])} of "
            f"{_when(row['published_at'])}: {row['text']}"
            for row in snapshot.corrections
        ),
        "status and date": status,
        "lead story": _yes_no(f.get("is_featured")),
        "comments open": _yes_no(f.get("comments_enabled")),
        "related articles": _lines(
            names("article", pk) for pk in _related_ids(snapshot)
        ),
        "meta description": f.get("meta_description", ""),
    }


@dataclass
class Row:
    label: str
    old: str
    new: str
    changed: bool


def compare(old, new, names):
    """Rows of the compare page: each field of the two snapshots, escaped,
    with removed words in <del> on the old side and added ones in <ins>."""
    before, after = readable(old, names), readable(new, names)
    changed = {label: text != after[label] for label, text in before.items()}
    # Bold or italic added or taken away changes no word, but the body all
    # the same.
    changed["body"] |= old.fields.get("body") != new.fields.get("body")
    rows = []
    for label, old_text in before.items():
        old_html, new_html = text_diff(old_text, after[label])
        rows.append(Row(capfirst(label), old_html, new_html, changed[label]))
    return rows


WORDS = re.compile(r"\s+|\w+|[^\w\s]")


def text_diff(old, new):
    """`old` and `new`, escaped, marked where they differ: whole lines where
    lines were added or removed, words within lines that changed."""
    old_lines, new_lines = old.split("\n"), new.split("\n")
    left, right = [], []
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "\n".join(old_lines[i1:i2]), "\n".join(new_lines[j1:j2])
        if op == "replace":
            removed, added = _word_diff(removed, added)
        else:
            removed, added = _mark("del", removed, op), _mark("ins", added, op)
        if i2 > i1:
            left.append(removed)
        if j2 > j1:
            right.append(added)
    return mark_safe("\n".join(left)), mark_safe("\n".join(right))


def _mark(tag, text, op):
    if op == "equal" or not text:
        return escape(text)
    return format_html("<{}>{}</{}>", mark_safe(tag), text, mark_safe(tag))


def _word_diff(old, new):
    a, b = WORDS.findall(old), WORDS.findall(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    chunks = [
        [op == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])]
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    ]
    left, right = [], []
    for same, removed, added in _joined_changes(chunks):
        op = "equal" if same else "replace"
        left.append(_mark("del", removed, op))
        right.append(_mark("ins", added, op))
    return "".join(left), "".join(right)


def _joined_changes(chunks):
    """Changed words separated only by spaces read as one change: "put off"
    → "held on" rather than "put" → "held", "off" → "on"."""
    for before, chunk, after in zip(chunks, chunks[1:], chunks[2:], strict=False):
        if chunk[0] and chunk[1].isspace() and not before[0] and not after[0]:
            chunk[0] = False
    joined = []
    for chunk in chunks:
        if joined and not chunk[0] and not joined[-1][0]:
            joined[-1][1] += chunk[1]
            joined[-1][2] += chunk[2]
        else:
            joined.append(chunk)
    return joined


# Block elements start a new line of the readable body.
BLOCKS = {"p", "h2", "h3", "h4", "li", "blockquote", "figure", "figcaption"}
BLOCKS |= {"tr", "br", "hr", "ul", "ol", "table"}


class _BodyText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self.links = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCKS:
            self.parts.append("\n")
        if tag == "a":
            self.links.append(attrs.get("href") or "")
        elif tag == "img":
            self.parts.append(f"[picture: {attrs.get('src') or ''}]")

    def handle_endtag(self, tag):
        if tag == "a" and self.links and (href := self.links.pop()):
            self.parts.append(f" [link: {href}]")
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        self.parts.append(data)


def body_text(html):
    """The body as text to compare: a line per paragraph, heading or list
    item; links and pictures named by their addresses. Formatting (bold,
    italic) is left out."""
    parser = _BodyText()
    parser.feed(html or "")
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _lines(items):
    return "\n".join(items)


def _yes_no(value):
    return "yes" if value else "no"
