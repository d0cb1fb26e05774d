"""The shapes of the demo's content: plain data, written to the database by
`articles.demo.loader`."""

import zlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SectionRecord:
    name: str
    slug: str
    description: str


@dataclass(frozen=True)
class AuthorRecord:
    name: str
    slug: str
    job_title: str
    bio: str
    beats: str

    @property
    def initials(self) -> str:
        return "".join(part[0] for part in self.name.split()[:2]).upper()


@dataclass(frozen=True)
class StoryRecord:
    """One article. `days_ago` and `hour` place it in time relative to the
    first load; a negative `days_ago` schedules it for the future."""

    slug: str
    headline: str
    standfirst: str
    body: str
    section: str
    authors: tuple[str, ...]
    tags: tuple[str, ...]
    days_ago: int
    hour: int
    image_caption: str
    analysis: dict[str, str] = field(default_factory=dict)
    related: tuple[str, ...] = ()
    is_featured: bool = False
    is_draft: bool = False
    # A draft its writer has sent to the editors.
    in_review: bool = False


@dataclass(frozen=True)
class CommentRecord:
    """A reader's comment. `reply_to` is the index of an earlier comment on
    the same article; `hours_after` dates it after the article appeared.
    `staff` comments are posted by the demo's admin account, as staff."""

    name: str
    body: str
    hours_after: int
    approved: bool = True
    reply_to: int | None = None
    staff: bool = False

    @property
    def email(self) -> str:
        return f"{self.name.split()[0].lower()}@example.org"

    @property
    def ip_address(self) -> str:
        """An address from the range kept for documentation (RFC 5737),
        the same for a reader on every run."""
        return f"203.0.113.{zlib.crc32(self.name.encode()) % 254 + 1}"
