import unicodedata

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from newsroom.clientip import client_ip

from . import ratelimit
from .captcha import SKIPPED, captcha_field
from .models import Comment
from .renderer import CommentFormRenderer

TOO_LONG = (
    "{what} is %(show_value)d characters long; the limit is %(limit_value)d. "
    "Please shorten it."
)
UNSTORABLE = (
    "{what} contains a character that cannot be stored (a null or broken "
    "character). Please remove it; the rest is kept."
)

# Zero-width joiners that Persian, Indic scripts and emoji sequences need;
# kept only between two characters outside ASCII, where they can do that job.
JOINERS = {"\u200c", "\u200d"}


def refuse_broken_characters(value):
    """Lone surrogates cannot be encoded, so no database can store them."""
    if any("\ud800" <= char <= "\udfff" for char in value):
        raise ValidationError("Unstorable character", code="unstorable")


def plain_name(value: str) -> str:
    """`value` without the invisible characters that change how the text
    around them is shown: bidirectional overrides, embeddings, isolates and
    marks, zero-width spaces, joiners and the like (Unicode format characters).
    In a name they can reverse the words printed after it or make two names
    look alike. Control characters become spaces, runs of spaces one."""
    kept = []
    for index, char in enumerate(value):
        category = unicodedata.category(char)
        if category == "Cc":
            kept.append(" ")
        elif category != "Cf" or (char in JOINERS and _between_non_ascii(value, index)):
            kept.append(char)
    return " ".join("".join(kept).split())


def _between_non_ascii(value, index):
    return 0 < index < len(value) - 1 and not (
        value[index - 1].isascii() or value[index + 1].isascii()
    )


def _messages(what, **more):
    return {
        "null_characters_not_allowed": UNSTORABLE.format(what=what),
        "unstorable": UNSTORABLE.format(what=what),
        "max_length": TOO_LONG.format(what=what),
        **more,
    }


class CommentForm(forms.ModelForm):
    """The "Leave a reply" form under `article`, posted from `request`.

    On an article closed to comments the form refuses with a plain message
    without asking Google anything: there is nothing to protect. A reply may
    only answer an approved comment on the same article.

    After `is_valid()` is true:
    - `verification` is "passed", "low-score" or "unavailable" (see
      comments.captcha), or "skipped" for staff, who get no captcha and may
      leave name and email empty to post under their account's;
    - `honeypot_filled` is True when the field people never see was filled
      (a robot's comment: the rules file it as spam, silently).
    Refusals that keep the text are form errors: bad input, the captcha, a
    second comment within COMMENTS_FLOOD_SECONDS, the posting rate limit.
    Without `request` (kept for older callers) there is no staff, no address
    for siteverify and no limit.
    """

    remember = forms.BooleanField(
        label="Save my name and email in this browser for the next time I comment",
        required=False,
    )
    notify_replies = forms.BooleanField(
        label="Email me when someone replies to my comment",
        required=False,
    )
    # The honeypot. Hidden from sight and from screen readers in the template;
    # a name robots like to fill in.
    website = forms.CharField(
        label="Leave this field empty (it is a trap for spam robots)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "parent"]
        labels = {"body": "Comment", "name": "Name", "email": "Email"}
        help_texts = {"email": "Your email address will not be published."}
        error_messages = {
            "body": _messages("Your comment", required="Please write your comment."),
            "name": _messages("Your name", required="Please enter your name."),
            "email": _messages(
                "Your email address",
                required="Please enter your email address.",
                invalid="That email address doesn’t look right. Please check it.",
            ),
            "parent": {
                "invalid_choice": "The comment you were replying to is no longer "
                "shown. Your text is kept below: post it again as a new comment.",
            },
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "parent": forms.HiddenInput,
        }

    field_order = [
        "body", "name", "email", "website", "remember", "notify_replies", "captcha",
    ]  # fmt: skip

    default_renderer = CommentFormRenderer()

    def __init__(self, data=None, *args, article, request=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.comments_open = article.comments_open
        self.ip = client_ip(request) if request else None
        user = getattr(request, "user", None)
        self.staff = user if user and user.is_authenticated and user.is_staff else None
        self.verification = None
        self.honeypot_filled = False
        self.fields["parent"].queryset = Comment.objects.approved().filter(
            article=article
        )
        for name in ("body", "name", "email"):
            self.fields[name].validators.append(refuse_broken_characters)
        self._limit_body(settings.COMMENTS_MAX_LENGTH)
        if self.staff:
            self._fill_from_account(self.staff)
        elif self.comments_open:
            self.fields["captcha"] = captcha_field(remote_ip=self.ip or "")
            self.order_fields(self.field_order)

    def _limit_body(self, limit):
        body = self.fields["body"]
        body.max_length = limit
        body.validators = [
            v for v in body.validators if not isinstance(v, MaxLengthValidator)
        ] + [MaxLengthValidator(limit)]
        # No maxlength on the box: a browser would cut a long paste silently;
        # the form says how long it is instead, and keeps it.
        body.widget.attrs.pop("maxlength", None)
        body.help_text = f"Up to {limit:,} characters."

    def _fill_from_account(self, user):
        """Staff post as themselves: name and email default to the account's."""
        defaults = {"name": user.get_full_name() or user.get_username()}
        if user.email:
            defaults["email"] = user.email
        for name, value in defaults.items():
            self.fields[name].required = False
            self.fields[name].initial = value

    def clean_name(self):
        name = plain_name(self.cleaned_data["name"]) or self._account_value("name")
        if not name:
            raise ValidationError(
                self.fields["name"].error_messages["required"], code="required"
            )
        return name

    def clean_email(self):
        return self.cleaned_data["email"] or self._account_value("email")

    def _account_value(self, name):
        return self.fields[name].initial if self.staff else ""

    def clean(self):
        if not self.comments_open:
            raise ValidationError("Comments are closed on this article.", code="closed")
        cleaned_data = super().clean()
        self.honeypot_filled = bool(cleaned_data.get("website"))
        self.verification = SKIPPED if self.staff else cleaned_data.get("captcha")
        if not self.errors and not self.staff:
            self._apply_limits()
        return cleaned_data

    def _apply_limits(self):
        """Counted only for a comment about to be stored, so a reader fixing
        a mistake is not held back; staff are not limited (a newsroom shares
        one address)."""
        refusal = ratelimit.too_soon(self.ip) or ratelimit.check_and_count(
            ratelimit.POST, self.ip
        )
        if refusal:
            raise ValidationError(refusal, code="rate_limited")
