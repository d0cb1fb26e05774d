import ipaddress

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from articles import views as article_views
from articles.models import Article

from .forms import CommentForm
from .reader import remember_own_comment, update_remember_cookie
from .services import comment_create


@require_POST
def post_comment(request, slug):
    """Store a reader's comment for moderation, or show the form again."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    form = CommentForm(request.POST, article=article)
    if not form.is_valid():
        return article_views.render_article(request, article, comment_form=form)

    data = form.cleaned_data
    comment = comment_create(
        article=article,
        name=data["name"],
        email=data["email"],
        body=data["body"],
        ip_address=_client_ip(request),
        user_agent=request.headers.get("User-Agent", ""),
        parent=data["parent"],
    )
    remember_own_comment(request.session, comment)
    messages.success(request, "Thank you. Your comment is awaiting moderation.")
    response = redirect(comment.get_absolute_url())
    update_remember_cookie(
        request,
        response,
        remember=data["remember"],
        name=data["name"],
        email=data["email"],
    )
    return response


def _client_ip(request):
    """REMOTE_ADDR when it is an address; a proxy may send something else."""
    try:
        return str(ipaddress.ip_address(request.META.get("REMOTE_ADDR", "")))
    except ValueError:
        return None
