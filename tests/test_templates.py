"""Rendered pages leave nothing for the garbage collector to free
(newsroom.templates)."""

import weakref

import pytest
from django.template import TemplateDoesNotExist, engines
from django.template.loader import get_template, render_to_string
from django.test import RequestFactory


class Shown:
    """A value a page shows, whose freeing can be watched."""

    def __str__(self):
        return "shown"


class RenderTests:
    @pytest.mark.parametrize("with_request", [False, True])
    def test_what_a_page_showed_is_freed_once_it_is_written(
        self, no_collector, with_request
    ):
        shown = Shown()
        watched = weakref.ref(shown)
        request = RequestFactory().get("/") if with_request else None

        html = render_to_string(
            "comments/_quoted.html", {"comment": shown}, request=request
        )
        del shown

        assert watched() is None
        assert html

    def test_a_missing_template_is_reported_as_django_reports_it(self):
        engine = engines["django"]
        with pytest.raises(TemplateDoesNotExist) as raised:
            engine.get_template("no/such/page.html")
        assert raised.value.backend is engine
        with pytest.raises(TemplateDoesNotExist):
            get_template("no/such/page.html")
