"""What a browser remembers about its reader.

The session keeps the ids of the comments this browser posted, so the reader
sees their own comment while it waits for moderation, and for each a signed
token that lets this browser, and no other, edit or delete it for
COMMENTS_EDIT_MINUTES. The "remember me" cookie keeps name and email, only
when the reader ticked the box (that tick is the consent). Anything unreadable
in either is treated as absent.
"""

from django.conf import settings
from django.core import signing

from .models import Comment

OWN_COMMENTS_KEY = "own_comment_ids"
# A browser that posts more than this keeps seeing only its latest ones.
OWN_COMMENTS_LIMIT = 50
# Ids beyond this cannot be primary keys and would overflow the database.
LARGEST_ID = 2**63 - 1

EDIT_TOKENS_KEY = "comment_edit_tokens"
EDIT_SALT = "comments.author-edit"
# What an author may still change: not what a moderator took down.
CHANGEABLE = {Comment.Status.APPROVED, Comment.Status.PENDING}
TOO_LATE = (
    "A comment can be changed for {minutes} minutes after it is posted, and "
    "that time has passed. Your comment is as it was."
)
NOT_YOURS = (
    "A comment can only be changed from the browser that posted it, within "
    "{minutes} minutes. Nothing was changed."
)
GONE = "This comment can no longer be changed. Nothing was changed."

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
    """Show `comment` to this browser while it waits, and let it be changed
    from here for COMMENTS_EDIT_MINUTES."""
    ids = [i for i in own_comment_ids(session) if i != comment.pk] + [comment.pk]
    ids = ids[-OWN_COMMENTS_LIMIT:]
    session[OWN_COMMENTS_KEY] = ids
    # Tokens of comments past their window, or forgotten, are dropped.
    earlier = _edit_tokens(session)
    tokens = {str(pk): earlier[str(pk)] for pk in editable_ids(session) & set(ids)}
    tokens[str(comment.pk)] = signing.dumps(comment.pk, salt=EDIT_SALT)
    session[EDIT_TOKENS_KEY] = tokens


def editable_ids(session) -> set[int]:
    """The ids of this browser's comments it may still edit or delete."""
    tokens = _edit_tokens(session)
    return {pk for key in tokens if (pk := _signed_id(tokens[key])) == _int(key)}


def may_change(session, comment: Comment) -> str | None:
    """Why this browser may not edit or delete `comment`, or None if it may.

    It may while the comment is approved or waiting, within
    COMMENTS_EDIT_MINUTES of posting it, with the token it got then.
    """
    token = _edit_tokens(session).get(str(comment.pk))
    try:
        signed = _load(token)
    except signing.SignatureExpired:
        return TOO_LATE.format(minutes=settings.COMMENTS_EDIT_MINUTES)
    except (signing.BadSignature, ValueError):
        return NOT_YOURS.format(minutes=settings.COMMENTS_EDIT_MINUTES)
    if signed != comment.pk:
        return NOT_YOURS.format(minutes=settings.COMMENTS_EDIT_MINUTES)
    if comment.status not in CHANGEABLE:
        return GONE
    return None


def _edit_tokens(session) -> dict:
    tokens = session.get(EDIT_TOKENS_KEY)
    return tokens if isinstance(tokens, dict) else {}


def _signed_id(token):
    """The comment id `token` vouches for, or None (forged, expired)."""
    try:
        return _load(token)
    except (signing.BadSignature, ValueError):
        return None


def _load(token):
    if not isinstance(token, str):
        raise signing.BadSignature("no token")
    return signing.loads(token, salt=EDIT_SALT, max_age=_edit_seconds())


def _int(key):
    try:
        return int(key)
    except (TypeError, ValueError):
        return None


def _edit_seconds():
    return settings.COMMENTS_EDIT_MINUTES * 60


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
