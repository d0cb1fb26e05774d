"""Building and sending the site's mail about comments.

Mail is written without a request, so links are made absolute from the
settings: the first of CSRF_TRUSTED_ORIGINS, else the first host in
ALLOWED_HOSTS (https when SECURE_SSL_REDIRECT is on).
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

UNSUBSCRIBE_SALT = "comments.unsubscribe"


def site_url() -> str:
    """The site's own address, such as https://news.example.org."""
    for origin in settings.CSRF_TRUSTED_ORIGINS:
        if "*" not in origin:
            return origin.rstrip("/")
    scheme = "https" if settings.SECURE_SSL_REDIRECT else "http"
    for host in settings.ALLOWED_HOSTS:
        host = host.lstrip(".")
        if host and host != "*":
            return f"{scheme}://{host}"
    return f"{scheme}://localhost"


def absolute(path: str) -> str:
    return site_url() + path


def excerpt(text: str, length: int = 200) -> str:
    """The start of a comment, on one line."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def one_line(text: str) -> str:
    """Header values may not span lines (a newline would start a new header)."""
    return " ".join(text.split())


def unsubscribe_token(email: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(email.lower())


def email_from_token(token: str) -> str | None:
    """The address a token was made for, or None when it was not made here."""
    try:
        email = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError):
        return None
    return email if isinstance(email, str) and email else None


def unsubscribe_url(email: str) -> str:
    path = reverse("comments_unsubscribe", kwargs={"token": unsubscribe_token(email)})
    return absolute(path)


def message(*, to: list[str], subject: str, template: str, context: dict, headers=None):
    """A plain-text message from templates/comments/email/<template>.txt."""
    context = {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "site_url": site_url(),
    } | context
    body = render_to_string(f"comments/email/{template}.txt", context)
    return EmailMessage(
        subject=one_line(f"{subject} | {settings.NEWSROOM_SITE_NAME}"),
        body=body,
        to=to,
        headers=headers,
    )
