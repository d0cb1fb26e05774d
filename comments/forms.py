from django import forms
from django.core.exceptions import ValidationError

from .captcha import CaptchaField
from .models import Comment

TOO_LONG = (
    "{what} is %(show_value)d characters long; the limit is %(limit_value)d. "
    "Please shorten it."
)


class CommentForm(forms.ModelForm):
    """The "Leave a reply" form under an article.

    `comments_open=False` makes the form refuse with a plain message without
    asking Google anything: there is nothing to protect.
    """

    remember = forms.BooleanField(
        label="Save my name and email in this browser for the next time I comment",
        required=False,
    )
    captcha = CaptchaField(label="Spam check")

    class Meta:
        model = Comment
        fields = ["body", "name", "email"]
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
        }
        widgets = {
            "body": forms.Textarea(attrs={"rows": 8}),
            "name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }

    field_order = ["body", "name", "email", "remember", "captcha"]

    def __init__(self, *args, comments_open=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.comments_open = comments_open
        if not comments_open:
            del self.fields["captcha"]

    def clean(self):
        if not self.comments_open:
            raise ValidationError("Comments are closed on this article.", code="closed")
        return super().clean()
