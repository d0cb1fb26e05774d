"""The comment form's plain widgets, written without the template engine.

The form is on every article page; rendering its text boxes and checkboxes
through Django's widget templates (each an include of another) took more
than a millisecond a page. These write the same HTML as those templates,
character for character (tests/comments/test_renderer.py compares them);
every other template, the reCAPTCHA widget's and the error lists among them,
is rendered as before.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.html import conditional_escape

WIDGETS = "django/forms/widgets/"
INPUTS = {f"{WIDGETS}{kind}.html" for kind in ("input", "text", "email", "checkbox")}
TEXTAREA = f"{WIDGETS}textarea.html"


class CommentFormRenderer(TemplatesSetting):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if template_name in INPUTS:
            return _input(widget)
        if template_name == TEXTAREA and _plain(widget["value"]):
            return _textarea(widget)
        return super().render(template_name, context, request)


def _input(widget):
    value = widget["value"]
    shown = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"'
        f"{shown}{_attrs(widget['attrs'])}>"
    )


def _textarea(widget):
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    attrs = _attrs(widget["attrs"])
    return f'<textarea name="{_text(widget["name"])}"{attrs}>\n{value}</textarea>'


def _attrs(attrs):
    # As attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value):
    """As `value|stringformat:'s'` writes it: a safe string stays as it is."""
    return conditional_escape(value if isinstance(value, str) else f"{value}")


def _plain(value):
    # The template localizes anything else (numbers, dates): left to it.
    return value is None or isinstance(value, str)
