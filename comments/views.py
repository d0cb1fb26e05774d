# Placeholder so the URL name resolves; the comment flow replaces it.
from django.http import HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def post_comment(request, slug):
    return HttpResponse(status=501)
