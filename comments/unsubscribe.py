"""One-click unsubscribe from reply notices, by the signed link in each mail.

GET shows a button (mail scanners open links; a GET must change nothing);
POST unsubscribes, from that button or straight from the mail program
(RFC 8058's List-Unsubscribe-Post). The signed token is the authority, so the
POST needs no CSRF token: a mail program has none to send.
"""

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .mail import email_from_token
from .models import MailRecipient


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    email = email_from_token(token)
    if email is None:
        return render(
            request, "comments/unsubscribed.html", {"state": "bad"}, status=404
        )
    if request.method == "POST":
        unsubscribe_address(email)
        return render(request, "comments/unsubscribed.html", {"state": "done"})
    return render(request, "comments/unsubscribed.html", {"state": "ask"})


def unsubscribe_address(email: str) -> None:
    """No more reply notices to this address; the first time is kept."""
    recipient, _ = MailRecipient.objects.get_or_create(email=email.lower())
    MailRecipient.objects.filter(pk=recipient.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
