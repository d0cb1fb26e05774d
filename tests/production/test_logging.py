"""Logs as an operator's collector reads them: one JSON object per line."""

import io
import json
import logging
from contextlib import contextmanager

import pytest
from django.urls import path

from newsroom.logging import OneLineFormatter


def press_breaks(request):
    raise RuntimeError("the printing press jammed")


urlpatterns = [path("broken/", press_breaks)]


@contextmanager
def stdout_lines():
    """What the site's stdout handler writes, line by line."""
    (handler,) = [
        handler
        for handler in logging.getLogger("django").handlers
        if isinstance(handler.formatter, OneLineFormatter)
    ]
    captured = io.StringIO()
    previous = handler.setStream(captured)
    lines = []
    try:
        yield lines
    finally:
        handler.setStream(previous)
        lines.extend(captured.getvalue().splitlines())


@pytest.mark.urls(__name__)
class ErrorLogTests:
    def test_an_unhandled_error_is_one_line_with_the_path_and_the_traceback(
        self, client
    ):
        client.raise_request_exception = False
        with stdout_lines() as lines:
            answer = client.get("/broken/?edition=morning")
        assert answer.status_code == 500

        (entry,) = [json.loads(line) for line in lines]
        assert entry["level"] == "ERROR"
        assert entry["path"] == "/broken/"
        assert entry["status"] == 500
        assert "Traceback (most recent call last)" in entry["exception"]
        assert "RuntimeError: the printing press jammed" in entry["exception"]
        assert "press_breaks" in entry["exception"]
