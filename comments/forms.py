from django import forms
from django.core.exceptions import ValidationError

from .captcha import CaptchaField
from .models import Comment

TOO_LONG = (
    "{what} is %(show_value)d characters long; the limit is %(limit_value)d. "
    "Please shorten it."
)


class CommentForm(forms.ModelForm):
    """The "Leave a reply" form under `article`.

    On an article closed to comments the form refuses with a plain message
    without asking Google anything: there is nothing to protect. A reply may
    only answer an approved comment on the same article.
    """

    remember = forms.BooleanField(
        label="Save my name and email in this browser for the next time I comment",
        required=False,
    )
    captcha = CaptchaField(label="Spam check")

    class Meta:
        model = Comment
        fields = ["body", "name", "email", "parent"]
        labels = {"body": "Comment", "name": "Name", "email": "Email"}
        help_texts = {"email": "Your email address will not be published."}
        error_messages = {
            "body": {
                "required": "Please write your comment.",
                "max_length": TOO_LONG.format(what="Your comment"),
            },
            "name": {
                "required": "Please enter your name.",
                "max_length": TOO_LONG.format(what="Your name"),
            },
            "email": {
                "required": "Please enter your email address.",
                "invalid": "That email address doesn’t look right. Please check it.",
                "max_length": TOO_LONG.format(what="Your email address"),
            },
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

    field_order = ["body", "name", "email", "remember", "captcha", "parent"]

    def __init__(self, *args, article, **kwargs):
        super().__init__(*args, **kwargs)
        self.comments_open = article.comments_enabled
        self.fields["parent"].queryset = Comment.objects.approved().filter(
            article=article
        )
        if not self.comments_open:
            del self.fields["captcha"]

    def clean(self):
        if not self.comments_open:
            raise ValidationError("Comments are closed on this article.", code="closed")
        return super().clean()
