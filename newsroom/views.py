"""Site-wide pages that belong to no app: privacy, and the cookie notice."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

NOTICE_COOKIE = "cookie_notice"
NOTICE_MAX_AGE = 365 * 24 * 60 * 60


class PrivacyView(TemplateView):
    template_name = "privacy.html"

    def get_context_data(self, **kwargs):
        kwargs["ip_days"] = settings.COMMENTS_PURGE_IPS_DAYS
        kwargs["edit_minutes"] = settings.COMMENTS_EDIT_MINUTES
        return super().get_context_data(**kwargs)


# Exempt because the only effect is hiding a notice, which a forged request
# cannot misuse; a token on every page would also tie every page to a visitor.
@csrf_exempt
@require_POST
def dismiss_cookie_notice(request):
    """Remember that this browser closed the notice, then go back."""
    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        NOTICE_COOKIE,
        "dismissed",
        max_age=NOTICE_MAX_AGE,
        secure=request.is_secure(),
        samesite="Lax",
    )
    return response
