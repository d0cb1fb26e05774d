from django import forms
from django_recaptcha.fields import ReCaptchaField

from .models import Comment


class CommentForm(forms.ModelForm):
    remember = forms.BooleanField(
        label="Remember my name and email on this browser for my next comment",
        required=False,
    )
    captcha = ReCaptchaField()

    class Meta:
        model = Comment
        fields = ["body", "name", "email"]
