import gc
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest import mock
from urllib.parse import parse_qs

import pytest
from django.core.cache import caches
from django_recaptcha.client import RecaptchaResponse, recaptcha_request

from bench.siteverify import self_signed_certificate


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test land in a throwaway folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_default_cache():
    """Nothing a test remembers in the process's cache (listing lengths, say)
    leaks into the next test, whose rows may reuse the same ids."""
    yield
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _no_recaptcha_network():
    """Nothing in the suite may reach Google: an unpatched verification fails."""

    def refuse(params):
        raise AssertionError("a test tried to call reCAPTCHA's siteverify")

    with mock.patch("django_recaptcha.client.recaptcha_request", refuse):
        yield


def _siteverify_answers(response):
    return mock.patch("django_recaptcha.client.submit", return_value=response)


@pytest.fixture
def no_collector():
    """Python's cycle collector off: what is still alive after being let go
    would have waited for one of its sweeps."""
    gc.collect()
    gc.disable()
    yield
    gc.enable()


@pytest.fixture
def recaptcha_passes():
    """Google's siteverify answers success."""
    with _siteverify_answers(RecaptchaResponse(is_valid=True)) as submit:
        yield submit


@pytest.fixture
def recaptcha_fails():
    """Google's siteverify answers that the response was wrong."""
    answer = RecaptchaResponse(is_valid=False, error_codes=["invalid-input-response"])
    with _siteverify_answers(answer) as submit:
        yield submit


@pytest.fixture
def recaptcha_expired():
    """Google's siteverify answers that the token expired (or was used twice)."""
    answer = RecaptchaResponse(is_valid=False, error_codes=["timeout-or-duplicate"])
    with _siteverify_answers(answer) as submit:
        yield submit


class SiteverifyDouble:
    """Google's reCAPTCHA siteverify, served over HTTPS on 127.0.0.1, so that
    django-recaptcha's own client runs unpatched against it.

    It speaks the protocol: a form-encoded POST to /recaptcha/api/siteverify
    with secret, response and remoteip, answered with a JSON object. A test
    says what to answer (`answer`, or `status` and a raw `body`) and how long
    to wait first (`delay`); `requests` holds the forms it was sent.
    """

    def __init__(self, domain):
        self.domain = domain
        self.reset()

    def reset(self):
        self.answer = {"success": True, "hostname": "127.0.0.1"}
        self.status = 200
        self.body = None
        self.delay = 0
        self.requests = []

    def fails_with(self, *codes):
        self.answer = {"success": False, "error-codes": list(codes)}

    def scores(self, score, action="comment"):
        self.answer = {"success": True, "score": score, "action": action}


class _SiteverifyHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        double = self.server.double
        length = int(self.headers.get("Content-Length") or 0)
        form = {
            k: v[0]
            for k, v in parse_qs(
                self.rfile.read(length).decode(), keep_blank_values=True
            ).items()
        }
        double.requests.append(form | {"path": self.path})
        time.sleep(double.delay)
        body = double.body
        if body is None:
            body = json.dumps(double.answer).encode()
        self.send_response(double.status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def _siteverify_server(tmp_path_factory):
    cert, key = self_signed_certificate(tmp_path_factory.mktemp("siteverify"))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _SiteverifyHandler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    # A client that gave up on a slow answer leaves a broken pipe: expected.
    server.handle_error = lambda request, client_address: None
    server.double = SiteverifyDouble(f"127.0.0.1:{server.server_address[1]}")
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, str(cert)
    server.shutdown()
    server.server_close()


@pytest.fixture
def siteverify(_siteverify_server, settings, monkeypatch):
    """A local SiteverifyDouble that django-recaptcha's client is pointed at
    (RECAPTCHA_DOMAIN) and trusts (SSL_CERT_FILE names its certificate)."""
    server, cert_file = _siteverify_server
    double = server.double
    double.reset()
    settings.RECAPTCHA_DOMAIN = double.domain
    monkeypatch.setenv("SSL_CERT_FILE", cert_file)
    # Imported before _no_recaptcha_network patched it: the real call.
    with mock.patch("django_recaptcha.client.recaptcha_request", recaptcha_request):
        yield double
