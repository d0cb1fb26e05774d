"""A stand-in for Google's reCAPTCHA siteverify, over HTTPS on 127.0.0.1.

The servers reach it through django-recaptcha's own client, unchanged: only
RECAPTCHA_DOMAIN points here, and SSL_CERT_FILE makes them trust the
self-signed certificate made for this run. It answers as Google does: success
for PASSING_TOKEN under the given secret, `invalid-input-response` for anything
else. The benchmark and the production tests both use it.
"""

import json
import ssl
import subprocess
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

PASSING_TOKEN = "bench-token-passes"
PATH = "/recaptcha/api/siteverify"


@dataclass
class Double:
    domain: str
    cert_file: str
    # What it answered, in order: True for a pass.
    answers: list = field(default_factory=list)


@contextmanager
def siteverify_double(workdir, secret):
    """Serve siteverify in a thread while the block runs; yields a Double."""
    cert, key = self_signed_certificate(workdir)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.daemon_threads = True
    double = Double(f"127.0.0.1:{server.server_address[1]}", str(cert))
    server.double, server.secret, server.lock = double, secret, threading.Lock()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield double
    finally:
        server.shutdown()
        server.server_close()


def self_signed_certificate(workdir):
    cert, key = workdir / "siteverify.pem", workdir / "siteverify.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            key,
            "-out",
            cert,
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],  # fmt: skip
        check=True,
        capture_output=True,
    )
    return cert, key


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode())
        secret = form.get("secret", [""])[0]
        token = form.get("response", [""])[0]
        passed = (
            self.path == PATH
            and secret == self.server.secret
            and token == PASSING_TOKEN
        )
        with self.server.lock:
            self.server.double.answers.append(passed)
        answer = {"success": passed}
        if passed:
            answer |= {
                "challenge_ts": datetime.now(UTC).isoformat(),
                "hostname": "127.0.0.1",
            }
        else:
            answer["error-codes"] = ["invalid-input-response"]
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass
