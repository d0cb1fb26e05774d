"""What a browser remembers about its reader.

The session keeps the ids of the comments this browser posted, so the reader
sees their own comment while it waits for moderation. The "remember me"
cookie keeps name and email, only when the reader ticked the box (that tick is
the consent). Anything unreadable in either is treated as absent.
"""

from django.core import signing

from .models import Comment

OWN_COMMENTS_KEY = "own_comment_ids"
# A browser that posts more than this keeps seeing only its latest ones.
OWN_COMMENTS_LIMIT = 50
# Ids beyond this cannot be primary keys and would overflow the database.
LARGEST_ID = 2**63 - 1

REMEMBER_COOKIE = "comment_author"
REMEMBER_SALT = "comments.remember"
REMEMBER_MAX_AGE = 365 * 24 * 60 * 60


def own_comment_ids(session) -> list[int]:
    """The ids of comments this browser posted; [] when the value is unusable."""
    ids = session.get(OWN_COMMENTS_KEY)
    if not isinstance(ids, list):
        return []
    return [i for i in ids if type(i) is int and 0 < i <= LARGEST_ID]


def remember_own_comment(session, comment: Comment) -> None:
    ids = own_comment_ids(session) + [comment.pk]
    session[OWN_COMMENTS_KEY] = ids[-OWN_COMMENTS_LIMIT:]


def remembered_author(request) -> dict[str, str] | None:
    """Name and email from the "remember me" cookie, or None."""
    value = request.COOKIES.get(REMEMBER_COOKIE)
    if not value:
        return None
    try:
        data = signing.loads(value, salt=REMEMBER_SALT, max_age=REMEMBER_MAX_AGE)
    except (signing.BadSignature, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    name, email = data.get("name"), data.get("email")
    if not (isinstance(name, str) and isinstance(email, str)):
        return None
    return {
        "name": name[: Comment._meta.get_field("name").max_length],
        "email": email[: Comment._meta.get_field("email").max_length],
    }


def update_remember_cookie(request, response, *, remember, name, email) -> None:
    """Keep name and email for a year when asked to; otherwise forget them."""
    if remember:
        value = signing.dumps({"name": name, "email": email}, salt=REMEMBER_SALT)
        response.set_cookie(
            REMEMBER_COOKIE,
            value,
            max_age=REMEMBER_MAX_AGE,
            secure=request.is_secure(),
            httponly=True,
            samesite="Lax",
        )
    elif REMEMBER_COOKIE in request.COOKIES:
        response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")
