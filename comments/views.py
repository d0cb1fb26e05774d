from functools import wraps

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from articles import views as article_views
from articles.models import Article
from newsroom.clientip import client_ip

from .forms import CommentForm
from .reader import remember_own_comment, update_remember_cookie
from .services import comment_create


def csrf_protect_signed_in(view):
    """CSRF checks for signed-in readers only.

    An anonymous reader's article page is cached and shared, so it cannot
    carry a token of theirs. Their post needs a reCAPTCHA answer given on our
    own pages and then waits for moderation, so a forged one can do no more
    than the reader could. A signed-in reader's page is never cached and has
    the token, and their post is checked like any other.
    """
    protected = csrf_protect(view)

    @wraps(view)
    def checked(request, *args, **kwargs):
        if request.user.is_authenticated:
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return csrf_exempt(checked)


@require_POST
@csrf_protect_signed_in
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
        ip_address=client_ip(request),
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
