"""gunicorn serving the production configuration on PostgreSQL and Redis, as
`make serve` runs it, and two app servers that share only those and the media
folder serving one site."""

import json
import re
import time
from urllib.parse import urlsplit

from bench.siteverify import PASSING_TOKEN

from .conftest import EDITOR_PASSWORD
from .visitor import Visitor

STYLESHEET = re.compile(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"')


class GunicornTests:
    def test_home_page_is_served(self, server):
        home = Visitor(server).get("/")
        assert home.status == 200
        assert '<header class="masthead">' in home.text

    def test_plain_http_is_sent_to_https(self, server):
        answer = Visitor(server, https=False).get("/")
        assert answer.status == 301
        assert answer.headers["Location"] == f"https://{urlsplit(server).netloc}/"

    def test_https_pages_carry_hsts_and_the_enforced_policy(self, server):
        home = Visitor(server).get("/")
        assert "max-age=31536000" in home.headers["Strict-Transport-Security"]
        assert "script-src 'self'" in home.headers["Content-Security-Policy"]

    def test_static_files_are_fingerprinted_compressed_and_kept_for_good(self, server):
        visitor = Visitor(server)
        stylesheet = STYLESHEET.search(visitor.get("/").text).group(1)
        answer = visitor.get(stylesheet, **{"Accept-Encoding": "gzip, br"})
        assert answer.status == 200
        assert answer.headers["Content-Encoding"] in {"gzip", "br"}
        assert "immutable" in answer.headers["Cache-Control"]
        assert "max-age=315360000" in answer.headers["Cache-Control"]

    def test_each_request_is_one_json_line_on_stdout(self, deployment, server):
        Visitor(server).get("/privacy/?logged=yes")
        # gunicorn writes the line once the answer has gone out.
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            log = (deployment.folder / "server-a.log").read_text().splitlines()
            entries = [json.loads(line) for line in log]
            access = [e for e in entries if "/privacy/?logged=yes" in e["message"]]
            if access:
                break
            time.sleep(0.1)
        assert len(access) == 1
        assert access[0]["logger"] == "gunicorn.access"
        assert '"GET /privacy/?logged=yes HTTP/1.1" 200' in access[0]["message"]


def sign_in(base_url) -> Visitor:
    editor = Visitor(base_url, address="198.51.100.20")
    form = editor.get("/admin/login/")
    answer = editor.post(
        "/admin/login/",
        {
            "username": "editor",
            "password": EDITOR_PASSWORD,
            "csrfmiddlewaretoken": form.csrf_token(),
            "next": "/admin/",
        },
    )
    assert answer.status == 302, answer.text
    return editor


def post_comment(base_url, article_url, body) -> int:
    reader = Visitor(base_url, address="203.0.113.50")
    assert reader.get(article_url).status == 200
    # An anonymous reader's form carries no CSRF token: the page is cached.
    answer = reader.post(
        f"/comments/post/{article_url.strip('/').split('/')[-1]}/",
        {
            "body": body,
            "name": "Ines",
            "email": "ines@example.org",
            "g-recaptcha-response": PASSING_TOKEN,
        },
    )
    assert answer.status == 302, answer.text
    # The reader is sent to their comment's anchor, which ends in its id.
    return int(re.search(r"#\D*(\d+)$", answer.headers["Location"]).group(1))


def approve(editor: Visitor, comment_id: int):
    queue = editor.get("/admin/comments/comment/")
    answer = editor.post(
        "/admin/comments/comment/",
        {
            "action": "approve",
            "_selected_action": comment_id,
            "index": 0,
            "csrfmiddlewaretoken": queue.csrf_token(),
        },
    )
    assert answer.status == 302, answer.text


class StatelessServerTests:
    def test_comment_posted_on_one_approved_on_the_other_is_public_on_both(
        self, deployment, server, second_server
    ):
        article_url = deployment.shell(
            "from tests.factories import make_article; "
            "print(make_article().get_absolute_url())"
        )
        body = "The ferry timetable changes on Monday, not Sunday."
        # Both servers have the page in the shared cache before the change.
        for url in (server, second_server):
            assert body not in Visitor(url).get(article_url).text

        comment_id = post_comment(server, article_url, body)
        assert deployment.captcha_answers == [True]
        assert body not in Visitor(second_server).get(article_url).text

        approve(sign_in(second_server), comment_id)
        for url in (server, second_server):
            page = Visitor(url).get(article_url)
            assert page.status == 200
            assert body in page.text
