"""Nothing lost under load: readers post comments from several threads while
wrk loads the pages, then every accepted comment is looked for in the database.

Each reader does what a browser does: opens the article, posts the form,
follows the redirect and looks for its comment on the page. Every tenth post
carries a token the siteverify double refuses, so refusals are exercised too:
those must come back as the form with its message, and must not be stored.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.client import HTTPException
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import (
    HTTPCookieProcessor,
    HTTPRedirectHandler,
    Request,
    build_opener,
)

from comments.models import Comment

from .siteverify import PASSING_TOKEN

DOMAIN = "load.bench.example.net"
COMMENT_FORM = 'class="comment-form"'
CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REFUSED_MESSAGE = "did not pass"
ERROR_LIST = re.compile(r'class="errorlist[^"]*"[^>]*>\s*<li>([^<]{0,200})')
TIMEOUT = 60


@dataclass
class Outcome:
    accepted: dict = field(default_factory=dict)  # comment id -> body
    shown: int = 0
    refused_as_meant: list = field(default_factory=list)
    refused_otherwise: list = field(default_factory=list)
    reasons: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    def merge(self, other):
        self.accepted |= other.accepted
        self.shown += other.shown
        self.refused_as_meant += other.refused_as_meant
        self.refused_otherwise += other.refused_otherwise
        self.reasons += other.reasons
        self.errors += other.errors


def forget_posted():
    """Remove what earlier runs posted, so the seeded scale stays as it was."""
    Comment.objects.filter(email__endswith=f"@{DOMAIN}").delete()


def post_comments(base_url, article_slug, *, readers, posts, run) -> Outcome:
    def one_reader(number):
        return _Reader(base_url, article_slug, f"{run}-{number}").post(posts)

    outcome = Outcome()
    with ThreadPoolExecutor(readers) as pool:
        for result in pool.map(one_reader, range(readers)):
            outcome.merge(result)
    return outcome


def check(outcome: Outcome, run) -> dict:
    """What the database holds of this run, against what the readers saw."""
    stored = dict(
        Comment.objects.filter(
            email__endswith=f"@{DOMAIN}", body__startswith=f"Load test {run}-"
        ).values_list("pk", "body")
    )
    missing = [pk for pk, body in outcome.accepted.items() if stored.get(pk) != body]
    refused = set(outcome.refused_as_meant + outcome.refused_otherwise)
    return {
        "stored": len(stored),
        "missing": len(missing),
        "refused_but_stored": sum(1 for body in stored.values() if body in refused),
    }


def _reason(status, answer):
    """What a refusal said: its status and the form's first error message."""
    message = ERROR_LIST.search(answer)
    return f"status {status}" + (f": {message.group(1)}" if message else "")


class _NoRedirects(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class _Reader:
    def __init__(self, base_url, slug, name):
        self.base_url, self.name = base_url, name
        self.article = f"/articles/{slug}/"
        self.form = f"/comments/post/{slug}/"
        self.opener = build_opener(HTTPCookieProcessor(CookieJar()), _NoRedirects)
        self.outcome = Outcome()

    def post(self, posts):
        for number in range(posts):
            body = f"Load test {self.name}-{number}: the flood wall repairs look sound."
            passes = number % 10 != 9
            try:
                self._post_one(body, passes)
            except (OSError, HTTPException) as error:
                self.outcome.errors.append(f"{body[:30]}: {error!r}")
        return self.outcome

    def _post_one(self, body, passes):
        page = self._get(self.article)
        if COMMENT_FORM not in page:
            self.outcome.errors.append(f"{self.article}: no comment form")
            return
        # Only a signed-in reader's form carries a CSRF token.
        token = CSRF_FIELD.search(page)
        status, location, answer = self._submit(token and token.group(1), body, passes)
        if status == 302 and passes:
            self.outcome.accepted[int(location.rpartition("-")[2])] = body
            self.outcome.shown += body in self._get(location.partition("#")[0])
        elif status == 200 and not passes and REFUSED_MESSAGE in answer:
            self.outcome.refused_as_meant.append(body)
        elif status < 500:
            self.outcome.refused_otherwise.append(body)
            self.outcome.reasons.append(_reason(status, answer))
        else:
            self.outcome.errors.append(f"{body[:30]}: status {status}")

    def _get(self, path):
        with self.opener.open(self.base_url + path, timeout=TIMEOUT) as response:
            return response.read().decode()

    def _submit(self, csrf_token, body, passes):
        fields = {
            "body": body,
            "name": f"Load reader {self.name}",
            "email": f"reader-{self.name}@{DOMAIN}",
            "g-recaptcha-response": PASSING_TOKEN if passes else "bench-token-fails",
            "parent": "",
        }
        if csrf_token:
            fields["csrfmiddlewaretoken"] = csrf_token
        data = urlencode(fields).encode()
        headers = {"Referer": self.base_url + self.article}
        request = Request(self.base_url + self.form, data, headers, method="POST")
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, "", response.read().decode()
        except HTTPError as error:
            return error.code, error.headers.get("Location", ""), ""


def summary_lines(config, lost) -> list[str]:
    outcome, found, pages = lost["outcome"], lost["found"], lost["pages"]
    return [
        f"  {config.readers} readers x {config.posts} posts to the uncached "
        "instance while wrk loaded the article, home, section and tag pages",
        f"  accepted (302): {len(outcome.accepted)}; in the database: "
        f"{found['stored']}; missing: {found['missing']}",
        f"  shown to their writer after the redirect: {outcome.shown}",
        f"  refused by the spam check, as meant: {len(outcome.refused_as_meant)}; "
        f"stored anyway: {found['refused_but_stored']}",
        f"  refused otherwise: {len(outcome.refused_otherwise)}; "
        f"request errors: {len(outcome.errors)}",
        *(f"    {reason}" for reason in sorted(set(outcome.reasons))[:10]),
        *(f"    {error}" for error in outcome.errors[:10]),
        f"  pages meanwhile: {pages.requests_per_second:,.0f} req/s, "
        f"p99 {pages.p99_ms:,.1f} ms, non-2xx {pages.non_2xx}, errors {pages.errors}",
        "  " + ("SOMETHING WAS LOST OR FAILED" if lost["failed"] else "nothing lost"),
    ]
