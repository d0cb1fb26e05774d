import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.safestring import mark_safe

from comments.forms import CommentForm
from comments.renderer import CommentFormRenderer
from tests.factories import make_article

pytestmark = pytest.mark.django_db

TRICKY = "Fish & chips <b>\"quoted\"</b> 'single'\n\nsecond paragraph"


def both(widget, name, value):
    """The widget written by Django's templates and by the comment form's
    renderer."""
    return (
        widget.render(name, value, renderer=TemplatesSetting()),
        widget.render(name, value, renderer=CommentFormRenderer()),
    )


def every_field(form):
    # The captcha's widget goes through its template either way, and carries
    # an id of its own in each form.
    return {name: str(form[name]) for name in form.fields if name != "captcha"}


class CommentFormRendererTests:
    def test_a_fresh_form_is_written_as_the_templates_write_it(self, rf):
        article = make_article()
        request = rf.get("/")
        initial = {"name": "Ann <O'Hara>", "email": "ann@example.com", "remember": True}
        quick = CommentForm(initial=initial, article=article, request=request)
        plain = CommentForm(initial=initial, article=article, request=request)
        plain.renderer = TemplatesSetting()

        assert every_field(quick) == every_field(plain)
        assert 'value="Ann &lt;O&#x27;Hara&gt;"' in str(quick["name"])

    def test_a_form_sent_back_keeps_the_reader_s_text_escaped(self, rf):
        article = make_article()
        data = {"body": TRICKY, "name": TRICKY, "email": "not an address"}
        data |= {"website": "", "notify_replies": "on"}
        quick = CommentForm(data, article=article, request=rf.post("/"))
        plain = CommentForm(data, article=article, request=rf.post("/"))
        plain.renderer = TemplatesSetting()

        assert every_field(quick) == every_field(plain)
        body = str(quick["body"])
        assert "Fish &amp; chips &lt;b&gt;&quot;quoted&quot;&lt;/b&gt;" in body
        assert "checked" in str(quick["notify_replies"])

    @pytest.mark.parametrize(
        "widget, value",
        [
            (forms.TextInput(attrs={"required": True, "hidden": False}), "x"),
            (forms.TextInput(attrs={"maxlength": 30, "data-x": '"<>'}), None),
            (forms.EmailInput(), ""),
            (forms.HiddenInput(), 42),
            (forms.CheckboxInput(attrs={"disabled": True}), True),
            (forms.CheckboxInput(), False),
            (forms.Textarea(attrs={"rows": 8, "cols": "40"}), TRICKY),
            (forms.Textarea(), mark_safe("<em>already safe</em>")),
            (forms.Textarea(), ""),
            (forms.Textarea(), 1234.5),
        ],
    )
    def test_each_plain_widget_matches_its_template(self, widget, value):
        by_templates, by_renderer = both(widget, "field", value)
        assert by_renderer == by_templates
