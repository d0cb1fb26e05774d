"""A visitor to a running server, as seen through one HTTPS proxy.

The proxy ends TLS and passes X-Forwarded-Proto and X-Forwarded-For, so the
site's cookies are Secure; the visitor keeps and returns them all, as a
browser talking to the proxy over HTTPS would.
"""

import http.client
import re
from dataclasses import dataclass
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def csrf_token(self) -> str:
        return CSRF_FIELD.search(self.text).group(1)


class Visitor:
    def __init__(self, base_url: str, *, address: str = "203.0.113.9", https=True):
        self.base_url = base_url
        self.netloc = urlsplit(base_url).netloc
        self.cookies: dict[str, str] = {}
        self.proxy_headers = {"X-Forwarded-For": address}
        if https:
            self.proxy_headers["X-Forwarded-Proto"] = "https"

    def get(self, path: str, **headers) -> Answer:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict, **headers) -> Answer:
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            # What a browser sends with a form; Django checks it over HTTPS.
            "Origin": f"https://{self.netloc}",
            **headers,
        }
        return self.request("POST", path, body=urlencode(data), headers=headers)

    def request(self, method, path, *, body=None, headers=None) -> Answer:
        headers = self.proxy_headers | (headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.netloc, timeout=20)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            answer = Answer(response.status, response.headers, response.read())
        finally:
            connection.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return answer
