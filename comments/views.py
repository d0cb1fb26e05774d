from functools import wraps

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.validators import MaxLengthValidator
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from articles import views as article_views
from articles.models import Article
from newsroom.clientip import client_ip

from . import ratelimit
from .forms import TOO_LONG, UNSTORABLE, CommentForm, refuse_broken_characters
from .models import Comment, CommentFlag
from .reader import (
    may_change,
    own_comment_ids,
    remember_own_comment,
    update_remember_cookie,
)
from .services import (
    comment_create,
    comment_delete_by_author,
    comment_edit,
    comment_flag,
    double_submission,
)

PUBLISHED = "Thank you. Your comment is published."
AWAITING = "Thank you. Your comment is awaiting moderation."
REPORTED = "Thank you. A moderator will look at it."
REPORTED_BEFORE = (
    "You have already reported this comment, thank you. A moderator will look at it."
)
EDITED = "Your comment is updated."
EDITED_HELD = (
    "Your comment is updated. It is awaiting moderation, and shown again once a "
    "moderator has approved it."
)
EDITED_WAITING = "Your comment is updated. It is awaiting moderation."
UNCHANGED = "Your comment was not changed."
DELETED = "Your comment is deleted."


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
    """Store a reader's comment, or show the form again with what to fix."""
    article = get_object_or_404(
        Article.objects.published().for_article_page(), slug=slug
    )
    earlier = _same_post_again(request, article)
    if earlier is not None:
        return _answer_again(request, earlier)
    form = CommentForm(request.POST, article=article, request=request)
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
        user=request.user if request.user.is_authenticated else None,
        notify_replies=data["notify_replies"],
        verification=form.verification,
        honeypot_filled=form.honeypot_filled,
    )
    remember_own_comment(request.session, comment)
    # A comment filed as spam is thanked like any other: its sender learns
    # nothing from the answer.
    messages.success(request, _thanks(comment))
    response = redirect(comment.get_absolute_url())
    update_remember_cookie(
        request,
        response,
        remember=data["remember"],
        name=data["name"],
        email=data["email"],
    )
    return response


def _same_post_again(request, article):
    """The comment this very post stored moments ago (a double click, a
    resent form), or None. Only a post that could be stored is looked up."""
    if not article.comments_open:
        return None
    email = request.POST.get("email", "").strip()
    if not email and request.user.is_authenticated:
        email = request.user.email
    body = request.POST.get("body", "")
    sensible = (
        email
        and body.strip()
        and len(body) <= settings.COMMENTS_MAX_LENGTH
        and len(email) <= Comment._meta.get_field("email").max_length
        # PostgreSQL refuses a NUL in a query: the form says what is wrong.
        and "\x00" not in email + body
    )
    if not sensible:
        return None
    return double_submission(article=article, email=email, body=body)


def _answer_again(request, earlier):
    """Answer a repeated post as the first was answered, storing nothing."""
    # Only the browser that sent the first may see and change it (the same
    # address, within the seconds double_submission looks back).
    same_address = earlier.ip_address and earlier.ip_address == client_ip(request)
    if same_address and earlier.pk not in own_comment_ids(request.session):
        remember_own_comment(request.session, earlier)
    # The first answer's thanks may be waiting to be shown still.
    if not len(messages.get_messages(request)):
        messages.success(request, _thanks(earlier))
    return redirect(earlier.get_absolute_url())


def _thanks(comment):
    return PUBLISHED if comment.status == Comment.Status.APPROVED else AWAITING


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=CommentFlag.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Please choose what is wrong with it."},
    )
    details = forms.CharField(
        label="Anything the moderators should know (optional)",
        required=False,
        max_length=CommentFlag._meta.get_field("details").max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[refuse_broken_characters],
        error_messages={
            "max_length": TOO_LONG.format(what="Your note"),
            "null_characters_not_allowed": UNSTORABLE.format(what="Your note"),
            "unstorable": UNSTORABLE.format(what="Your note"),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def report_comment(request, pk):
    """A reader tells the moderators what is wrong with an approved comment.

    A page of its own with a normal CSRF token: it is never cached."""
    comment = get_object_or_404(
        Comment.objects.approved().on_published_articles().select_related("article"),
        pk=pk,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        refusal = ratelimit.check_and_count(ratelimit.REPORT, ip)
        if refusal:
            form.add_error(None, refusal)
        else:
            counted = comment_flag(
                comment=comment,
                reason=form.cleaned_data["reason"],
                details=form.cleaned_data["details"],
                ip_address=ip,
            )
            messages.success(request, REPORTED if counted else REPORTED_BEFORE)
            return redirect(comment.get_absolute_url())
    context = {"comment": comment, "form": form}
    return render(request, "comments/report.html", context)


class EditForm(forms.Form):
    body = forms.CharField(
        label="Comment",
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[refuse_broken_characters],
        error_messages={
            "required": "Please write your comment.",
            "max_length": TOO_LONG.format(what="Your comment"),
            "null_characters_not_allowed": UNSTORABLE.format(what="Your comment"),
            "unstorable": UNSTORABLE.format(what="Your comment"),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.COMMENTS_MAX_LENGTH
        self.fields["body"].validators.append(MaxLengthValidator(limit))
        self.fields["body"].help_text = f"Up to {limit:,} characters."


@never_cache
@require_http_methods(["GET", "POST"])
def edit_comment(request, pk):
    """The author corrects their comment, from the browser that posted it
    and within COMMENTS_EDIT_MINUTES; the moderation rules look at it again."""
    comment = _comment_of_published_article(pk)
    refusal = may_change(request.session, comment)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    if refusal is None and request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if body == comment.body:
            messages.info(request, UNCHANGED)
            return redirect(comment.get_absolute_url())
        was_public = comment.status == Comment.Status.APPROVED
        comment_edit(comment=comment, body=body)
        messages.success(request, _edited(was_public, comment))
        return redirect(comment.get_absolute_url())
    context = {"comment": comment, "form": form, "refusal": refusal}
    return render(
        request, "comments/edit.html", context, status=403 if refusal else 200
    )


@never_cache
@require_http_methods(["GET", "POST"])
def delete_comment(request, pk):
    """The author takes their comment back, from the browser that posted it
    and within COMMENTS_EDIT_MINUTES."""
    comment = _comment_of_published_article(pk)
    refusal = may_change(request.session, comment)
    if refusal is None and request.method == "POST":
        comment_delete_by_author(comment=comment)
        messages.success(request, DELETED)
        return redirect(f"{comment.article.get_absolute_url()}#comments")
    context = {"comment": comment, "refusal": refusal}
    return render(
        request, "comments/delete.html", context, status=403 if refusal else 200
    )


def _edited(was_public, comment):
    if comment.status == Comment.Status.APPROVED:
        return EDITED
    # Held (or, silently, filed as spam) by the rules.
    return EDITED_HELD if was_public else EDITED_WAITING


def _comment_of_published_article(pk):
    return get_object_or_404(
        Comment.objects.on_published_articles().select_related("article"), pk=pk
    )
